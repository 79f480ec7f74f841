# Sourced by the benchmark scripts: builds the release binary and starts it on a fresh embedded
# database with the demo, on 127.0.0.1:$port; sets $base, $dir and $pid, and stops the server
# and removes the folder on exit (also when the script is killed).
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo build --release -q -p antt
bin="$PWD/target/release/antt"
dir="$(mktemp -d)"
base="http://127.0.0.1:$port"
# `exec`, so $pid is the server itself and the trap stops it, not only a subshell.
(cd "$dir" && ANTT_LOG=warn exec "$bin" serve --listen "127.0.0.1:$port" >/dev/null 2>&1) &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done

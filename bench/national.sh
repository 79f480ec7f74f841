#!/usr/bin/env bash
# The product at the country's size over HTTP: makes the national data (`antt demo --scale
# national`) on SQLite (and on PostgreSQL when ANTT_TEST_PG_URL is set), serves it with the bare
# handler of crates/web/examples/bare_pages.rs beside the real routes, and measures with wrk the
# teams page and the overview of one commune against the bare handler answering the same rows'
# SQL with a body of the same size. Prints the load time, the database size and the server's
# peak RSS. Usage: bash bench/national.sh   (needs wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p antt -p antt-web --example bare_pages
bin="$PWD/target/release/antt"
bare_bin="$PWD/target/release/examples/bare_pages"
port="${PORT:-18095}"
base="http://127.0.0.1:$port"
commune="${COMMUNE:-30050}"
province="${PROVINCE:-79}"
dir="$(mktemp -d)"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT

measure() { # $1 name, $2 database url
  local name="$1" url="$2" start end cookie
  start=$(date +%s.%N)
  (cd "$dir" && ANTT_DATABASE_URL="$url" ANTT_LOG=warn /usr/bin/time -f "%M" -o "$dir/gen.rss" \
    "$bin" demo --scale national >/dev/null 2>"$dir/gen.log")
  end=$(date +%s.%N)
  printf '[%s] load: %.1f s, generator peak RSS %d MiB\n' "$name" "$(echo "$end - $start" | bc)" "$(( $(cat "$dir/gen.rss") / 1024 ))"
  ANTT_LOG=warn "$bare_bin" "$url" "127.0.0.1:$port" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done
  cookie=$(curl -s -D - -o /dev/null -H 'content-type: application/json' \
    -d '{"username":"admin","password":"antt-demo-2026"}' "$base/api/v1/session" |
    awk -F'[=;]' 'tolower($0) ~ /^set-cookie: antt_session=/ {print $2}')
  run() {
    wrk -t2 -c8 -d"${DURATION:-10}s" -H "Cookie: antt_session=$cookie" "$base$1" | awk '/Requests\/sec/ {print $2}'
  }
  for path in "/teams?commune=$commune" "/api/v1/communes/$commune/overview"; do
    local size rps bare
    size=$(curl -s -o /dev/null -w '%{size_download}' -H "Cookie: antt_session=$cookie" "$base$path")
    rps=$(run "$path")
    bare=$(run "/bare/commune?commune=$commune&size=$size")
    printf '[%s] %-36s %8s req/s; bare %8s req/s (%s bytes); ratio %.3f\n' "$name" "$path" "$rps" "$bare" "$size" \
      "$(awk -v a="$rps" -v b="$bare" 'BEGIN {print a / b}')"
  done
  # A province at a glance (one row per commune) and every member of it as a workbook: timed
  # once each, as a provincial officer opens them (not a throughput figure).
  for path in "/api/v1/units/$province/force-summary" "/api/v1/teams/export?commune=$province"; do
    curl -s -o "$dir/out" -w "[$name] %{time_total} s, %{size_download} bytes: $path\n" \
      -H "Cookie: antt_session=$cookie" "$base$path"
  done
  printf '[%s] server peak RSS: %d MiB\n' "$name" "$(( $(awk '/VmHWM/ {print $2}' "/proc/$pid/status") / 1024 ))"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
}

measure sqlite "sqlite://$dir/antt.db?mode=rwc"
printf '[sqlite] database size: %s\n' "$(du -sh "$dir/antt.db" | cut -f1)"
if [ -n "${ANTT_TEST_PG_URL:-}" ]; then
  db="antt_bench_$(date +%s)"
  psql "$ANTT_TEST_PG_URL" -qc "CREATE DATABASE $db" >/dev/null
  pg="${ANTT_TEST_PG_URL%/*}/$db"
  measure postgres "$pg"
  printf '[postgres] database size: %s\n' "$(psql "$pg" -tAc "SELECT pg_size_pretty(pg_database_size('$db'))")"
  psql "$ANTT_TEST_PG_URL" -qc "DROP DATABASE $db" >/dev/null
fi

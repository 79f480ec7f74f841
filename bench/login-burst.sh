#!/usr/bin/env bash
# /healthz while 60 logins arrive at once (issue 8, point 7): argon2 must not take the async
# workers. Starts the release build on a fresh embedded database with the demo, measures
# /healthz alone (the bare figure of this run), then again during three bursts of 60 parallel
# logins with unknown user names, each from its own loopback address, and prints both and their
# ratio.
# Usage: bash bench/login-burst.sh   (builds `cargo build --release` first if needed)
set -euo pipefail
port="${PORT:-18089}"
source "$(dirname "$0")/serve.sh"

# Times of `n` /healthz requests, one after another, in milliseconds, sorted.
probe() {
  local n=$1
  for _ in $(seq 1 "$n"); do
    curl -s -o /dev/null -w '%{time_total}\n' "$base/healthz"
  done | awk '{printf "%.1f\n", $1 * 1000}' | sort -n
}
pct() { awk -v p="$2" '{a[NR]=$1} END {i=int(NR*p/100); if (i<1) i=1; print a[i]}' "$1"; }

probe 200 > "$dir/idle"
# Each login from an address of its own in 127.0.0.0/8, so the address throttle does not stop
# them before the hash: every one of the 60 reaches argon2.
burst() {
  seq 2 61 | xargs -P 60 -I{} curl -s -o /dev/null --interface 127.0.0.{} \
    -H 'content-type: application/json' \
    -d "{\"username\":\"khong.co.ai.$1.{}\",\"password\":\"sai-mat-khau\"}" \
    "$base/api/v1/session"
}
started=$(date +%s.%N)
( for round in 1 2 3; do burst "$round"; done; date +%s.%N > "$dir/ended" ) &
bpid=$!
# /healthz, one request after another, for as long as the logins go on.
while kill -0 "$bpid" 2>/dev/null; do
  curl -s -o /dev/null -w '%{time_total}\n' "$base/healthz"
done | awk '{printf "%.1f\n", $1 * 1000}' | sort -n > "$dir/burst"
wait "$bpid"
awk -v a="$started" -v b="$(cat "$dir/ended")" 'BEGIN {printf "180 logins (3 x 60 at once) took %.2f s\n", b - a}'
printf '/healthz requests during them: %s\n' "$(wc -l < "$dir/burst")"

printf 'healthz idle:        p50 %s ms, p95 %s ms, max %s ms\n' "$(pct "$dir/idle" 50)" "$(pct "$dir/idle" 95)" "$(tail -1 "$dir/idle")"
printf 'healthz under burst: p50 %s ms, p95 %s ms, max %s ms\n' "$(pct "$dir/burst" 50)" "$(pct "$dir/burst" 95)" "$(tail -1 "$dir/burst")"
awk -v a="$(pct "$dir/idle" 50)" -v b="$(pct "$dir/burst" 50)" 'BEGIN {printf "ratio of p50 (burst / idle): %.2f\n", b / a}'

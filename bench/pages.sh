#!/usr/bin/env bash
# Requests per second of a commune officer's heaviest pages, against /healthz (the bare engine:
# routing, middleware, no database) in the same run. Starts the release build on a fresh
# embedded database with the demo and logs in as Ia Tơi's police officer.
# Usage: bash bench/pages.sh   (needs wrk: apt-get install wrk)
set -euo pipefail
port="${PORT:-18091}"
source "$(dirname "$0")/serve.sh"
cookie=$(curl -s -D - -o /dev/null -H 'content-type: application/json' \
  -d '{"username":"ca.iatoi","password":"antt-demo-2026"}' "$base/api/v1/session" |
  awk -F'[=;]' 'tolower($0) ~ /^set-cookie: antt_session=/ {print $2}')
run() {
  local rps
  rps=$(wrk -t2 -c8 -d"${DURATION:-10}s" -H "Cookie: antt_session=$cookie" -H 'Accept-Encoding: gzip' "$base$1" |
    awk '/Requests\/sec/ {print $2}')
  echo "$rps"
}
bare=$(run /healthz)
printf '%-40s %10s req/s\n' "/healthz (bare)" "$bare"
for path in "/teams?commune=23538" "/api/v1/communes/23538/overview" "/api/v1/teams?commune=23538"; do
  rps=$(run "$path")
  printf '%-40s %10s req/s  (%.4f of bare)\n' "$path" "$rps" "$(awk -v a="$rps" -v b="$bare" 'BEGIN {print a / b}')"
done

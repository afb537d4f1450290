#!/usr/bin/env bash
# Load test of `quarry serve` with wrk: the seed article POSTed to /v1/annotate (news
# pipeline) at 1, 8 and 64 connections, then a soak at 64 connections that samples the
# server's resident memory. Prints requests/s, p50/p99 latency, errors and memory.
#
#   Benchmarks/serve/load.sh                 # 20 s per level, 600 s soak
#   SECONDS_PER_LEVEL=10 SOAK=60 Benchmarks/serve/load.sh
#   QUARRY=.build/release/quarry PORT=18080 Benchmarks/serve/load.sh
#
# Needs wrk (Debian: apt-get install -y wrk) and a release build
# (swift build -c release --product quarry). The machine's cores are shared by wrk and the
# server: with 2 cores, wrk's one thread takes part of one.
set -euo pipefail
cd "$(dirname "$0")/../.."

QUARRY=${QUARRY:-.build/release/quarry}
PORT=${PORT:-18080}
RULES=${RULES:-Rules/news.quarry}
BODY=${BODY:-../shared/data/seed/blinken-seoul.txt}
SECONDS_PER_LEVEL=${SECONDS_PER_LEVEL:-20}
SOAK=${SOAK:-600}

if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then sed -n 2,14p "$0"; exit 0; fi
command -v wrk >/dev/null || { echo "error: wrk not found (apt-get install -y wrk)" >&2; exit 2; }
[ -x "$QUARRY" ] || { echo "error: $QUARRY not found (swift build -c release --product quarry)" >&2; exit 2; }
[ -f "$BODY" ] || { echo "skipped: $BODY is not present" >&2; exit 0; }

"$QUARRY" serve "$RULES" --port "$PORT" 2>/tmp/quarry-serve-load.log &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null || { echo "error: the server did not start:" >&2; cat /tmp/quarry-serve-load.log >&2; exit 1; }

rss() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$SERVER/status"; }
echo "quarry serve $RULES on port $PORT; body $(wc -c < "$BODY") bytes ($BODY); $(nproc) cores"
echo "resident after start: $(rss) MB"
# One request checked by hand: 200 and quotes in the answer.
curl -sf -H 'Content-Type: text/plain' --data-binary @"$BODY" "http://127.0.0.1:$PORT/v1/annotate" | grep -q '"quotes"' \
  || { echo "error: /v1/annotate did not answer with quotes" >&2; exit 1; }

export QUARRY_LOAD_BODY="$BODY"
printf "%-12s %10s %9s %9s %9s %8s\n" connections "req/s" "p50 ms" "p99 ms" errors "RSS MB"
for c in 1 8 64; do
  out=$(wrk -t1 -c"$c" -d"${SECONDS_PER_LEVEL}s" --latency -s Benchmarks/serve/annotate.lua "http://127.0.0.1:$PORT" 2>&1)
  reqs=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  errors=$(echo "$out" | awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}')
  ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.2f", v / 1000; else if (v ~ /ms$/) printf "%.2f", v + 0; else if (v ~ /s$/) printf "%.0f", v * 1000; else print v }'; }
  printf "%-12s %10s %9s %9s %9s %8s\n" "$c" "$reqs" "$(ms "$p50")" "$(ms "$p99")" "$errors" "$(rss)"
done

if [ "$SOAK" -gt 0 ]; then
  echo "soak: 64 connections for $SOAK s, resident memory every $(( SOAK / 10 )) s:"
  wrk -t1 -c64 -d"${SOAK}s" --latency -s Benchmarks/serve/annotate.lua "http://127.0.0.1:$PORT" > /tmp/quarry-serve-soak.txt 2>&1 &
  WRK=$!
  samples=""
  for _ in $(seq 1 10); do sleep $(( SOAK / 10 )); samples="$samples $(rss)"; done
  wait $WRK
  echo "  RSS MB:$samples"
  awk '/Requests\/sec|Non-2xx|Socket errors|^ +50%|^ +99%/' /tmp/quarry-serve-soak.txt | sed 's/^/  /'
fi

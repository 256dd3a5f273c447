#!/usr/bin/env bash
# serve's throughput and added latency (not part of ctest; README "Performance"):
#  1. requests per second with 100 keep-alive connections against an endpoint that answers at
#     once (wrk, one thread: the other core is the server's);
#  2. the latency a constant 10 ms endpoint shows at 1,000 requests/s (hey: 20 connections at
#     50 requests/s each), p50 and p99, minus the 10 ms the model adds: the overhead, of which
#     the client and the loopback take what the zero-latency endpoint shows at the same rate.
#   tests/bench/bench_serve.sh [BINARY] [SECONDS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
binary="${1:-$here/../../build/release/resilience-lab}"
seconds="${2:-10}"
command -v wrk >/dev/null && command -v hey >/dev/null || {
  echo "bench_serve: needs wrk and hey (apt-get install wrk hey)" >&2; exit 2; }

serve() { # SCENARIO → sets pid and port
  local log; log="$(mktemp)"
  "$binary" serve "$1" --listen 127.0.0.1:0 >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do
    port="$(grep -o '127.0.0.1:[0-9]*' "$log" | head -1 | cut -d: -f2 || true)"
    [ -n "$port" ] && break
    sleep 0.05
  done
  [ -n "$port" ] || { cat "$log" >&2; exit 1; }
}

serve "$here/serve-zero.json"
echo "== throughput: 100 keep-alive connections, zero-latency endpoint, ${seconds} s"
wrk -t1 -c100 -d"${seconds}s" --latency "http://127.0.0.1:$port/api/" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx|Socket errors" || true
kill -TERM "$pid"; wait "$pid" || true

latency() { # SCENARIO LABEL → prints p50 and p99 in ms at 1,000 requests/s
  serve "$1"
  local out; out="$(hey -z "${seconds}s" -c 20 -q 50 "http://127.0.0.1:$port/api/")"
  kill -TERM "$pid"; wait "$pid" || true
  local rate p50 p99
  rate="$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
  p50="$(echo "$out" | awk '/50% in/ {print $3 * 1000}')"
  p99="$(echo "$out" | awk '/99% in/ {print $3 * 1000}')"
  echo "$2: $rate requests/s, p50 $p50 ms, p99 $p99 ms" >&2
  echo "$p50 $p99"
}
echo "== latency at 1,000 requests/s (hey, 20 connections × 50/s), ${seconds} s each"
read -r z50 z99 < <(latency "$here/serve-zero.json" "zero-latency endpoint")
read -r t50 t99 < <(latency "$here/serve-10ms.json" "10 ms endpoint")
awk -v a="$t50" -v b="$t99" -v c="$z50" -v d="$z99" 'BEGIN {
  printf "over the 10 ms model: p50 +%.2f ms, p99 +%.2f ms\n", a - 10, b - 10
  printf "of which client and loopback (the zero-latency endpoint): p50 %.2f ms, p99 %.2f ms\n", c, d
  printf "serve'"'"'s timers and model: p50 +%.2f ms, p99 +%.2f ms\n", a - 10 - c, b - 10 - d }'

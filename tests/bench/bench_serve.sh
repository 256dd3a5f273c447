#!/usr/bin/env bash
# serve's throughput and added latency (not part of ctest; README "Performance"):
#  1. requests per second with 100 keep-alive connections against an endpoint that answers at
#     once (wrk, one thread: the other core is the server's);
#  2. the latency a constant 10 ms endpoint shows at 1,000 requests/s (hey: 10 connections at
#     100 requests/s each), p50 and p99, minus the 10 ms the model adds = serve's overhead.
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

serve "$here/serve-10ms.json"
echo "== added latency: a 10 ms endpoint at 1,000 requests/s, ${seconds} s"
out="$(hey -z "${seconds}s" -c 10 -q 100 "http://127.0.0.1:$port/api/")"
echo "$out" | grep -E "Requests/sec|50% in|99% in|\[200\]" || true
p50="$(echo "$out" | awk '/50% in/ {print $3}')"
p99="$(echo "$out" | awk '/99% in/ {print $3}')"
awk -v a="$p50" -v b="$p99" 'BEGIN { printf "overhead over the 10 ms model: p50 %.2f ms, p99 %.2f ms\n", a*1000-10, b*1000-10 }'
kill -TERM "$pid"; wait "$pid" || true

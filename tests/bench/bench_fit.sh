#!/usr/bin/env bash
# Fitting a 1,000,000-call trace (see README "Performance"): records tests/bench/fit-1m.json as a
# trace, then times `fit` on it with and without the model check and reports the peak memory.
# Usage: tests/bench/bench_fit.sh build/release/resilience-lab
set -euo pipefail
binary=${1:?usage: bench_fit.sh RESILIENCE_LAB_BINARY}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$binary" run "$here/fit-1m.json" --record "$work/fit-1m.jsonl" > /dev/null
echo "trace: $(($(wc -l < "$work/fit-1m.jsonl") - 1)) calls, $(du -h "$work/fit-1m.jsonl" | cut -f1)"
for mode in --no-check ""; do
  best=""
  for _ in 1 2 3; do
    line=$( { /usr/bin/time -f "%e %M" "$binary" fit "$work/fit-1m.jsonl" --out "$work/fitted.json" \
              $mode > /dev/null; } 2>&1 | tail -1)
    best=$(printf '%s\n%s\n' "$best" "$line" | sed '/^$/d' | sort -n | head -1)
  done
  read -r seconds kb <<< "$best"
  echo "fit ${mode:-with the model check}: best of 3 ${seconds} s, peak RSS $((kb / 1024)) MB"
done

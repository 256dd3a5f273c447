#!/usr/bin/env python3
"""The urllib3 backoff kind against urllib3 itself (Debian's python3-urllib3): for each factor and
cap, `resilience-lab schedule` must print exactly what urllib3.util.Retry.get_backoff_time()
returns after n failed attempts (n = the retry's number), in milliseconds.

    check_urllib3_backoff.py BINARY"""
import json
import subprocess
import sys
import tempfile

from urllib3.util.retry import RequestHistory, Retry

CASES = [  # (backoff_factor in s, backoff max in s or None for urllib3's default, retries)
    (0.5, None, 12),
    (0.1, None, 15),
    (1.0, 10.0, 8),
    (0.0, None, 4),
    (0.3, 2.5, 6),
]


def urllib3_delays_ms(factor, cap, retries):
    class Capped(Retry):
        DEFAULT_BACKOFF_MAX = cap if cap is not None else Retry.DEFAULT_BACKOFF_MAX
    base = Capped(total=retries, backoff_factor=factor)
    out = []
    for n in range(1, retries + 1):
        history = tuple(RequestHistory("GET", "/", None, 503, None) for _ in range(n))
        out.append(base.new(history=history).get_backoff_time() * 1000.0)
    return out


def ours_ms(binary, factor, cap, retries):
    backoff = {"type": "urllib3", "factor_ms": factor * 1000.0}
    if cap is not None:
        backoff["max_ms"] = cap * 1000.0
    doc = {"format": "resilience-lab.scenario/1", "name": "urllib3 backoff", "seed": 1,
           "duration_s": 1, "workload": {"type": "open", "rate_per_s": 1}, "target": "api",
           "pipeline": [{"type": "retry", "max_attempts": retries + 1, "backoff": backoff}],
           "endpoints": {"api": {}}}
    with tempfile.NamedTemporaryFile("w", suffix=".json") as f:
        json.dump(doc, f)
        f.flush()
        out = subprocess.run([binary, "schedule", f.name], check=True, capture_output=True,
                             text=True).stdout
    return [float(line.split(",")[2]) for line in out.splitlines()[1:]]


failed = 0
for factor, cap, retries in CASES:
    theirs = urllib3_delays_ms(factor, cap, retries)
    ours = ours_ms(sys.argv[1], factor, cap, retries)
    if len(ours) != retries or any(abs(a - b) > 1e-6 for a, b in zip(ours, theirs)):
        print(f"factor {factor}, max {cap}: urllib3 {theirs}, resilience-lab {ours}")
        failed += 1
print(f"{len(CASES)} urllib3 backoff schedules compared, {failed} differ")
sys.exit(1 if failed else 0)

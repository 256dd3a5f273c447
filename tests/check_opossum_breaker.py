#!/usr/bin/env python3
"""The engine's fires-mode circuit breaker against opossum 9 itself (tests/node, pinned by
package-lock.json): the same random call sequences — arrivals, durations, outcomes, with
failure rates that change over time so the breaker opens and closes many times — given to
opossum on a virtual clock (tests/node/opossum_replay.js) and to the engine's breaker
(breaker_replay). Every admission, every rejection and every state change with its time in
nanoseconds must be equal. The same sequences under the engine's rate mode (resilience4j's
rule) must differ, which shows the comparison can tell the rules apart.

    check_opossum_breaker.py build/release/tests/breaker_replay
"""
import os
import random
import shutil
import subprocess
import sys
import unittest

REPLAY = None
HERE = os.path.dirname(os.path.abspath(__file__))
NODE_MODULES = os.path.join(HERE, "node", "node_modules")

# failure_rate, volumeThreshold, rollingCountTimeout ms, rollingCountBuckets, resetTimeout ms,
# mean gap between calls ms, share of long calls (longer than the reset timeout).
CONFIGS = {
    "opossum's defaults": (0.5, 0, 10000, 10, 30000, 100.0, 0.0),
    "30 %, volume 10, 2 s in 4 buckets": (0.3, 10, 2000, 4, 500, 10.0, 0.02),
    "70 %, volume 5, 1 s in 3 buckets (333 ms each)": (0.7, 5, 1000, 3, 250, 5.0, 0.05),
    "50 %, volume 20, long calls in flight": (0.5, 20, 5000, 5, 1000, 8.0, 0.2),
}
CALLS = 4000


def sequence(config, seed):
    rate, volume, window_ms, buckets, reset_ms, gap_ms, long_share = config
    rng = random.Random(seed)
    lines = [f"breaker fires {rate} {volume} {window_ms} {buckets} {reset_ms}"]
    t = 0
    for k in range(CALLS):
        t += max(1, int(rng.expovariate(1.0 / gap_ms) * 1e6))
        # Healthy and failing stretches of 400 calls: the breaker opens and closes in turn.
        p_fail = 0.85 if (k // 400) % 2 else 0.1
        if rng.random() < long_share:
            duration = int(rng.uniform(1.0, 3.0) * reset_ms * 1e6)
        else:
            duration = int(rng.uniform(0.5, 40.0) * 1e6)
        lines.append(f"call {t} {duration} {'fail' if rng.random() < p_fail else 'ok'}")
    return "\n".join(lines) + "\n"


def run(command, text, env=None):
    done = subprocess.run(command, input=text, capture_output=True, text=True, timeout=300,
                          env=env)
    if done.returncode != 0:
        raise AssertionError(f"{command[0]} exited {done.returncode}: {done.stderr}")
    return done.stdout.splitlines()


def opossum(text):
    node = shutil.which("node")
    if node is None or not os.path.isdir(os.path.join(NODE_MODULES, "opossum")):
        raise AssertionError("node and tests/node/node_modules are needed "
                             "(scripts/install-deps installs them)")
    return run([node, os.path.join(HERE, "node", "opossum_replay.js")], text,
               env=dict(os.environ, NODE_PATH=NODE_MODULES))


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"line {i + 1}: opossum '{x}', engine '{y}'"
    return f"opossum has {len(a)} lines, the engine {len(b)}"


class OpossumBreaker(unittest.TestCase):
    def test_every_decision_equals_opossums(self):
        for name, config in CONFIGS.items():
            for seed in (1, 2):
                with self.subTest(config=name, seed=seed):
                    text = sequence(config, seed)
                    theirs = opossum(text)
                    ours = run([REPLAY], text)
                    states = [line.split()[2] for line in theirs if line.startswith("state")]
                    # A sequence that never opened, half-opened and closed proves little.
                    self.assertGreaterEqual(states.count("open"), 2, name)
                    self.assertGreaterEqual(states.count("half_open"), 1, name)
                    self.assertGreaterEqual(states.count("closed"), 1, name)
                    self.assertTrue(any(line.endswith("rejected") for line in theirs), name)
                    if theirs != ours:
                        self.fail(first_difference(theirs, ours))

    def test_resilience4js_rule_decides_otherwise(self):
        differ = 0
        for config in CONFIGS.values():
            text = sequence(config, 1)
            if run([REPLAY], text.replace("breaker fires", "breaker rate", 1)) != opossum(text):
                differ += 1
        self.assertEqual(differ, len(CONFIGS))


if __name__ == "__main__":
    REPLAY = sys.argv.pop(1)
    unittest.main()

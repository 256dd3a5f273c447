#!/usr/bin/env python3
"""The engine's AWS adaptive rate limiter against botocore's own classes (Debian's
python3-botocore: botocore/retries/adaptive.py ClientRateLimiter and RateClocker,
throttling.py CubicCalculator, bucket.py TokenBucket), on the same sequences of sends and
responses on a fake clock. After every event, every number of the state — enabled, fill rate,
capacity, tokens available, measured rate, CUBIC's W_max, K and last failure time, and the sleep
a refused send must wait — must agree to 1e-9 (relative, or absolute near 0). A sequence run
through a limiter with another beta must differ, which shows the comparison can tell them apart.

    check_aws_adaptive.py build/release/tests/aws_adaptive_replay
"""
import math
import random
import subprocess
import sys
import unittest

from botocore.exceptions import CapacityNotAvailableError
from botocore.retries import adaptive, bucket, throttling

REPLAY = None
TOLERANCE = 1e-9

# name: (mean gap between events in ms, share of responses that are throttling, events)
SEQUENCES = {
    "steady 100/s, 5 % throttled": (10.0, 0.05, 6000),
    "bursts of throttling (1 s on, 2 s off)": (4.0, None, 8000),
    "slow trickle, 30 % throttled": (300.0, 0.3, 1500),
    "fast 1000/s, 1 % throttled": (1.0, 0.01, 10000),
}


class FakeClock:
    def __init__(self):
        self.t = 0.0

    def current_time(self):
        return self.t

    def sleep(self, amount):
        raise AssertionError("the replay never sleeps")


class Detector:
    """botocore's ThrottlingErrorDetector reads error codes; the replay says it directly."""

    def is_throttling_error(self, **kwargs):
        return kwargs["throttled"]


def sequence(config, seed):
    gap_ms, p_throttle, events = config
    rng = random.Random(seed)
    t = 0
    lines = []
    for i in range(events):
        t += max(1, int(rng.expovariate(1.0 / gap_ms) * 1e6))
        if rng.random() < 0.5:
            lines.append(f"send {t}")
        else:
            if p_throttle is None:  # throttled during the first second of every three
                throttled = (t // 1_000_000_000) % 3 == 0 and rng.random() < 0.5
            else:
                throttled = rng.random() < p_throttle
            lines.append(f"response {t} {'throttled' if throttled else 'ok'}")
    return lines


def botocore_replay(lines, beta=throttling.CubicCalculator._BETA):
    clock = FakeClock()
    limiter = adaptive.ClientRateLimiter(
        rate_adjustor=throttling.CubicCalculator(starting_max_rate=0, start_time=0.0, beta=beta),
        rate_clocker=adaptive.RateClocker(clock),
        token_bucket=bucket.TokenBucket(max_rate=1, clock=clock),
        throttling_detector=Detector(),
        clock=clock,
    )
    out = []
    for line in lines:
        parts = line.split()
        ns = int(parts[1])
        clock.t = ns / 1e9
        if parts[0] == "send":
            # on_sending_request, without blocking: a refused token is the sleep it would wait.
            head = f"send {ns} sent 0"
            if limiter._enabled:
                tb = limiter._token_bucket
                try:
                    tb.acquire(block=False)
                except CapacityNotAvailableError:
                    head = f"send {ns} wait {tb._sleep_amount(1)!r}"
        else:
            limiter.on_receiving_response(throttled=parts[2] == "throttled")
            head = f"response {ns} {parts[2]} 0"
        tb = limiter._token_bucket
        cubic = limiter._rate_adjustor
        state = [int(limiter._enabled), tb.max_rate, tb.max_capacity, tb.available_capacity,
                 limiter._rate_clocker.measured_rate, cubic._w_max, cubic._k, cubic._last_fail]
        out.append(head + " " + " ".join(repr(float(v)) for v in state))
    return out


def engine_replay(lines):
    done = subprocess.run([REPLAY], input="\n".join(lines) + "\n", capture_output=True,
                          text=True, timeout=120)
    if done.returncode != 0:
        raise AssertionError(f"aws_adaptive_replay exited {done.returncode}: {done.stderr}")
    return done.stdout.splitlines()


def close(a, b):
    return abs(a - b) <= TOLERANCE * max(1.0, abs(a), abs(b))


def first_difference(ours, theirs):
    if len(ours) != len(theirs):
        return f"{len(ours)} lines against botocore's {len(theirs)}"
    for i, (x, y) in enumerate(zip(ours, theirs)):
        xs, ys = x.split(), y.split()
        if xs[:3] != ys[:3] or len(xs) != len(ys):
            return f"event {i}: engine '{x}', botocore '{y}'"
        for a, b in zip(xs[3:], ys[3:]):
            if not close(float(a), float(b)):
                return f"event {i}: engine '{x}', botocore '{y}'"
    return None


class AwsAdaptive(unittest.TestCase):
    def test_sequences_equal_botocore(self):
        for name, config in SEQUENCES.items():
            for seed in (1, 2, 3):
                with self.subTest(sequence=name, seed=seed):
                    lines = sequence(config, seed)
                    ours = engine_replay(lines)
                    theirs = botocore_replay(lines)
                    self.assertIsNone(first_difference(ours, theirs))
                    # The sequence did exercise the limiter: it switched on and refused sends.
                    self.assertTrue(any(l.split()[2] == "wait" for l in theirs), name)

    def test_comparison_tells_another_beta_apart(self):
        lines = sequence(SEQUENCES["steady 100/s, 5 % throttled"], 1)
        self.assertIsNotNone(first_difference(engine_replay(lines), botocore_replay(lines, 0.5)))


if __name__ == "__main__":
    REPLAY = sys.argv.pop(1)
    unittest.main()

#!/usr/bin/env python3
"""The gRPC export given to a real gRPC channel (Debian's python3-grpcio, gRPC core) against a
small gRPC server on a free port of 127.0.0.1 that fails as told: the channel must make the
attempts the exported retryPolicy says and wait its backoff between them.

What gRPC core does, and this pins: a retryable status is retried up to maxAttempts calls in
all; a status not in retryableStatusCodes is not retried; the first retry waits initialBackoff
exactly, retry n ≥ 2 waits min(initialBackoff · multiplierⁿ⁻¹, maxBackoff) · U(0.8, 1.2)
(its BackOff class: ±20 % jitter from the second delay on; docs/semantics.md).

    check_grpc_export.py build/release/resilience-lab
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from concurrent import futures

import grpc

BINARY = None
CALLS = 20
# Timers and the loopback: what a delay may come late (generous for a loaded 2-core CI machine)
# and early: timer rounding, and a gap measured at the server is short by however late the
# earlier attempt arrived (seen: 2.05 ms on a loaded machine).
LATE_S = 0.030
EARLY_S = 0.004
MEAN_LATE_S = 0.005  # what a timer adds on average, at most
INITIAL_S, MULTIPLIER, MAX_S, ATTEMPTS = 0.05, 2.0, 0.3, 4


class FailingServer:
    """A gRPC server whose /api/Call fails with `codes` in turn for each call's attempts."""

    def __init__(self):
        self.arrivals = []
        self.script = []  # status codes for the next attempts; then OK
        self.lock = threading.Lock()
        server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
        outer = self

        class Handler(grpc.GenericRpcHandler):
            def service(self, details):
                if details.method != "/api/Call":
                    return None
                return grpc.unary_unary_rpc_method_handler(outer.answer)

        server.add_generic_rpc_handlers((Handler(),))
        self.port = server.add_insecure_port("127.0.0.1:0")
        server.start()
        self.server = server

    def answer(self, request, context):
        with self.lock:
            self.arrivals.append(time.monotonic())
            code = self.script.pop(0) if self.script else None
        if code is not None:
            context.abort(code, "failing as told")
        return b"ok"

    def stop(self):
        self.server.stop(grace=None)


def exported_config():
    doc = {
        "format": "resilience-lab.scenario/1", "name": "grpc export", "seed": 1,
        "duration_s": 10, "workload": {"type": "open", "rate_per_s": 1}, "target": "api",
        "pipeline": [{"type": "retry", "max_attempts": ATTEMPTS, "retry_on": ["error"],
                      "backoff": {"type": "exponential", "initial_ms": INITIAL_S * 1000,
                                  "multiplier": MULTIPLIER, "max_ms": MAX_S * 1000},
                      "jitter": {"type": "proportional", "factor": 0.2}}],
        "endpoints": {"api": {"failures": {"error": 0.5}}},
    }
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "s.json")
        with open(path, "w") as f:
            json.dump(doc, f)
        out = subprocess.run([BINARY, "export", path, "--to", "grpc"], check=True,
                             capture_output=True, text=True).stdout
    return json.loads(out)


class GrpcChannelRunsTheExport(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.config = exported_config()
        policy = cls.config["methodConfig"][0]["retryPolicy"]
        assert policy["maxAttempts"] == ATTEMPTS and policy["initialBackoff"] == "0.05s", policy
        cls.server = FailingServer()
        cls.channel = grpc.insecure_channel(
            f"127.0.0.1:{cls.server.port}",
            options=[("grpc.service_config", json.dumps(cls.config)), ("grpc.enable_retries", 1)])
        cls.call = cls.channel.unary_unary("/api/Call")

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()
        cls.server.stop()

    def run_call(self, script):
        with self.server.lock:
            self.server.arrivals.clear()
            self.server.script = list(script)
        try:
            self.call(b"x", timeout=10)
            code = grpc.StatusCode.OK
        except grpc.RpcError as e:
            code = e.code()
        with self.server.lock:
            return code, list(self.server.arrivals)

    def test_always_unavailable_takes_max_attempts_with_the_backoff(self):
        jittered, late = [], []
        for _ in range(CALLS):
            code, arrivals = self.run_call([grpc.StatusCode.UNAVAILABLE] * 10)
            self.assertEqual(code, grpc.StatusCode.UNAVAILABLE)
            self.assertEqual(len(arrivals), ATTEMPTS)
            for n, gap in enumerate((b - a for a, b in zip(arrivals, arrivals[1:])), start=1):
                base = min(INITIAL_S * MULTIPLIER ** (n - 1), MAX_S)
                low, high = (base, base) if n == 1 else (0.8 * base, 1.2 * base)
                self.assertGreaterEqual(gap, low - EARLY_S, f"retry {n}")
                # Late only now and then: a loaded CI machine stalls a process at times, so a
                # tenth of the gaps may be late by more than LATE_S, none by ten times it (a
                # wrong formula is late in most, and the mean below pins the jitter).
                late.append(gap - high)
                self.assertLess(gap, high + 10 * LATE_S, f"retry {n}")
                if n >= 2:
                    jittered.append(gap / base)
        over = [x for x in late if x >= LATE_S]
        self.assertLessEqual(len(over), len(late) // 10, f"late by {sorted(over)} s")
        # U(0.8, 1.2) has mean 1 and sd 0.4/√12; its sample mean within 4.5 standard errors,
        # plus what a timer adds on average (over the shortest jittered base, 0.1 s).
        se = 0.4 / 12 ** 0.5 / len(jittered) ** 0.5
        self.assertLess(abs(statistics.mean(jittered) - 1.0), 4.5 * se + MEAN_LATE_S / 0.1)
        self.assertGreater(statistics.pstdev(jittered), 0.05, "the delays are jittered")

    def test_succeeds_on_the_attempt_after_the_failures(self):
        for failures in range(ATTEMPTS):
            code, arrivals = self.run_call([grpc.StatusCode.UNAVAILABLE] * failures)
            self.assertEqual(code, grpc.StatusCode.OK)
            self.assertEqual(len(arrivals), failures + 1)

    def test_a_status_not_listed_is_not_retried(self):
        self.assertNotIn("INVALID_ARGUMENT",
                         self.config["methodConfig"][0]["retryPolicy"]["retryableStatusCodes"])
        code, arrivals = self.run_call([grpc.StatusCode.INVALID_ARGUMENT] * 10)
        self.assertEqual(code, grpc.StatusCode.INVALID_ARGUMENT)
        self.assertEqual(len(arrivals), 1)


if __name__ == "__main__":
    BINARY = sys.argv.pop(1)
    unittest.main(verbosity=2)

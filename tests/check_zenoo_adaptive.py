#!/usr/bin/env python3
"""The engine's adaptive backoff against zenoo_rpc's own AdaptiveStrategy
(src/zenoo_rpc/retry/strategies.py), on the same sequences of attempt outcomes: after every
outcome, the un-jittered delay for retries 1–6 must be equal. A strategy built with another
success threshold must differ somewhere, which shows the comparison can tell them apart.

zenoo_rpc is not packaged for Debian and PyPI is out of reach, so strategies.py (standard
library only) comes from a checkout: RESLAB_ZENOO_RPC_SRC (a directory holding src/zenoo_rpc, or
a git directory of the repository). Without one the engine is compared with what zenoo answered
when it was run here (tests/data/recorded/zenoo_adaptive.json, zenoo-rpc at 6e8b807); with one,
with zenoo itself, and the recording is checked to still say the same. `--record` rewrites it.

    check_zenoo_adaptive.py build/release/tests/adaptive_backoff_replay [--record]
"""
import glob
import importlib.util
import os
import random
import subprocess
import sys
import tempfile
import unittest

from recorded_library import Recording

REPLAY = None
RECORD = False
RECORDING = Recording("zenoo_adaptive", {"repository": "spineda1208/zenoo-rpc",
                                         "file": "src/zenoo_rpc/retry/strategies.py",
                                         "commit": "6e8b807"})
MODULE = "src/zenoo_rpc/retry/strategies.py"
STRATEGIES = None

# name: (base s, max s, success threshold, window, min samples, success probability, length)
SEQUENCES = {
    "zenoo defaults, 70 % successes": (1.0, 60.0, 0.8, 100, 10, 0.7, 400),
    "zenoo defaults, 97 % successes": (1.0, 60.0, 0.8, 100, 10, 0.97, 400),
    "zenoo defaults, 88 % successes": (1.0, 60.0, 0.8, 100, 10, 0.88, 400),
    "window 20, min 5, threshold 0.5": (0.5, 10.0, 0.5, 20, 5, 0.5, 300),
    "window 10, min 10, 2 s base, 30 s cap": (2.0, 30.0, 0.8, 10, 10, 0.8, 200),
    "threshold 0.96 (excellent unreachable)": (1.0, 60.0, 0.96, 50, 10, 0.99, 300),
}
RETRIES = range(1, 7)


def load_strategies():
    src = os.environ.get("RESLAB_ZENOO_RPC_SRC", "")
    candidates = [src] if src else glob.glob("/work/.mirror/spineda1208+zenoo-rpc/repo")
    for c in candidates:
        path = os.path.join(c, MODULE)
        if not os.path.isfile(path) and os.path.isfile(os.path.join(c, "HEAD")):
            text = subprocess.run(["git", "--git-dir", c, "show", "HEAD:" + MODULE],
                                  capture_output=True, check=True).stdout
            path = os.path.join(tempfile.mkdtemp(prefix="zenoo-"), "strategies.py")
            with open(path, "wb") as f:
                f.write(text)
        if os.path.isfile(path):
            spec = importlib.util.spec_from_file_location("zenoo_strategies", path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module
    return None


def outcomes(p, length, seed):
    rng = random.Random(seed)
    return [rng.random() < p for _ in range(length)]


def zenoo_delays(base, cap, threshold, window, min_samples, seq):
    """zenoo's delays: from the library when it is here, else from the recording."""
    key = "%r %r %r %d %d" % (base, cap, threshold, window, min_samples)
    inputs = [key] + [int(ok) for ok in seq]
    recorded = RECORDING.answers(key + " " + str(len(seq)), inputs)
    if STRATEGIES is None:
        if recorded is None:
            raise AssertionError("no recording of zenoo for %s (record with a checkout)" % key)
        return recorded
    live = library_delays(base, cap, threshold, window, min_samples, seq)
    if RECORD:
        RECORDING.put(key + " " + str(len(seq)), inputs, live)
    elif recorded is not None and recorded != live:
        raise AssertionError("the recording of %s no longer says what zenoo says" % key)
    return live


def library_delays(base, cap, threshold, window, min_samples, seq):
    s = STRATEGIES.AdaptiveStrategy(max_attempts=10, base_delay=base, max_delay=cap,
                                    jitter=False, success_threshold=threshold,
                                    adaptation_window=window, min_samples=min_samples)
    out = [s.get_delay(n) * 1000.0 for n in RETRIES]
    for ok in seq:
        s.record_attempt(ok)
        out += [s.get_delay(n) * 1000.0 for n in RETRIES]
    return out


def engine_delays(base, cap, threshold, window, min_samples, seq):
    lines = ["config %r %r %r %d %d" % (base * 1000.0, cap * 1000.0, threshold, window,
                                        min_samples)]
    lines += ["delay %d" % n for n in RETRIES]
    for ok in seq:
        lines.append("record %d" % (1 if ok else 0))
        lines += ["delay %d" % n for n in RETRIES]
    out = subprocess.run([REPLAY], input="\n".join(lines) + "\n", capture_output=True,
                         text=True, check=True, timeout=60).stdout.split("\n")
    return [float(line.split()[0]) for line in out if line], \
        [line.split()[1] for line in out if line]


class ZenooAdaptive(unittest.TestCase):
    def test_delays_equal_zenoos(self):
        for i, (name, (base, cap, thr, window, mins, p, length)) in enumerate(SEQUENCES.items()):
            with self.subTest(name):
                seq = outcomes(p, length, seed=100 + i)
                want = zenoo_delays(base, cap, thr, window, mins, seq)
                got, regimes = engine_delays(base, cap, thr, window, mins, seq)
                self.assertEqual(len(got), len(want))
                for k, (g, w) in enumerate(zip(got, want)):
                    self.assertAlmostEqual(g, w, delta=1e-9 * max(1.0, abs(w)),
                                           msg="%s: question %d (after %d outcomes)"
                                           % (name, k, k // len(RETRIES)))
                # Each sequence must reach the regimes it was written for.
                self.assertIn("learning", regimes)

    def test_every_regime_is_reached(self):
        seen = set()
        for i, (name, (base, cap, thr, window, mins, p, length)) in enumerate(SEQUENCES.items()):
            seen.update(engine_delays(base, cap, thr, window, mins,
                                      outcomes(p, length, 100 + i))[1])
        self.assertEqual(seen, {"learning", "poor", "good", "excellent"})

    def test_another_threshold_is_told_apart(self):
        seq = outcomes(0.88, 400, seed=102)
        got, _ = engine_delays(1.0, 60.0, 0.8, 100, 10, seq)
        other = zenoo_delays(1.0, 60.0, 0.9, 100, 10, seq)
        self.assertTrue(any(abs(g - o) > 1e-6 for g, o in zip(got, other)))


if __name__ == "__main__":
    if "--record" in sys.argv:
        sys.argv.remove("--record")
        RECORD = True
    if len(sys.argv) != 2:
        sys.exit("usage: check_zenoo_adaptive.py ADAPTIVE_BACKOFF_REPLAY [--record]")
    REPLAY = sys.argv.pop()
    STRATEGIES = load_strategies()
    if STRATEGIES is None:
        if RECORD:
            sys.exit("--record needs a zenoo_rpc checkout (set RESLAB_ZENOO_RPC_SRC)")
        print("no zenoo_rpc checkout: comparing with its recorded answers")
    result = unittest.main(verbosity=2, exit=False).result
    if RECORD and result.wasSuccessful():
        RECORDING.save()
    sys.exit(0 if result.wasSuccessful() else 1)

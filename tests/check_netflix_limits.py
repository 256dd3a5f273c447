#!/usr/bin/env python3
"""The engine's Netflix concurrency limits against Netflix concurrency-limits' own Java classes
(AIMDLimit, VegasLimit, Gradient2Limit, WindowedLimit), compiled here from the library's
sources, on the same sample sequences: the limit after every sample must be equal. A sequence
given to the library with other constants must differ somewhere, which shows the comparison can
tell them apart.

The library is not packaged for Debian and Maven Central is out of reach, so its sources come
from a checkout: RESLAB_NETFLIX_LIMITS_SRC (a directory holding concurrency-limits-core, or a
git directory of the repository). Without one (or without javac) the engine is compared with
what the library answered when it was run here (tests/data/recorded/netflix_limits.json,
concurrency-limits at 78a74b9); with one, with the library itself, and the recording is checked
to still say the same. `--record` rewrites it.

    check_netflix_limits.py build/release/tests/concurrency_limits_replay [--record]
"""
import glob
import os
import random
import shutil
import subprocess
import sys
import tempfile
import unittest

from recorded_library import Recording

REPLAY = None
HARNESS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "netflix",
                       "NetflixLimitReplay.java")
SLF4J = "/usr/share/java/slf4j-api.jar"  # Debian libslf4j-java: the library's one dependency
CORE = os.path.join("concurrency-limits-core", "src", "main", "java")
CLASSES = None
RECORD = False
RECORDING = Recording("netflix_limits", {"repository": "Netflix/concurrency-limits",
                                         "files": CORE + "/.../limit/*.java",
                                         "commit": "78a74b9"})

# name: (algorithm, windowed, initial, min, max, mean rtt ms, drop share, in-flight spread)
SEQUENCES = {
    "AIMD, drops 5 %": ("aimd", 0, 20, 20, 200, 20.0, 0.05, 1.5),
    "AIMD from 100, min 1, drops 20 %": ("aimd", 0, 100, 1, 300, 50.0, 0.2, 1.0),
    "AIMD, rtts around its 5 s timeout": ("aimd", 0, 50, 5, 200, 5000.0, 0.0, 1.2),
    "Vegas, steady": ("vegas", 0, 20, 1, 1000, 20.0, 0.0, 1.2),
    "Vegas, drops 3 %": ("vegas", 0, 20, 1, 1000, 10.0, 0.03, 1.0),
    "Vegas from 150, max 400": ("vegas", 0, 150, 1, 400, 30.0, 0.01, 1.1),
    "Gradient2": ("gradient2", 0, 20, 20, 200, 20.0, 0.02, 1.2),
    "Gradient2 from 100, min 1": ("gradient2", 0, 100, 1, 500, 40.0, 0.0, 0.9),
    "Windowed AIMD": ("aimd", 1, 20, 5, 200, 20.0, 0.01, 1.5),
    "Windowed Vegas": ("vegas", 1, 20, 1, 1000, 15.0, 0.0, 1.2),
    "Windowed Gradient2": ("gradient2", 1, 20, 1, 200, 25.0, 0.0, 1.2),
}


def find_sources():
    src = os.environ.get("RESLAB_NETFLIX_LIMITS_SRC", "")
    candidates = [src] if src else glob.glob("/work/.mirror/Netflix+concurrency-limits/repo")
    for c in candidates:
        if os.path.isdir(os.path.join(c, CORE)):
            return c, None
        if os.path.isfile(os.path.join(c, "HEAD")):  # a git directory
            out = tempfile.mkdtemp(prefix="netflix-limits-")
            archive = subprocess.run(["git", "--git-dir", c, "archive", "HEAD", CORE],
                                     capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", out], input=archive, check=True)
            return out, out
    return None, None


def samples(seed, mean_rtt_ms, drop_share, spread, count, mean_gap_ms=None):
    rng = random.Random(seed)
    t = 0
    gap_ns = (mean_gap_ms if mean_gap_ms else mean_rtt_ms / 20) * 1e6
    for _ in range(count):
        t += int(rng.expovariate(1.0 / gap_ns))
        rtt = max(1, int(rng.lognormvariate(0, 0.5) * mean_rtt_ms * 1e6))
        # in-flight counts around the limit's region, some far under it (app-limited)
        inflight = max(1, int(rng.uniform(0, 2 * spread) * 60))
        drop = 1 if rng.random() < drop_share else 0
        yield f"{t} {rtt} {inflight} {drop}"


def run(command, head, lines):
    text = head + "\n" + "\n".join(lines) + "\n"
    out = subprocess.run(command, input=text, capture_output=True, text=True, check=True)
    return out.stdout.split()


class NetflixLimits(unittest.TestCase):
    def replay_both(self, head, lines):
        return library(head, lines), run([REPLAY], head, lines)

    def test_limits_agree_after_every_sample(self):
        for name, (algo, windowed, initial, lo, hi, rtt, drops, spread) in SEQUENCES.items():
            for seed in (1, 2, 3):
                with self.subTest(sequence=name, seed=seed):
                    head = f"{algo} {windowed} {initial} {lo} {hi}"
                    # windowed: some 20 samples a 1 s window, 200 windows
                    lines = list(samples(seed, rtt, drops, spread, 4000, 50.0) if windowed else
                                 samples(seed, rtt, drops, spread, 1500))
                    java, ours = self.replay_both(head, lines)
                    self.assertEqual(len(java), len(lines))
                    for i, (a, b) in enumerate(zip(java, ours)):
                        self.assertEqual(a, b, f"sample {i + 1}: {lines[i]}")
                    # the sequence moved the limit, so the agreement says something
                    self.assertGreater(len(set(java)), 3, "the limit hardly moved")

    def test_the_comparison_tells_other_constants_apart(self):
        lines = list(samples(9, 20.0, 0.05, 1.5, 1500))
        java, _ = self.replay_both("aimd 0 20 20 200", lines)
        _, ours = self.replay_both("aimd 0 20 20 150", lines)
        self.assertNotEqual(java, ours)


def library(head, lines):
    """The library's limits: from its classes when they are here, else from the recording."""
    recorded = RECORDING.answers(head + " " + digest_key(lines), [head] + lines)
    if CLASSES is None:
        if recorded is None:
            raise AssertionError("no recording for %s (record with a checkout)" % head)
        return recorded
    live = run(["java", "-cp", CLASSES + os.pathsep + SLF4J, "NetflixLimitReplay"], head, lines)
    if RECORD:
        RECORDING.put(head + " " + digest_key(lines), [head] + lines, live)
    elif recorded is not None and recorded != live:
        raise AssertionError("the recording of %s no longer says what the library says" % head)
    return live


def digest_key(lines):
    return "%d samples from %s" % (len(lines), lines[0] if lines else "nothing")


def main():
    global REPLAY, CLASSES, RECORD
    if "--record" in sys.argv:
        sys.argv.remove("--record")
        RECORD = True
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    REPLAY = sys.argv[1]
    src, cleanup = (None, None)
    if shutil.which("javac") and os.path.exists(SLF4J):
        src, cleanup = find_sources()
    if not src:
        if RECORD:
            print("--record needs javac, libslf4j-java and the library's sources", file=sys.stderr)
            return 2
        print("no Netflix concurrency-limits sources or no javac: comparing with the library's "
              "recorded answers")
        result = unittest.main(argv=[sys.argv[0], "-v"], exit=False).result
        return 0 if result.wasSuccessful() else 1
    build = tempfile.mkdtemp(prefix="netflix-classes-")
    try:
        sources = glob.glob(os.path.join(src, CORE, "**", "*.java"), recursive=True)
        subprocess.run(["javac", "-nowarn", "-d", build, "-cp", SLF4J, HARNESS] + sources,
                       check=True, capture_output=True)
        CLASSES = build
        result = unittest.main(argv=[sys.argv[0], "-v"], exit=False).result
        if RECORD and result.wasSuccessful():
            RECORDING.save()
        return 0 if result.wasSuccessful() else 1
    finally:
        shutil.rmtree(build, ignore_errors=True)
        if cleanup:
            shutil.rmtree(cleanup, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

"""Recorded answers of a library that a fresh machine cannot run (not packaged for Debian, no
checkout): the checks compare the engine with the library itself when a checkout is there, and
with what the library answered when it was there otherwise, so CI checks the engine either way.

A recording holds, per sequence, the library's answers, run-length encoded, under a key that
includes a digest of the inputs they were made from: a recording is never compared with other
inputs, and a changed sequence generator fails loudly ("no recording"), asking for a new one. `--record` writes it from the library; with a checkout
the check also asserts that the recording still says what the library says.
"""
import hashlib
import json
import os

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "recorded")


def digest(lines):
    h = hashlib.sha256()
    for line in lines:
        h.update(str(line).encode() + b"\n")
    return h.hexdigest()


def encode(values):
    runs = []
    for v in values:
        if runs and runs[-1][0] == v:
            runs[-1][1] += 1
        else:
            runs.append([v, 1])
    return runs


def decode(runs):
    out = []
    for v, n in runs:
        out += [v] * n
    return out


class Recording:
    def __init__(self, name, source):
        self.path = os.path.join(DATA, name + ".json")
        self.source = source  # repository, file(s), commit: where the answers came from
        self.sequences = {}
        if os.path.exists(self.path):
            with open(self.path) as f:
                self.sequences = json.load(f)["sequences"]

    def answers(self, key, inputs):
        """The recorded answers for `key` and exactly these inputs; None if there are none."""
        entry = self.sequences.get(self._key(key, inputs))
        return None if entry is None else decode(entry["answers"])

    def put(self, key, inputs, answers):
        self.sequences[self._key(key, inputs)] = {"answers": encode(answers)}

    @staticmethod
    def _key(key, inputs):
        # The inputs' digest is part of the key: answers are never taken for other inputs.
        return "%s (inputs %s)" % (key, digest(inputs)[:16])

    def save(self):
        os.makedirs(DATA, exist_ok=True)
        with open(self.path, "w") as f:
            json.dump({"source": self.source, "sequences": self.sequences}, f, indent=0,
                      sort_keys=True)
            f.write("\n")

#!/usr/bin/env python3
"""Checks every bundled scenario (and the test data's good scenarios) against the JSON schema in
resources/, so the schema and the engine's reader cannot drift apart unnoticed. Run by ctest with
Debian's python3 and python3-jsonschema."""
import json
import pathlib
import sys

try:
    import jsonschema
except ImportError:
    sys.exit("check_schema: python3-jsonschema is not installed (scripts/install-deps installs it)")

root = pathlib.Path(sys.argv[1])
schema = json.loads((root / "resources" / "scenario.schema.json").read_text())
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
files = sorted((root / "resources" / "presets").glob("*.json")) + sorted((root / "tests" / "data").glob("**/*.json")) \
    + sorted((root / "tests" / "bench").glob("*.json"))
# Other JSON lives there too (the export golden files, some of them arrays): only scenarios are
# checked.
# Configurations for import-config are there too, some not strict JSON (an appsettings.json with
# comments): those are not scenarios either.
def is_scenario(path):
    try:
        doc = json.loads(path.read_text())
    except json.JSONDecodeError:
        return False
    return isinstance(doc, dict) and str(doc.get("format", "")).startswith("resilience-lab.scenario")


files = [f for f in files if is_scenario(f)]
failed = 0
for f in files:
    errors = list(validator.iter_errors(json.loads(f.read_text())))
    for e in errors:
        print(f"{f}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
    failed += bool(errors)
# And the schema must refuse what the reader refuses: a few broken variants of a preset.
good = json.loads((root / "resources" / "presets" / "steady-flaky-api.json").read_text())
broken = []
b = json.loads(json.dumps(good)); b["pipeline"][1]["backoff"]["multipler"] = 2; broken.append(("typo", b))
b = json.loads(json.dumps(good)); b["endpoints"]["api"]["failures"]["error"] = 1.5; broken.append(("p > 1", b))
b = json.loads(json.dumps(good)); b["pipeline"][0]["timeout_ms"] = -1; broken.append(("negative", b))
b = json.loads(json.dumps(good)); b["pipeline"].append({"type": "teleport"}); broken.append(("strategy", b))
for name, doc in broken:
    if validator.is_valid(doc):
        print(f"schema accepts a broken scenario ({name})")
        failed += 1
print(f"{len(files)} scenarios checked, {failed} problems")
sys.exit(1 if failed else 0)

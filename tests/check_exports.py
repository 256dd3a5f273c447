#!/usr/bin/env python3
"""Export golden files and syntax: for each scenario and target, `resilience-lab export` must
print exactly tests/data/export/<scenario>.<ext>, and the output must parse in the target's
syntax (YAML, JSON, Python; C# is checked for balanced brackets only: no compiler here).
Run with --update to rewrite the golden files after an intended change."""
import importlib.metadata
import json
import pathlib
import re
import subprocess
import sys

import yaml

def version_tuple(text):
    return tuple(int(p) for p in text.split(".") if p.isdigit())


def installed_version(package):
    return importlib.metadata.version(package)


exe, root = sys.argv[1], pathlib.Path(sys.argv[2])
update = "--update" in sys.argv
golden_dir = root / "tests" / "data" / "export"
scenarios = [root / "resources" / "presets" / "steady-flaky-api.json",
             root / "resources" / "presets" / "outage-and-recovery.json",
             golden_dir / "guarded-pipeline.json"]
targets = {"tenacity": "py", "resilience4j": "yaml", "polly": "cs", "grpc": "json", "envoy": "yaml",
           "urllib3": "py"}
failed = 0
for scenario in scenarios:
    for target, ext in targets.items():
        run = subprocess.run([exe, "export", str(scenario), "--to", target], capture_output=True, text=True)
        where = f"{scenario.stem} → {target}"
        if run.returncode != 0:
            print(f"{where}: exit {run.returncode}: {run.stderr}")
            failed += 1
            continue
        out = run.stdout
        golden = golden_dir / f"{scenario.stem}.{target}.{ext}"
        if update:
            golden.write_text(out)
        elif not golden.exists() or golden.read_text() != out:
            print(f"{where}: differs from {golden.name} (run check_exports.py with --update if intended)")
            failed += 1
        try:
            if ext == "yaml":
                doc = yaml.safe_load(out)
                assert isinstance(doc, dict) and doc, "empty document"
            elif ext == "json":
                doc = json.loads(out)
                assert "methodConfig" in doc
            elif ext == "py":
                compile(out, golden.name, "exec")
                # Run it under the library this machine has (Debian 12: tenacity 8.2.1, urllib3
                # 1.26.12) when the output says that is new enough: every name it imports must
                # exist there, and building its objects must work.
                needs = re.search(rf"^# Needs {target} >= ([0-9.]+)[. ]", out, re.M)
                assert needs, f"the output names no minimum {target} version"
                if version_tuple(needs.group(1)) <= version_tuple(installed_version(target)):
                    exec(compile(out, golden.name, "exec"), {"__name__": "exported"})
            else:
                for o, c in ("()", "{}", "[]"):
                    assert out.count(o) == out.count(c), f"unbalanced {o}{c}"
        except Exception as e:  # noqa: BLE001 - report any parse failure
            print(f"{where}: not valid {ext}: {e}")
            failed += 1
        if "Not expressible" in out and "note:" not in run.stderr:
            print(f"{where}: notes in the output but no note on stderr")
            failed += 1
print(f"{len(scenarios) * len(targets)} exports checked, {failed} problems")
sys.exit(1 if failed else 0)

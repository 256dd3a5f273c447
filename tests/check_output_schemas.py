#!/usr/bin/env python3
"""The output contract (docs/cli.md, "JSON outputs"): every --json output and JSON file the
command line writes is validated against its schema in resources/schemas/ and carries its
"format"; the same metric has the same name and unit in run, compare, sweep, check and tune;
with --json a failure is JSON too; `-` is standard output for an output option. Run by ctest
with Debian's python3 and python3-jsonschema. Arguments: the resilience-lab binary, the source
tree."""
import json
import pathlib
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

try:
    import jsonschema
except ImportError:
    sys.exit("check_output_schemas: python3-jsonschema is not installed (scripts/install-deps)")

BINARY = sys.argv[1]
ROOT = pathlib.Path(sys.argv[2])
SCHEMAS = {}
for path in sorted((ROOT / "resources" / "schemas").glob("*.schema.json")):
    schema = json.loads(path.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    SCHEMAS[schema["$id"]] = jsonschema.Draft202012Validator(schema)

SCENARIO_SCHEMA = jsonschema.Draft202012Validator(
    json.loads((ROOT / "resources" / "scenario.schema.json").read_text()))
failures = []
checked = set()


def fail(message):
    failures.append(message)
    print("FAIL", message)


def cli(*args, expect=0):
    run = subprocess.run([BINARY, *map(str, args)], capture_output=True, text=True, timeout=300)
    if expect is not None and run.returncode != expect:
        fail(f"{' '.join(map(str, args))}: exit {run.returncode}, expected {expect}\n{run.stderr}")
    return run


def validated(text, kind, what):
    """Parses `text`, checks its format is `kind` and validates it against kind's schema."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        fail(f"{what}: not JSON ({e}): {text[:200]!r}")
        return {}
    if doc.get("format") != kind:
        fail(f"{what}: format {doc.get('format')!r}, expected {kind!r}")
        return doc
    for e in SCHEMAS[kind].iter_errors(doc):
        fail(f"{what}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
    checked.add(kind)
    print(f"ok   {what} ({kind})")
    return doc


with tempfile.TemporaryDirectory() as tmp:
    d = pathlib.Path(tmp)
    preset = json.loads((ROOT / "resources" / "presets" / "steady-flaky-api.json").read_text())
    preset["duration_s"] = 20
    s = d / "s.json"
    s.write_text(json.dumps(preset))
    expecting = dict(preset, expect={"success_rate": {"min": 0.5}, "latency_ms.p99": {"max": 10}})
    e = d / "e.json"
    e.write_text(json.dumps(expecting))
    seed = 7

    # run: stdout, --summary FILE, --summary - (standard output).
    summary = validated(cli("run", s, "--json", "--seed", seed).stdout, "resilience-lab.summary/1",
                        "run --json")
    cli("run", s, "--seed", seed, "--summary", d / "summary.json")
    validated((d / "summary.json").read_text(), "resilience-lab.summary/1", "run --summary FILE")
    validated(cli("run", s, "--seed", seed, "--summary", "-").stdout, "resilience-lab.summary/1",
              "run --summary -")
    piped = cli("run", s, "--seed", seed, "--json", "--attempts", "/dev/stdout").stdout
    if not piped.startswith("request,attempt,endpoint,"):
        fail(f"run --attempts /dev/stdout: the CSV is not on standard output: {piped[:80]!r}")
    dash = cli("run", s, "--seed", seed, "--timeline", "-", "--json")
    if not dash.stdout.startswith("t_s,offered,") or '"format"' in dash.stdout:
        fail(f"run --timeline -: only the CSV on standard output: {dash.stdout[:80]!r}")
    validated(dash.stderr, "resilience-lab.summary/1", "run --timeline - --json: the report on stderr")

    # compare: two pipelines, the second without retries.
    nothing = d / "nothing.json"
    nothing.write_text('{"pipeline": []}')
    compared = validated(cli("compare", s, "--pipeline-b", nothing, "--seed", seed, "--json").stdout,
                         "resilience-lab.compare/2", "compare --json")
    # compare --recorded: a recorded run beside the simulation.
    cli("run", s, "--seed", seed, "--record", d / "t.jsonl")
    recorded = cli("compare", s, "--recorded", d / "t.jsonl", "--seeds", 2, "--json",
                   expect=None).stdout
    if recorded:
        validated(recorded, "resilience-lab.recorded-comparison/1", "compare --recorded --json")
    # sweep: the --json summary, and the table whose metrics are compared below.
    swept = cli("sweep", s, "--param", "workload.rate_per_s=50", "--seeds", 1, "--seed", seed,
                "--out", d / "sweep.jsonl", "--json").stdout
    validated(swept, "resilience-lab.sweep-summary/1", "sweep --json")
    row = validated((d / "sweep.jsonl").read_text().splitlines()[0], "resilience-lab.sweep-point/1",
                    "sweep --out FILE.jsonl, a row")
    # import: the recorded trace back through the importer (JSON Lines in, a trace out).
    validated(cli("import", d / "t.jsonl", "--out", d / "again.jsonl", "--json").stdout,
              "resilience-lab.import/1", "import --json")
    # fit: the recorded run fitted back into a scenario, with its model check.
    fitted = validated(cli("fit", d / "t.jsonl", "--out", d / "fitted.json", "--json").stdout,
                       "resilience-lab.fit/1", "fit --json")
    if fitted and fitted["check"] is None:
        fail("fit --json: the model check is missing")
    # import-config: each format's realistic file, and the scenario it writes validates.
    for name in ("resilience4j-application.yml", "appsettings.json", "grpc-service-config.json",
                 "aws-config"):
        imported = validated(cli("import-config", ROOT / "tests" / "data" / "configs" / name,
                                 "--out", d / "imported.json", "--json").stdout,
                             "resilience-lab.import-config/1", f"import-config {name} --json")
        cli("validate", d / "imported.json")
        scenario = json.loads((d / "imported.json").read_text())
        for e in SCENARIO_SCHEMA.iter_errors(scenario):
            fail(f"import-config {name}: the scenario: {'/'.join(map(str, e.absolute_path))}: {e.message}")
    # validate: a good file and a bad one.
    bad = d / "bad.json"
    bad.write_text('{"format": "resilience-lab.scenario/1", "duration_s": -1}')
    validation = validated(cli("validate", s, bad, "--json", expect=2).stdout,
                           "resilience-lab.validation/1", "validate --json")
    if validation.get("valid") is not False or len(validation.get("files", [])) != 2:
        fail(f"validate --json: {validation}")
    # check: one expectation holds, one fails (exit 4).
    check = validated(cli("check", e, "--seeds", 1, "--seed", seed, "--json", expect=4).stdout,
                      "resilience-lab.check/1", "check --json")
    # tune: a winner, and nothing feasible.
    tuned = validated(cli("tune", e, "--param", "pipeline[1].max_attempts=1,2", "--minimize",
                          "attempts.per_request", "--seeds", 2, "--no-refine", "--json",
                          expect=4).stdout, "resilience-lab.tune/1", "tune --json (none feasible)")
    loose = dict(preset, expect={"success_rate": {"min": 0.5}})
    (d / "loose.json").write_text(json.dumps(loose))
    validated(cli("tune", d / "loose.json", "--param", "pipeline[1].max_attempts=1,2",
                  "--minimize", "attempts.per_request", "--seeds", 2, "--json", "--out",
                  d / "best.json").stdout, "resilience-lab.tune/1", "tune --json")
    # serve: a JSON line when listening (with the port), one when stopped, one request between.
    serve = subprocess.Popen([BINARY, "serve", s, "--listen", "127.0.0.1:0", "--json"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = serve.stdout.readline()
        listening = validated(first, "resilience-lab.serve/1", "serve --json, listening")
        if listening.get("event") == "listening":
            url = listening["url"] + "/" + listening["endpoints"][0] + "/x"
            if not url.startswith("http://127.0.0.1:"):
                fail(f"serve --json: not on 127.0.0.1: {url}")
            else:
                try:
                    urllib.request.urlopen(url, timeout=10).read()
                except urllib.error.HTTPError:
                    pass  # a failure status is the model's answer
                except OSError:
                    pass  # a reset or a never-answered call, as the model may do
        serve.terminate()
        rest, err = serve.communicate(timeout=60)
        stopped = validated(rest.strip().splitlines()[-1] if rest.strip() else "",
                            "resilience-lab.serve/1", "serve --json, stopped")
        if stopped.get("event") != "stopped" or serve.returncode != 0:
            fail(f"serve --json: {stopped}, exit {serve.returncode}: {err}")
    finally:
        if serve.poll() is None:
            serve.kill()

    # With --json, failures are JSON too: a usage error and an invalid file.
    for args in (["run", s, "--json", "--seed", "x"], ["run", bad, "--json"],
                 ["compare", s, "--json"], ["check", bad, "--json"],
                 ["import-config", bad, "--format", "aws", "--out", d / "x.json", "--json"]):
        err = validated(cli(*args, expect=2).stdout, "resilience-lab.error/1",
                        " ".join(map(str, args[:1] + args[2:])) + " (an error)")
        if err and err.get("exit_code") != 2:
            fail(f"{args}: exit_code {err.get('exit_code')}")

    # One name and one unit per metric: the same seed's run seen by every output.
    expected = {"success_rate": summary["requests"]["success_rate"],
                "latency_ms.p99": summary["latency_ms"]["p99"],
                "attempts.per_request": summary["attempts"]["per_request"]}
    compare_metrics = {m["metric"]: m["values"][0] for m in compared.get("metrics", [])}
    check_metrics = {x["metric"]: x["measured"]["mean"]
                     for c in check.get("scenarios", []) for x in c["expectations"]}
    for metric, value in expected.items():
        seen = {"compare": compare_metrics.get(metric), "sweep": row["metrics"][metric]["mean"]}
        if metric in check_metrics:
            seen["check"] = check_metrics[metric]
        for where, v in seen.items():
            if v is None or abs(v - value) > 1e-9 * max(1, abs(value)):
                fail(f"{metric}: run says {value}, {where} says {v}")
        print(f"ok   {metric} = {value} in run, " + ", ".join(seen))
    for m in compared.get("metrics", []):
        if m["metric"] == "success_rate" and not all(0 <= v <= 1 for v in m["values"]):
            fail(f"compare: success_rate not a fraction: {m['values']}")
    for c in tuned.get("finalists", []):
        hi = c["metrics"]["success_rate"]["hi"]
        if hi is not None and hi > 1:
            fail(f"tune: success_rate hi {hi} > 1")

missing = set(SCHEMAS) - checked
if missing:
    fail(f"schemas no output was checked against: {sorted(missing)}")
print(f"{len(checked)} output kinds checked, {len(failures)} problems")
sys.exit(1 if failures else 0)

#!/usr/bin/env python3
"""Export golden files and syntax: for each scenario and target, `resilience-lab export` must
print exactly tests/data/export/<scenario>.<ext>, and the output must parse in the target's
syntax (YAML, JSON, Python, JavaScript loaded by Node; C# is checked for balanced brackets only:
no compiler here). The
fault injectors' outputs are checked against the shape their tools take: toxiproxy's proxy and
toxic fields and toxic types, Envoy's filter type URLs and fault fields, Chaos Mesh's Workflow
templates and their chaos kinds.
Run with --update to rewrite the golden files after an intended change."""
import importlib.metadata
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

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
             golden_dir / "guarded-pipeline.json", golden_dir / "fault-model.json",
             root / "resources" / "presets" / "adaptive-limit-capacity-halves.json",
             root / "resources" / "presets" / "seed-rpc-adaptive-bulk.json",
             golden_dir / "wait-chain.json", golden_dir / "envoy-retry.json",
             golden_dir / "mesh-fleet.json", golden_dir / "linkerd-profile.json"]
targets = {"tenacity": "py", "resilience4j": "yaml", "polly": "cs", "grpc": "json", "envoy": "yaml",
           "urllib3": "py", "backoff": "py", "cockatiel": "js", "opossum": "js",
           "toxiproxy": "json", "envoy-fault": "yaml", "chaos-mesh": "yaml", "istio": "yaml",
           "linkerd": "yaml"}
# Kubernetes resources: several YAML documents in one output.
MULTI_DOCUMENT = {"istio", "linkerd"}
# The mesh targets import-config reads back (what the tool writes, it reads).
READ_BACK = {"envoy", "istio", "linkerd"}

# toxiproxy's toxic types and the attributes each takes (toxics/*.go in Shopify/toxiproxy).
TOXIC_ATTRIBUTES = {"latency": {"latency", "jitter"}, "timeout": {"timeout"},
                    "reset_peer": {"timeout"}, "bandwidth": {"rate"}, "slow_close": {"delay"},
                    "slicer": {"average_size", "size_variation", "delay"}, "limit_data": {"bytes"}}


def check_toxiproxy(doc):
    # What toxiproxy-server -config loads: an array of proxies (its config.go unmarshals a
    # []Proxy, reading name, listen, upstream and enabled and ignoring the "_" keys).
    assert isinstance(doc, list), "toxiproxy -config takes an array of proxies"
    for proxy in doc:
        assert {k for k in proxy if not k.startswith("_")} == {"name", "listen", "upstream",
                                                              "enabled"}, proxy
        assert proxy["_generated_by"].startswith("resilience-lab")
        assert isinstance(proxy["_not_expressible"], list)
    for name, stretches in ((p["name"], p["_timeline"]) for p in doc):
        assert stretches[0]["start_s"] == 0 and stretches[-1]["end_s"] is None
        for before, after in zip(stretches, stretches[1:]):
            assert before["end_s"] == after["start_s"], f"{name}: a gap in the timeline"
        for stretch in stretches:
            toxic_names = [t["name"] for t in stretch["toxics"]]
            assert len(toxic_names) == len(set(toxic_names)), "toxic names repeat"
            for t in stretch["toxics"]:
                assert t["type"] in TOXIC_ATTRIBUTES, t
                assert t["stream"] in ("upstream", "downstream")
                assert 0 <= t["toxicity"] <= 1
                assert set(t["attributes"]) <= TOXIC_ATTRIBUTES[t["type"]], t
                assert all(isinstance(v, int) and v >= 0 for v in t["attributes"].values())


FAULT_TYPE = "type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault"


def check_envoy_fault(doc):
    filters = [f["name"] for f in doc["http_filters"]]
    assert filters[0] == "envoy.filters.http.fault" and filters[-1] == "envoy.filters.http.router"
    for route in doc["routes"]:
        assert route["match"]["prefix"].startswith("/") and route["route"]["cluster"]
        fault = route["typed_per_filter_config"]["envoy.filters.http.fault"]
        assert fault["@type"] == FAULT_TYPE
        assert 200 <= fault["abort"]["http_status"] < 600
        for part in ("abort", "delay"):
            pct = fault[part]["percentage"]
            assert pct["denominator"] == "MILLION" and 0 <= pct["numerator"] <= 1_000_000
        assert re.fullmatch(r"[0-9.]+s", fault["delay"]["fixed_delay"])
        limit = route["typed_per_filter_config"].get("envoy.filters.http.local_ratelimit")
        if limit:
            bucket = limit["token_bucket"]
            assert bucket["max_tokens"] >= 1 and bucket["tokens_per_fill"] >= 1
            assert float(bucket["fill_interval"][:-1]) >= 0.05, "Envoy's minimum fill interval"


CHAOS_KINDS = {"NetworkChaos": "networkChaos", "HTTPChaos": "httpChaos"}


def check_chaos_mesh(doc):
    assert doc["apiVersion"] == "chaos-mesh.org/v1alpha1" and doc["kind"] == "Workflow"
    assert re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", doc["metadata"]["name"])
    templates = {t["name"]: t for t in doc["spec"]["templates"]}
    assert len(templates) == len(doc["spec"]["templates"]), "template names repeat"
    assert doc["spec"]["entry"] in templates
    for t in templates.values():
        kind = t["templateType"]
        for child in t.get("children") or []:
            assert child in templates, f"{t['name']}: no template {child}"
        if kind in CHAOS_KINDS:
            chaos = t[CHAOS_KINDS[kind]]
            assert chaos["mode"] in ("all", "fixed-percent") and chaos["selector"]
            if kind == "HTTPChaos":
                assert chaos["target"] == "Response" and chaos["port"] > 0
                assert {"delay", "replace", "abort"} & set(chaos), chaos
            else:
                assert chaos["action"] in ("delay", "partition")
        else:
            assert kind in ("Serial", "Parallel", "Suspend"), kind
        if kind == "Suspend":
            assert re.fullmatch(r"[0-9.]+(ms|s)", t["deadline"])


ADAPTIVE_TYPE = ("type.googleapis.com/"
                 "envoy.extensions.filters.http.adaptive_concurrency.v3.AdaptiveConcurrency")


# RetryPolicy's fields (route_components.proto) and the retry_on classes parseRetryOn and
# parseRetryGrpcOn accept (source/common/router/retry_state_impl.cc); the circuit breaker
# thresholds' fields (circuit_breaker.proto).
ENVOY_RETRY_POLICY_FIELDS = {"retry_on", "num_retries", "per_try_timeout", "retriable_status_codes",
                             "retry_back_off", "rate_limited_retry_back_off",
                             "retry_host_predicate", "host_selection_retry_max_attempts"}
ENVOY_RETRY_ON = {"5xx", "gateway-error", "connect-failure", "envoy-ratelimited", "retriable-4xx",
                  "refused-stream", "retriable-status-codes", "retriable-headers", "reset",
                  "reset-before-request", "http3-post-connect-failure", "cancelled",
                  "deadline-exceeded", "resource-exhausted", "unavailable", "internal"}
ENVOY_THRESHOLDS = {"priority", "max_connections", "max_pending_requests", "max_requests",
                    "max_retries", "retry_budget", "track_remaining", "max_connection_pools"}


ENVOY_LB_POLICIES = {"ROUND_ROBIN", "LEAST_REQUEST", "RING_HASH", "RANDOM", "MAGLEV",
                     "CLUSTER_PROVIDED"}
ENVOY_OUTLIER = {"consecutive_5xx", "interval", "base_ejection_time", "max_ejection_percent",
                 "enforcing_consecutive_5xx", "enforcing_success_rate",
                 "success_rate_minimum_hosts", "success_rate_request_volume",
                 "success_rate_stdev_factor", "consecutive_gateway_failure",
                 "enforcing_consecutive_gateway_failure", "split_external_local_origin_errors",
                 "consecutive_local_origin_failure", "enforcing_consecutive_local_origin_failure",
                 "enforcing_local_origin_success_rate", "failure_percentage_threshold",
                 "enforcing_failure_percentage", "enforcing_failure_percentage_local_origin",
                 "failure_percentage_minimum_hosts", "failure_percentage_request_volume",
                 "max_ejection_time", "max_ejection_time_jitter", "always_eject_one_host"}


def check_envoy(doc):
    route = doc["route"]
    assert re.fullmatch(r"[0-9.]+s", route["timeout"]), route
    if "retry_policy" in route:
        policy = route["retry_policy"]
        assert set(policy) <= ENVOY_RETRY_POLICY_FIELDS, policy
        assert set(policy["retry_on"].split(",")) <= ENVOY_RETRY_ON, policy["retry_on"]
        back_off = policy["retry_back_off"]
        assert set(back_off) <= {"base_interval", "max_interval"}, back_off
    for threshold in doc.get("circuit_breakers", {"thresholds": []})["thresholds"]:
        assert set(threshold) <= ENVOY_THRESHOLDS, threshold
        assert set(threshold.get("retry_budget", {})) <= {"budget_percent",
                                                          "min_retry_concurrency"}, threshold
    # The cluster's balancer, outlier detection and hosts, when the pipeline has a load_balancer
    # (cluster.proto, outlier_detection.proto, endpoint.proto).
    if "lb_policy" in doc:
        assert doc["lb_policy"] in ENVOY_LB_POLICIES, doc["lb_policy"]
    assert set(doc.get("outlier_detection", {})) <= ENVOY_OUTLIER, doc["outlier_detection"]
    for key in ("interval", "base_ejection_time", "max_ejection_time"):
        if key in doc.get("outlier_detection", {}):
            assert re.fullmatch(r"[0-9.]+s", doc["outlier_detection"][key])
    if "load_assignment" in doc:
        assert doc["load_assignment"]["cluster_name"] == route["cluster"]
        for locality in doc["load_assignment"]["endpoints"]:
            for host in locality["lb_endpoints"]:
                assert host["endpoint"]["address"]["socket_address"]["port_value"] > 0
    # The adaptive concurrency filter, when there is one: its type URL and the fields of
    # GradientControllerConfig (adaptive_concurrency.proto), in front of the router.
    if "http_filters" not in doc:
        return
    filters = doc["http_filters"]
    assert [f["name"] for f in filters] == ["envoy.filters.http.adaptive_concurrency",
                                            "envoy.filters.http.router"], filters
    config = filters[0]["typed_config"]
    assert config["@type"] == ADAPTIVE_TYPE
    g = config["gradient_controller_config"]
    assert set(g) == {"sample_aggregate_percentile", "concurrency_limit_params",
                      "min_rtt_calc_params"}, g
    assert set(g["concurrency_limit_params"]) == {"max_concurrency_limit",
                                                   "concurrency_update_interval"}
    assert set(g["min_rtt_calc_params"]) <= {"interval", "request_count", "jitter",
                                             "min_concurrency", "buffer"}
    assert 0 < g["sample_aggregate_percentile"]["value"] <= 100
    assert re.fullmatch(r"[0-9.]+s", g["min_rtt_calc_params"]["interval"])


# Istio's networking v1 API (istio/api networking/v1alpha3 virtual_service.proto,
# destination_rule.proto): the fields the export may write; durations in Go's syntax.
ISTIO_HTTP_ROUTE = {"route", "timeout", "retries"}
ISTIO_RETRIES = {"attempts", "perTryTimeout", "retryOn", "retryRemoteLocalities",
                 "retryIgnorePreviousHosts", "backoff"}
ISTIO_TRAFFIC_POLICY = {"loadBalancer", "connectionPool", "outlierDetection", "retryBudget"}
ISTIO_HTTP_POOL = {"http1MaxPendingRequests", "http2MaxRequests", "maxRequestsPerConnection",
                   "maxRetries", "idleTimeout", "h2UpgradePolicy", "useClientProtocol",
                   "maxConcurrentStreams"}
ISTIO_OUTLIER = {"splitExternalLocalOriginErrors", "consecutiveLocalOriginFailures",
                 "consecutiveGatewayErrors", "consecutive5xxErrors", "interval",
                 "baseEjectionTime", "maxEjectionPercent", "minHealthPercent"}
ISTIO_SIMPLE_LB = {"UNSPECIFIED", "LEAST_CONN", "RANDOM", "PASSTHROUGH", "ROUND_ROBIN",
                   "LEAST_REQUEST"}
GO_DURATION = r"([0-9]+(\.[0-9]+)?(h|m|s|ms|us|ns))+"
K8S_NAME = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?"


def check_istio(docs):
    assert [d["kind"] for d in docs] == ["VirtualService", "DestinationRule"], docs
    vs, dr = docs
    for d in docs:
        assert d["apiVersion"] == "networking.istio.io/v1", d["apiVersion"]
        assert re.fullmatch(K8S_NAME, d["metadata"]["name"]), d["metadata"]
    host = dr["spec"]["host"]
    assert vs["spec"]["hosts"] == [host]
    [http] = vs["spec"]["http"]
    assert set(http) <= ISTIO_HTTP_ROUTE, http
    assert http["route"][0]["destination"]["host"] == host
    if "timeout" in http:
        assert re.fullmatch(GO_DURATION, http["timeout"]), http["timeout"]
    retries = http["retries"]  # always written: without it Istio retries twice
    assert set(retries) <= ISTIO_RETRIES, retries
    assert isinstance(retries["attempts"], int) and retries["attempts"] >= 0
    for key in ("perTryTimeout", "backoff"):
        if key in retries:
            assert re.fullmatch(GO_DURATION, retries[key]), retries[key]
    if retries["attempts"] > 0:
        conditions = retries["retryOn"].split(",")
        assert all(c.isdigit() or c in ENVOY_RETRY_ON for c in conditions), conditions
    policy = dr["spec"].get("trafficPolicy", {})
    assert isinstance(policy, dict) and (policy or "trafficPolicy" not in dr["spec"]), dr
    assert set(policy) <= ISTIO_TRAFFIC_POLICY, policy
    assert set(policy.get("connectionPool", {})) <= {"http"}
    for key, value in policy.get("connectionPool", {}).get("http", {}).items():
        assert key in ISTIO_HTTP_POOL and isinstance(value, int) and value >= 0, (key, value)
    lb = policy.get("loadBalancer", {})
    assert "simple" not in lb or lb["simple"] in ISTIO_SIMPLE_LB, lb
    od = policy.get("outlierDetection", {})
    assert set(od) <= ISTIO_OUTLIER, od
    for key in ("interval", "baseEjectionTime"):
        if key in od:
            assert re.fullmatch(GO_DURATION, od[key]), od[key]
    for key in ("maxEjectionPercent", "minHealthPercent"):
        if key in od:
            assert 0 <= od[key] <= 100, od
    if "retryBudget" in policy:
        assert set(policy["retryBudget"]) <= {"percent", "minRetryConcurrency"}
        assert 0 <= policy["retryBudget"]["percent"] <= 100


# The annotations linkerd2's policy controller reads (policy-controller/k8s/index/src/outbound)
# and a ServiceProfile's fields (linkerd.io/v1alpha2).
LINKERD_ANNOTATIONS = {"retry.linkerd.io/limit", "retry.linkerd.io/http",
                       "retry.linkerd.io/timeout", "timeout.linkerd.io/request",
                       "balancer.linkerd.io/failure-accrual",
                       "balancer.linkerd.io/failure-accrual-consecutive-max-failures",
                       "balancer.linkerd.io/failure-accrual-consecutive-min-penalty",
                       "balancer.linkerd.io/failure-accrual-consecutive-max-penalty",
                       "balancer.linkerd.io/failure-accrual-consecutive-jitter-ratio"}


def check_linkerd(docs):
    service = docs[0]
    assert service["apiVersion"] == "v1" and service["kind"] == "Service", service
    assert re.fullmatch(K8S_NAME, service["metadata"]["name"])
    annotations = service["metadata"].get("annotations", {})
    assert set(annotations) <= LINKERD_ANNOTATIONS, annotations
    assert all(isinstance(v, str) for v in annotations.values()), "annotations are strings"
    if "retry.linkerd.io/limit" in annotations:
        assert 0 <= int(annotations["retry.linkerd.io/limit"]) <= 65535
    for key in ("retry.linkerd.io/timeout", "timeout.linkerd.io/request",
                "balancer.linkerd.io/failure-accrual-consecutive-min-penalty",
                "balancer.linkerd.io/failure-accrual-consecutive-max-penalty"):
        if key in annotations:
            assert re.fullmatch(GO_DURATION, annotations[key]), (key, annotations[key])
    for part in annotations.get("retry.linkerd.io/http", "5xx").split(","):
        assert part in ("5xx", "gateway-error") or re.fullmatch(r"[1-5][0-9][0-9](-[1-5][0-9][0-9])?",
                                                                 part), part
    assert annotations.get("balancer.linkerd.io/failure-accrual", "consecutive") == "consecutive"
    assert service["spec"]["ports"][0]["port"] > 0
    if len(docs) == 1:
        return
    [profile] = docs[1:]
    assert profile["apiVersion"] == "linkerd.io/v1alpha2" and profile["kind"] == "ServiceProfile"
    spec = profile["spec"]
    assert set(spec) <= {"routes", "retryBudget"}, spec
    for route in spec["routes"]:
        assert set(route) <= {"name", "condition", "isRetryable", "timeout"}, route
        assert route["condition"]["pathRegex"]
        if "timeout" in route:
            assert re.fullmatch(GO_DURATION, route["timeout"]), route["timeout"]
    budget = spec["retryBudget"]
    assert set(budget) == {"retryRatio", "minRetriesPerSecond", "ttl"}, budget
    # The CRD's types, and the bounds outside which linkerd2-proxy drops the budget
    # (service-profiles/src/proto.rs convert_retry_budget; tower's TpsBudget::new asserts).
    assert 0 <= budget["retryRatio"] <= 1000, budget
    assert isinstance(budget["minRetriesPerSecond"], int), budget
    assert 0 <= budget["minRetriesPerSecond"] < 2**31 - 1, budget
    assert re.fullmatch(GO_DURATION, budget["ttl"]), budget["ttl"]


def read_back(target, out):
    """import-config reads the output back (exit 0), as a user would run it."""
    with tempfile.TemporaryDirectory() as d:
        source = pathlib.Path(d) / f"exported.{target}.yaml"
        source.write_text(out)
        run = subprocess.run([exe, "import-config", str(source), "--format", target, "--out",
                              str(pathlib.Path(d) / "scenario.json")], capture_output=True,
                             text=True)
        assert run.returncode == 0, f"import-config exit {run.returncode}: {run.stderr.strip()}"


def schedule_of(scenario, seed):
    run = subprocess.run([exe, "schedule", str(scenario), "--seed", str(seed)], capture_output=True,
                         text=True)
    if run.returncode != 0:  # no retry strategy: nothing to compare
        return []
    return [float(line.split(",")[2]) for line in run.stdout.splitlines()[1:]]


def check_tenacity_waits(namespace, scenario):
    """The exported decorator's wait, asked by real tenacity for every retry, gives the delays
    `schedule` prints — where those are not random (two seeds agree)."""
    want = schedule_of(scenario, 1)
    if not want or want != schedule_of(scenario, 2):
        return
    decorated = [v for v in namespace.values() if hasattr(getattr(v, "retry", None), "wait")]
    assert decorated, "no tenacity-decorated function in the output"

    class State:  # what a wait strategy reads of tenacity's RetryCallState
        outcome = None

    for n, delay_ms in enumerate(want, start=1):
        state = State()
        state.attempt_number = n
        got = decorated[0].retry.wait(state) * 1000.0
        assert abs(got - delay_ms) < 1e-6, f"retry {n}: tenacity waits {got} ms, schedule {delay_ms}"


STRUCTURE = {"envoy": check_envoy, "toxiproxy": check_toxiproxy, "envoy-fault": check_envoy_fault,
             "chaos-mesh": check_chaos_mesh, "istio": check_istio, "linkerd": check_linkerd}
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
            if target in MULTI_DOCUMENT:
                doc = list(yaml.safe_load_all(out))
                assert doc and all(isinstance(d, dict) and d for d in doc), "an empty document"
            elif ext == "yaml":
                doc = yaml.safe_load(out)
                assert isinstance(doc, dict) and doc, "empty document"
            elif ext == "json":
                doc = json.loads(out)
                assert target != "grpc" or "methodConfig" in doc
            elif ext == "py":
                compile(out, golden.name, "exec")
                # Run it under the library this machine has (Debian 12: tenacity 8.2.1, urllib3
                # 1.26.12) when the output says that is new enough: every name it imports must
                # exist there, and building its objects must work.
                needs = re.search(rf"^# Needs {target} >= ([0-9.]+)[. ]", out, re.M)
                assert needs, f"the output names no minimum {target} version"
                if version_tuple(needs.group(1)) <= version_tuple(installed_version(target)):
                    namespace = {"__name__": "exported"}
                    exec(compile(out, golden.name, "exec"), namespace)
                    if target == "tenacity":
                        check_tenacity_waits(namespace, scenario)
            elif ext == "js":
                # Loaded by Node with the pinned cockatiel and opossum (tests/node): it must parse,
                # every name it takes from the library must exist, and building its policy or
                # breaker must work.
                with tempfile.TemporaryDirectory() as d:
                    module = pathlib.Path(d) / "exported.js"
                    module.write_text(out)
                    node = subprocess.run(
                        ["node", "-e", f"require({json.dumps(str(module))})"],
                        capture_output=True, text=True, timeout=60,
                        env=dict(os.environ, NODE_PATH=str(root / "tests" / "node" / "node_modules")))
                    assert node.returncode == 0, node.stderr.strip().splitlines()[-1:]
                    assert re.search(rf"^// Needs {target} >= [0-9.]+ ", out, re.M)
            else:
                for o, c in ("()", "{}", "[]"):
                    assert out.count(o) == out.count(c), f"unbalanced {o}{c}"
            if target in STRUCTURE:
                STRUCTURE[target](doc)
            if target in READ_BACK:
                read_back(target, out)
        except Exception as e:  # noqa: BLE001 - report any parse failure
            print(f"{where}: not valid {ext}: {e}")
            failed += 1
        if ("Not expressible" in out or '"not_expressible": [\n' in out) and "note:" not in run.stderr:
            print(f"{where}: notes in the output but no note on stderr")
            failed += 1
print(f"{len(scenarios) * len(targets)} exports checked, {failed} problems")
sys.exit(1 if failed else 0)

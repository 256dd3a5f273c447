// An Istio DestinationRule's load balancer and outlier detection (istio_traffic_policy.h).

#include "configimport/istio_traffic_policy.h"

#include "configimport/envoy_cluster.h"
#include "policy/load_balancer_spec.h"

namespace reslab {

namespace {

// retry.go L48-62: the default policy's HostSelectionRetryMaxAttempts.
inline constexpr int kIstioHostSelectionRetryMaxAttempts = 5;

} // namespace

void istioLoadBalancer(MeshReader& pr, const QJsonObject& policy, const std::string& policyPath,
                       const std::string& ruleName, const IstioHostPredicate& predicate,
                       ScenarioBuilder& b)
{
    b.strategy("load_balancer", "DestinationRule " + ruleName);
    const std::string lp = meshPath(policyPath, "loadBalancer");
    const QJsonObject lb = pr.object(policy, policyPath, "loadBalancer");
    if (lb.contains("consistentHash")) {
        const QJsonObject ch = lb.value("consistentHash").toObject();
        b.set("policy", ch.contains("maglev") ? "maglev" : "ring_hash");
        b.note(meshPath(lp, "consistentHash"),
               "the hash key (header, cookie, source IP, query parameter): request r's key is r "
               "mod hash_keys here",
               pr.place(meshPath(lp, "consistentHash")));
    } else if (const auto simple = pr.string(lb, lp, "simple")) {
        if (*simple == "ROUND_ROBIN")
            b.set("policy", "round_robin");
        else if (*simple == "LEAST_REQUEST" || *simple == "LEAST_CONN")
            b.set("policy", "least_request");
        else if (*simple == "RANDOM")
            b.set("policy", "random");
        else if (*simple == "UNSPECIFIED")
            b.fill("policy", "least_request", meshPath(lp, "simple"),
                   std::string(kIstioTrafficGo) + " defaultLBAlgorithm: LEAST_REQUEST");
        else if (*simple == "PASSTHROUGH") {
            b.note(meshPath(lp, "simple"), "PASSTHROUGH (the caller's address): round robin here",
                   pr.place(meshPath(lp, "simple")));
            b.set("policy", "round_robin");
        } else {
            pr.bad(meshPath(lp, "simple"), "unknown load balancer \"" + *simple + "\"");
        }
    } else {
        b.fill("policy", "least_request", meshPath(lp, "simple"),
               std::string(kIstioTrafficGo) + " defaultLBAlgorithm: LEAST_REQUEST");
    }
    if (lb.contains("warmupDurationSecs") || lb.contains("warmup"))
        b.note(meshPath(lp, "warmup"), "slow start is not simulated", pr.place(lp));
    // The default policy's previous_hosts predicate, which the consistent-hash variant drops.
    if (predicate.previousHosts && b.size() > 1 && !lb.contains("consistentHash")) {
        if (predicate.explicitlySet)
            b.set("retry_host_predicate", "previous_hosts");
        else
            b.fill("retry_host_predicate", "previous_hosts",
                   meshPath(predicate.retriesPath, "retryIgnorePreviousHosts"),
                   std::string(kIstioRetryGo) + " default policy: previous_hosts");
        b.fill("host_selection_retry_max_attempts", double(kIstioHostSelectionRetryMaxAttempts),
               predicate.retriesPath,
               std::string(kIstioRetryGo) + " HostSelectionRetryMaxAttempts");
    }
    int hosts = kSkeletonReplicas;
    if (policy.contains("outlierDetection")) {
        const std::string op = meshPath(policyPath, "outlierDetection");
        const QJsonObject od = pr.object(policy, policyPath, "outlierDetection");
        const std::string o = "outlier_detection.";
        const std::string odGo = std::string(kIstioTrafficGo) + " applyOutlierDetection";
        b.fixed(o + "enforcing_success_rate", 0.0); // L501: success-rate ejection off
        b.note(op, "Istio turns success-rate ejection off (enforcing_success_rate 0)",
               pr.place(op));
        if (const auto n = pr.whole(od, op, "consecutive5xxErrors", 0, 1'000'000'000)) {
            b.set(o + "consecutive_5xx", double(*n));
            b.set(o + "enforcing_consecutive_5xx", *n > 0 ? 100.0 : 0.0);
        } else {
            b.fill(o + "consecutive_5xx", double(kEnvoyOdConsecutive5xx),
                   meshPath(op, "consecutive5xxErrors"), "Envoy DEFAULT_CONSECUTIVE_5XX");
        }
        if (const auto n = pr.whole(od, op, "consecutiveGatewayErrors", 0, 1'000'000'000)) {
            b.set(o + "consecutive_gateway_failure", double(*n));
            b.set(o + "enforcing_consecutive_gateway_failure", *n > 0 ? 100.0 : 0.0);
        } else {
            b.fill(o + "enforcing_consecutive_gateway_failure", 0.0,
                   meshPath(op, "consecutiveGatewayErrors"),
                   "Envoy DEFAULT_ENFORCING_CONSECUTIVE_GATEWAY_FAILURE (off)");
        }
        if (const auto t = pr.goDuration(od, op, "interval"))
            b.set(o + "interval_ms", *t);
        else
            b.fill(o + "interval_ms", kEnvoyOdIntervalMs, meshPath(op, "interval"),
                   "Envoy DEFAULT_INTERVAL_MS");
        if (const auto t = pr.goDuration(od, op, "baseEjectionTime"))
            b.set(o + "base_ejection_time_ms", *t);
        else
            b.fill(o + "base_ejection_time_ms", kEnvoyOdBaseEjectionTimeMs,
                   meshPath(op, "baseEjectionTime"), "Envoy DEFAULT_BASE_EJECTION_TIME_MS");
        double maxPercent = kEnvoyOdMaxEjectionPercent;
        if (const auto p = pr.whole(od, op, "maxEjectionPercent", 0, 100); p && *p > 0) {
            maxPercent = double(*p);
            b.set(o + "max_ejection_percent", maxPercent);
        } else {
            b.fill(o + "max_ejection_percent", kEnvoyOdMaxEjectionPercent,
                   meshPath(op, "maxEjectionPercent"),
                   "Envoy DEFAULT_MAX_EJECTION_PERCENT (Istio sets it only when > 0)");
        }
        const bool split = pr.boolean(od, op, "splitExternalLocalOriginErrors").value_or(false);
        if (split) {
            b.set(o + "split_external_local_origin_errors", true);
            b.set(o + "enforcing_local_origin_success_rate", 0.0);
            if (const auto n = pr.whole(od, op, "consecutiveLocalOriginFailures", 0, 1'000'000'000);
                n && *n > 0) {
                b.set(o + "consecutive_local_origin_failure", double(*n));
                b.set(o + "enforcing_consecutive_local_origin_failure", 100.0);
            }
        }
        if (const auto p = pr.whole(od, op, "minHealthPercent", 0, 100))
            b.set("healthy_panic_threshold", double(*p));
        else
            b.fill("healthy_panic_threshold", 0.0, meshPath(op, "minHealthPercent"),
                   odGo + ": healthy_panic_threshold = minHealthPercent, 0 (no panic) unless set");
        if (od.contains("consecutiveErrors"))
            b.note(meshPath(op, "consecutiveErrors"),
                   "deprecated and ignored by current pilot (use consecutive5xxErrors)",
                   pr.place(meshPath(op, "consecutiveErrors")));
        if (od.contains("outlierDetectionHttpErrorCodes"))
            b.note(meshPath(op, "outlierDetectionHttpErrorCodes"),
                   "the error matcher replacing 5xx is not simulated (every 5xx counts here)",
                   pr.place(meshPath(op, "outlierDetectionHttpErrorCodes")));
        if (const std::string n = ejectionGateNote(hosts, maxPercent, false); !n.empty())
            b.note(meshPath(op, "maxEjectionPercent"), n, pr.place(op));
    } else {
        b.fill("healthy_panic_threshold", kEnvoyHealthyPanicThreshold,
               meshPath(policyPath, "outlierDetection"),
               "Envoy's 50 % (Istio sets minHealthPercent only with outlierDetection)");
    }
    b.fleet(hosts, {}, "DestinationRule",
            "a skeleton fleet: Istio's resources list no endpoints, so a few hosts to edit");
}

} // namespace reslab

#include "configimport/envoy_cluster.h"

#include "policy/envoy_retry_spec.h"
#include "policy/load_balancer_spec.h"
#include "policy/outlier_detection_fields.h"

#include <QString>
#include <cmath>

namespace reslab {

namespace {

// Envoy's weights are uint32; the scenario's host weight is Envoy's load_balancing_weight within
// 1–128 (scenario-format.md "hosts").
inline constexpr double kMaxHostWeight = 128;
// Circuit breaker thresholds are uint32 in cluster.proto.
inline constexpr double kMaxThreshold = 4'294'967'295.0;

const char* const kOutlierOrigin = "Envoy outlier_detection_impl.h DEFAULT_*";

// Reads outlier_detection into the scenario's object; every field it does not give is Envoy's
// default, filled in and listed. Returns (max_ejection_percent, always_eject_one_host).
std::pair<double, bool> outlierDetection(MeshReader& r, const QJsonObject& od,
                                         const std::string& path, ScenarioBuilder& b)
{
    double maxPercent = kEnvoyOdMaxEjectionPercent, base = kEnvoyOdBaseEjectionTimeMs;
    bool always = false;
    for (const OutlierDetectionField& f : kOutlierDetectionFields) {
        const std::string key = "outlier_detection." + std::string(f.key);
        const std::string proto(f.proto);
        const std::string source = meshPath(path, proto);
        QJsonValue v(QJsonValue::Undefined);
        switch (f.kind) {
        case OutlierDetectionField::Kind::Duration:
            if (const auto ms = r.protoDuration(od, path, proto.c_str())) v = *ms;
            break;
        case OutlierDetectionField::Kind::Percent:
            if (const auto p = r.number(od, path, proto.c_str(), 0, 100)) v = *p;
            break;
        case OutlierDetectionField::Kind::Count:
            if (const auto n = r.whole(od, path, proto.c_str(), 0, 1'000'000'000)) v = double(*n);
            break;
        case OutlierDetectionField::Kind::Flag:
            if (const auto flag = r.boolean(od, path, proto.c_str())) v = *flag;
            break;
        }
        if (f.proto == "base_ejection_time" && v.isDouble()) base = v.toDouble();
        if (v.isUndefined()) {
            const std::optional<double> envoyDefault = f.envoyDefault();
            if (!envoyDefault) { // DetectorConfig: max(DEFAULT_MAX_EJECTION_TIME_MS, base)
                b.listed(key, std::max(kEnvoyOdMaxEjectionTimeMs, base), source,
                         "Envoy DetectorConfig: max(DEFAULT_MAX_EJECTION_TIME_MS 300 s, "
                         "base_ejection_time)");
                continue;
            }
            if (f.kind == OutlierDetectionField::Kind::Flag)
                v = *envoyDefault != 0.0;
            else
                v = *envoyDefault;
            b.fill(key, v, source, kOutlierOrigin);
        } else {
            b.set(key, v);
        }
        if (f.proto == "max_ejection_percent") maxPercent = v.toDouble();
        if (f.proto == "always_eject_one_host") always = v.toBool();
    }
    for (const char* key :
         {"successful_active_health_check_uneject_host", "detect_degraded_hosts", "monitors"})
        if (od.contains(key))
            b.note(meshPath(path, key),
                   "not simulated (no active health checks or degraded hosts "
                   "here)",
                   r.place(meshPath(path, key)));
    return {maxPercent, always};
}

std::optional<const char*> policyName(const std::string& envoy)
{
    if (envoy == "ROUND_ROBIN") return "round_robin";
    if (envoy == "LEAST_REQUEST") return "least_request";
    if (envoy == "RANDOM") return "random";
    if (envoy == "RING_HASH") return "ring_hash";
    if (envoy == "MAGLEV") return "maglev";
    return std::nullopt;
}

// The typed load_balancing_policy (Envoy ≥ 1.24 writes it beside, or instead of, lb_policy): the
// first policy this model has, and its config.
std::optional<std::pair<const char*, QJsonObject>> typedPolicy(const QJsonObject& cluster)
{
    const QJsonArray policies =
        cluster.value("load_balancing_policy").toObject().value("policies").toArray();
    for (const QJsonValue& p : policies) {
        const QJsonObject typed = p.toObject()
                                      .value("typed_extension_config")
                                      .toObject()
                                      .value("typed_config")
                                      .toObject();
        const std::string type = typed.value("@type").toString().toStdString();
        for (const auto& [suffix, name] :
             {std::pair{"LeastRequest", "least_request"}, std::pair{"RoundRobin", "round_robin"},
              std::pair{"Random", "random"}, std::pair{"RingHash", "ring_hash"},
              std::pair{"Maglev", "maglev"}})
            if (type.size() > std::string(suffix).size() &&
                type.compare(type.size() - std::string(suffix).size(), std::string::npos, suffix) ==
                    0)
                return std::pair{name, typed};
    }
    return std::nullopt;
}

} // namespace

void envoyCircuitBreakers(MeshReader& r, const QJsonObject& cluster, const std::string& path,
                          ScenarioBuilder& b)
{
    const std::string cbPath = meshPath(path, "circuit_breakers");
    const QJsonObject cb = r.object(cluster, path, "circuit_breakers");
    const QJsonArray thresholds = r.array(cb, cbPath, "thresholds");
    QJsonObject chosen;
    std::string at = cbPath + ".thresholds";
    for (qsizetype i = 0; i < thresholds.size(); ++i) {
        const QJsonObject t = thresholds[i].toObject();
        const std::string priority = t.value("priority").toString("DEFAULT").toStdString();
        const std::string tp = cbPath + ".thresholds[" + std::to_string(i) + "]";
        if (priority == "DEFAULT") {
            chosen = t;
            at = tp;
        } else {
            b.note(tp,
                   "the " + priority +
                       " priority's thresholds (every request here is of the "
                       "default priority)",
                   r.place(tp));
        }
    }
    const char* const origin = "Envoy ClusterInfoImpl::createResourceManager (upstream_impl.cc)";
    if (const auto n = r.whole(chosen, at, "max_retries", 0, kMaxThreshold))
        b.set("circuit_breakers.max_retries", double(*n));
    else
        b.fill("circuit_breakers.max_retries", double(kEnvoyDefaultMaxRetries),
               meshPath(at, "max_retries"), origin);
    if (const auto n = r.whole(chosen, at, "max_requests", 0, kMaxThreshold))
        b.set("circuit_breakers.max_requests", double(*n));
    else
        b.fill("circuit_breakers.max_requests", double(kEnvoyDefaultMaxRequests),
               meshPath(at, "max_requests"), origin);
    if (chosen.contains("retry_budget")) {
        const std::string bp = meshPath(at, "retry_budget");
        const QJsonObject budget = r.object(chosen, at, "retry_budget");
        const char* const bo = "Envoy resource_manager_impl.h RetryBudgetImpl";
        if (const auto p = r.number(budget, bp, "budget_percent", 0, 100))
            b.set("circuit_breakers.retry_budget.budget_percent", *p);
        else
            b.fill("circuit_breakers.retry_budget.budget_percent", 20.0,
                   meshPath(bp, "budget_percent"), bo);
        if (const auto n = r.whole(budget, bp, "min_retry_concurrency", 0, kMaxThreshold))
            b.set("circuit_breakers.retry_budget.min_retry_concurrency", double(*n));
        else
            b.fill("circuit_breakers.retry_budget.min_retry_concurrency", 3.0,
                   meshPath(bp, "min_retry_concurrency"), bo);
        if (budget.contains("budget_interval"))
            b.note(meshPath(bp, "budget_interval"),
                   "newer Envoy's window of requests started (not modelled: the budget counts "
                   "the requests in flight)",
                   r.place(meshPath(bp, "budget_interval")));
    }
    for (const char* key : {"max_connections", "max_pending_requests", "max_connection_pools"})
        if (chosen.contains(key))
            b.note(meshPath(at, key),
                   "an HTTP/1.1 connection pool's limit, which this model has no connections for "
                   "(write it as a bulkhead below the retry: docs/semantics.md, \"Envoy\")",
                   r.place(meshPath(at, key)));
}

int envoyLoadBalancer(MeshReader& r, const QJsonObject& cluster, const std::string& path,
                      const EnvoyHostSelection& selection, MeshReader* ar,
                      const QJsonObject& assignment, const std::string& apath, ScenarioBuilder& b)
{
    const std::string name = cluster.value("name").toString().toStdString();
    b.strategy("load_balancer", "cluster " + (name.empty() ? std::string("(fragment)") : name));
    QJsonObject lrConfig = r.object(cluster, path, "least_request_lb_config");
    std::string lrPath = meshPath(path, "least_request_lb_config");
    if (const auto typed = typedPolicy(cluster)) {
        b.set("policy", typed->first);
        lrConfig = typed->second;
        lrPath = meshPath(path, "load_balancing_policy");
    } else if (cluster.contains("load_balancing_policy")) {
        // Envoy takes the first policy of the list that it has an extension for; none of these
        // is one this model has (Envoy's contrib peak_ewma, client_side_weighted_round_robin, …).
        b.note(meshPath(path, "load_balancing_policy"),
               "none of its policies is one this model has (round robin taken)",
               r.place(meshPath(path, "load_balancing_policy")));
        b.set("policy", "round_robin");
    } else if (const auto lb = r.string(cluster, path, "lb_policy")) {
        if (const auto p = policyName(*lb)) {
            b.set("policy", *p);
        } else {
            b.note(meshPath(path, "lb_policy"),
                   *lb + ": not one of Envoy's policies this model has (round robin taken)",
                   r.place(meshPath(path, "lb_policy")));
            b.set("policy", "round_robin");
        }
    } else {
        b.fill("policy", "round_robin", meshPath(path, "lb_policy"),
               "Envoy cluster.proto: lb_policy ROUND_ROBIN (0)");
    }
    if (const auto n = r.whole(lrConfig, lrPath, "choice_count", 2, 100))
        b.set("choice_count", double(*n));
    if (lrConfig.contains("active_request_bias")) {
        const QJsonObject bias = lrConfig.value("active_request_bias").toObject();
        if (const auto v =
                r.number(bias, meshPath(lrPath, "active_request_bias"), "default_value", 0, 100))
            b.set("active_request_bias", *v);
    }
    const QJsonObject common = r.object(cluster, path, "common_lb_config");
    const std::string commonPath = meshPath(path, "common_lb_config");
    if (const auto t = r.number(common, commonPath, "healthy_panic_threshold", 0, 100))
        b.set("healthy_panic_threshold", *t);
    else
        b.fill("healthy_panic_threshold", kEnvoyHealthyPanicThreshold,
               meshPath(commonPath, "healthy_panic_threshold"),
               "Envoy load_balancer_impl.cc: 50 % by default");
    for (const char* key : {"zone_aware_lb_config", "locality_weighted_lb_config",
                            "consistent_hashing_lb_config", "override_host_status"})
        if (common.contains(key))
            b.note(meshPath(commonPath, key), "not simulated", r.place(meshPath(commonPath, key)));
    if (selection.previousHosts) {
        b.set("retry_host_predicate", "previous_hosts");
        if (selection.maxAttempts)
            b.set("host_selection_retry_max_attempts", double(*selection.maxAttempts));
        else
            b.fill("host_selection_retry_max_attempts", double(kEnvoyHostSelectionRetryMaxAttempts),
                   meshPath(selection.path, "host_selection_retry_max_attempts"),
                   "Envoy RetryPolicyImpl host_selection_attempts_{1} (router/config_impl.h)");
    }
    double maxPercent = kEnvoyOdMaxEjectionPercent;
    bool always = false;
    const bool outliers = cluster.contains("outlier_detection");
    if (outliers)
        std::tie(maxPercent, always) =
            outlierDetection(r, r.object(cluster, path, "outlier_detection"),
                             meshPath(path, "outlier_detection"), b);

    // The fleet: one host per lb_endpoint, in order.
    int hosts = 0;
    QJsonArray overrides;
    bool zones = false;
    if (ar) {
        const QJsonArray localities = ar->array(assignment, apath, "endpoints");
        for (qsizetype l = 0; l < localities.size(); ++l) {
            const std::string lp = apath + ".endpoints[" + std::to_string(l) + "]";
            const QJsonObject locality = localities[l].toObject();
            const std::string zone =
                locality.value("locality").toObject().value("zone").toString().toStdString();
            if (const auto prio = ar->whole(locality, lp, "priority", 0, 1000); prio && *prio > 0)
                b.note(meshPath(lp, "priority"),
                       "priority levels (their hosts are counted with the others)",
                       ar->place(meshPath(lp, "priority")));
            if (locality.contains("load_balancing_weight"))
                b.note(meshPath(lp, "load_balancing_weight"), "locality weights",
                       ar->place(meshPath(lp, "load_balancing_weight")));
            const QJsonArray lbEndpoints = ar->array(locality, lp, "lb_endpoints");
            for (qsizetype e = 0; e < lbEndpoints.size(); ++e, ++hosts) {
                const std::string ep = lp + ".lb_endpoints[" + std::to_string(e) + "]";
                const QJsonObject endpoint = lbEndpoints[e].toObject();
                QJsonObject o{{"index", hosts}};
                if (!zone.empty()) {
                    o.insert("zone", QString::fromStdString(zone));
                    zones = true;
                }
                if (auto w = ar->number(endpoint, ep, "load_balancing_weight", 1, kMaxThreshold);
                    w && *w != 1) {
                    if (*w > kMaxHostWeight) {
                        b.note(meshPath(ep, "load_balancing_weight"),
                               "weights above 128 are taken as 128 here",
                               ar->place(meshPath(ep, "load_balancing_weight")));
                        w = kMaxHostWeight;
                    }
                    o.insert("weight", std::floor(*w));
                }
                if (o.size() > 1) overrides.append(o);
            }
        }
    }
    (void)zones;
    if (hosts > kMaxFleetHosts) {
        r.bad(apath, std::to_string(hosts) + " endpoints: a fleet here has at most " +
                         std::to_string(kMaxFleetHosts) + " hosts");
        return 0;
    }
    if (hosts > 0) {
        b.fleet(hosts, overrides, "", "");
    } else {
        hosts = kSkeletonReplicas;
        b.fleet(hosts, {}, ar ? apath : meshPath(path, "load_assignment"),
                "a skeleton fleet: the file lists no endpoints (EDS), so a few hosts to edit");
    }
    if (outliers)
        if (const std::string n = ejectionGateNote(hosts, maxPercent, always); !n.empty())
            b.note(meshPath(path, "outlier_detection.max_ejection_percent"), n,
                   r.place(meshPath(path, "outlier_detection")));
    return hosts;
}

} // namespace reslab

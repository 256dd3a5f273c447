// Istio: VirtualService and DestinationRule YAML (several documents, several files), as pilot
// writes them into Envoy (istio 86c9f01f: pilot/pkg/networking/core/route/retry/retry.go,
// cluster_traffic_policy.go; docs/semantics.md "Istio"). One VirtualService's first HTTP route is
// imported with the DestinationRule of its destination host: route timeout → retry (Envoy mode,
// Istio's default policy when the route has no retries) → per-try timeout → load_balancer with
// Istio's outlierDetection mapping. A DestinationRule alone is imported with the default route.

#include "configimport/envoy_cluster.h"
#include "configimport/format_importers.h"
#include "configimport/mesh_tree.h"
#include "configimport/scenario_builder.h"
#include "policy/envoy_retry.h"
#include "policy/envoy_retry_spec.h"
#include "policy/load_balancer_spec.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

namespace reslab {

namespace {

// retry.go L36-37 (defaultNumRetries, defaultRetryOn) and L48-62 (the default policy: previous
// hosts, HostSelectionRetryMaxAttempts 5, no retriable status codes since 1.24).
inline constexpr int kIstioDefaultNumRetries = 2;
inline constexpr const char* kIstioDefaultRetryOn =
    "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes";
inline constexpr int kIstioHostSelectionRetryMaxAttempts = 5;
// Envoy's retry back-off when Istio sets none (retry_state_impl.cc: 25 ms, 10 ×).
inline constexpr double kImportEnvoyBaseMs = 25.0;
// applyRetryBudget (cluster_traffic_policy.go L235-257): percent 20 unless set, min 3 unless > 0.
inline constexpr double kIstioRetryBudgetPercent = 20.0;
inline constexpr double kIstioRetryBudgetMinConcurrency = 3.0;
const char* const kRetryGo = "istio retry.go";
const char* const kTrafficGo = "istio cluster_traffic_policy.go";

struct Resource
{
    const MeshDocument* doc;
    std::string kind;
    std::string name;
    QJsonObject spec;
};

// "reviews.default.svc.cluster.local" and "reviews" name one service (Istio's short names resolve
// in the resource's namespace).
std::string shortHost(const std::string& host)
{
    return host.substr(0, host.find('.'));
}

void mergePolicy(QJsonObject& into, const QJsonObject& from)
{
    for (auto it = from.begin(); it != from.end(); ++it)
        into.insert(it.key(), it.value()); // Istio's MergeTrafficPolicy: whole fields replace
}

} // namespace

bool importIstio(const std::vector<ConfigSource>& files, const ConfigImportOptions& options,
                 ImportedConfig& out, ConfigProblems& problems)
{
    std::vector<MeshDocument> docs;
    for (const ConfigSource& f : files)
        if (!readMeshDocuments(f.path, f.bytes, docs, problems)) return false;
    std::vector<std::string> paths;
    for (const ConfigSource& f : files)
        paths.push_back(f.path);
    ScenarioBuilder b(ConfigFormat::Istio, paths);
    std::vector<Resource> services, rules;
    for (const MeshDocument& d : docs) {
        const QJsonObject root = d.root.toObject();
        const std::string kind = root.value("kind").toString().toStdString();
        const std::string api = root.value("apiVersion").toString().toStdString();
        const std::string name =
            root.value("metadata").toObject().value("name").toString().toStdString();
        if (api.rfind("networking.istio.io/", 0) != 0 ||
            (kind != "VirtualService" && kind != "DestinationRule")) {
            b.note(kind.empty() ? std::string("(a document)") : kind + " " + name,
                   "not read (only VirtualService and DestinationRule are)", d.place(""));
            continue;
        }
        if (!root.value("spec").isObject()) {
            problems.push_back(problemAt(d.place("spec"), kind + " " + name + ": has no spec"));
            return false;
        }
        (kind == "VirtualService" ? services : rules)
            .push_back({&d, kind, name, root.value("spec").toObject()});
    }
    if (services.empty() && rules.empty()) {
        problems.push_back({files.front().path, 0, 0,
                            "no VirtualService or DestinationRule (networking.istio.io) here"});
        return false;
    }
    std::vector<std::string> names;
    for (const Resource& r : services)
        names.push_back(r.name);
    if (services.empty())
        for (const Resource& r : rules)
            names.push_back(r.name);
    const std::vector<Resource>& pool = services.empty() ? rules : services;
    const Resource* chosen = &pool.front();
    if (!options.instance.empty()) {
        chosen = nullptr;
        for (const Resource& r : pool) {
            bool hit = r.name == options.instance;
            for (const QJsonValue& h : r.spec.value("hosts").toArray())
                hit = hit || h.toString().toStdString() == options.instance;
            hit = hit || r.spec.value("host").toString().toStdString() == options.instance;
            if (hit && !chosen) chosen = &r;
        }
        if (!chosen) {
            std::string list;
            for (const auto& n : names)
                list += (list.empty() ? "" : ", ") + n;
            problems.push_back({files.front().path, 0, 0,
                                "no VirtualService or DestinationRule named \"" + options.instance +
                                    "\" (the file has: " + list + ")"});
            return false;
        }
    }
    b.setInstance(chosen->name, names);

    // The route and its destination.
    QJsonObject http;
    std::string hp = "spec";
    std::string host, subset;
    const MeshDocument* vsDoc = nullptr;
    if (chosen->kind == "VirtualService") {
        vsDoc = chosen->doc;
        MeshReader r(*vsDoc, problems);
        const QJsonArray routes = r.array(chosen->spec, "spec", "http");
        if (routes.isEmpty()) {
            problems.push_back(problemAt(
                vsDoc->place("spec"), "VirtualService " + chosen->name +
                                          ": no http route (tcp and tls routes have no retries)"));
            return false;
        }
        http = routes[0].toObject();
        hp = "spec.http[0]";
        if (routes.size() > 1)
            b.note("spec.http",
                   "the VirtualService has " + std::to_string(routes.size()) +
                       " http routes; the first is imported",
                   vsDoc->place("spec.http"));
        const QJsonArray dests = http.value("route").toArray();
        if (!dests.isEmpty()) {
            const QJsonObject dest = dests[0].toObject().value("destination").toObject();
            host = dest.value("host").toString().toStdString();
            subset = dest.value("subset").toString().toStdString();
            if (dests.size() > 1)
                b.note(hp + ".route",
                       "traffic split over " + std::to_string(dests.size()) +
                           " destinations: the first is simulated",
                       vsDoc->place(hp + ".route"));
        }
        if (host.empty()) {
            const QJsonArray hosts = chosen->spec.value("hosts").toArray();
            if (!hosts.isEmpty()) host = hosts[0].toString().toStdString();
        }
        for (const char* key : {"fault", "mirror", "mirrorPercentage", "match", "rewrite",
                                "redirect", "corsPolicy", "headers"})
            if (http.contains(key))
                b.note(meshPath(hp, key),
                       std::string(key) == "fault"
                           ? "fault injection: write it as the endpoint's failures and latency"
                           : "not simulated",
                       vsDoc->place(meshPath(hp, key)));
    } else {
        host = chosen->spec.value("host").toString().toStdString();
    }
    // The DestinationRule for the host, and the subset's policy over it.
    const Resource* rule = chosen->kind == "DestinationRule" ? chosen : nullptr;
    for (const Resource& r : rules)
        if (!rule && shortHost(r.spec.value("host").toString().toStdString()) == shortHost(host))
            rule = &r;
    QJsonObject policy;
    std::string policyPath = "spec.trafficPolicy";
    if (rule) {
        policy = rule->spec.value("trafficPolicy").toObject();
        if (!subset.empty())
            for (const QJsonValue& s : rule->spec.value("subsets").toArray())
                if (s.toObject().value("name").toString().toStdString() == subset)
                    mergePolicy(policy, s.toObject().value("trafficPolicy").toObject());
        if (policy.contains("portLevelSettings"))
            b.note("spec.trafficPolicy.portLevelSettings", "per-port policies are not read",
                   rule->doc->place("spec.trafficPolicy.portLevelSettings"));
        for (const char* key : {"tls", "loadBalancer.localityLbSetting", "tunnel", "proxyProtocol"})
            if (policy.contains(key))
                b.note(meshPath(policyPath, key), "not simulated",
                       rule->doc->place(meshPath(policyPath, key)));
    }
    const MeshDocument& ruleDoc = rule ? *rule->doc : *chosen->doc;
    MeshReader pr(ruleDoc, problems);

    // Route timeout (virtual_service.proto: "default is disabled").
    MeshReader vr(vsDoc ? *vsDoc : ruleDoc, problems);
    if (const auto t = vr.goDuration(http, hp, "timeout"); t && *t > 0) {
        b.strategy("timeout", "route timeout");
        b.set("timeout_ms", *t);
    } else if (!t) {
        b.note(meshPath(hp, "timeout"),
               "not set: Istio disables the route timeout (virtual_service.proto), so Envoy's "
               "15 s does not apply and no timeout is written");
    }
    // Retries.
    const QJsonObject retries = vr.object(http, hp, "retries");
    const std::string rp = meshPath(hp, "retries");
    const bool custom = http.contains("retries");
    const auto attempts = vr.whole(retries, rp, "attempts", -2147483648LL, 2147483647LL);
    std::optional<double> perTry;
    bool previousHosts = false;
    if (custom && attempts && *attempts <= 0) {
        b.note(meshPath(rp, "attempts"), "0: no retries (ConvertPolicy returns no policy)",
               vr.place(meshPath(rp, "attempts")));
    } else {
        b.strategy("retry", custom ? "retries" : "Istio's default retries");
        std::vector<int> codes;
        std::string classes;
        if (const auto on = vr.string(retries, rp, "retryOn"); on && !on->empty()) {
            // parseRetryOn (retry.go L202): integers are status codes; retriable-status-codes
            // is added when there are some.
            for (const QString& part : QString::fromStdString(*on).split(',')) {
                const QString t = part.trimmed();
                bool isCode = false;
                const int code = t.toInt(&isCode);
                if (isCode) {
                    if (code < 100 || code > 599)
                        vr.bad(meshPath(rp, "retryOn"), "not an HTTP status: " + t.toStdString());
                    codes.push_back(code);
                } else if (!t.isEmpty()) {
                    classes += (classes.empty() ? "" : ",") + t.toStdString();
                }
            }
            if (!codes.empty() && classes.find("retriable-status-codes") == std::string::npos)
                classes += (classes.empty() ? "" : ",") + std::string("retriable-status-codes");
            const EnvoyRetryOnParse parsed = parseEnvoyRetryOn(classes);
            for (const std::string& u : parsed.unknown)
                vr.bad(meshPath(rp, "retryOn"), "unknown retry condition \"" + u + "\"");
            b.set("retry_on", QString::fromStdString(envoyRetryOnText(parsed.retryOn)));
        } else {
            b.fill("retry_on", kIstioDefaultRetryOn, meshPath(rp, "retryOn"),
                   std::string(kRetryGo) + " defaultRetryOn (no 503 since Istio 1.24)");
        }
        if (attempts)
            b.set("num_retries", double(*attempts));
        else
            b.fill("num_retries", double(kIstioDefaultNumRetries), meshPath(rp, "attempts"),
                   std::string(kRetryGo) + " defaultNumRetries");
        if (!codes.empty()) {
            QJsonArray list;
            for (int c : codes)
                list.append(c);
            b.set("retriable_status_codes", list);
        }
        if (const auto backoff = vr.goDuration(retries, rp, "backoff"))
            b.set("backoff", QJsonObject{{"type", "envoy"},
                                         {"initial_ms", *backoff},
                                         {"max_ms", *backoff * 10}});
        else
            b.fill("backoff",
                   QJsonObject{{"type", "envoy"},
                               {"initial_ms", kImportEnvoyBaseMs},
                               {"max_ms", kImportEnvoyBaseMs * 10}},
                   meshPath(rp, "backoff"),
                   "Envoy's retry back-off (Istio sets none): 25 ms, max 10 ×");
        perTry = vr.goDuration(retries, rp, "perTryTimeout");
        previousHosts = !(vr.boolean(retries, rp, "retryIgnorePreviousHosts") == false);
        if (retries.contains("retryRemoteLocalities"))
            b.note(meshPath(rp, "retryRemoteLocalities"),
                   "ignored: the fleet has one locality (Envoy's previous_priorities)",
                   vr.place(meshPath(rp, "retryRemoteLocalities")));
        // connectionPool and retryBudget: the cluster's retry circuit breaker.
        const std::string cp = meshPath(policyPath, "connectionPool");
        const QJsonObject pool = pr.object(policy, policyPath, "connectionPool");
        const QJsonObject h = pr.object(pool, cp, "http");
        const std::string hpp = meshPath(cp, "http");
        const std::string maxOrigin =
            std::string(kTrafficGo) + " getDefaultCircuitBreakerThresholds: math.MaxUint32";
        if (const auto n = pr.whole(h, hpp, "maxRetries", 0, 4'294'967'295LL))
            b.set("circuit_breakers.max_retries", double(*n));
        else
            b.fill("circuit_breakers.max_retries", double(kIstioCircuitBreakerThreshold),
                   meshPath(hpp, "maxRetries"), maxOrigin);
        if (const auto n = pr.whole(h, hpp, "http2MaxRequests", 0, 4'294'967'295LL))
            b.set("circuit_breakers.max_requests", double(*n));
        else
            b.fill("circuit_breakers.max_requests", double(kIstioCircuitBreakerThreshold),
                   meshPath(hpp, "http2MaxRequests"), maxOrigin);
        for (const char* key :
             {"http1MaxPendingRequests", "maxRequestsPerConnection", "idleTimeout",
              "h2UpgradePolicy", "useClientProtocol", "maxConcurrentStreams"})
            if (h.contains(key))
                b.note(meshPath(hpp, key), "a connection pool setting (no connections here)",
                       pr.place(meshPath(hpp, key)));
        if (pool.contains("tcp"))
            b.note(meshPath(cp, "tcp"), "TCP connection settings (no connections here)",
                   pr.place(meshPath(cp, "tcp")));
        if (policy.contains("retryBudget")) {
            const std::string bp = meshPath(policyPath, "retryBudget");
            const QJsonObject budget = pr.object(policy, policyPath, "retryBudget");
            if (const auto p = pr.number(budget, bp, "percent", 0, 100))
                b.set("circuit_breakers.retry_budget.budget_percent", *p);
            else
                b.fill("circuit_breakers.retry_budget.budget_percent", kIstioRetryBudgetPercent,
                       meshPath(bp, "percent"), std::string(kTrafficGo) + " applyRetryBudget");
            if (const auto n = pr.whole(budget, bp, "minRetryConcurrency", 0, 4'294'967'295LL);
                n && *n > 0)
                b.set("circuit_breakers.retry_budget.min_retry_concurrency", double(*n));
            else
                b.fill("circuit_breakers.retry_budget.min_retry_concurrency",
                       kIstioRetryBudgetMinConcurrency, meshPath(bp, "minRetryConcurrency"),
                       std::string(kTrafficGo) + " applyRetryBudget");
            if (budget.contains("budgetInterval"))
                b.note(meshPath(bp, "budgetInterval"),
                       "Envoy's window of requests started: not modelled (the budget counts the "
                       "requests in flight)",
                       pr.place(meshPath(bp, "budgetInterval")));
        }
        if (perTry) {
            b.strategy("timeout", "perTryTimeout");
            b.set("timeout_ms", *perTry);
        }
    }
    if (problems.size()) return false;

    // The cluster: load balancer and outlier detection.
    b.strategy("load_balancer", "DestinationRule " + (rule ? rule->name : std::string("(none)")));
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
                   std::string(kTrafficGo) + " defaultLBAlgorithm: LEAST_REQUEST");
        else if (*simple == "PASSTHROUGH") {
            b.note(meshPath(lp, "simple"), "PASSTHROUGH (the caller's address): round robin here",
                   pr.place(meshPath(lp, "simple")));
            b.set("policy", "round_robin");
        } else {
            pr.bad(meshPath(lp, "simple"), "unknown load balancer \"" + *simple + "\"");
        }
    } else {
        b.fill("policy", "least_request", meshPath(lp, "simple"),
               std::string(kTrafficGo) + " defaultLBAlgorithm: LEAST_REQUEST");
    }
    if (lb.contains("warmupDurationSecs") || lb.contains("warmup"))
        b.note(meshPath(lp, "warmup"), "slow start is not simulated", pr.place(lp));
    // The default policy's previous_hosts predicate, which the consistent-hash variant drops.
    if (previousHosts && b.size() > 1 && !lb.contains("consistentHash")) {
        if (retries.contains("retryIgnorePreviousHosts"))
            b.set("retry_host_predicate", "previous_hosts");
        else
            b.fill("retry_host_predicate", "previous_hosts",
                   meshPath(rp, "retryIgnorePreviousHosts"),
                   std::string(kRetryGo) + " default policy: previous_hosts");
        b.fill("host_selection_retry_max_attempts", double(kIstioHostSelectionRetryMaxAttempts), rp,
               std::string(kRetryGo) + " HostSelectionRetryMaxAttempts");
    }
    int hosts = kSkeletonReplicas;
    if (policy.contains("outlierDetection")) {
        const std::string op = meshPath(policyPath, "outlierDetection");
        const QJsonObject od = pr.object(policy, policyPath, "outlierDetection");
        const std::string o = "outlier_detection.";
        const std::string odGo = std::string(kTrafficGo) + " applyOutlierDetection";
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
    if (problems.size()) return false;
    return b.finish(host.empty() ? chosen->name : shortHost(host), out, problems);
}

} // namespace reslab

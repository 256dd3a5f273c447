// Istio: VirtualService and DestinationRule YAML (several documents, several files), as pilot
// writes them into Envoy (istio 86c9f01f: pilot/pkg/networking/core/route/retry/retry.go,
// cluster_traffic_policy.go; docs/semantics.md "Istio"). One VirtualService's first HTTP route is
// imported with the DestinationRule of its destination host: route timeout → retry (Envoy mode,
// Istio's default policy when the route has no retries) → per-try timeout → load_balancer with
// Istio's outlierDetection mapping. A DestinationRule alone is imported with the default route.

#include "configimport/envoy_cluster.h"
#include "configimport/format_importers.h"
#include "configimport/istio_traffic_policy.h"
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
// hosts, no retriable status codes since 1.24; its HostSelectionRetryMaxAttempts 5 is
// istio_traffic_policy.cpp's).
inline constexpr int kIstioDefaultNumRetries = 2;
inline constexpr const char* kIstioDefaultRetryOn =
    "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes";
// Envoy's retry back-off when Istio sets none (retry_state_impl.cc: 25 ms, 10 ×).
inline constexpr double kIstioEnvoyBackoffBaseMs = 25.0;
// applyRetryBudget (cluster_traffic_policy.go L235-257): percent 20 unless set, min 3 unless > 0.
inline constexpr double kIstioRetryBudgetPercent = 20.0;
inline constexpr double kIstioRetryBudgetMinConcurrency = 3.0;

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
    if (!readMeshFiles(files, docs, problems)) return false;
    ScenarioBuilder b(ConfigFormat::Istio, sourcePaths(files));
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
    const std::vector<Resource>& candidates = services.empty() ? rules : services;
    const Resource* chosen = &candidates.front();
    if (!options.instance.empty()) {
        chosen = nullptr;
        for (const Resource& r : candidates) {
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
                   std::string(kIstioRetryGo) + " defaultRetryOn (no 503 since Istio 1.24)");
        }
        if (attempts)
            b.set("num_retries", double(*attempts));
        else
            b.fill("num_retries", double(kIstioDefaultNumRetries), meshPath(rp, "attempts"),
                   std::string(kIstioRetryGo) + " defaultNumRetries");
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
                               {"initial_ms", kIstioEnvoyBackoffBaseMs},
                               {"max_ms", kIstioEnvoyBackoffBaseMs * 10}},
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
            std::string(kIstioTrafficGo) + " getDefaultCircuitBreakerThresholds: math.MaxUint32";
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
                       meshPath(bp, "percent"), std::string(kIstioTrafficGo) + " applyRetryBudget");
            if (const auto n = pr.whole(budget, bp, "minRetryConcurrency", 0, 4'294'967'295LL);
                n && *n > 0)
                b.set("circuit_breakers.retry_budget.min_retry_concurrency", double(*n));
            else
                b.fill("circuit_breakers.retry_budget.min_retry_concurrency",
                       kIstioRetryBudgetMinConcurrency, meshPath(bp, "minRetryConcurrency"),
                       std::string(kIstioTrafficGo) + " applyRetryBudget");
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

    istioLoadBalancer(pr, policy, policyPath, rule ? rule->name : std::string("(none)"),
                      {previousHosts, retries.contains("retryIgnorePreviousHosts"), rp}, b);
    if (problems.size()) return false;
    return b.finish(host.empty() ? chosen->name : shortHost(host), out, problems);
}

} // namespace reslab

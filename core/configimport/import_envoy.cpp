// Envoy: a static bootstrap (static_resources: listeners with inline route configs, clusters), an
// admin /config_dump (the same resources in configs[]' typed dumps — which is how Istio's and
// Gateway API's generated configuration is read, their defaults already applied), or the
// fragment `export --to envoy` writes (a RouteAction under `route`, the cluster's fields beside
// it). One route is imported (the first with a cluster, or --instance), with its cluster:
// route timeout → retry (Envoy mode) → per-try timeout → load_balancer over the cluster's hosts;
// with the route's hedge_policy.hedge_on_per_try_timeout, route timeout → hedge → load_balancer.

#include "configimport/envoy_cluster.h"
#include "configimport/envoy_resources.h"
#include "configimport/format_importers.h"
#include "configimport/mesh_tree.h"
#include "configimport/scenario_builder.h"
#include "policy/envoy_retry.h"
#include "policy/envoy_retry_spec.h"
#include "policy/spec_io.h"

#include <QJsonArray>
#include <QJsonObject>
#include <algorithm>

namespace reslab {

namespace {

// Envoy's route timeout when not set (router/config_impl.h DEFAULT_ROUTE_TIMEOUT_MS).
inline constexpr double kEnvoyDefaultRouteTimeoutMs = 15000.0;
// The runtime key upstream.base_retry_backoff_ms (25), max_interval 10 × base
// (retry_state_impl.cc).
inline constexpr double kImportEnvoyBaseMs = 25.0;
inline constexpr double kImportEnvoyMaxFactor = 10.0;
inline constexpr const char* kPreviousHosts = "envoy.retry_host_predicates.previous_hosts";
// The hedge strategy's bound on added requests (policy/hedge_kind.cpp reads 1–9).
inline constexpr long long kMaxHedges = 9;

// The retry_on classes, as the retry's Envoy mode takes them; an unknown class is refused as
// Envoy's config validation refuses it, retriable-headers dropped with a note.
std::optional<std::string> retryOn(MeshReader& r, const QJsonObject& policy,
                                   const std::string& path, ScenarioBuilder& b)
{
    const auto text = r.string(policy, path, "retry_on");
    if (!text) return std::nullopt;
    const EnvoyRetryOnParse parsed = parseEnvoyRetryOn(*text);
    for (const std::string& token : parsed.unknown) {
        if (token == "retriable-headers")
            b.note(meshPath(path, "retry_on"),
                   "retriable-headers: the model's answers carry no headers to match",
                   r.place(meshPath(path, "retry_on")));
        else
            r.bad(meshPath(path, "retry_on"), "unknown retry_on class \"" + token + "\"");
    }
    if (parsed.retryOn == 0) return std::string();
    return envoyRetryOnText(parsed.retryOn);
}

// A route's hedge_policy.hedge_on_per_try_timeout (false unless set), and where it is.
struct EnvoyHedgeFlag
{
    bool on = false;  // hedge_on_per_try_timeout
    std::string path; // the flag's key
    SourcePlace place;
};

// The retry policy's host re-selection (retry_host_predicate, host_selection_retry_max_attempts),
// which the cluster's balancer applies to retries and hedges alike.
EnvoyHostSelection hostSelection(MeshReader& r, const QJsonObject& policy, const std::string& pp,
                                 ScenarioBuilder& b)
{
    EnvoyHostSelection selection;
    for (const QJsonValue& pred : r.array(policy, pp, "retry_host_predicate")) {
        const std::string name = pred.toObject().value("name").toString().toStdString();
        if (name == kPreviousHosts)
            selection.previousHosts = true;
        else
            b.note(meshPath(pp, "retry_host_predicate"), name + ": not simulated",
                   r.place(meshPath(pp, "retry_host_predicate")));
    }
    selection.maxAttempts = r.whole(policy, pp, "host_selection_retry_max_attempts", 0, 100);
    selection.path = pp;
    return selection;
}

// hedge_on_per_try_timeout with a per_try_timeout (router.cc onSoftPerTryTimeout): the request
// that runs past per_try_timeout is not reset; the router sends a retry whatever retry_on says,
// while retries are left (retry_state_impl.cc shouldHedgeRetryPerTryTimeout), and the first
// good answer wins, the others reset (resetOtherUpstreams). A bad answer that the retry policy
// retries is retried as usual, unless its request was already hedged; one that is not is dropped
// while another request may still answer. That is the hedge strategy with delay_ms
// per_try_timeout, num_retries more requests and hedge_on what the retry policy retries; what
// differs is listed.
void envoyHedge(MeshReader& r, const QJsonObject& policy, const std::string& pp,
                const std::string& classes, const EnvoyHedgeFlag& flag, ScenarioBuilder& b)
{
    const double perTry = r.protoDuration(policy, pp, "per_try_timeout").value_or(0.0);
    const auto given = r.whole(policy, pp, "num_retries", 0, 4'294'967'295LL);
    const long long retries = given.value_or(kEnvoyDefaultNumRetries);
    if (retries == 0) {
        b.note(meshPath(pp, "num_retries"),
               "0 with hedge_on_per_try_timeout: no request is ever added, and the per-try "
               "timeout ends nothing (a request runs until the route timeout)",
               r.place(meshPath(pp, "num_retries")));
        return;
    }
    b.strategy("hedge", "hedge_policy");
    b.set("delay_ms", perTry);
    const long long hedges = std::min<long long>(retries, kMaxHedges);
    if (given)
        b.set("max_hedged_attempts", double(hedges));
    else
        b.fill("max_hedged_attempts", double(hedges), meshPath(pp, "num_retries"),
               "Envoy route_components.proto: num_retries defaults to 1");
    if (retries > kMaxHedges)
        b.note(meshPath(pp, "num_retries"),
               std::to_string(retries) + " hedges: at most " + std::to_string(kMaxHedges) + " here",
               r.place(meshPath(pp, "num_retries")));
    EnvoyRetryPolicy envoy;
    envoy.retryOn = parseEnvoyRetryOn(classes).retryOn;
    std::vector<int> codes;
    for (const QJsonValue& c : r.array(policy, pp, "retriable_status_codes"))
        codes.push_back(c.isString() ? c.toString().toInt() : c.toInt());
    // A per-try timeout is soft here: it starts the next hedge, never ends a request.
    QJsonArray on;
    for (const std::string& name : outcomeNames(envoyRetriedOutcomes(envoy, codes)))
        if (name != "timeout") on.append(QString::fromStdString(name));
    b.set("hedge_on", on);
    for (const char* differs :
         {"each added request waits the retry back-off first (RetryWithBackoff); here it goes at "
          "per_try_timeout, and after a retried failure at once",
          "the cluster's max_retries and retry_budget bound the added requests in Envoy; the "
          "hedge strategy has no cluster-wide limit",
          "Envoy's outlier detection counts the per-try timeout as a timeout when it fires; here "
          "only the request's eventual answer counts",
          "a request already hedged is not retried when it fails; here any failure the retry "
          "policy retries starts the next request while some are left"})
        b.note(flag.path, differs, flag.place);
    for (const char* key : {"retry_back_off", "rate_limited_retry_back_off"})
        if (policy.contains(key))
            b.note(meshPath(pp, key), "not simulated with hedging (see hedge_on_per_try_timeout)",
                   r.place(meshPath(pp, key)));
}

// Envoy's HedgePolicy (route_components.proto; router/config_impl.cc buildHedgePolicy: the
// route's, else its virtual host's). initial_requests and additional_request_chance are marked
// [#not-implemented-hide:]: Envoy reads them and sends nothing more, so they change nothing here
// either. hedge_on_per_try_timeout defaults to false.
EnvoyHedgeFlag hedgeOnPerTryTimeout(const EnvoyRouteRef& route, ConfigProblems& problems,
                                    ScenarioBuilder& b)
{
    for (const EnvoyLocated* at : {&route.action, &route.vhost}) {
        if (!at->doc || !at->value.contains("hedge_policy")) continue;
        MeshReader r(*at->doc, problems);
        const std::string where = meshPath(at->path, "hedge_policy");
        const QJsonObject hedge = r.object(at->value, at->path, "hedge_policy");
        // HedgePolicyImpl: PROTOBUF_GET_WRAPPED_OR_DEFAULT(initial_requests, 1), validated ≥ 1.
        if (const auto n = r.whole(hedge, where, "initial_requests", 1, 4'294'967'295LL);
            n && *n > 1)
            b.note(meshPath(where, "initial_requests"),
                   "not implemented by Envoy (route_components.proto [#not-implemented-hide:]): "
                   "it sends one request, and so does the simulation",
                   r.place(meshPath(where, "initial_requests")));
        if (hedge.contains("additional_request_chance"))
            b.note(meshPath(where, "additional_request_chance"),
                   "not implemented by Envoy (route_components.proto [#not-implemented-hide:]): "
                   "no extra request is sent, here either",
                   r.place(meshPath(where, "additional_request_chance")));
        const std::string flag = meshPath(where, "hedge_on_per_try_timeout");
        return {r.boolean(hedge, where, "hedge_on_per_try_timeout").value_or(false), flag,
                r.place(flag)};
    }
    return {};
}

} // namespace

bool importEnvoy(const std::vector<ConfigSource>& files, const ConfigImportOptions& options,
                 ImportedConfig& out, ConfigProblems& problems)
{
    std::vector<MeshDocument> docs;
    if (!readMeshFiles(files, docs, problems)) return false;
    EnvoyResources res;
    collectEnvoyResources(docs, res);
    if (!problems.empty()) return false;
    if (res.routes.empty()) {
        problems.push_back({files.front().path, 0, 0,
                            "no route with a cluster: an Envoy import needs a route config "
                            "(static_resources, or a config_dump's RoutesConfigDump)"});
        return false;
    }
    std::vector<std::string> titles;
    for (const EnvoyRouteRef& rr : res.routes)
        titles.push_back(rr.title);
    std::size_t chosen = 0;
    if (!options.instance.empty()) {
        const auto it =
            std::find_if(res.routes.begin(), res.routes.end(), [&](const EnvoyRouteRef& rr) {
                const std::string last = rr.title.substr(rr.title.find_last_of('/') + 1);
                return rr.title == options.instance || last == options.instance ||
                       rr.cluster == options.instance;
            });
        if (it == res.routes.end()) {
            std::string list;
            for (const auto& t : titles)
                list += (list.empty() ? "" : ", ") + t;
            problems.push_back({files.front().path, 0, 0,
                                "no route or cluster named \"" + options.instance +
                                    "\" (the routes: " + list + ")"});
            return false;
        }
        chosen = std::size_t(it - res.routes.begin());
    } else {
        for (std::size_t i = 0; i < res.routes.size(); ++i)
            if (res.clusters.count(res.routes[i].cluster)) {
                chosen = i;
                break;
            }
    }
    const EnvoyRouteRef& route = res.routes[chosen];
    ScenarioBuilder b(ConfigFormat::Envoy, sourcePaths(files));
    b.setInstance(res.fragment ? route.cluster : route.title,
                  res.fragment ? std::vector<std::string>{} : titles);
    MeshReader r(*route.action.doc, problems);
    const QJsonObject& action = route.action.value;
    const std::string& ap = route.action.path;

    if (const auto t = r.protoDuration(action, ap, "timeout")) {
        if (*t > 0) {
            b.strategy("timeout", "route timeout");
            b.set("timeout_ms", *t);
        }
    } else if (!r.failed()) {
        b.strategy("timeout", "route timeout");
        b.fill("timeout_ms", kEnvoyDefaultRouteTimeoutMs, meshPath(ap, "timeout"),
               "Envoy router/config_impl.h DEFAULT_ROUTE_TIMEOUT_MS (15 s)");
    }
    // The route's retry_policy, else its virtual host's (route_components.proto).
    QJsonObject policy = action.value("retry_policy").toObject();
    std::string pp = meshPath(ap, "retry_policy");
    MeshReader vr(route.vhost.doc ? *route.vhost.doc : *route.action.doc, problems);
    MeshReader* pr = &r;
    if (policy.isEmpty() && route.vhost.value.value("retry_policy").isObject()) {
        policy = route.vhost.value.value("retry_policy").toObject();
        pp = meshPath(route.vhost.path, "retry_policy");
        pr = &vr;
    }
    const EnvoyHedgeFlag hedge = hedgeOnPerTryTimeout(route, problems, b);
    EnvoyHostSelection selection;
    std::optional<double> perTry;
    const auto classes =
        policy.isEmpty() ? std::optional<std::string>() : retryOn(*pr, policy, pp, b);
    if (classes && !classes->empty() && hedge.on &&
        pr->protoDuration(policy, pp, "per_try_timeout")) {
        envoyHedge(*pr, policy, pp, *classes, hedge, b);
        selection = hostSelection(*pr, policy, pp, b);
    } else if (classes && !classes->empty()) {
        if (hedge.on) b.note(hedge.path, "has no effect: the retry policy sets no per_try_timeout");
        b.strategy("retry", "retry_policy");
        b.set("retry_on", QString::fromStdString(*classes));
        if (const auto n = pr->whole(policy, pp, "num_retries", 0, 4'294'967'295LL))
            b.set("num_retries", double(*n));
        else
            b.fill("num_retries", double(kEnvoyDefaultNumRetries), meshPath(pp, "num_retries"),
                   "Envoy route_components.proto: num_retries defaults to 1");
        const QJsonArray codes = pr->array(policy, pp, "retriable_status_codes");
        if (!codes.isEmpty()) {
            QJsonArray list;
            for (const QJsonValue& c : codes)
                list.append(c.isString() ? c.toString().toDouble() : c.toDouble());
            b.set("retriable_status_codes", list);
        }
        perTry = pr->protoDuration(policy, pp, "per_try_timeout");
        const QJsonObject backoff = pr->object(policy, pp, "retry_back_off");
        const std::string bp = meshPath(pp, "retry_back_off");
        if (policy.contains("retry_back_off")) {
            const double base =
                pr->protoDuration(backoff, bp, "base_interval").value_or(kImportEnvoyBaseMs);
            const auto max = pr->protoDuration(backoff, bp, "max_interval");
            b.set("backoff", QJsonObject{{"type", "envoy"},
                                         {"initial_ms", base},
                                         {"max_ms", max.value_or(base * kImportEnvoyMaxFactor)}});
        } else {
            b.fill("backoff",
                   QJsonObject{{"type", "envoy"},
                               {"initial_ms", kImportEnvoyBaseMs},
                               {"max_ms", kImportEnvoyBaseMs * kImportEnvoyMaxFactor}},
                   bp, "Envoy runtime upstream.base_retry_backoff_ms 25, max_interval 10 × base");
        }
        if (policy.contains("rate_limited_retry_back_off")) {
            const std::string rp = meshPath(pp, "rate_limited_retry_back_off");
            const QJsonObject rl = pr->object(policy, pp, "rate_limited_retry_back_off");
            QJsonArray headers;
            for (const QJsonValue& h : pr->array(rl, rp, "reset_headers"))
                headers.append(
                    QJsonObject{{"name", h.toObject().value("name")},
                                {"format", h.toObject().value("format").toString("SECONDS")}});
            QJsonObject o{{"reset_headers", headers}};
            if (const auto max = pr->protoDuration(rl, rp, "max_interval"))
                o.insert("max_interval_ms", *max);
            b.set("rate_limited_retry_back_off", o);
        }
        selection = hostSelection(*pr, policy, pp, b);
        for (const char* key : {"retry_priority", "retriable_headers", "retriable_request_headers",
                                "retry_options_predicates", "per_try_idle_timeout"})
            if (policy.contains(key))
                b.note(meshPath(pp, key), "not simulated", pr->place(meshPath(pp, key)));
        const auto cluster = res.clusters.find(route.cluster);
        if (cluster != res.clusters.end()) {
            MeshReader cr(*cluster->second.doc, problems);
            envoyCircuitBreakers(cr, cluster->second.value, cluster->second.path, b);
        } else {
            envoyCircuitBreakers(r, {}, "circuit_breakers", b);
        }
        if (perTry) {
            b.strategy("timeout", "per_try_timeout");
            b.set("timeout_ms", *perTry);
        }
    } else if (classes) {
        b.note(meshPath(pp, "retry_on"), "names no class: Envoy does not retry", pr->place(pp));
    }
    if (hedge.on && (!classes || classes->empty()))
        b.note(hedge.path,
               "has no effect: Envoy hedges through the route's retry policy, and there is none");
    const auto cluster = res.clusters.find(route.cluster);
    if (cluster == res.clusters.end()) {
        if (!res.fragment)
            b.note(meshPath(ap, "cluster"),
                   "cluster \"" + route.cluster + "\" is not in the file: one host, no balancer",
                   r.place(meshPath(ap, "cluster")));
    } else {
        const EnvoyLocated& c = cluster->second;
        const bool lbKeys = !res.fragment || c.value.contains("lb_policy") ||
                            c.value.contains("load_balancing_policy") ||
                            c.value.contains("outlier_detection") ||
                            c.value.contains("load_assignment") ||
                            c.value.contains("common_lb_config") || selection.previousHosts;
        if (lbKeys) {
            MeshReader cr(*c.doc, problems);
            const auto eds = res.assignments.find(route.cluster);
            if (c.value.contains("load_assignment")) {
                envoyLoadBalancer(cr, c.value, c.path, selection, &cr,
                                  c.value.value("load_assignment").toObject(),
                                  meshPath(c.path, "load_assignment"), b);
            } else if (eds != res.assignments.end()) {
                MeshReader er(*eds->second.doc, problems);
                envoyLoadBalancer(cr, c.value, c.path, selection, &er, eds->second.value,
                                  eds->second.path, b);
            } else {
                envoyLoadBalancer(cr, c.value, c.path, selection, nullptr, {}, "", b);
            }
        }
    }
    if (res.routes.size() > 1)
        b.note("routes", "the file has " + std::to_string(res.routes.size()) + " routes; \"" +
                             route.title +
                             "\" is imported (--instance ROUTE or CLUSTER for another)");
    if (problems.size()) return false;
    if (b.size() == 0) {
        problems.push_back({files.front().path, 0, 0,
                            "route \"" + route.title +
                                "\" has no timeout, retry policy or cluster: nothing to simulate"});
        return false;
    }
    return b.finish(route.cluster.empty() ? std::string("backend") : route.cluster, out, problems);
}

} // namespace reslab

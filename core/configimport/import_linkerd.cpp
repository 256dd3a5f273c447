// Linkerd: the 2.16+ annotations on a Service or an HTTPRoute (retry.linkerd.io/*,
// timeout.linkerd.io/*, balancer.linkerd.io/failure-accrual*), or a ServiceProfile's routes and
// retry budget, as linkerd2 b24cd405's policy controller and destination service hand them to the
// proxy (docs/semantics.md "Linkerd"): request timeout → retry → retry timeout → load_balancer
// (with failure accrual), or for a ServiceProfile: route timeout → retry → finagle_budget →
// load_balancer.

#include "configimport/envoy_cluster.h"
#include "configimport/format_importers.h"
#include "configimport/mesh_tree.h"
#include "configimport/scenario_builder.h"
#include "policy/load_balancer_spec.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

namespace reslab {

namespace {

const char* const kAnnotationsRs = "linkerd2 policy-controller/k8s/index/src/outbound";
// parse_http_retry: the limit is 1 when another retry annotation is set.
inline constexpr int kLinkerdDefaultRetryLimit = 1;
// convert_retry (policy-controller/grpc/src/outbound/http.rs): min_backoff 25 ms, max 250 ms,
// jitter_ratio 1.0. The proxy (linkerd/exp-backoff) waits base + U(0,1)·base, at most max, with
// base = min(25 ms · 2ᵏ, 250 ms): exactly min(U(base, 2·base), 250 ms), which is the scenario's
// exponential 37.5 ms × 2ᵏ with ±⅓ proportional jitter capped after the jitter.
inline constexpr double kLinkerdRetryMinBackoffMs = 25.0;
inline constexpr double kLinkerdRetryMaxBackoffMs = 250.0;
// A ServiceProfile route's timeout when not set (linkerd/website 2.15 configuring-timeouts.md).
inline constexpr double kLinkerdProfileTimeoutMs = 10000.0;
// ServiceProfile retries have no attempt limit (the budget and the timeout stop them); the
// scenario's retry needs one: high enough never to bind.
inline constexpr int kLinkerdProfileMaxAttempts = 1000;
// profile_translator.go defaultRetryBudget: retryRatio 0.2, minRetriesPerSecond 10, ttl 10 s.
inline constexpr double kLinkerdRetryRatio = 0.2;
inline constexpr double kLinkerdMinRetriesPerSecond = 10.0;
inline constexpr double kLinkerdRetryTtlS = 10.0;

struct Resource
{
    const MeshDocument* doc;
    std::string kind, name;
    QJsonObject root;
};

// A range list as parse_http_retry reads retry.linkerd.io/http (and a ServiceProfile's status
// ranges): into the outcomes and statuses the scenario's retry takes.
void retryConditions(const std::vector<std::pair<int, int>>& ranges, QJsonArray& on,
                     QJsonArray& statuses)
{
    const auto add = [&](const char* o) {
        if (!on.contains(QJsonValue(o))) on.append(o);
    };
    for (const auto& [lo, hi] : ranges) {
        if (lo <= 500 && hi >= 599) {
            add("error");
            add("rejected");
            continue;
        }
        for (int c = lo; c <= hi; ++c) {
            if (c == 503)
                add("rejected");
            else if (c == 429)
                add("rate_limited");
            else if (c == 409)
                add("conflict");
            else if (!statuses.contains(QJsonValue(c)))
                statuses.append(c);
        }
    }
}

class Annotations
{
public:
    Annotations(const Resource& r, ConfigProblems& problems)
        : m_r(r), m_reader(*r.doc, problems),
          m_a(r.root.value("metadata").toObject().value("annotations").toObject())
    {
    }
    bool has(const char* key) const { return m_a.contains(key); }
    std::string path(const char* key) const { return "metadata.annotations." + std::string(key); }
    SourcePlace place(const char* key) const { return m_reader.place(path(key)); }
    std::optional<double> duration(const char* key)
    {
        const auto ms = m_reader.goDuration(m_a, "metadata.annotations", key);
        return ms && *ms > 0 ? ms : std::nullopt; // 0 is filtered out
    }
    std::optional<long long> whole(const char* key, long long min, long long max)
    {
        return m_reader.whole(m_a, "metadata.annotations", key, min, max);
    }
    std::optional<double> number(const char* key, double min, double max)
    {
        return m_reader.number(m_a, "metadata.annotations", key, min, max);
    }
    std::optional<std::string> text(const char* key)
    {
        return m_reader.string(m_a, "metadata.annotations", key);
    }
    void bad(const char* key, const std::string& why) { m_reader.bad(path(key), why); }
    const QJsonObject& all() const { return m_a; }
    const Resource& resource() const { return m_r; }

private:
    const Resource& m_r;
    MeshReader m_reader;
    QJsonObject m_a;
};

std::optional<std::vector<std::pair<int, int>>> statusList(Annotations& a, const char* key)
{
    const auto t = a.text(key);
    if (!t) return std::nullopt;
    std::vector<std::pair<int, int>> ranges;
    for (const QString& part : QString::fromStdString(*t).split(',')) {
        const QString s = part.trimmed();
        bool ok1 = false, ok2 = false;
        if (s == "5xx") {
            ranges.push_back({500, 599});
        } else if (s == "gateway-error") {
            ranges.push_back({502, 504});
        } else if (const int c = s.toInt(&ok1); ok1 && c >= 100 && c <= 599) {
            ranges.push_back({c, c});
        } else if (const QStringList ab = s.split('-'); ab.size() == 2) {
            const int lo = ab[0].toInt(&ok1), hi = ab[1].toInt(&ok2);
            if (!ok1 || !ok2 || lo < 100 || hi > 599 || lo > hi)
                return a.bad(key, "invalid status range \"" + s.toStdString() + "\""), std::nullopt;
            ranges.push_back({lo, hi});
        } else {
            return a.bad(key, "invalid retry condition \"" + s.toStdString() +
                                  "\" (5xx, gateway-error, a code, or a range a-b)"),
                   std::nullopt;
        }
    }
    return ranges;
}

void failureAccrual(Annotations& a, ScenarioBuilder& b)
{
    const char* const mode = "balancer.linkerd.io/failure-accrual";
    const auto m = a.text(mode);
    if (!m) return;
    if (*m != "consecutive" && *m != "unified")
        return a.bad(mode, "must be consecutive or unified, got \"" + *m + "\"");
    const std::string origin = std::string(kAnnotationsRs) + "/index.rs parse_consecutive_params";
    const std::string fa = "failure_accrual.";
    const char* const maxF = "balancer.linkerd.io/failure-accrual-consecutive-max-failures";
    if (const auto n = a.whole(maxF, 1, 4'294'967'295LL))
        b.set(fa + "consecutive_failures", double(*n));
    else
        b.fill(fa + "consecutive_failures", double(kLinkerdConsecutiveFailures), maxF, origin);
    const char* const minP = "balancer.linkerd.io/failure-accrual-consecutive-min-penalty";
    const char* const maxP = "balancer.linkerd.io/failure-accrual-consecutive-max-penalty";
    const auto lo = a.duration(minP), hi = a.duration(maxP);
    if (lo)
        b.set(fa + "min_penalty_ms", *lo);
    else
        b.fill(fa + "min_penalty_ms", kLinkerdMinPenaltyMs, minP, origin);
    if (hi)
        b.set(fa + "max_penalty_ms", *hi);
    else
        b.fill(fa + "max_penalty_ms", kLinkerdMaxPenaltyMs, maxP, origin);
    if (lo.value_or(kLinkerdMinPenaltyMs) > hi.value_or(kLinkerdMaxPenaltyMs))
        a.bad(minP, "the minimum penalty is above the maximum");
    const char* const jit = "balancer.linkerd.io/failure-accrual-consecutive-jitter-ratio";
    if (const auto j = a.number(jit, 0, 100))
        b.set(fa + "jitter_ratio", *j);
    else
        b.fill(fa + "jitter_ratio", kLinkerdJitterRatio, jit, origin);
    if (*m == "unified")
        b.note(mode,
               "unified: its windowed success-rate breaker (threshold 0.8 over 10 s, "
               "policy-controller/core/src/outbound.rs) is not simulated; the consecutive "
               "part is",
               a.place(mode));
}

void loadBalancer(ScenarioBuilder& b, Annotations* service, const std::string& source)
{
    b.strategy("load_balancer", "Linkerd's balancer");
    b.fill("policy", "least_request", source,
           "Linkerd balances by power of two choices over peak-EWMA latency; least_request "
           "(P2C over requests in flight) is the closest here");
    b.fill("healthy_panic_threshold", 0.0, source,
           "Linkerd has no panic routing: with every endpoint shut it queues, then fails fast");
    if (service) failureAccrual(*service, b);
    b.fleet(kSkeletonReplicas, {}, source,
            "a skeleton fleet: the resources list no endpoints, so a few hosts to edit");
}

bool fromAnnotations(Annotations* route, Annotations* service, ScenarioBuilder& b)
{
    // A route's retry and timeouts replace its Service's (outbound/http.rs: service_retry only
    // when the route has none).
    const auto hasAny = [](Annotations* a, const char* prefix) {
        if (!a) return false;
        for (auto it = a->all().begin(); it != a->all().end(); ++it)
            if (it.key().startsWith(prefix)) return true;
        return false;
    };
    Annotations* retry = hasAny(route, "retry.linkerd.io/")     ? route
                         : hasAny(service, "retry.linkerd.io/") ? service
                                                                : nullptr;
    Annotations* timeout = hasAny(route, "timeout.linkerd.io/")     ? route
                           : hasAny(service, "timeout.linkerd.io/") ? service
                                                                    : nullptr;
    for (Annotations* a : {route, service})
        if (a)
            for (auto it = a->all().begin(); it != a->all().end(); ++it) {
                const std::string k = it.key().toStdString();
                static const char* const known[] = {
                    "retry.linkerd.io/limit",
                    "retry.linkerd.io/timeout",
                    "retry.linkerd.io/http",
                    "retry.linkerd.io/grpc",
                    "timeout.linkerd.io/request",
                    "timeout.linkerd.io/response",
                    "timeout.linkerd.io/idle",
                    "balancer.linkerd.io/failure-accrual",
                    "balancer.linkerd.io/failure-accrual-consecutive-max-failures",
                    "balancer.linkerd.io/failure-accrual-consecutive-min-penalty",
                    "balancer.linkerd.io/failure-accrual-consecutive-max-penalty",
                    "balancer.linkerd.io/failure-accrual-consecutive-jitter-ratio"};
                const bool ours = k.find("linkerd.io/") != std::string::npos &&
                                  (k.rfind("retry.", 0) == 0 || k.rfind("timeout.", 0) == 0 ||
                                   k.rfind("balancer.", 0) == 0);
                if (ours && std::find_if(std::begin(known), std::end(known),
                                         [&](const char* n) { return k == n; }) == std::end(known))
                    b.unknownKey(a->path(it.key().toUtf8().constData()), "Linkerd",
                                 a->place(it.key().toUtf8().constData()));
            }
    if (timeout) {
        if (const auto t = timeout->duration("timeout.linkerd.io/request")) {
            b.strategy("timeout", "timeout.linkerd.io/request");
            b.set("timeout_ms", *t);
        }
        for (const char* k : {"timeout.linkerd.io/response", "timeout.linkerd.io/idle"})
            if (timeout->has(k))
                b.note(k, "not simulated (the response-headers and idle timeouts)",
                       timeout->place(k));
    }
    std::optional<double> retryTimeout;
    if (retry) {
        const auto limit = retry->whole("retry.linkerd.io/limit", 0, 65535);
        retryTimeout = retry->duration("retry.linkerd.io/timeout");
        const auto ranges = statusList(*retry, "retry.linkerd.io/http");
        if (retry->has("retry.linkerd.io/grpc"))
            b.note("retry.linkerd.io/grpc", "gRPC status conditions (the model answers HTTP)",
                   retry->place("retry.linkerd.io/grpc"));
        b.strategy("retry", "retry.linkerd.io");
        if (limit && *limit > 0)
            b.set("max_attempts", double(*limit + 1));
        else
            b.fill("max_attempts", double(kLinkerdDefaultRetryLimit + 1), "retry.linkerd.io/limit",
                   std::string(kAnnotationsRs) + "/index/http.rs parse_http_retry: limit 1");
        b.fill("backoff",
               QJsonObject{{"type", "exponential"},
                           {"initial_ms", kLinkerdRetryMinBackoffMs * 1.5},
                           {"multiplier", 2},
                           {"max_ms", kLinkerdRetryMaxBackoffMs}},
               "(no annotation sets it)",
               "linkerd2 policy-controller/grpc/src/outbound/http.rs convert_retry: 25 ms to "
               "250 ms, jitter ratio 1");
        b.fill("jitter",
               QJsonObject{
                   {"type", "proportional"}, {"factor", 1.0 / 3.0}, {"cap_after_jitter", true}},
               "(no annotation sets it)",
               "linkerd/exp-backoff: base + U(0,1)·base, at most 250 ms");
        QJsonArray on, statuses;
        if (ranges) retryConditions(*ranges, on, statuses);
        if (retryTimeout) on.append("timeout");
        b.set("retry_on", on);
        if (!statuses.isEmpty()) b.set("retry_on_status", statuses);
        if (!ranges)
            b.note("retry.linkerd.io/http",
                   "not set: the controller sends an empty list of status ranges "
                   "(convert_retry), so no answer is retried by its status",
                   retry->place("retry.linkerd.io/limit"));
        if (retryTimeout) {
            b.strategy("timeout", "retry.linkerd.io/timeout");
            b.set("timeout_ms", *retryTimeout);
        }
    }
    loadBalancer(b, service,
                 service ? service->resource().kind + " " + service->resource().name
                         : std::string("Service"));
    return true;
}

} // namespace

bool importLinkerd(const std::vector<ConfigSource>& files, const ConfigImportOptions& options,
                   ImportedConfig& out, ConfigProblems& problems)
{
    std::vector<MeshDocument> docs;
    for (const ConfigSource& f : files)
        if (!readMeshDocuments(f.path, f.bytes, docs, problems)) return false;
    std::vector<std::string> paths;
    for (const ConfigSource& f : files)
        paths.push_back(f.path);
    ScenarioBuilder b(ConfigFormat::Linkerd, paths);
    std::vector<Resource> services, routes, profiles;
    for (const MeshDocument& d : docs) {
        const QJsonObject root = d.root.toObject();
        const std::string kind = root.value("kind").toString().toStdString();
        const std::string name =
            root.value("metadata").toObject().value("name").toString().toStdString();
        if (kind == "Service")
            services.push_back({&d, kind, name, root});
        else if (kind == "HTTPRoute")
            routes.push_back({&d, kind, name, root});
        else if (kind == "ServiceProfile")
            profiles.push_back({&d, kind, name, root});
        else
            b.note(kind.empty() ? std::string("(a document)") : kind + " " + name,
                   "not read (Service, HTTPRoute and ServiceProfile are)", d.place(""));
    }
    std::vector<std::string> names;
    for (const auto* list : {&profiles, &routes, &services})
        for (const Resource& r : *list)
            names.push_back(r.name);
    if (names.empty()) {
        problems.push_back(
            {files.front().path, 0, 0, "no Service, HTTPRoute or ServiceProfile here"});
        return false;
    }
    const std::string& pick = options.instance.empty() ? names.front() : options.instance;
    const auto find = [&](std::vector<Resource>& list) -> Resource* {
        for (Resource& r : list)
            if (r.name == pick) return &r;
        return nullptr;
    };
    Resource* profile = find(profiles);
    Resource* route = profile ? nullptr : find(routes);
    Resource* service = profile || route ? nullptr : find(services);
    if (!profile && !route && !service) {
        std::string list;
        for (const auto& n : names)
            list += (list.empty() ? "" : ", ") + n;
        problems.push_back({files.front().path, 0, 0,
                            "nothing named \"" + pick + "\" (the files have: " + list + ")"});
        return false;
    }
    b.setInstance(pick, names);
    std::string endpoint = pick;
    if (route) { // its parent Service, whose balancer annotations apply
        const QJsonArray parents =
            route->root.value("spec").toObject().value("parentRefs").toArray();
        if (!parents.isEmpty())
            endpoint = parents[0].toObject().value("name").toString().toStdString();
        for (Resource& s : services)
            if (s.name == endpoint) service = &s;
    }
    if (profile) { // "svc.ns.svc.cluster.local": its Service by the first label
        endpoint = pick.substr(0, pick.find('.'));
        for (Resource& s : services)
            if (s.name == endpoint) service = &s;
    }
    std::optional<Annotations> sa, ra;
    if (service) sa.emplace(*service, problems);
    if (route) ra.emplace(*route, problems);
    if (!profile) {
        fromAnnotations(ra ? &*ra : nullptr, sa ? &*sa : nullptr, b);
    } else {
        MeshReader r(*profile->doc, problems);
        const QJsonObject spec = r.object(profile->root, "", "spec");
        const QJsonArray list = r.array(spec, "spec", "routes");
        qsizetype at = -1;
        for (qsizetype i = 0; i < list.size() && at < 0; ++i)
            if (list[i].toObject().value("isRetryable").toBool()) at = i;
        if (at < 0 && !list.isEmpty()) at = 0;
        QJsonObject rt = at >= 0 ? list[at].toObject() : QJsonObject{};
        const std::string rp = "spec.routes[" + std::to_string(std::max<qsizetype>(at, 0)) + "]";
        if (list.size() > 1)
            b.note("spec.routes",
                   "the profile has " + std::to_string(list.size()) + " routes; \"" +
                       rt.value("name").toString().toStdString() +
                       "\" is imported (the first retryable one)",
                   r.place("spec.routes"));
        b.strategy("timeout", "route timeout");
        if (const auto t = r.goDuration(rt, rp, "timeout"))
            b.set("timeout_ms", *t);
        else
            b.fill("timeout_ms", kLinkerdProfileTimeoutMs, meshPath(rp, "timeout"),
                   "linkerd/website 2.15 configuring-timeouts.md: 10 s");
        const bool retryable = r.boolean(rt, rp, "isRetryable").value_or(false);
        if (retryable) {
            b.strategy("retry", "isRetryable");
            b.fill("max_attempts", double(kLinkerdProfileMaxAttempts), meshPath(rp, "isRetryable"),
                   "ServiceProfile retries have no limit but the budget and the timeout");
            b.fill("backoff", QJsonObject{{"type", "constant"}, {"delay_ms", 0}},
                   meshPath(rp, "isRetryable"), "ServiceProfile retries have no back-off");
            std::vector<std::pair<int, int>> ranges;
            const QJsonArray classes = r.array(rt, rp, "responseClasses");
            for (qsizetype i = 0; i < classes.size(); ++i) {
                const QJsonObject c = classes[i].toObject();
                const QJsonObject s = c.value("condition").toObject().value("status").toObject();
                if (c.value("isFailure").toBool() && !s.isEmpty())
                    ranges.push_back({s.value("min").toInt(100), s.value("max").toInt(599)});
                else
                    b.note(rp + ".responseClasses[" + std::to_string(i) + "]",
                           "only status ranges that are failures are read",
                           r.place(rp + ".responseClasses"));
            }
            if (ranges.empty()) ranges.push_back({500, 599}); // the proxy's default: 5xx fail
            QJsonArray on, statuses;
            retryConditions(ranges, on, statuses);
            b.set("retry_on", on);
            if (!statuses.isEmpty()) b.set("retry_on_status", statuses);
            b.strategy("finagle_budget", "retryBudget");
            const QJsonObject budget = r.object(spec, "spec", "retryBudget");
            const std::string bp = "spec.retryBudget";
            const std::string go =
                "linkerd2 controller/api/destination/profile_translator.go defaultRetryBudget";
            if (const auto v = r.number(budget, bp, "retryRatio", 0, 1000))
                b.set("percent_can_retry", *v);
            else
                b.fill("percent_can_retry", kLinkerdRetryRatio, meshPath(bp, "retryRatio"), go);
            if (const auto v = r.number(budget, bp, "minRetriesPerSecond", 0, 4'294'967'295.0))
                b.set("min_retries_per_s", *v);
            else
                b.fill("min_retries_per_s", kLinkerdMinRetriesPerSecond,
                       meshPath(bp, "minRetriesPerSecond"), go);
            if (const auto v = r.goDuration(budget, bp, "ttl"))
                b.set("ttl_s", *v / 1000.0);
            else
                b.fill("ttl_s", kLinkerdRetryTtlS, meshPath(bp, "ttl"), go);
            b.note(bp,
                   "Linkerd's budget is tower's TpsBudget, the closest here Finagle's: both "
                   "allow one retry per five requests at 0.2, but Linkerd deposits for each "
                   "answer it does not retry, not each request (docs/semantics.md, "
                   "\"Linkerd\")",
                   r.place(bp));
        }
        loadBalancer(b, sa ? &*sa : nullptr, "ServiceProfile " + pick);
    }
    if (!problems.empty()) return false;
    return b.finish(endpoint, out, problems);
}

} // namespace reslab

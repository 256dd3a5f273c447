// Linkerd: the 2.16+ annotations on a Service or an HTTPRoute (retry.linkerd.io/*,
// timeout.linkerd.io/*, balancer.linkerd.io/failure-accrual*), or a ServiceProfile's routes and
// retry budget, as linkerd2 b24cd405's policy controller and destination service hand them to the
// proxy (docs/semantics.md "Linkerd"): request timeout → retry → retry timeout → load_balancer
// (with failure accrual), or for a ServiceProfile: route timeout → retry → finagle_budget →
// load_balancer.

#include "configimport/format_importers.h"
#include "configimport/linkerd_annotations.h"
#include "configimport/mesh_tree.h"
#include "configimport/scenario_builder.h"

#include <QJsonArray>
#include <QJsonObject>

namespace reslab {

namespace {

// A ServiceProfile route's timeout when not set (linkerd/website 2.15 configuring-timeouts.md).
inline constexpr double kLinkerdProfileTimeoutMs = 10000.0;
// ServiceProfile retries have no attempt limit (the budget and the timeout stop them); the
// scenario's retry needs one: high enough never to bind.
inline constexpr int kLinkerdProfileMaxAttempts = 1000;
// profile_translator.go defaultRetryBudget: retryRatio 0.2, minRetriesPerSecond 10, ttl 10 s.
inline constexpr double kLinkerdRetryRatio = 0.2;
inline constexpr double kLinkerdMinRetriesPerSecond = 10.0;
inline constexpr double kLinkerdRetryTtlS = 10.0;

} // namespace

bool importLinkerd(const std::vector<ConfigSource>& files, const ConfigImportOptions& options,
                   ImportedConfig& out, ConfigProblems& problems)
{
    std::vector<MeshDocument> docs;
    if (!readMeshFiles(files, docs, problems)) return false;
    ScenarioBuilder b(ConfigFormat::Linkerd, sourcePaths(files));
    std::vector<LinkerdResource> services, routes, profiles;
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
        for (const LinkerdResource& r : *list)
            names.push_back(r.name);
    if (names.empty()) {
        problems.push_back(
            {files.front().path, 0, 0, "no Service, HTTPRoute or ServiceProfile here"});
        return false;
    }
    const std::string& pick = options.instance.empty() ? names.front() : options.instance;
    const auto find = [&](std::vector<LinkerdResource>& list) -> LinkerdResource* {
        for (LinkerdResource& r : list)
            if (r.name == pick) return &r;
        return nullptr;
    };
    LinkerdResource* profile = find(profiles);
    LinkerdResource* route = profile ? nullptr : find(routes);
    LinkerdResource* service = profile || route ? nullptr : find(services);
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
        for (LinkerdResource& s : services)
            if (s.name == endpoint) service = &s;
    }
    if (profile) { // "svc.ns.svc.cluster.local": its Service by the first label
        endpoint = pick.substr(0, pick.find('.'));
        for (LinkerdResource& s : services)
            if (s.name == endpoint) service = &s;
    }
    std::optional<LinkerdAnnotations> sa, ra;
    if (service) sa.emplace(*service, problems);
    if (route) ra.emplace(*route, problems);
    if (!profile) {
        linkerdFromAnnotations(ra ? &*ra : nullptr, sa ? &*sa : nullptr, b);
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
            linkerdRetryConditions(ranges, on, statuses);
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
        linkerdLoadBalancer(b, sa ? &*sa : nullptr, "ServiceProfile " + pick);
    }
    if (!problems.empty()) return false;
    return b.finish(endpoint, out, problems);
}

} // namespace reslab

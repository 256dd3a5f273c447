// Linkerd: the 2.16+ annotations on a Service or an HTTPRoute (retry.linkerd.io/*,
// timeout.linkerd.io/*, balancer.linkerd.io/failure-accrual*), or a ServiceProfile's routes and
// retry budget, as linkerd2 b24cd405's policy controller and destination service hand them to the
// proxy (docs/semantics.md "Linkerd"): request timeout → retry → retry timeout → load_balancer
// (with failure accrual), or for a ServiceProfile: route timeout → retry (with its
// linkerd_budget) → load_balancer.

#include "configimport/format_importers.h"
#include "configimport/linkerd_annotations.h"
#include "configimport/mesh_tree.h"
#include "configimport/scenario_builder.h"
#include "policy/retry_spec.h"

#include <QJsonArray>
#include <QJsonObject>

namespace reslab {

namespace {

// A ServiceProfile route's timeout when not set (linkerd/website 2.15 configuring-timeouts.md).
inline constexpr double kLinkerdProfileTimeoutMs = 10000.0;

// The profile's retryBudget as the retry's linkerd_budget. profile_translator.go sends
// defaultRetryBudget when the profile has none; when it has one, the CRD requires all three keys
// (minRetriesPerSecond an int32, retryRatio a float, ttl a string). The proxy drops a budget
// outside TpsBudget::new's bounds, and with it every route's retries (proto.rs
// convert_retry_budget, set_route_retry): refused here, with that reason.
void readLinkerdRetryBudget(MeshReader& r, const QJsonObject& spec, ScenarioBuilder& b)
{
    const std::string bp = "spec.retryBudget";
    const std::string go =
        "linkerd2 controller/api/destination/profile_translator.go defaultRetryBudget";
    if (!spec.contains("retryBudget")) {
        b.fill("linkerd_budget.retry_ratio", kLinkerdRetryRatio, meshPath(bp, "retryRatio"), go);
        b.fill("linkerd_budget.min_retries_per_s", double(kLinkerdMinRetriesPerSecond),
               meshPath(bp, "minRetriesPerSecond"), go);
        b.fill("linkerd_budget.ttl_s", kLinkerdRetryTtlS, meshPath(bp, "ttl"), go);
        return;
    }
    const QJsonObject budget = r.object(spec, "spec", "retryBudget");
    for (const char* key : {"retryRatio", "minRetriesPerSecond", "ttl"})
        if (!budget.contains(key))
            r.bad(meshPath(bp, key), "is required with the others (the ServiceProfile CRD "
                                     "requires minRetriesPerSecond, retryRatio and ttl)");
    const std::string drops = " (linkerd2-proxy drops a budget outside it, and with it the "
                              "routes' retries)";
    if (const auto v = r.number(budget, bp, "retryRatio", 0, kTpsBudgetMaxRatio))
        b.set("linkerd_budget.retry_ratio", *v);
    if (const auto v = r.whole(budget, bp, "minRetriesPerSecond", 0, kTpsBudgetMaxMinPerSec))
        b.set("linkerd_budget.min_retries_per_s", double(*v));
    if (const auto ms = r.goDuration(budget, bp, "ttl")) {
        if (*ms < kTpsBudgetMinTtlS * 1000 || *ms > kTpsBudgetMaxTtlS * 1000)
            r.bad(meshPath(bp, "ttl"), "must be from 1s to 60s" + drops);
        else
            b.set("linkerd_budget.ttl_s", *ms / 1000.0);
    }
}

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
            b.strategy("retry", "isRetryable, retryBudget");
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
            readLinkerdRetryBudget(r, spec, b);
        }
        linkerdLoadBalancer(b, sa ? &*sa : nullptr, "ServiceProfile " + pick);
    }
    if (!problems.empty()) return false;
    return b.finish(endpoint, out, problems);
}

} // namespace reslab

#pragma once
// Linkerd 2.16+'s annotations on a Service or an HTTPRoute (retry.linkerd.io/*,
// timeout.linkerd.io/*, balancer.linkerd.io/failure-accrual*) as linkerd2 b24cd405's policy
// controller reads them (policy-controller/k8s/index/src/outbound), and the balancer both of
// Linkerd's forms end in. The ServiceProfile's form and choosing the resource are
// import_linkerd.cpp's.

#include "configimport/mesh_tree.h"
#include "configimport/scenario_builder.h"

#include <QJsonArray>
#include <QJsonObject>
#include <string>
#include <utility>
#include <vector>

namespace reslab {

struct LinkerdResource
{
    const MeshDocument* doc;
    std::string kind, name;
    QJsonObject root;
};

// One resource's metadata.annotations, read with their places.
class LinkerdAnnotations
{
public:
    LinkerdAnnotations(const LinkerdResource& r, ConfigProblems& problems)
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
    const LinkerdResource& resource() const { return m_r; }

private:
    const LinkerdResource& m_r;
    MeshReader m_reader;
    QJsonObject m_a;
};

// A range list as parse_http_retry reads retry.linkerd.io/http (and a ServiceProfile's status
// ranges): into the outcomes and statuses the scenario's retry takes.
void linkerdRetryConditions(const std::vector<std::pair<int, int>>& ranges, QJsonArray& on,
                            QJsonArray& statuses);

// Appends the load_balancer strategy (Linkerd's P2C as least_request, no panic routing, the
// Service's failure accrual when `service` has it) over a skeleton fleet.
void linkerdLoadBalancer(ScenarioBuilder& b, LinkerdAnnotations* service,
                         const std::string& source);

// The pipeline from the annotations: request timeout → retry → retry timeout → load_balancer.
// A route's retry and timeout annotations replace its Service's (outbound/http.rs). Either may be
// null. Problems go to the annotations' readers.
void linkerdFromAnnotations(LinkerdAnnotations* route, LinkerdAnnotations* service,
                            ScenarioBuilder& b);

} // namespace reslab

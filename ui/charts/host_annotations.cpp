#include "host_annotations.h"

#include "palette.h"
#include "policy/outlier_detector.h"

#include <QCoreApplication>
#include <algorithm>
#include <cmath>

namespace reslab::ui {

namespace {
// Ejections (and returns) this close together are one stretch on the charts: a sweep ejects
// several hosts within milliseconds (each host's detection is its own event).
constexpr double kSameStretchS = 1.0;

QString trHosts(const char* text)
{
    return QCoreApplication::translate("HostAnnotations", text);
}
} // namespace

QString hostLabel(std::size_t host, const std::string& zone)
{
    return zone.empty() ? trHosts("host %1").arg(host)
                        : trHosts("host %1 · %2").arg(host).arg(QString::fromStdString(zone));
}

QString ejectionTypeName(std::uint8_t type)
{
    const auto t = static_cast<EjectionType>(type);
    return QString::fromLatin1(kEjectionTypeNames.name(t).data(),
                               qsizetype(kEjectionTypeNames.name(t).size()));
}

std::vector<TimeSpan> ejectionSpans(const std::vector<EjectionSpan>& spans,
                                    const std::vector<bool>& shown, bool labelled)
{
    // Hosts ejected over about the same stretch (a zone's hosts, ejected by one sweep within a
    // few milliseconds of each other and let back by one) share a span and a label: four
    // overlapping hatches and labels could not be read. The list beside has the exact times.
    struct Cluster
    {
        double fromS, toS;
        std::vector<std::uint16_t> hosts;
    };
    std::vector<const EjectionSpan*> order;
    for (const EjectionSpan& s : spans)
        if (s.host < shown.size() && shown[s.host]) order.push_back(&s);
    std::stable_sort(order.begin(), order.end(), [](const EjectionSpan* a, const EjectionSpan* b) {
        return a->fromS < b->fromS;
    });
    std::vector<Cluster> clusters;
    for (const EjectionSpan* s : order) {
        auto same = std::find_if(clusters.begin(), clusters.end(), [s](const Cluster& c) {
            return std::abs(c.fromS - s->fromS) <= kSameStretchS &&
                   std::abs(c.toS - s->toS) <= kSameStretchS;
        });
        if (same == clusters.end()) {
            clusters.push_back(Cluster{s->fromS, s->toS, {s->host}});
            continue;
        }
        same->fromS = std::min(same->fromS, s->fromS);
        same->toS = std::max(same->toS, s->toS);
        same->hosts.push_back(s->host);
    }
    std::vector<TimeSpan> out;
    for (Cluster& c : clusters) {
        std::sort(c.hosts.begin(), c.hosts.end());
        c.hosts.erase(std::unique(c.hosts.begin(), c.hosts.end()), c.hosts.end());
        QString label;
        if (labelled) {
            QStringList names;
            for (std::uint16_t h : c.hosts)
                names << QString::number(h);
            // Short, as a hatched span's label is cut to the span's width.
            label = c.hosts.size() == 1 ? trHosts("host %1 ejected").arg(c.hosts.front())
                                        : trHosts("ejected %1").arg(names.join(", "));
        }
        // One host: its colour; several: the failure colour, as no one host's is right.
        // Hatched (the other way from a breaker's frozen window): out of rotation, the host's
        // calls line stays at 0, and a faint solid fill vanished under a phase's shading.
        out.push_back(
            TimeSpan{c.fromS, c.toS, label,
                     c.hosts.size() == 1 ? palette::hostColor(c.hosts.front()) : palette::kRed,
                     Qt::FDiagPattern});
    }
    return out;
}

std::vector<TimeMark> detectionMarks(const HostEjections& ejections, std::uint32_t endpoint,
                                     const std::vector<bool>& shown, double fromS, double toS,
                                     std::size_t limit)
{
    std::vector<const HostEjectionRecord*> in;
    for (const HostEjectionRecord& r : ejections.detections()) {
        const double at = toSeconds(r.at);
        if (r.endpoint == endpoint && at >= fromS && at <= toS && r.host < shown.size() &&
            shown[r.host])
            in.push_back(&r);
    }
    std::vector<TimeMark> out;
    const std::size_t stride = limit ? (in.size() + limit - 1) / limit : 1;
    for (std::size_t i = 0; i < in.size(); i += std::max<std::size_t>(1, stride))
        out.push_back(TimeMark{
            toSeconds(in[i]->at), palette::hostColor(in[i]->host), TimeMark::Shape::Probe, {}});
    return out;
}

QString ejectionLine(const HostEjectionRecord& r, const std::string& zone)
{
    const QString at = QStringLiteral("%1 s").arg(toSeconds(r.at), 0, 'f', 3);
    const QString host = hostLabel(r.host, zone);
    const QString depth = r.depth ? trHosts(" (balancer %1 layers down)").arg(r.depth) : QString();
    switch (static_cast<EjectionEvent::Kind>(r.kind)) {
    case EjectionEvent::Kind::Ejected:
        return trHosts("%1   %2 ejected (%3)%4").arg(at, host, ejectionTypeName(r.type), depth);
    case EjectionEvent::Kind::Unejected:
        return trHosts("%1   %2 back in rotation%3").arg(at, host, depth);
    case EjectionEvent::Kind::NotEnforced:
        return trHosts("%1   %2: %3 detected, not enforced (enforcing_*)%4")
            .arg(at, host, ejectionTypeName(r.type), depth);
    case EjectionEvent::Kind::Overflow:
        return trHosts("%1   %2: %3 detected, not ejected (max_ejection_percent)%4")
            .arg(at, host, ejectionTypeName(r.type), depth);
    }
    return at;
}

} // namespace reslab::ui

#include "host_annotations.h"

#include "palette.h"
#include "policy/outlier_detector.h"

#include <QCoreApplication>
#include <algorithm>
#include <cmath>

namespace reslab::ui {

namespace {
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

std::vector<TimeLane> ejectionLanes(const std::vector<EjectionSpan>& spans,
                                    const std::vector<bool>& shown, double fromS, double toS,
                                    bool labelled)
{
    std::vector<TimeLane> lanes(shown.size());
    for (const EjectionSpan& s : spans)
        if (s.host < shown.size() && shown[s.host] && s.toS >= fromS && s.fromS <= toS)
            lanes[s.host].stretches.emplace_back(s.fromS, s.toS);
    std::vector<TimeLane> out;
    for (std::size_t h = 0; h < lanes.size(); ++h) {
        if (lanes[h].stretches.empty()) continue;
        lanes[h].color = palette::hostColor(h);
        if (labelled) lanes[h].label = trHosts("host %1 ejected").arg(h);
        out.push_back(std::move(lanes[h]));
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

QString ejectionWhen(const HostEjectionRecord& r, const std::string& zone)
{
    return trHosts("%1 s   %2").arg(toSeconds(r.at), 0, 'f', 3).arg(hostLabel(r.host, zone));
}

QString ejectionWhat(const HostEjectionRecord& r)
{
    const QString depth = r.depth ? trHosts(" (balancer %1 layers down)").arg(r.depth) : QString();
    switch (static_cast<EjectionEvent::Kind>(r.kind)) {
    case EjectionEvent::Kind::Ejected:
        return trHosts("ejected (%1)%2").arg(ejectionTypeName(r.type), depth);
    case EjectionEvent::Kind::Unejected:
        return trHosts("back in rotation%1").arg(depth);
    case EjectionEvent::Kind::NotEnforced:
        return trHosts("%1 detected, not enforced (enforcing_*)%2")
            .arg(ejectionTypeName(r.type), depth);
    case EjectionEvent::Kind::Overflow:
        return trHosts("%1 detected, not ejected (max_ejection_percent)%2")
            .arg(ejectionTypeName(r.type), depth);
    }
    return {};
}

QString ejectionLine(const HostEjectionRecord& r, const std::string& zone)
{
    return QStringLiteral("%1 %2").arg(ejectionWhen(r, zone), ejectionWhat(r));
}

} // namespace reslab::ui

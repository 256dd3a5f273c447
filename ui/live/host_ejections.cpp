#include "host_ejections.h"

#include "policy/outlier_detector.h"

#include <algorithm>

namespace reslab::ui {

bool HostEjections::isChange(const HostEjectionRecord& r)
{
    const auto kind = static_cast<EjectionEvent::Kind>(r.kind);
    return kind == EjectionEvent::Kind::Ejected || kind == EjectionEvent::Kind::Unejected;
}

int HostEjections::applied(int before, const HostEjectionRecord& r)
{
    // Each balancer over the fleet ejects on its own; a host is out while any has it out.
    // An un-ejection of a host not seen ejected (a run's first moments) leaves it at 0.
    if (static_cast<EjectionEvent::Kind>(r.kind) == EjectionEvent::Kind::Ejected) return before + 1;
    return std::max(0, before - 1);
}

void HostEjections::add(const std::vector<HostEjectionRecord>& records)
{
    for (const HostEjectionRecord& r : records) {
        if (!isChange(r)) {
            m_detections.push_back(r);
            if (m_detections.size() > kMaxDetectionsKept) m_detections.pop_front();
            continue;
        }
        m_changes.push_back(r);
        if (m_changes.size() <= kMaxKept) continue;
        // The oldest goes; what it did stays in the baseline, so later spans stay right.
        const HostEjectionRecord& old = m_changes.front();
        const Key key{old.endpoint, old.host};
        const int before = m_baseline[key];
        m_baseline[key] = applied(before, old);
        if (before == 0 && m_baseline[key] > 0) m_baselineType[key] = old.type;
        m_cut = std::max(m_cut, old.at);
        m_changes.pop_front();
        ++m_dropped;
    }
}

std::vector<EjectionSpan> HostEjections::spans(std::uint32_t endpoint, double nowS) const
{
    std::vector<EjectionSpan> out;
    std::map<std::uint16_t, int> ejectedBy;    // per host: balancers that have it out
    std::map<std::uint16_t, std::size_t> open; // per host: its open span in `out`
    const double cutS = toSeconds(m_cut);
    for (const auto& [key, n] : m_baseline) {
        if (key.first != endpoint || n <= 0) continue;
        ejectedBy[key.second] = n;
        const auto type = m_baselineType.find(key);
        open[key.second] = out.size();
        out.push_back(EjectionSpan{key.second, cutS, nowS, true,
                                   type != m_baselineType.end() ? type->second : std::uint8_t(0)});
    }
    for (const HostEjectionRecord& r : m_changes) {
        if (r.endpoint != endpoint) continue;
        int& n = ejectedBy[r.host];
        const int before = n;
        n = applied(before, r);
        const double at = toSeconds(r.at);
        if (before == 0 && n > 0) {
            open[r.host] = out.size();
            out.push_back(EjectionSpan{r.host, at, nowS, true, r.type});
        } else if (before > 0 && n == 0) {
            if (const auto it = open.find(r.host); it != open.end()) {
                out[it->second].toS = at;
                out[it->second].open = false;
                open.erase(it);
            }
        }
    }
    // An open stretch ends now (a record's time may be a little past the run's clock as the
    // window saw it: never a stretch that ends before it begins).
    for (EjectionSpan& s : out)
        if (s.open) s.toS = std::max(s.fromS, nowS);
    return out;
}

std::size_t HostEjections::ejectionsIn(std::uint32_t endpoint, std::uint16_t host, double fromS,
                                       double toS) const
{
    std::size_t n = 0;
    for (const HostEjectionRecord& r : m_changes) {
        const double at = toSeconds(r.at);
        if (r.endpoint == endpoint && r.host == host && at >= fromS && at < toS &&
            static_cast<EjectionEvent::Kind>(r.kind) == EjectionEvent::Kind::Ejected)
            ++n;
    }
    return n;
}

} // namespace reslab::ui

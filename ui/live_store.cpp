#include "live_store.h"

namespace reslab::ui {

namespace {
constexpr std::size_t kRowsPerSecond = kNanosPerSecond / kLiveTimelineStep;
}

void LiveStore::clear()
{
    *this = LiveStore{};
}

void LiveStore::add(const LiveSnapshot& s)
{
    for (const TimelineRow& r : s.rows) m_rows.push_back(r);
    while (m_rows.size() > kMaxRows) m_rows.pop_front();
    m_nowS = toSeconds(s.virtualNow);
    m_lastBreakers = s.breakers;
    m_lastEndpoints = s.endpoints;
    m_transitions.insert(m_transitions.end(), s.transitions.begin(), s.transitions.end());
    m_recent = s.recentAttempts;
}

std::vector<QPointF> LiveStore::rate(Rate which) const
{
    std::vector<QPointF> out;
    out.reserve(m_rows.size());
    double window = 0.0;
    auto value = [which](const TimelineRow& r) {
        switch (which) {
        case Rate::Offered: return static_cast<double>(r.offered);
        case Rate::Attempts: return static_cast<double>(r.attempts);
        case Rate::Ok: return static_cast<double>(r.byOutcome[0]);
        case Rate::Failures: return static_cast<double>(r.attempts - r.byOutcome[0]);
        }
        return 0.0;
    };
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        window += value(m_rows[i]);
        if (i >= kRowsPerSecond) window -= value(m_rows[i - kRowsPerSecond]);
        const double seconds = static_cast<double>(std::min(i + 1, kRowsPerSecond)) / kRowsPerSecond;
        out.emplace_back(toSeconds(m_rows[i].start + m_rows[i].width), window / seconds);
    }
    return out;
}

std::vector<QPointF> LiveStore::amplification() const
{
    const auto offered = rate(Rate::Offered);
    const auto attempts = rate(Rate::Attempts);
    std::vector<QPointF> out;
    for (std::size_t i = 0; i < offered.size(); ++i)
        if (offered[i].y() > 0) out.emplace_back(offered[i].x(), attempts[i].y() / offered[i].y());
    return out;
}

std::vector<QPointF> LiveStore::latency(bool p99) const
{
    std::vector<QPointF> out;
    for (const TimelineRow& r : m_rows)
        if (r.p50 > 0 || r.p99 > 0) out.emplace_back(toSeconds(r.start + r.width), toMillis(p99 ? r.p99 : r.p50));
    return out;
}

std::vector<QPointF> LiveStore::breakerRate(std::size_t i, bool slow) const
{
    std::vector<QPointF> out;
    for (const TimelineRow& r : m_rows)
        if (i < r.breakers.size())
            out.emplace_back(toSeconds(r.start + r.width), 100.0 * (slow ? r.breakers[i].slowRate : r.breakers[i].failureRate));
    return out;
}

std::vector<QPointF> LiveStore::breakerState(std::size_t i, BreakerState s, double level) const
{
    // A step line at `level` while the breaker is in state s, at 0 otherwise: drawn as a band.
    std::vector<QPointF> out;
    double previous = -1.0;
    for (const TimelineRow& r : m_rows) {
        if (i >= r.breakers.size()) continue;
        const double t = toSeconds(r.start + r.width);
        const double v = r.breakers[i].state == static_cast<std::uint8_t>(s) ? level : 0.0;
        if (previous >= 0.0 && v != previous) out.emplace_back(t, previous);
        out.emplace_back(t, v);
        previous = v;
    }
    return out;
}

std::vector<QPointF> LiveStore::endpointGauge(std::size_t i, bool queue) const
{
    std::vector<QPointF> out;
    for (const TimelineRow& r : m_rows)
        if (i < r.endpoints.size())
            out.emplace_back(toSeconds(r.start + r.width), static_cast<double>(queue ? r.endpoints[i].queue : r.endpoints[i].inService));
    return out;
}

} // namespace reslab::ui

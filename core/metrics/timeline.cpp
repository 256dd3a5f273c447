#include "metrics/timeline.h"

namespace reslab {

TimelineCollector::Pending& TimelineCollector::row(Time at)
{
    const std::int64_t second = at / kNanosPerSecond;
    while (static_cast<std::int64_t>(m_open.size()) <= second - m_first) {
        m_open.emplace_back();
        m_open.back().row.second = m_first + static_cast<std::int64_t>(m_open.size()) - 1;
    }
    return m_open[static_cast<std::size_t>(second - m_first)];
}

void TimelineCollector::closeUntil(std::int64_t second)
{
    while (m_first < second) {
        if (m_open.empty()) row(m_first * kNanosPerSecond);
        Pending& p = m_open.front();
        m_gauges(p.row);
        p.row.p50 = p.latency.quantile(0.50);
        p.row.p99 = p.latency.quantile(0.99);
        m_sink(p.row);
        m_open.pop_front();
        ++m_first;
    }
}

} // namespace reslab

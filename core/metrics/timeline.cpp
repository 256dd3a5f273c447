#include "metrics/timeline.h"

namespace reslab {

TimelineCollector::Pending& TimelineCollector::row(Time at)
{
    const std::int64_t step = at / m_width;
    while (static_cast<std::int64_t>(m_open.size()) <= step - m_first) {
        m_open.emplace_back();
        TimelineRow& r = m_open.back().row;
        r.index = m_first + static_cast<std::int64_t>(m_open.size()) - 1;
        r.start = r.index * m_width;
        r.width = m_width;
    }
    return m_open[static_cast<std::size_t>(step - m_first)];
}

void TimelineCollector::closeUntil(std::int64_t step)
{
    while (m_first < step) {
        if (m_open.empty()) row(m_first * m_width);
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

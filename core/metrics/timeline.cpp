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

void TimelineCollector::fillPercentiles(Pending& p)
{
    const Histogram* requests = &p.latency;
    const Histogram* attempts = &p.attemptLatency;
    if (m_latencyWindow > 1) {
        // Keep the step's histograms (moved, so the deque recycles no 58 KB buffers needlessly).
        m_window.push_back(
            Pending{TimelineRow{}, std::move(p.latency), std::move(p.attemptLatency)});
        if (m_window.size() > m_latencyWindow) m_window.pop_front();
        m_mergedRequests.clear();
        m_mergedAttempts.clear();
        for (const Pending& w : m_window) {
            m_mergedRequests.merge(w.latency);
            m_mergedAttempts.merge(w.attemptLatency);
        }
        requests = &m_mergedRequests;
        attempts = &m_mergedAttempts;
    }
    p.row.p50 = requests->quantile(0.50);
    p.row.p90 = requests->quantile(0.90);
    p.row.p99 = requests->quantile(0.99);
    p.row.attemptP50 = attempts->quantile(0.50);
    p.row.attemptP90 = attempts->quantile(0.90);
    p.row.attemptP99 = attempts->quantile(0.99);
}

void TimelineCollector::closeUntil(std::int64_t step)
{
    while (m_first < step) {
        if (m_open.empty()) row(m_first * m_width);
        Pending& p = m_open.front();
        m_gauges(p.row);
        fillPercentiles(p);
        m_sink(p.row);
        m_open.pop_front();
        ++m_first;
    }
}

} // namespace reslab

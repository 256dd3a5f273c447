#include "policy/breaker_window.h"

#include <algorithm>

namespace reslab {

void CountWindow::record(bool failure, bool slow)
{
    std::uint8_t& slot = m_flags[m_next];
    if (slot & 4) { // the oldest call leaves the window
        --m_totals.calls;
        m_totals.failures -= slot & 1;
        m_totals.slow -= (slot >> 1) & 1;
    }
    slot = static_cast<std::uint8_t>(4 | (failure ? 1 : 0) | (slow ? 2 : 0));
    ++m_totals.calls;
    m_totals.failures += failure;
    m_totals.slow += slow;
    m_next = (m_next + 1) % m_flags.size();
}

void CountWindow::clear()
{
    std::fill(m_flags.begin(), m_flags.end(), 0);
    m_next = 0;
    m_totals = {};
}

TimeWindow::TimeWindow(Time span, std::uint32_t buckets)
    : m_width(std::max<Time>(1, span / std::max<std::uint32_t>(1, buckets))),
      m_buckets(std::max<std::uint32_t>(1, buckets))
{
}

void TimeWindow::advance(Time now)
{
    const std::int64_t index = now / m_width;
    if (index <= m_current) return;
    const auto count = static_cast<std::int64_t>(m_buckets.size());
    // Clear every bucket the window has moved past; a jump longer than the window clears them all.
    const std::int64_t from = std::max(m_current + 1, index - count + 1);
    for (std::int64_t i = from; i <= index; ++i) {
        Bucket& b = m_buckets[static_cast<std::size_t>(i % count)];
        m_totals.calls -= b.counts.calls;
        m_totals.failures -= b.counts.failures;
        m_totals.slow -= b.counts.slow;
        b.counts = {};
        b.index = i;
    }
    m_current = index;
}

void TimeWindow::add(Time now, WindowTotals counts)
{
    advance(now);
    Bucket& b = m_buckets[static_cast<std::size_t>(m_current %
                                                   static_cast<std::int64_t>(m_buckets.size()))];
    b.counts.calls += counts.calls;
    b.counts.failures += counts.failures;
    b.counts.slow += counts.slow;
    m_totals.calls += counts.calls;
    m_totals.failures += counts.failures;
    m_totals.slow += counts.slow;
}

WindowTotals TimeWindow::totals(Time now)
{
    advance(now);
    return m_totals;
}

WindowTotals TimeWindow::completedTotals(Time now)
{
    advance(now);
    const Bucket& b = m_buckets[static_cast<std::size_t>(
        m_current % static_cast<std::int64_t>(m_buckets.size()))];
    WindowTotals t = m_totals;
    t.calls -= b.counts.calls;
    t.failures -= b.counts.failures;
    t.slow -= b.counts.slow;
    return t;
}

void TimeWindow::clear()
{
    for (Bucket& b : m_buckets)
        b = Bucket{};
    m_current = -1;
    m_totals = {};
}

CallStartedWindow::CallStartedWindow(Time span, std::uint32_t buckets)
    : m_span(std::max<Time>(1, span)),
      // Polly: TimeSpan.FromTicks(samplingDuration.Ticks / numberOfWindows)
      m_width(std::max<Time>(1, m_span / std::max<std::uint32_t>(1, buckets)))
{
}

void CallStartedWindow::record(Time now, bool failure, bool slow)
{
    // Polly's UpdateCurrentWindow: a new sub-window when there is none or the current one is
    // width old; then the sub-windows span old or older leave.
    if (m_windows.empty() || now - m_windows.back().start >= m_width)
        m_windows.push_back(SubWindow{now, {}});
    while (now - m_windows.front().start >= m_span)
        m_windows.pop_front();
    WindowTotals& c = m_windows.back().counts;
    ++c.calls;
    c.failures += failure;
    c.slow += slow;
}

WindowTotals CallStartedWindow::totals(Time now) const
{
    WindowTotals t;
    for (const SubWindow& w : m_windows) {
        if (now - w.start >= m_span) continue;
        t.calls += w.counts.calls;
        t.failures += w.counts.failures;
        t.slow += w.counts.slow;
    }
    return t;
}

void CallStartedWindow::clear()
{
    m_windows.clear();
}

} // namespace reslab

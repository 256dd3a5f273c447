#pragma once
// Builds one TimelineRow per step of virtual time (a second for the CSV). Rows for step s are
// complete when the clock reaches the start of step s + 1 (every earlier event has run), so the
// simulation calls closeUntil() from a tick at each step; at most two rows are open at any time,
// so memory stays flat.

#include "metrics/histogram.h"
#include "metrics/records.h"

#include <algorithm>
#include <deque>
#include <functional>

namespace reslab {

class TimelineCollector
{
public:
    using Gauges = std::function<void(TimelineRow&)>; // fills in_flight and queue
    using Sink = std::function<void(const TimelineRow&)>;

    // Percentiles are taken over the last `latencyWindow` steps (1: the step alone).
    TimelineCollector(Time width, Gauges gauges, Sink sink, int latencyWindow = 1)
        : m_width(width), m_gauges(std::move(gauges)), m_sink(std::move(sink)),
          m_latencyWindow(static_cast<std::size_t>(std::max(1, latencyWindow)))
    {
    }
    Time width() const { return m_width; }

    void onRequestStarted(Time at) { row(at).row.offered++; }
    void onAttempt(const AttemptRecord& a)
    {
        Pending& p = row(a.end);
        p.row.attempts++;
        p.row.byOutcome[static_cast<std::size_t>(a.result.outcome)]++;
        p.attemptLatency.record(a.end - a.start);
    }
    void onRequestDone(const RequestRecord& r) { row(r.end).latency.record(r.end - r.start); }

    // Emits every row for steps before `step`.
    void closeUntil(std::int64_t step);
    std::int64_t nextSecond() const { return m_first; }

private:
    struct Pending
    {
        TimelineRow row;
        Histogram latency;
        Histogram attemptLatency;
    };
    void fillPercentiles(Pending& closing);
    Pending& row(Time at);

    Time m_width;
    Gauges m_gauges;
    Sink m_sink;
    std::deque<Pending> m_open; // seconds m_first, m_first + 1, …
    std::int64_t m_first = 0;
    // The closed steps' histograms inside the latency window, newest last.
    std::size_t m_latencyWindow;
    std::deque<Pending> m_window;
    Histogram m_mergedRequests, m_mergedAttempts;
};

} // namespace reslab

#pragma once
// Builds one TimelineRow per virtual second. Rows for second s are complete when the clock
// reaches s + 1 (every earlier event has run), so the simulation calls closeUntil() from a tick
// at each whole second; at most two rows are open at any time, so memory stays flat.

#include "metrics/histogram.h"
#include "metrics/records.h"

#include <deque>
#include <functional>

namespace reslab {

class TimelineCollector
{
public:
    using Gauges = std::function<void(TimelineRow&)>; // fills in_flight and queue
    using Sink = std::function<void(const TimelineRow&)>;

    TimelineCollector(Gauges gauges, Sink sink) : m_gauges(std::move(gauges)), m_sink(std::move(sink)) {}

    void onRequestStarted(Time at) { row(at).row.offered++; }
    void onAttempt(const AttemptRecord& a)
    {
        Pending& p = row(a.end);
        p.row.attempts++;
        p.row.byOutcome[static_cast<std::size_t>(a.result.outcome)]++;
    }
    void onRequestDone(const RequestRecord& r) { row(r.end).latency.record(r.end - r.start); }

    // Emits every row for seconds before `second`.
    void closeUntil(std::int64_t second);
    std::int64_t nextSecond() const { return m_first; }

private:
    struct Pending
    {
        TimelineRow row;
        Histogram latency;
    };
    Pending& row(Time at);

    Gauges m_gauges;
    Sink m_sink;
    std::deque<Pending> m_open; // seconds m_first, m_first + 1, …
    std::int64_t m_first = 0;
};

} // namespace reslab

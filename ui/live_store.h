#pragma once
// What the UI keeps of a live run: the snapshots' rows, gauges and transitions, in bounded
// buffers, owned by the UI thread. It turns them into chart points on demand.

#include "run/live_run.h"

#include <QPointF>

#include <deque>
#include <string>
#include <vector>

namespace reslab::ui {

class LiveStore
{
public:
    // 3,600 virtual seconds of 100 ms rows; older ones are dropped (the charts scroll).
    static constexpr std::size_t kMaxRows = 36'000;

    void clear();
    void add(const LiveSnapshot& snapshot);

    double nowS() const { return m_nowS; }
    bool empty() const { return m_rows.empty(); }

    enum class Rate { Offered, Attempts, Ok, Failures };
    // Per-second rates over a sliding second (ten 100 ms rows).
    std::vector<QPointF> rate(Rate which) const;
    std::vector<QPointF> amplification() const;
    std::vector<QPointF> latency(bool p99) const; // ms
    // Breaker i: failure and slow-call rates (%) and the state as a band value.
    std::vector<QPointF> breakerRate(std::size_t i, bool slow) const;
    std::vector<QPointF> breakerState(std::size_t i, BreakerState s, double level) const;
    std::vector<QPointF> endpointGauge(std::size_t i, bool queue) const;
    const std::vector<BreakerGauge>& breakers() const { return m_lastBreakers; }
    const std::vector<EndpointGauge>& endpoints() const { return m_lastEndpoints; }
    const std::vector<BreakerTransitionRecord>& transitions() const { return m_transitions; }
    const std::vector<AttemptRecord>& recentAttempts() const { return m_recent; }

private:
    std::deque<TimelineRow> m_rows;
    std::vector<BreakerGauge> m_lastBreakers;
    std::vector<EndpointGauge> m_lastEndpoints;
    std::vector<BreakerTransitionRecord> m_transitions;
    std::vector<AttemptRecord> m_recent;
    double m_nowS = 0.0;
};

} // namespace reslab::ui

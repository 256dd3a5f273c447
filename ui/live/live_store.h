#pragma once
// What the UI keeps of a live run: the snapshots' rows, gauges and transitions, in bounded
// buffers, owned by the UI thread. It turns them into chart points on demand.

#include "host_ejections.h"
#include "run/live_run.h"
#include "run_history.h"

#include <QPointF>
#include <array>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace reslab::ui {

// A breaker as its card in the panel shows it: the gauge now and its calls of the last seconds
// by outcome (the Hystrix dashboard's rolling counts).
struct BreakerCard
{
    BreakerGauge gauge;
    std::array<std::uint64_t, kOutcomeCount> rolling{};
};

class LiveStore
{
public:
    // The whole run is kept (RunHistory: full resolution for the last ten minutes, coarser
    // buckets with their minimum and maximum further back), so memory stays bounded however long
    // a run goes. The series below cover the span set last (the time model's visible range).
    void setSpan(double fromS, double toS);
    const RunHistory& history() const { return m_history; }

    void clear();
    // One run's part of a snapshot, and the shared clock.
    void add(const RunSnapshot& run, Time virtualNow);

    double nowS() const { return m_nowS; }
    bool empty() const { return m_history.empty(); }

    enum class Rate
    {
        Offered,
        Attempts,
        Ok,
        Failures
    };
    // Per-second rates over a sliding second (ten 100 ms rows).
    std::vector<QPointF> rate(Rate which) const;
    // Attempts that ended with this outcome, per second over a sliding second.
    std::vector<QPointF> outcomeRate(Outcome o) const;
    // A ratio per request (amplification) is taken over at least this many requests: one retry
    // over one or two requests makes a spike that means nothing (a ratio over 5 moves by at
    // most 0.2 per retry). Its window is the sliding second, widened back (up to
    // kMaxRatioWindowS) until it holds that many; where even that holds fewer (the run's first
    // moments, its drain after the last request), no point is drawn.
    static constexpr std::uint64_t kMinRatioRequests = 5;
    // Ten seconds: a workload of one request every two seconds still gets a ratio, smoothed.
    static constexpr double kMaxRatioWindowS = 10.0;
    // The client's attempts per request offered, over a sliding second.
    std::vector<QPointF> amplification() const;
    // Calls to the endpoints of `layer` (Scenario::layers(): 0 the target, 1 what it calls, …)
    // per request offered to the client, over a sliding second: how retries multiply by layer.
    std::vector<QPointF> layerAmplification(int layer, const std::vector<int>& layers) const;
    enum class Latency
    {
        P50,
        P90,
        P99,
        AttemptP50,
        AttemptP90,
        AttemptP99
    };
    // Over the last second (kLiveLatencyWindowSteps), in ms.
    std::vector<QPointF> latency(Latency which) const;
    // Breaker i: failure and slow-call rates (%) and the state as a band value.
    std::vector<QPointF> breakerRate(std::size_t i, bool slow) const;
    // Breaker i's breaker_open rejections per second (over a sliding second).
    std::vector<QPointF> breakerRejections(std::size_t i) const;
    // Breaker i's calls that it let through to the service, per second (over a sliding second).
    std::vector<QPointF> breakerPassed(std::size_t i) const;
    std::vector<QPointF> breakerState(std::size_t i, BreakerState s, double level) const;
    std::vector<QPointF> endpointGauge(std::size_t i, bool queue) const;
    // Busy workers ÷ workers, in % (empty for an endpoint without a worker limit).
    std::vector<QPointF> endpointUtilization(std::size_t i) const;
    enum class LimiterLine
    {
        Limit,
        InFlight,
        Rtt // the mean RTT of the samples it took over the sliding second, in ms
    };
    std::vector<QPointF> limiter(std::size_t i, LimiterLine which) const;
    // Each breaker's gauge with its calls of the last `seconds` by outcome.
    std::vector<BreakerCard> breakerCards(double seconds) const;
    const std::optional<Summary>& summary() const { return m_summary; } // once finished
    // The client's latest attempts (depth 0), oldest first, at most kMaxAttempts.
    const std::deque<AttemptRecord>& clientAttempts() const { return m_clientAttempts; }
    // The client's attempts that overlap [fromS, toS] (waits included), oldest first: from the
    // latest ones and from those kept around marked moments (breaker transitions), so the
    // attempts around an outage can be seen after the run has moved on.
    std::deque<AttemptRecord> clientAttemptsIn(double fromS, double toS) const;
    // Attempts kept around each breaker transition: kMarkSeconds either side, at most
    // kMaxMarkedAttempts in all (the oldest marks go first).
    static constexpr double kMarkSeconds = 5.0;
    static constexpr std::size_t kMaxMarkedAttempts = 20'000;
    std::size_t markedAttemptCount() const { return m_markedAttempts.size(); }
    const std::vector<std::uint64_t>& attemptsPerRequest() const { return m_attemptsPerRequest; }
    static constexpr std::size_t kMaxAttempts = 4000;
    const std::vector<BreakerGauge>& breakers() const { return m_lastBreakers; }
    const std::vector<EndpointGauge>& endpoints() const { return m_lastEndpoints; }
    const std::vector<LimiterGauge>& limiters() const { return m_lastLimiters; }
    const std::vector<BreakerTransitionRecord>& transitions() const { return m_transitions; }

    // ---- Fleets: the hosts of endpoints with replicas (the Hosts page) ----
    // The endpoints whose hosts the rows follow (none without a fleet, and for served traffic).
    const std::vector<FleetHosts>& fleets() const { return m_fleets; }
    // The hosts in TimelineRow::hosts[first, first + count) over the visible span, each as:
    struct HostLines
    {
        std::vector<QPointF> calls;    // calls it received, per second over a sliding second
        std::vector<QPointF> failed;   // its answers other than ok and the client's timeouts (same)
        std::vector<QPointF> latency;  // the mean latency of the attempts it answered over the
                                       // sliding second, ms; NaN (a gap) where it answered none
        std::vector<QPointF> inFlight; // its busy workers and queued calls, mean over the second
    };
    // The hosts with `own[h]` (h < own.size()) as lines of their own; the others together as a
    // band, its low and high edges the least and the most of them at each point (empty when
    // every host has its own lines; where none of them answered, the latency band closes).
    struct FleetLines
    {
        std::vector<HostLines> hosts; // a host in the band has empty lines here
        HostLines low, high;
        std::size_t banded = 0; // hosts in the band
    };
    FleetLines hostLines(std::size_t first, const std::vector<bool>& own) const;
    // A host's counts over [fromS, toS] (the rows whose middle lies in it, as the Summary's range).
    struct HostTotals
    {
        std::uint64_t calls = 0;
        std::uint64_t failed = 0;   // answers other than ok
        std::uint64_t timeouts = 0; // attempts to it its client gave up on
        std::uint64_t answered = 0;
        double latencyMs = 0.0; // summed over the answered attempts
        double meanLatencyMs() const { return answered ? latencyMs / double(answered) : 0.0; }
    };
    // Each shown host of `fleet`, in index order.
    std::vector<HostTotals> hostTotals(const FleetHosts& fleet, double fromS, double toS) const;
    // Every ejection and un-ejection (bounded), and the detections that did not eject.
    const HostEjections& ejections() const { return m_ejections; }
    std::uint64_t detectionsSkipped() const { return m_detectionsSkipped; }

private:
    template <typename Value> std::vector<QPointF> slidingRate(Value value) const;
    // Σ value ÷ Σ offered over each sliding second widened to kMinRatioRequests requests.
    template <typename Value> std::vector<QPointF> slidingRatio(Value value) const;

    std::vector<const TimelineRow*> spanRows() const;

    RunHistory m_history;
    double m_spanFrom = 0.0;
    double m_spanTo = 1e300;
    std::deque<AttemptRecord> m_markedAttempts; // around transitions, in arrival order
    Time m_markUntil = -1;                      // attempts starting before this are marked
    std::vector<BreakerGauge> m_lastBreakers;
    std::vector<EndpointGauge> m_lastEndpoints;
    std::vector<LimiterGauge> m_lastLimiters;
    std::vector<BreakerTransitionRecord> m_transitions;
    std::vector<FleetHosts> m_fleets;
    HostEjections m_ejections;
    std::uint64_t m_detectionsSkipped = 0;
    std::deque<AttemptRecord> m_clientAttempts;
    std::vector<std::uint64_t> m_attemptsPerRequest;
    std::optional<Summary> m_summary;
    double m_nowS = 0.0;
};

} // namespace reslab::ui

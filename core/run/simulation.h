#pragma once
// One run of a scenario on virtual time: builds the endpoints, the client pipeline and the
// workload, runs the event queue, and keeps the summary (histograms and counters, never lists,
// so memory stays flat however many requests are simulated). Observers see every attempt and
// request as it happens; the timeline, when asked for, one row per virtual second.
//
// Threading: a Simulation is used from one thread; observers are called on that thread.

#include "metrics/histogram.h"
#include "metrics/records.h"
#include "metrics/summary.h"
#include "metrics/timeline.h"
#include "model/endpoint.h"
#include "model/workload.h"
#include "policy/pipeline.h"
#include "run/bulk_requests.h"
#include "run/gauges.h"
#include "run/services.h"
#include "scenario/scenario.h"
#include "sim/event_queue.h"

#include <memory>
#include <optional>
#include <vector>

namespace reslab {

struct RunOptions
{
    std::optional<std::uint64_t> seed;   // overrides the scenario's
    bool timeline = false;               // emit TimelineRows to observers …
    Time timelineStep = kNanosPerSecond; // … this wide
    int latencyWindowSteps = 1;          // timeline percentiles over this many steps
    // false: every pipeline step is posted, none run in place (exec.h); the same run, slower
    // (tests compare the two).
    bool stepsInPlace = true;
};

class Simulation final : public PipelineClient,
                         public RecordSink,
                         public RequestLauncher,
                         public EventTarget
{
public:
    // The scenario must have passed validation.
    explicit Simulation(const Scenario& scenario, RunOptions options = {});
    ~Simulation() override;

    void addObserver(RunObserver* observer) { m_observers.push_back(observer); }
    void removeObserver(RunObserver* observer) { std::erase(m_observers, observer); }

    // Runs until the workload is done, every request has finished and the endpoints have finished
    // the work they were given, or until the drain time is up.
    void run();
    // Runs every event up to virtual time `limit`; returns false once the run is over.
    bool advanceTo(Time limit);
    bool finished() const { return m_finished; }
    // Ends the run now: the summary covers what ran and says why it stopped (Ctrl-C).
    void stop(const std::string& reason);
    // Why the run stopped before its end ("" when it ran to its end).
    const std::string& stopped() const { return m_stopped; }
    Time now() const { return m_queue.now(); }
    // The latest virtual time the run can reach: arrivals' end plus drain_s (what a recording
    // of it must hold).
    Time hardEnd() const { return m_hardEnd; }
    std::uint64_t eventsRun() const { return m_queue.eventsRun(); }

    Summary summary() const;
    std::uint64_t seed() const { return m_seed; }
    const std::vector<std::unique_ptr<Fleet>>& endpoints() const { return m_services.endpoints(); }
    std::vector<BreakerGauge> breakerGauges();
    std::vector<LimiterGauge> limiterGauges() const { return reslab::limiterGauges(m_limiters); }
    std::vector<EndpointGauge> endpointGauges() const;

    // PipelineClient, RecordSink, RequestLauncher, EventTarget
    void onPipelineDone(std::uint64_t token, const RequestRecord& record) override;
    void onAttempt(const AttemptRecord& record) override;
    void onBreakerTransition(const BreakerTransitionRecord& record) override;
    void onHostEjection(const HostEjectionRecord& record) override;
    void onLimitChange(const LimitChangeRecord& record) override;
    void onBreakerCreated(const std::string& name, CircuitBreaker* breaker) override;
    void onLimiterCreated(const std::string& name, const ConcurrencyLimiter* limiter) override;
    void launch(std::uint64_t token) override;
    void onEvent(std::uint32_t kind, std::uint64_t arg) override;

private:
    void finish(Time at);
    void requestDone(std::uint64_t workloadToken, const RequestRecord& record);
    void sendBulkItems(std::uint32_t slot, std::uint64_t request, int items);

    Scenario m_scenario;
    std::uint64_t m_seed;
    EventQueue m_queue;
    ExecPool m_execs;
    // The breakers and limiters, as their stages and endpoints announce them while m_services is
    // built (the endpoints' own calls have pipelines too), so declared before it.
    std::vector<BreakerSummary> m_breakers;
    std::vector<CircuitBreaker*> m_breakerMachines; // parallel to m_breakers; owned by their stages
    std::vector<NamedLimiter> m_limiters;           // owned by their stages and endpoints
    HostEjectionCounts m_hostEjections;
    Services m_services;
    std::unique_ptr<Pipeline> m_pipeline;
    std::unique_ptr<Workload> m_workload;
    std::unique_ptr<BulkRequests> m_bulk; // the workload's bulk, when it has one
    std::unique_ptr<TimelineCollector> m_timeline;
    std::vector<RunObserver*> m_observers;

    Time m_hardEnd;
    Time m_endTime = 0;
    bool m_started = false;
    bool m_finished = false;
    std::uint64_t m_nextRequest = 1;
    std::uint64_t m_inFlight = 0;
    std::uint64_t m_succeeded = 0;
    std::uint64_t m_failed = 0;
    std::uint64_t m_fallbacks = 0;
    std::array<std::uint64_t, kOutcomeCount> m_requestsByOutcome{};
    std::uint64_t m_attempts = 0;
    std::array<std::uint64_t, kOutcomeCount> m_attemptsByOutcome{};
    Histogram m_latency;
    double m_wallMs = 0.0;
    std::string m_stopped;
    Time m_instant = -1;                 // the virtual instant of the latest event …
    std::uint64_t m_eventsAtInstant = 0; // … and how many ran at it
};

// A run making no progress in virtual time: this many events at one instant means a loop in
// zero time (a closed workload whose calls end at once, a reset with no latency), not work —
// a batch of a million requests at t = 0 takes about 4 million.
inline constexpr std::uint64_t kMaxEventsAtOneInstant = 50'000'000;

} // namespace reslab

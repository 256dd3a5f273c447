#pragma once
// The scenario's fault model, served: its endpoints (Services, the very objects a simulation
// runs) on an event queue paced by the wall clock. A real client's request becomes one call to
// an endpoint — the k-th call it receives, with the k-th call's random streams, so it meets the
// fate the k-th simulated call meets — and its answer comes back through a handler, posted to
// the io_context so that no server code runs inside the engine's event loop.
//
// Threading: everything runs on the io_context's one thread.

#include "metrics/summary.h"
#include "run/gauges.h"
#include "run/services.h"
#include "scenario/scenario.h"
#include "serve/pacer.h"
#include "trace/trace.h"

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace reslab {

struct ServedAnswer
{
    Result result;
    std::uint64_t call = 0; // k: the endpoint's call number
    Time latency = 0;       // from the request entering the model to its answer
    // versioned_record: the version an ok or conflict answer carries (serve's ETag).
    std::optional<std::uint64_t> version;
};

// Upper bounds (seconds) of the served latency histogram's buckets: Prometheus's default
// buckets (client_golang DefBuckets, .005 … 10) with 1 ms and 2.5 ms below them, since
// simulated services are often that fast.
inline constexpr std::array<double, 13> kLatencyBucketsS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0};

// Counts per endpoint, for the state and the metrics.
struct ServedEndpointStats
{
    std::uint64_t requests = 0; // calls from real clients
    std::uint64_t inFlight = 0; // of those, not answered yet
    std::array<std::uint64_t, kOutcomeCount> outcomes{};
    std::uint64_t abandoned = 0; // the client went away first
    // Answered calls by latency (model time from arrival to answer): counts per bucket of
    // kLatencyBucketsS (not cumulative), then those over the last bound; and their sum.
    std::array<std::uint64_t, kLatencyBucketsS.size() + 1> latencyBuckets{};
    double latencySumS = 0.0;
};

// What a real request says about itself beyond its endpoint.
struct ServedCallInfo
{
    VersionedAccess access;               // its method and If-Match, for a versioned_record
    std::optional<std::uint64_t> request; // the client's request it belongs to (X-Reslab-Request)
};

// Hears what serving does, for the live views (serve/served_live_feed.h). On the io thread.
class ServedObserver
{
public:
    virtual ~ServedObserver() = default;
    // A client's call arrived (`attempt`: 1, 2, … of the request it named, 0 when it named none;
    // `at` in ns since serving began).
    virtual void onCallArrived(std::uint32_t endpoint, std::uint64_t request, std::uint32_t attempt,
                               Time at) = 0;
    // A client's call is over: answered, or `cancelled` when its client went away first; as
    // `serve --record` writes it (`t` in ns since serving began).
    virtual void onServedCall(std::uint32_t endpoint, const TraceCall& call) = 0;
    // An attempt a layered endpoint's pipeline made at an endpoint below it (depth ≥ 1).
    virtual void onInnerAttempt(const AttemptRecord& record) = 0;
    virtual void onBreakerTransition(const BreakerTransitionRecord& record) = 0;
};

// What the live views read of the served model at each step (ServedModel; a test's fake).
class ServedGauges
{
public:
    virtual ~ServedGauges() = default;
    virtual Time now() const = 0; // ns since serving began, on the wall clock
    virtual std::vector<BreakerGauge> breakerGauges() = 0;
    virtual std::vector<EndpointGauge> endpointGauges() const = 0;
    virtual std::vector<LimiterGauge> limiterGauges() const = 0;
    // Every endpoint's workers and queue, every breaker's window; in_flight: the clients' calls
    // not answered yet.
    virtual void fillRowGauges(TimelineRow& row) = 0;
    // Every endpoint's attempts (from clients and from the layers above), served calls, longest
    // queue and utilisation so far; `clientRequests` divides the attempts into amplification.
    virtual std::vector<EndpointSummary> endpointSummaries(std::uint64_t clientRequests) const = 0;
    virtual const std::vector<std::string>& breakerNames() const = 0;
};

class ServedModel final : public RecordSink, public AttemptReceiver, public ServedGauges
{
public:
    using AnswerHandler = std::function<void(const ServedAnswer&)>;
    // Hears every served call once it is over, as a trace line (`serve --record`): answered,
    // or `cancelled` when its client went away first. `t` is ns since serving began.
    using CallRecorder = std::function<void(std::uint32_t endpoint, const TraceCall& call)>;
    struct Ticket
    {
        std::uint32_t slot = 0;
        std::uint32_t generation = 0;
    };

    // The scenario must have passed validation.
    ServedModel(const Scenario& scenario, boost::asio::io_context& io,
                std::optional<std::uint64_t> seed = {});
    ~ServedModel() override;

    const Scenario& scenario() const { return m_scenario; }
    std::uint64_t seed() const { return m_seed; }
    std::optional<std::uint32_t> endpointIndex(std::string_view id) const;
    const std::string& endpointId(std::uint32_t index) const;
    std::size_t endpointCount() const { return m_services.endpoints().size(); }

    // One call to endpoint `index`; `onAnswer` runs (posted to the io_context) when the model
    // answers. A call whose fate is to go unanswered (a `timeout` failure) never runs it: the
    // caller abandons the ticket when its client gives up.
    Ticket call(std::uint32_t index, AnswerHandler onAnswer, const ServedCallInfo& info = {});
    // The client is gone: the endpoint is told (it drops the work when cancel_on_timeout).
    void abandon(Ticket ticket);
    // Stops the pacer: nothing more runs.
    void stop();
    void setRecorder(CallRecorder recorder) { m_recorder = std::move(recorder); }
    // One observer at most (null: none); it must outlive the serving.
    void setObserver(ServedObserver* observer) { m_observer = observer; }
    // When serving began, as ISO-8601 UTC with milliseconds (a recorded trace's time origin).
    const std::string& startedAt() const { return m_startedAt; }

    // ---- the control API ----
    // The scenario as served now (the changes below applied).
    const Scenario& current() const { return m_current; }
    // Endpoint `index` takes its blocks from `spec` (Endpoint::reconfigure).
    void reconfigure(std::uint32_t index, const EndpointSpec& spec);
    // Phase `phase` of endpoint `index` lasts [start, end) from now on (ns since serving began).
    void setPhaseWindow(std::uint32_t index, std::size_t phase, Time start, Time end);
    // Every endpoint back to the scenario's blocks and phase times.
    void reset();

    const ServedEndpointStats& stats(std::uint32_t index) const { return m_stats[index]; }
    const Fleet& endpoint(std::uint32_t index) const { return *m_services.endpoints()[index]; }
    Time now() const override { return m_pacer.wallNow(); }

    // ServedGauges: as a simulation reads them (run/gauges.h).
    std::vector<BreakerGauge> breakerGauges() override;
    std::vector<EndpointGauge> endpointGauges() const override;
    std::vector<LimiterGauge> limiterGauges() const override;
    void fillRowGauges(TimelineRow& row) override;
    std::vector<EndpointSummary> endpointSummaries(std::uint64_t clientRequests) const override;
    const std::vector<std::string>& breakerNames() const override { return m_breakerNames; }

    // RecordSink: the attempts of calls between endpoints; AttemptReceiver: the answers.
    void onAttempt(const AttemptRecord& record) override;
    void onBreakerTransition(const BreakerTransitionRecord& record) override;
    void onBreakerCreated(const std::string& name, CircuitBreaker* breaker) override;
    void onLimiterCreated(const std::string& name, const ConcurrencyLimiter* limiter) override;
    void onAttemptResponse(ExecRef ref, const Result& r) override;

private:
    struct Pending
    {
        AnswerHandler onAnswer;
        std::uint32_t endpoint = 0;
        std::uint32_t job = 0;
        std::uint16_t host = 0;
        std::uint64_t call = 0;
        std::uint64_t request = kNoValue; // the client's, when it named one
        std::uint32_t attempt = 0;        // of that request, as serve saw them: 1, 2, …
        Time start = 0;
        std::uint32_t generation = 0;
        bool live = false;
    };
    Pending* find(ExecRef ref);
    void release(std::uint32_t slot);
    // The trace recorder and the observer hear that the call in `p` is over.
    void report(const Pending& p, const TraceCall& call);

    Scenario m_scenario; // as loaded
    Scenario m_current;  // as served now
    std::uint64_t m_seed;
    boost::asio::io_context& m_io;
    EventQueue m_queue;
    ExecPool m_execs;
    // The endpoints' breakers, as their stages announce them while m_services is built (so
    // declared before it).
    std::vector<std::string> m_breakerNames;
    std::vector<CircuitBreaker*> m_breakers;
    std::vector<NamedLimiter> m_limiters;
    Services m_services;
    Pacer m_pacer;
    std::vector<Pending> m_pending;
    std::vector<std::uint32_t> m_free;
    std::vector<ServedEndpointStats> m_stats;
    std::uint64_t m_nextRequest = 1;
    // Attempts seen per client-named request, for the recorded trace's `attempt`; forgotten
    // all at once past kMaxNamedRequests (~40 MB), so a client naming every request cannot grow
    // serve without bound (a request still retrying then restarts its count at 1).
    static constexpr std::size_t kMaxNamedRequests = 1'000'000;
    std::unordered_map<std::uint64_t, std::uint32_t> m_attemptsOf;
    CallRecorder m_recorder;
    ServedObserver* m_observer = nullptr;
    std::string m_startedAt;
};

} // namespace reslab

#pragma once
// What a run reports as it goes: one record per attempt, one per finished request. Observers
// (CSV writers, the GUI's snapshot builder) receive them by const reference and copy what they
// keep; nothing points back into engine state.

#include "metrics/breaker_decision.h"
#include "metrics/breaker_state.h"
#include "metrics/outcome.h"
#include "sim/time.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace reslab {

// AttemptRecord::call for attempts a strategy answered itself (no endpoint call was made).
inline constexpr std::uint64_t kNoCall = ~std::uint64_t{0};

struct AttemptRecord
{
    std::uint64_t request = 0;   // 1-based request number
    std::uint32_t attempt = 0;   // 1-based, per request and endpoint
    std::uint32_t endpoint = 0;  // index into Scenario::endpoints
    std::uint64_t call = 0;      // k: the endpoint's 0-based call counter (common random numbers)
    std::uint16_t depth = 0;     // 0: made by the client; n: by a service n layers down
    std::uint16_t host = 0xFFFF; // the endpoint's host that took it (0xFFFF: none, not sent)
    Time start = 0;
    Time end = 0;
    Result result;
    Time wait = 0; // backoff waited before this attempt
};

// A balancer's outlier detection ejected a host, let it back, or fired without ejecting it
// (kind and type as policy/outlier_detector.h names them).
struct HostEjectionRecord
{
    std::uint32_t endpoint = 0; // index into Scenario::endpoints
    std::uint16_t host = 0;
    std::uint16_t depth = 0; // the balancing pipeline's: 0 for the client's
    Time at = 0;
    std::uint8_t kind = 0; // EjectionEvent::Kind
    std::uint8_t type = 0; // EjectionType
};

struct RequestRecord
{
    std::uint64_t request = 0;
    Time start = 0;
    Time end = 0;
    Result result;
    std::uint32_t attempts = 0;
};

// One step of a run's timeline — a virtual second for the timeline CSV, shorter for the live
// views: attempts are counted in the step they end, requests in the step they start (offered) and
// end (latency); gauges are read at the end of the step.
struct TimelineRow
{
    std::int64_t index = 0; // step number: start = index × width
    Time start = 0;
    Time width = kNanosPerSecond;
    std::uint64_t offered = 0;
    std::uint64_t attempts = 0;
    std::array<std::uint64_t, kOutcomeCount> byOutcome{};
    std::uint64_t inFlight = 0; // requests started and not finished
    std::uint64_t queue = 0;    // jobs waiting in endpoint queues, all endpoints
    // Latency percentiles of the requests (end to end) and attempts that ended in this step, or in
    // the last RunOptions::latencyWindowSteps steps (the live views smooth over a second).
    Time p50 = 0;
    Time p90 = 0;
    Time p99 = 0;
    Time attemptP50 = 0;
    Time attemptP90 = 0;
    Time attemptP99 = 0;
    // Per breaker and per endpoint, at the end of the step (for the live views; not in the CSV).
    struct Breaker
    {
        BreakerState state = BreakerState::Closed;
        float failureRate = 0.f;
        float slowRate = 0.f;
        // Calls through the breaker so far by outcome, breaker_open rejections included
        // (cumulative: a view takes differences for rolling counts).
        std::array<std::uint32_t, kOutcomeCount> outcomes{};
    };
    struct Endpoint
    {
        std::uint32_t inService = 0;
        std::uint32_t queue = 0;
        // Calls to it that ended in this step (every layer's, not only the client's): left 0 by
        // the engine, filled by the live run's observer for the per-layer amplification.
        std::uint32_t attempts = 0;
    };
    // Per adaptive concurrency limiter: its limit and in-flight count at the end of the step,
    // and its samples so far with their RTT sum (cumulative: a view takes differences).
    struct Limiter
    {
        std::uint32_t limit = 0;
        std::uint32_t inflight = 0;
        std::uint64_t samples = 0;
        double rttSumMs = 0.0;
    };
    // Per host of the endpoints with replicas, for the live views' Hosts page (none without a
    // fleet, and never in the CSV): filled by the live run's observer, off the engine's path, the
    // hosts of each fleet one after another in the order the live snapshot lists the fleets.
    struct Host
    {
        std::uint32_t calls = 0;  // calls it received in this step
        std::uint32_t failed = 0; // its answers other than ok given in this step
        std::uint32_t timeouts =
            0; // attempts to it that ended in this step with the client's timeout
        std::uint32_t answered = 0; // attempts to it that ended in this step with its answer …
        float latencyMs = 0.f;      // … and their latencies (start to answer) summed, in ms
        std::uint32_t inFlight = 0; // at the end of the step: its busy workers and queued calls
        std::uint8_t ejected = 0;   // at the end of the step: balancers that have it ejected
    };
    std::vector<Breaker> breakers;
    std::vector<Endpoint> endpoints;
    std::vector<Limiter> limiters;
    std::vector<Host> hosts;
};

// A circuit breaker changed state.
struct BreakerTransitionRecord
{
    std::string breaker; // the breaker's name
    Time at = 0;
    BreakerState from = BreakerState::Closed;
    BreakerState to = BreakerState::Closed;
    std::string reason;
    BreakerDecision decision; // the rule that fired and the window's contents at that instant
};

// An adaptive concurrency limit moved (policy/concurrency_limiter.h).
struct LimitChangeRecord
{
    std::string limiter; // its place: "client/pipeline[1]", or "endpoint api"
    Time at = 0;
    int limit = 0;
    int inflight = 0; // in flight through it at that moment
};

class RunObserver
{
public:
    virtual ~RunObserver() = default;
    virtual void onRequestStarted(std::uint64_t /*request*/, Time /*at*/) {}
    virtual void onAttempt(const AttemptRecord& /*record*/) {}
    virtual void onRequestDone(const RequestRecord& /*record*/) {}
    virtual void onSecond(const TimelineRow& /*row*/) {}
    virtual void onBreakerTransition(const BreakerTransitionRecord& /*record*/) {}
    virtual void onLimitChange(const LimitChangeRecord& /*record*/) {}
    virtual void onHostEjection(const HostEjectionRecord& /*record*/) {}
};

} // namespace reslab

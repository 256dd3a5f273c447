#pragma once
// The scenario model: what a scenario file says, validated, in engine units where that is
// unambiguous and in the file's own units (ms, s) where a saved file should read the same.
// Defaults live here as named constants with the library they come from.

#include "model/outcome.h"
#include "policy/backoff.h"
#include "policy/circuit_breaker.h"
#include "policy/guard_specs.h"
#include "sim/distribution.h"
#include "trace/trace.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace reslab {

inline constexpr const char* kScenarioFormat = "resilience-lab.scenario/1";
// The desktop views a scenario may open on ("view"), so each preset opens where its point shows.
inline constexpr std::array<std::string_view, 9> kScenarioViews = {
    "traffic",  "amplification", "latency",  "breaker", "endpoint",
    "attempts", "events",        "designer", "trace"};

// How long a run may go on after arrivals stop, for requests still in flight (virtual seconds).
inline constexpr double kDefaultDrainS = 300.0;
// resilience4j RetryConfig maxAttempts; tenacity users mostly write stop_after_attempt(3) too.
inline constexpr int kDefaultMaxAttempts = 3;
// Polly v8 TimeoutStrategyOptions.Timeout
inline constexpr double kDefaultTimeoutMs = 30'000.0;

// ---- strategies -------------------------------------------------------------------------------

struct RetrySpec
{
    int maxAttempts = kDefaultMaxAttempts;   // counts the first call
    std::optional<double> maxElapsedMs;      // tenacity stop_after_delay
    std::optional<double> stopBeforeDelayMs; // tenacity stop_before_delay
    BackoffSpec backoff;
    JitterSpec jitter;
    OutcomeSet retryOn = {Outcome::Error, Outcome::Timeout, Outcome::RateLimited, Outcome::Rejected,
                          Outcome::Reset};
    std::vector<int> retryOnStatus; // also retry when the status is one of these
    bool honorRetryAfter = false;
    std::optional<double> retryAfterMaxMs; // a larger Retry-After is clamped to this
    bool operator==(const RetrySpec&) const = default;
};

struct TimeoutSpec
{
    double timeoutMs = kDefaultTimeoutMs;
    bool operator==(const TimeoutSpec&) const = default;
};

using StrategySpec = std::variant<RetrySpec, TimeoutSpec, BreakerSpec, BulkheadSpec, FallbackSpec,
                                  RetryThrottleSpec, RetryBudgetSpec, AdaptiveThrottleSpec,
                                  RetryQuotaSpec, FinagleBudgetSpec, RateLimiterSpec, HedgeSpec>;

const char* strategyTypeName(const StrategySpec& s);

// ---- endpoints --------------------------------------------------------------------------------

struct FailureSpec
{
    // Per-attempt probabilities; the remainder succeed. Sum ≤ 1.
    double error = 0.0;
    double fatal = 0.0;
    double timeout = 0.0; // never answers
    double reset = 0.0;
    bool operator==(const FailureSpec&) const = default;
};

struct CapacitySpec
{
    std::optional<int> workers; // absent: unlimited concurrency
    std::optional<int> queue;   // absent: unbounded; 0: no queue, excess is rejected
    double slowdownPerInflight = 0.0;
    bool operator==(const CapacitySpec&) const = default;
};

struct RateLimitSpec
{
    double ratePerS = 0.0;
    double burst = 1.0;
    std::optional<double> retryAfterMs; // absent: the time until the next token
    bool operator==(const RateLimitSpec&) const = default;
};

struct PhaseSpec
{
    double startS = 0.0;
    double endS = 0.0;
    // Each block given replaces the endpoint's block of the same name while the phase lasts.
    std::optional<Distribution> network;
    std::optional<Distribution> latency;
    std::optional<FailureSpec> failures;
    std::optional<CapacitySpec> capacity;
    std::optional<RateLimitSpec> rateLimit;
    bool operator==(const PhaseSpec&) const = default;
};

// A call a service makes, through its own pipeline, while it serves an attempt.
struct CallSpec
{
    std::string endpoint;
    std::vector<StrategySpec> pipeline;
    bool operator==(const CallSpec&) const = default;
};

// A trace to replay (endpoint kind "trace", workload type "trace"): the file as written in the
// scenario, and its calls once loaded (loadScenarioFile / parseScenario resolve the file against
// the scenario's folder).
struct TraceSource
{
    std::string file;
    std::string endpoint; // only the calls recorded for this endpoint ("": the replaying endpoint's
                          // id, or all)
    TraceData data;
    std::string resolved; // where `file` was found (absolute, or ":/…" in the resources)
    // The same trace: the same file found (or, unresolved, the same name), the same endpoint.
    bool operator==(const TraceSource& o) const
    {
        const bool sameFile =
            !resolved.empty() && !o.resolved.empty() ? resolved == o.resolved : file == o.file;
        return sameFile && endpoint == o.endpoint;
    }
};

struct ReplaySpec
{
    enum class Mode
    {
        Sequence,
        Timeline
    };
    TraceSource source;
    Mode mode = Mode::Timeline;
    double windowMs = 1000.0; // timeline: calls recorded within ± this of the call's time
    bool operator==(const ReplaySpec&) const = default;
};

struct EndpointSpec
{
    enum class Kind
    {
        Service,
        VersionedRecord,
        Trace
    };
    std::string id;
    Kind kind = Kind::Service;
    Distribution network = Distribution::constant(0.0); // one way, each way
    Distribution latency = Distribution::constant(0.0); // service time
    FailureSpec failures;
    CapacitySpec capacity;
    std::optional<RateLimitSpec> rateLimit;
    bool cancelOnTimeout = false;
    std::int16_t errorStatus = 500;
    std::int16_t fatalStatus = 400;
    std::vector<PhaseSpec> phases;
    std::vector<CallSpec> calls; // made in order at the start of each service, before its own work
    std::optional<ReplaySpec> replay; // kind trace: answers come from the trace
    bool operator==(const EndpointSpec&) const = default;
};

// ---- workload ---------------------------------------------------------------------------------

struct RatePoint
{
    double atS = 0.0;
    double ratePerS = 0.0;
    bool ramp = false; // true: rises or falls linearly from the previous point to this one
    bool operator==(const RatePoint&) const = default;
};

struct WorkloadSpec
{
    enum class Type
    {
        Open,
        Closed,
        Batch,
        Trace
    };
    Type type = Type::Open;
    TraceSource trace;                                // trace: first attempts are the arrivals
    double ratePerS = 0.0;                            // open
    std::vector<RatePoint> rateSchedule;              // open
    int clients = 0;                                  // closed, batch
    Distribution think = Distribution::constant(0.0); // closed
    int requestsPerClient = 1;                        // batch
    std::optional<std::int64_t> maxRequests;          // stop arriving after this many
    bool operator==(const WorkloadSpec&) const = default;
};

// ---- scenario ---------------------------------------------------------------------------------

struct Scenario
{
    std::string name;
    std::string description;
    std::string view; // the GUI view that shows the scenario's point (kScenarioViews); "" = traffic
    std::uint64_t seed = 1;
    std::optional<double> durationS; // arrivals stop here; required except for batch
    double drainS = kDefaultDrainS;
    WorkloadSpec workload;
    std::string target;
    std::vector<StrategySpec> pipeline;
    std::vector<EndpointSpec> endpoints; // sorted by id (JSON objects are unordered)
    bool operator==(const Scenario&) const = default;

    const EndpointSpec* endpoint(const std::string& id) const;
    // The first retry strategy of the client pipeline, if any.
    const RetrySpec* firstRetry() const;
    // An endpoint's layer: 0 for the target, 1 for what the target calls, …, by the longest call
    // path (the graph is acyclic once validated); −1 when nothing reaches it.
    int layerOf(const std::string& id) const;
};

} // namespace reslab

#pragma once
// The circuit breaker state machine, after resilience4j's CircuitBreakerStateMachine (the richest
// of the anchors), with the modes the others need:
//  - rate mode: trip when, over at least min_calls in the window, the failure rate or the
//    slow-call rate reaches its threshold; resilience4j, Polly v8 and Hystrix are presets of it;
//  - consecutive mode: trip after failure_threshold failures in a row — or, with
//    failure_window_s, after failure_threshold failures within that sliding window (failsafe's
//    "by count in a period") — and close after success_threshold successful probes, reopening
//    once more than half_open_calls − success_threshold probes failed (failsafe; with the two
//    equal, the first failure: pybreaker, the seeds' breakers);
//  - fires mode: opossum's rule — every call is counted as a fire when it is made (rejected ones
//    included) and its failure when it ends, in a time window never cleared; a failure opens
//    the breaker when fires ≥ min_calls and failures ÷ fires is strictly above failure_rate; a
//    timer half-opens it after open_ms and the one call it then lets through decides, as does
//    any call that ends while it is half-open.
// OPEN lasts open_ms, growing by open_multiplier per consecutive opening up to open_max_ms and
// reset when the breaker closes (resilience4j's wait interval function). OPEN → HALF_OPEN happens
// lazily on the first call after the wait, or by timer when automatic. HALF_OPEN lets
// half_open_calls probes through and rejects the rest; their results decide. Every transition
// is reported with its time and the numbers that decided it.
//
// Where the libraries differ in *when* and *at which instant* they decide, the spec says which
// rule it follows (each preset sets its library's; docs/semantics.md has the source lines):
//  - evaluate: after every recorded call (resilience4j ClosedState.checkIfThresholdsExceeded),
//    after a failure only (Polly v8 AdvancedCircuitBehavior.OnActionFailure), or on a timer over
//    the completed buckets (Hystrix's health-counts stream, every 500 ms);
//  - wait_boundary: the first call strictly after the open wait (resilience4j
//    `clock.instant().isAfter(retryAfterWaitDuration)`, Hystrix `currentTime > openTime +
//    sleepWindow`) or at it (Polly `now >= _blockedUntil`);
//  - window.bucket_start: time buckets on the clock's multiples (resilience4j's epoch seconds,
//    Hystrix) or begun by the first call after the last one ended (Polly's
//    RollingHealthMetrics);
//  - late_results: a result of a call admitted before the last transition is counted by the
//    state the breaker is in now — every library does that (resilience4j's OpenState.onSuccess
//    comment, Polly's "a failure call result may arrive when the circuit is open") — or ignored.
//
// The machine is pure: it is told the time and the results, and never schedules anything itself;
// the pipeline stage around it owns timers. That keeps it testable call by call.

#include "metrics/breaker_decision.h"
#include "metrics/breaker_state.h"
#include "metrics/outcome.h"
#include "policy/breaker_window.h"
#include "sim/time.h"
#include "util/name_table.h"

#include <array>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <variant>

namespace reslab {

struct StrategyKind;

// resilience4j CircuitBreakerConfig defaults
inline constexpr double kR4jFailureRate = 0.5;         // failureRateThreshold 50 %
inline constexpr double kR4jSlowCallRate = 1.0;        // slowCallRateThreshold 100 %
inline constexpr double kR4jSlowCallMs = 60'000.0;     // slowCallDurationThreshold 60 s
inline constexpr std::uint32_t kR4jWindowSize = 100;   // slidingWindowSize
inline constexpr std::uint32_t kR4jMinCalls = 100;     // minimumNumberOfCalls
inline constexpr std::uint32_t kR4jHalfOpenCalls = 10; // permittedNumberOfCallsInHalfOpenState
inline constexpr double kR4jOpenMs = 60'000.0;         // waitDurationInOpenState
// Polly v8 CircuitBreakerStrategyOptions defaults
inline constexpr double kPollyFailureRatio = 0.1;
inline constexpr std::uint32_t kPollyMinimumThroughput = 100;
inline constexpr double kPollySamplingDurationS = 30.0; // in 10 sub-windows
inline constexpr std::uint32_t kPollySubWindows = 10;
inline constexpr double kPollyBreakMs = 5'000.0;
// Hystrix defaults
inline constexpr double kHystrixErrorPercentage = 0.5;
inline constexpr std::uint32_t kHystrixRequestVolume = 20;
inline constexpr double kHystrixWindowS = 10.0; // metrics.rollingStats.timeInMilliseconds
inline constexpr double kHystrixSleepWindowMs = 5'000.0;
// metrics.healthSnapshotIntervalInMilliseconds: the breaker sees the error percentage of the
// health-counts stream, whose buckets are this long and which emits when each one completes.
inline constexpr double kHystrixHealthSnapshotMs = 500.0;
inline constexpr std::uint32_t kHystrixBuckets =
    static_cast<std::uint32_t>(kHystrixWindowS * 1000.0 / kHystrixHealthSnapshotMs); // 20
// opossum 9 CircuitBreaker defaults (lib/circuit.js, lib/status.js)
inline constexpr double kOpossumErrorThreshold = 0.5; // errorThresholdPercentage 50
inline constexpr double kOpossumResetMs = 30'000.0;   // resetTimeout
inline constexpr double kOpossumWindowS = 10.0;       // rollingCountTimeout 10 000 ms …
inline constexpr std::uint32_t kOpossumBuckets = 10;  // … in rollingCountBuckets 10
inline constexpr std::uint32_t kOpossumVolume = 0;    // volumeThreshold
// pybreaker / failsafe-style consecutive breakers
inline constexpr std::uint32_t kDefaultFailureThreshold = 5;

struct BreakerSpec
{
    enum class Mode
    {
        Rate,
        Consecutive,
        Fires
    };
    enum class Window
    {
        CountBased,
        TimeBased
    }; // resilience4j SlidingWindowType
    enum class Forced
    {
        None,
        ForcedOpen,
        Disabled,
        MetricsOnly
    };
    enum class Evaluate
    {
        EveryCall, // resilience4j
        OnFailure, // Polly v8
        Interval   // Hystrix: a timer over the completed buckets
    };
    enum class WaitBoundary
    {
        After, // resilience4j, Hystrix: strictly after the wait
        At     // Polly: at or after it
    };
    enum class BucketStart
    {
        Clock, // resilience4j (epoch seconds), Hystrix
        Call   // Polly: a sub-window begins with the first call after the last one ended
    };
    enum class LateResults
    {
        Count, // every library: the state the breaker is in records it
        Ignore // only results of calls admitted in the current state count
    };

    std::string name;   // shown in the summary; defaults to the strategy's place
    std::string preset; // one of kBreakerPresetNames or empty: where the defaults came from
    Mode mode = Mode::Rate;
    Window window = Window::CountBased;
    std::uint32_t windowSize = kR4jWindowSize; // count window: calls
    double windowS = 60.0;                     // time window: seconds …
    std::uint32_t windowBuckets = 60;          // … in this many buckets
    double failureRate = kR4jFailureRate;
    double slowCallMs = kR4jSlowCallMs; // infinite: no slow calls
    double slowCallRate = kR4jSlowCallRate;
    std::uint32_t minCalls = kR4jMinCalls; // fires mode: fires (opossum volumeThreshold, may be 0)
    double openMs = kR4jOpenMs;
    double openMultiplier = 1.0;
    std::optional<double> openMaxMs;
    std::uint32_t halfOpenCalls = kR4jHalfOpenCalls;
    double maxHalfOpenMs = 0.0; // 0: no limit
    bool automaticHalfOpen = false;
    std::uint32_t failureThreshold = kDefaultFailureThreshold; // consecutive mode
    std::uint32_t successThreshold = 1;                        // consecutive mode
    std::optional<double> failureWindowS; // consecutive mode: count failures in this window instead
    OutcomeSet failureOn = {Outcome::Error,           Outcome::Fatal,        Outcome::Timeout,
                            Outcome::RateLimited,     Outcome::Rejected,     Outcome::Reset,
                            Outcome::Conflict,        Outcome::BulkheadFull, Outcome::Throttled,
                            Outcome::BudgetExhausted, Outcome::Limited};
    OutcomeSet ignore;
    Forced forced = Forced::None;
    Evaluate evaluate = Evaluate::EveryCall;
    double evaluateIntervalMs = kHystrixHealthSnapshotMs; // Evaluate::Interval
    WaitBoundary waitBoundary = WaitBoundary::After;
    BucketStart bucketStart = BucketStart::Clock; // time windows
    LateResults lateResults = LateResults::Count;
    bool operator==(const BreakerSpec&) const = default;

    // The defaults of a named preset; false for an unknown name.
    static bool applyPreset(const std::string& preset, BreakerSpec& spec);
    static const StrategyKind descriptor; // policy/circuit_breaker_kind.cpp
};

inline constexpr auto kBreakerModeNames = makeNameTable<BreakerSpec::Mode>(
    std::pair{BreakerSpec::Mode::Rate, std::string_view("rate")},
    std::pair{BreakerSpec::Mode::Consecutive, std::string_view("consecutive")},
    std::pair{BreakerSpec::Mode::Fires, std::string_view("fires")});
inline constexpr auto kBreakerWindowNames = makeNameTable<BreakerSpec::Window>(
    std::pair{BreakerSpec::Window::CountBased, std::string_view("count")},
    std::pair{BreakerSpec::Window::TimeBased, std::string_view("time")});
inline constexpr auto kBreakerForcedNames = makeNameTable<BreakerSpec::Forced>(
    std::pair{BreakerSpec::Forced::None, std::string_view("none")},
    std::pair{BreakerSpec::Forced::ForcedOpen, std::string_view("forced_open")},
    std::pair{BreakerSpec::Forced::Disabled, std::string_view("disabled")},
    std::pair{BreakerSpec::Forced::MetricsOnly, std::string_view("metrics_only")});
inline constexpr auto kBreakerEvaluateNames = makeNameTable<BreakerSpec::Evaluate>(
    std::pair{BreakerSpec::Evaluate::EveryCall, std::string_view("every_call")},
    std::pair{BreakerSpec::Evaluate::OnFailure, std::string_view("on_failure")},
    std::pair{BreakerSpec::Evaluate::Interval, std::string_view("interval")});
inline constexpr auto kBreakerWaitBoundaryNames = makeNameTable<BreakerSpec::WaitBoundary>(
    std::pair{BreakerSpec::WaitBoundary::After, std::string_view("after")},
    std::pair{BreakerSpec::WaitBoundary::At, std::string_view("at")});
inline constexpr auto kBreakerBucketStartNames = makeNameTable<BreakerSpec::BucketStart>(
    std::pair{BreakerSpec::BucketStart::Clock, std::string_view("clock")},
    std::pair{BreakerSpec::BucketStart::Call, std::string_view("call")});
inline constexpr auto kBreakerLateResultNames = makeNameTable<BreakerSpec::LateResults>(
    std::pair{BreakerSpec::LateResults::Count, std::string_view("count")},
    std::pair{BreakerSpec::LateResults::Ignore, std::string_view("ignore")});
// The libraries whose defaults "preset" applies (BreakerSpec::applyPreset).
inline constexpr std::array<std::string_view, 4> kBreakerPresetNames = {"resilience4j", "polly",
                                                                        "hystrix", "opossum"};

struct BreakerChange
{
    Time at = 0;
    BreakerState from = BreakerState::Closed;
    BreakerState to = BreakerState::Closed;
    std::string reason;
    BreakerDecision decision; // the numbers behind `reason`
};

class CircuitBreaker
{
public:
    using Listener = std::function<void(const BreakerChange&)>;
    struct Permit
    {
        bool allowed = false;
        std::uint64_t epoch = 0; // hand back with the result
    };

    CircuitBreaker(BreakerSpec spec, Listener listener);

    // A call wants through at `now`.
    Permit tryAcquire(Time now);
    // The result of a permitted call: the outcome it ended with and how long it took.
    void onResult(Time now, std::uint64_t epoch, Outcome outcome, Time duration);
    // A permitted call was abandoned without a verdict (a hedge that lost): a half-open permit
    // goes back, nothing is recorded.
    void onAbandoned(std::uint64_t epoch)
    {
        if (m_state == BreakerState::HalfOpen && epoch == m_epoch) ++m_probesLeft;
    }
    // The automatic OPEN → HALF_OPEN, or the half-open time limit, is due (the stage's timer).
    void onTimer(Time now);
    // When the stage should call onTimer next; kTimeNever for none.
    Time nextTimer() const { return m_timerAt; }

    BreakerState state() const { return m_state; }
    // Every call through the breaker by how it ended, breaker_open rejections included (the
    // live per-breaker panel's rolling counts). Counted by the stage; the machine ignores it.
    void countOutcome(Outcome o) { ++m_outcomeCounts[static_cast<std::size_t>(o)]; }
    const std::array<std::uint64_t, kOutcomeCount>& outcomeCounts() const
    {
        return m_outcomeCounts;
    }
    const BreakerSpec& spec() const { return m_spec; }
    // Rates over the current window (0 while it is empty), for live views.
    WindowTotals totals(Time now);

private:
    void transition(Time now, BreakerState to, std::string reason, BreakerDecision why);
    // A decision of `rule` over `t`, with the spec's thresholds filled in.
    BreakerDecision decision(BreakerRule rule, WindowTotals t, std::uint32_t minimum) const;
    void record(Time now, bool failure, bool slow);
    void evaluateClosed(Time now, WindowTotals t);
    void armEvaluation(Time now);
    void evaluateHalfOpen(Time now);
    void onFiresResult(Time now, Outcome outcome);
    Time openDuration() const;

    BreakerSpec m_spec;
    Listener m_listener;
    BreakerState m_state;
    std::array<std::uint64_t, kOutcomeCount> m_outcomeCounts{};
    std::uint64_t m_epoch = 1;
    std::variant<CountWindow, TimeWindow, CallStartedWindow> m_window;
    CountWindow m_probes;           // the half-open window: exactly half_open_calls
    std::uint32_t m_probesLeft = 0; // half-open permits not yet handed out
    std::uint32_t m_probeResults = 0;
    std::uint32_t m_consecutiveFailures = 0;
    std::optional<TimeWindow> m_failureWindow; // consecutive mode with failure_window_s
    std::uint32_t m_probeSuccesses = 0;
    std::uint32_t m_probeFailures = 0; // consecutive mode, half-open
    std::uint32_t m_openings = 0;      // consecutive entries to OPEN, for the growing wait
    Time m_openUntil = 0;
    Time m_timerAt = kTimeNever;
    Time m_halfOpenSince = 0;
};

} // namespace reslab

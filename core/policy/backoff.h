#pragma once
// Backoff and jitter: the delay before retry n (n = 1 for the first retry). Pure arithmetic on a
// small per-request state, shared by the retry strategy, the `schedule` command and the GUI's
// backoff designer, so all three show the same numbers.
//
// Anchors (docs/semantics.md):
//   exponential  tenacity wait_exponential: max(min, min(initial·multiplierⁿ⁻¹, max))
//   linear       tenacity wait_incrementing: clamp(initial + increment·(n−1), min, max);
//                Polly Linear (n+1)·d is initial = increment = d
//   constant     tenacity wait_fixed, Polly Constant
//   decorrelated AWS blog: sleep = min(cap, U(base, 3·sleep_prev)), sleep₀ = base
//   polly_decorrelated_v2  Polly v8 DecorrelatedJitterBackoffV2 (exponential + UseJitter)
//   urllib3      urllib3 Retry.get_backoff_time: 0 for the first retry, then
//                min(max, factor·2ⁿ⁻¹) (max: urllib3's DEFAULT_BACKOFF_MAX, 120 s);
//                urllib3 2's backoff_jitter is additive jitter, capped, never on the first retry
//   adaptive     zenoo_rpc AdaptiveStrategy.calculate_delay: initial·m(n), capped, where m(n)
//                depends on the success rate of the strategy's last `window` attempts (its
//                adaptation window, shared by every call through the retry): fewer than
//                min_samples 2ⁿ⁻¹; rate < success_threshold 3ⁿ⁻¹; rate > 0.95 1 + 0.5(n−1);
//                otherwise 1.5ⁿ⁻¹ (AdaptiveRegime)
//   envoy        Envoy JitteredExponentialBackOffStrategy
//   (source/common/common/backoff_strategy.cc):
//                retry n waits random() % Iₙ whole milliseconds, I₁ = base, Iₙ₊₁ = 2·Iₙ while
//                Iₙ < max/2, else max (max = 10·base unless given); random by itself
// Jitter is applied to the bounded delay d (min_ms ≤ d ≤ max_ms) — or, with cap_after_jitter, to
// the unbounded one, and the bounds to the jittered result: the order each library has
// (Polly: jitter, then MaxDelay; resilience4j exponential random: randomise, then min(·, max);
// tenacity wait_exponential_jitter: max(min, min(d + U(0, j), max))):
//   full         U(min, d)          AWS full jitter; tenacity wait_random_exponential
//   equal        d/2 + U(0, d/2)    AWS equal jitter
//   proportional U(d(1−f), d(1+f))  resilience4j randomized (f = 0.5), gRPC (f = 0.2),
//                                   Polly constant/linear jitter (f = 0.25)
//   additive     d + U(0, j), then capped   tenacity wait_exponential_jitter (j = 1 s)

#include "sim/rng.h"
#include "sim/time.h"
#include "util/name_table.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace reslab {

inline constexpr double kInfiniteMs = std::numeric_limits<double>::infinity();
// The longest wait_chain prefix a scenario may give (steps_ms): a person writes a few.
inline constexpr std::size_t kMaxBackoffSteps = 1000;

// resilience4j IntervalFunction.DEFAULT_RANDOMIZATION_FACTOR
inline constexpr double kDefaultProportionalJitterFactor = 0.5;
// tenacity wait_exponential_jitter(jitter=1)
inline constexpr double kDefaultAdditiveJitterMs = 1000.0;
// AWS decorrelated jitter: sleep = U(base, 3·prev)
inline constexpr double kDecorrelatedGrowth = 3.0;
// Polly DecorrelatedJitterBackoffV2 constants
inline constexpr double kPollyV2PFactor = 4.0;
inline constexpr double kPollyV2ScalingFactor = 1.0 / 1.4;
inline constexpr double kPollyTicksPerMs = 10'000.0; // .NET TimeSpan tick = 100 ns
// urllib3 Retry.DEFAULT_BACKOFF_MAX (1.26's BACKOFF_MAX): 120 s
inline constexpr double kUrllib3BackoffMaxMs = 120'000.0;
// zenoo_rpc AdaptiveStrategy.__init__ defaults (src/zenoo_rpc/retry/strategies.py): base_delay
// 1 s, max_delay 60 s, success_threshold 0.8, adaptation_window 100, min_samples 10.
inline constexpr double kAdaptiveInitialMs = 1000.0;
inline constexpr double kAdaptiveMaxMs = 60'000.0;
inline constexpr double kAdaptiveSuccessThreshold = 0.8;
inline constexpr int kAdaptiveWindow = 100;
inline constexpr int kAdaptiveMinSamples = 10;
// calculate_delay's fixed constants: the "excellent" rate and the multipliers' bases.
inline constexpr double kAdaptiveExcellentRate = 0.95;
inline constexpr double kAdaptiveLearningBase = 2.0;
inline constexpr double kAdaptivePoorBase = 3.0;
inline constexpr double kAdaptiveGoodBase = 1.5;
inline constexpr double kAdaptiveExcellentStep = 0.5;
// Envoy router (source/common/router/retry_state_impl.cc): base interval from the runtime key
// upstream.base_retry_backoff_ms, default 25 ms; max_interval 10 × base unless the route sets it.
inline constexpr double kEnvoyBaseIntervalMs = 25.0;
inline constexpr double kEnvoyMaxIntervalFactor = 10.0;

struct BackoffSpec
{
    enum class Kind
    {
        Constant,
        Linear,
        Exponential,
        Decorrelated,
        PollyDecorrelatedV2,
        Urllib3,
        Adaptive,
        Envoy
    };
    Kind kind = Kind::Exponential;
    double delayMs = 0.0;     // constant
    double initialMs = 100.0; // linear, exponential; decorrelated base; Polly v2 median first delay
    double incrementMs = 0.0; // linear
    double multiplier = 2.0;  // exponential
    double factorMs = 0.0;    // urllib3: backoff_factor, in ms
    double minMs = 0.0;       // floor (linear, exponential); lower bound of full jitter
    double maxMs = kInfiniteMs;                          // cap (all kinds)
    double successThreshold = kAdaptiveSuccessThreshold; // adaptive
    int window = kAdaptiveWindow;                        // adaptive: attempts remembered
    int minSamples = kAdaptiveMinSamples;                // adaptive: fewer → learning regime
    // tenacity wait_chain: retry n ≤ size waits steps_ms[n − 1] exactly (its wait_fixed steps);
    // later retries follow the backoff at their own n, as the chain's last strategy sees the
    // whole attempt number.
    std::vector<double> stepsMs;
    bool operator==(const BackoffSpec&) const = default;

    // The fixed step for retry n, or null past the steps.
    const double* step(int retry) const
    {
        return retry >= 1 && static_cast<std::size_t>(retry) <= stepsMs.size()
                   ? &stepsMs[static_cast<std::size_t>(retry) - 1]
                   : nullptr;
    }
};

struct JitterSpec
{
    enum class Kind
    {
        None,
        Full,
        Equal,
        Proportional,
        Additive
    };
    Kind kind = Kind::None;
    double factor = kDefaultProportionalJitterFactor; // proportional
    double jitterMs = kDefaultAdditiveJitterMs;       // additive
    // true: the bounds (min_ms, max_ms) apply after the jitter, not before — tenacity additive,
    // resilience4j exponential random, Polly with MaxDelay.
    bool capAfterJitter = false;
    bool operator==(const JitterSpec&) const = default;

    // Backoff kinds that are random by themselves take no separate jitter.
    static bool isInherentlyRandom(BackoffSpec::Kind k)
    {
        return k == BackoffSpec::Kind::Decorrelated ||
               k == BackoffSpec::Kind::PollyDecorrelatedV2 || k == BackoffSpec::Kind::Envoy;
    }
};

// The names the scenario format gives them ("backoff": {"type": …}, "jitter": …).
inline constexpr auto kBackoffKindNames = makeNameTable<BackoffSpec::Kind>(
    std::pair{BackoffSpec::Kind::Constant, std::string_view("constant")},
    std::pair{BackoffSpec::Kind::Linear, std::string_view("linear")},
    std::pair{BackoffSpec::Kind::Exponential, std::string_view("exponential")},
    std::pair{BackoffSpec::Kind::Decorrelated, std::string_view("decorrelated")},
    std::pair{BackoffSpec::Kind::PollyDecorrelatedV2, std::string_view("polly_decorrelated_v2")},
    std::pair{BackoffSpec::Kind::Urllib3, std::string_view("urllib3")},
    std::pair{BackoffSpec::Kind::Adaptive, std::string_view("adaptive")},
    std::pair{BackoffSpec::Kind::Envoy, std::string_view("envoy")});

// Which of zenoo's four multipliers an adaptive backoff uses, from its recent success rate.
enum class AdaptiveRegime
{
    Learning,  // fewer than min_samples attempts seen: 2ⁿ⁻¹ ("conservative")
    Poor,      // success rate < success_threshold: 3ⁿ⁻¹ ("aggressive")
    Good,      // otherwise: 1.5ⁿ⁻¹ ("moderate")
    Excellent, // success rate > 0.95: 1 + 0.5·(n−1) ("minimal")
};
inline constexpr auto kAdaptiveRegimeNames = makeNameTable<AdaptiveRegime>(
    std::pair{AdaptiveRegime::Learning, std::string_view("learning")},
    std::pair{AdaptiveRegime::Poor, std::string_view("poor")},
    std::pair{AdaptiveRegime::Good, std::string_view("good")},
    std::pair{AdaptiveRegime::Excellent, std::string_view("excellent")});

// The regime for `successes` out of `samples` recent attempts. zenoo compares the rate of its
// window (samples ≤ window) and tests "< threshold" before "> 0.95", so a threshold above 0.95
// makes the excellent regime unreachable, as there.
AdaptiveRegime adaptiveRegime(const BackoffSpec& spec, int samples, int successes);
// zenoo's multiplier m(n) for retry n (1-based: the attempt that just failed).
double adaptiveMultiplier(AdaptiveRegime regime, int retry);
inline constexpr auto kJitterKindNames = makeNameTable<JitterSpec::Kind>(
    std::pair{JitterSpec::Kind::None, std::string_view("none")},
    std::pair{JitterSpec::Kind::Full, std::string_view("full")},
    std::pair{JitterSpec::Kind::Equal, std::string_view("equal")},
    std::pair{JitterSpec::Kind::Proportional, std::string_view("proportional")},
    std::pair{JitterSpec::Kind::Additive, std::string_view("additive")});

// What a retrying caller remembers between retries.
struct BackoffState
{
    double previousMs = -1.0; // decorrelated: last sleep · envoy: the next interval (−1 = none yet)
    double pollyPrevious = 0.0; // Polly v2: previous formula value
};

// The computed delay before retry n (1-based), bounded by min_ms and max_ms, before jitter. An
// adaptive backoff uses `regime` (the schedule and the designer show the learning regime unless
// told otherwise).
double baseDelayMs(const BackoffSpec& spec, int retry,
                   AdaptiveRegime regime = AdaptiveRegime::Learning);
// The same before the bounds (may be infinite when the growth overflows).
double uncappedDelayMs(const BackoffSpec& spec, int retry,
                       AdaptiveRegime regime = AdaptiveRegime::Learning);
// The kind's bounds applied to a delay: the cap, and for linear and exponential the floor.
double boundedDelayMs(const BackoffSpec& spec, double d);

// The full delay in milliseconds: backoff, jitter, caps. Draws from `rng` as needed.
template <BitSource G>
double nextDelayMs(const BackoffSpec& spec, const JitterSpec& jitter, int retry,
                   BackoffState& state, G& rng, AdaptiveRegime regime = AdaptiveRegime::Learning);

// Polly v8 DecorrelatedJitterBackoffV2 for one retry, given the uniform u it draws. attempt is
// Polly's 0-based count. Returns milliseconds, truncated to whole .NET ticks as Polly does.
double pollyDecorrelatedV2Ms(int attempt, double u, double medianFirstDelayMs, double maxDelayMs,
                             double& previous);

// Envoy JitteredExponentialBackOffStrategy::nextBackOffMs for a 64-bit random value: returns
// random % next (whole ms) and moves next on (next·2 while next < max/2, else max). `next` is the
// interval in ms, −1 before the first retry (then base).
double envoyBackoffMs(double baseMs, double maxMs, double& next, std::uint64_t random);
// Envoy JitteredLowerBoundBackOffStrategy::nextBackOffMs: random % (min >> 1) + min, i.e. a whole
// number of ms in [min, 1.5·min). min > 1 (Envoy applies a rate-limit interval only when > 1 ms).
std::uint64_t envoyLowerBoundBackoffMs(std::uint64_t minMs, std::uint64_t random);
// The interval retry n (1-based) draws from: its delay is uniform on the whole ms 0 … Iₙ − 1.
double envoyIntervalMs(double baseMs, double maxMs, int retry);

// The jitter applied to a delay d, given the uniform u (then the bounds, with cap_after_jitter).
double applyJitterMs(const BackoffSpec& spec, const JitterSpec& jitter, double d, double u);

// ---- implementation -------------------------------------------------------------------------

template <BitSource G>
double nextDelayMs(const BackoffSpec& spec, const JitterSpec& jitter, int retry,
                   BackoffState& state, G& rng, AdaptiveRegime regime)
{
    if (const double* fixed = spec.step(retry)) return *fixed;
    switch (spec.kind) {
    case BackoffSpec::Kind::Decorrelated: {
        const double base = spec.initialMs;
        const double previous = state.previousMs < 0.0 ? base : state.previousMs;
        const double upper = kDecorrelatedGrowth * previous;
        const double sleep = std::min(spec.maxMs, base + (upper - base) * toUnit(rng.next()));
        state.previousMs = sleep;
        return sleep;
    }
    case BackoffSpec::Kind::PollyDecorrelatedV2:
        return pollyDecorrelatedV2Ms(retry - 1, toUnit(rng.next()), spec.initialMs, spec.maxMs,
                                     state.pollyPrevious);
    case BackoffSpec::Kind::Urllib3:
        if (retry <= 1) return 0.0; // urllib3 returns before adding its jitter
        break;
    case BackoffSpec::Kind::Envoy:
        return envoyBackoffMs(spec.initialMs, spec.maxMs, state.previousMs, rng.next());
    default:
        break;
    }
    if (jitter.kind == JitterSpec::Kind::None) return baseDelayMs(spec, retry, regime);
    if (jitter.capAfterJitter) {
        const double raw = uncappedDelayMs(spec, retry, regime);
        // An overflowing delay is the cap, jitter or not (tenacity, Polly); the draw is still
        // taken so the stream stays aligned whatever the numbers.
        const double u = toUnit(rng.next());
        if (!std::isfinite(raw)) return boundedDelayMs(spec, raw);
        return applyJitterMs(spec, jitter, raw, u);
    }
    return applyJitterMs(spec, jitter, baseDelayMs(spec, retry, regime), toUnit(rng.next()));
}

} // namespace reslab

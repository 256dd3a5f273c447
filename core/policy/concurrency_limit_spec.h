#pragma once
// What an adaptive concurrency limiter is made of: the algorithm that moves the limit (Netflix
// concurrency-limits' AIMDLimit, VegasLimit, Gradient2Limit, optionally behind its
// WindowedLimit; or Envoy adaptive concurrency's gradient controller) and what the limiter does
// with a call over the limit. The client strategy `adaptive_limit` and an endpoint's server-side
// `admission` share it. Every default is named after the file it comes from (docs/semantics.md
// "Adaptive concurrency limits").

#include "metrics/outcome.h"
#include "util/name_table.h"

#include <optional>

namespace reslab {

enum class LimitAlgorithm
{
    Aimd,
    Vegas,
    Gradient2,
    EnvoyGradient
};
inline constexpr auto kLimitAlgorithmNames = makeNameTable<LimitAlgorithm>(
    std::pair{LimitAlgorithm::Aimd, std::string_view("aimd")},
    std::pair{LimitAlgorithm::Vegas, std::string_view("vegas")},
    std::pair{LimitAlgorithm::Gradient2, std::string_view("gradient2")},
    std::pair{LimitAlgorithm::EnvoyGradient, std::string_view("envoy_gradient")});

// What happens to a call that finds the limit reached.
enum class LimitQueue
{
    None, // SimpleLimiter: rejected at once
    Fifo, // BlockingLimiter: waits, first come first served, up to the backlog timeout
    Lifo  // LifoBlockingLimiter: waits in a bounded backlog, newest first
};
inline constexpr auto kLimitQueueNames =
    makeNameTable<LimitQueue>(std::pair{LimitQueue::None, std::string_view("none")},
                              std::pair{LimitQueue::Fifo, std::string_view("fifo")},
                              std::pair{LimitQueue::Lifo, std::string_view("lifo")});

// Netflix AbstractLimiter.Builder: the limit defaults to VegasLimit.newDefault().
inline constexpr LimitAlgorithm kNetflixDefaultAlgorithm = LimitAlgorithm::Vegas;
// AIMDLimit.Builder
inline constexpr int kAimdInitialLimit = 20;
inline constexpr int kAimdMinLimit = 20;
inline constexpr int kAimdMaxLimit = 200;
inline constexpr double kAimdBackoffRatio = 0.9;
inline constexpr double kAimdTimeoutMs = 5000.0; // DEFAULT_TIMEOUT = 5 s
// VegasLimit.Builder
inline constexpr int kVegasInitialLimit = 20;
inline constexpr int kVegasMaxConcurrency = 1000;
inline constexpr double kVegasSmoothing = 1.0;
inline constexpr int kVegasProbeMultiplier = 30;
// Gradient2Limit.Builder
inline constexpr int kGradient2InitialLimit = 20;
inline constexpr int kGradient2MinLimit = 20;
inline constexpr int kGradient2MaxConcurrency = 200;
inline constexpr double kGradient2Smoothing = 0.2;
inline constexpr int kGradient2QueueSize = 4;
inline constexpr int kGradient2LongWindow = 600;
inline constexpr double kGradient2RttTolerance = 1.5;
inline constexpr int kGradient2WarmupWindow = 10; // new ExpAvgMeasurement(longWindow, 10)
// WindowedLimit
inline constexpr double kWindowedMinWindowMs = 1000.0;
inline constexpr double kWindowedMaxWindowMs = 1000.0;
inline constexpr int kWindowedWindowSize = 10;
inline constexpr double kWindowedMinRttThresholdMs = 0.1; // 100 µs
// LifoBlockingLimiter.Builder: maxBacklogSize 100, backlog timeout 1 s. BlockingLimiter waits up to
// the timeout it is wrapped with (at most an hour; no backlog bound); here it takes the same 1 s.
inline constexpr int kLifoBacklogSize = 100;
inline constexpr double kBacklogTimeoutMs = 1000.0;
// Envoy GradientControllerConfig (gradient_controller.cc): PROTOBUF_*_OR_DEFAULT values. The two
// intervals are required in Envoy's proto; these are its documentation's example values.
inline constexpr double kEnvoyUpdateIntervalMs = 100.0;   // concurrency_update_interval
inline constexpr double kEnvoyMinRttIntervalMs = 60000.0; // min_rtt_calc_params.interval
inline constexpr int kEnvoyRequestCount = 50;
inline constexpr double kEnvoyJitter = 0.15;
inline constexpr int kEnvoyMinConcurrency = 3;
inline constexpr double kEnvoyBuffer = 0.25;
inline constexpr double kEnvoyPercentile = 0.5;
inline constexpr int kEnvoyMaxConcurrencyLimit = 1000;
// Envoy's updateConcurrencyLimit(): the minimum set this many windows running re-measures minRTT.
inline constexpr int kEnvoyMinConcurrencyRepeats = 5;

struct ConcurrencyLimitSpec
{
    LimitAlgorithm algorithm = kNetflixDefaultAlgorithm;
    // Unset: the algorithm's own default (above).
    std::optional<int> initialLimit, minLimit, maxLimit;
    std::optional<double> smoothing;
    // AIMD
    double backoffRatio = kAimdBackoffRatio;
    double timeoutMs = kAimdTimeoutMs;
    // Vegas
    int probeMultiplier = kVegasProbeMultiplier;
    // Gradient2
    int queueSize = kGradient2QueueSize;
    int longWindow = kGradient2LongWindow;
    double rttTolerance = kGradient2RttTolerance;
    // WindowedLimit in front of a Netflix algorithm
    bool windowed = false;
    double minWindowMs = kWindowedMinWindowMs;
    double maxWindowMs = kWindowedMaxWindowMs;
    int windowSize = kWindowedWindowSize;
    double minRttThresholdMs = kWindowedMinRttThresholdMs;
    // Envoy gradient controller
    double updateIntervalMs = kEnvoyUpdateIntervalMs;
    double minRttIntervalMs = kEnvoyMinRttIntervalMs;
    int requestCount = kEnvoyRequestCount;
    double jitter = kEnvoyJitter;
    double buffer = kEnvoyBuffer;
    double percentile = kEnvoyPercentile;
    // The limiter around the algorithm
    LimitQueue queue = LimitQueue::None;
    std::optional<int> backlogSize; // unset: lifo 100 (LifoBlockingLimiter), fifo unbounded
    double backlogTimeoutMs = kBacklogTimeoutMs;
    // How a finished call is reported to the algorithm. Netflix's gRPC client interceptor: OK is
    // onSuccess, UNAVAILABLE (503, or no connection) onDropped, anything else onIgnore. Envoy
    // samples every response and cancels the sample of a request that got none.
    std::optional<OutcomeSet> dropOn, ignoreOn;

    int resolvedInitialLimit() const;
    int resolvedMinLimit() const;
    int resolvedMaxLimit() const;
    double resolvedSmoothing() const;
    int resolvedBacklogSize() const;
    OutcomeSet resolvedDropOn() const;
    OutcomeSet resolvedIgnoreOn() const;
    bool operator==(const ConcurrencyLimitSpec&) const = default;
};

} // namespace reslab

namespace reslab {

struct StrategyKind;

// The client strategy: Netflix's limiter in front of the call (policy/adaptive_limit_stage.h).
struct AdaptiveLimitSpec
{
    ConcurrencyLimitSpec limit;
    bool operator==(const AdaptiveLimitSpec&) const = default;
    static const StrategyKind descriptor; // policy/adaptive_limit_kind.cpp
};

} // namespace reslab

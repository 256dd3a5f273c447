#pragma once
// Specs of the strategies that guard a call without retrying it: bulkhead, fallback, and the
// retry-storm guards. Defaults are named after the library they come from
// (docs/semantics.md).

#include "metrics/outcome.h"
#include "util/name_table.h"

#include <cstdint>
#include <optional>

namespace reslab {

struct StrategyKind;

// resilience4j BulkheadConfig: maxConcurrentCalls 25, maxWaitDuration 0
inline constexpr int kR4jBulkheadMaxConcurrent = 25;

struct BulkheadSpec
{
    int maxConcurrent = kR4jBulkheadMaxConcurrent;
    double maxWaitMs = 0.0;      // 0: no waiting, a full bulkhead rejects at once
    std::optional<int> maxQueue; // callers allowed to wait; absent: no limit (resilience4j)
    bool operator==(const BulkheadSpec&) const = default;
    static const StrategyKind descriptor; // policy/bulkhead_kind.cpp
};

struct FallbackSpec
{
    enum class Kind
    {
        Fixed,
        Cached
    };
    Kind kind = Kind::Fixed;
    // Outcomes it answers for; by default every failure.
    OutcomeSet handles = {Outcome::Error,       Outcome::Fatal,           Outcome::Timeout,
                          Outcome::RateLimited, Outcome::Rejected,        Outcome::Reset,
                          Outcome::Conflict,    Outcome::BreakerOpen,     Outcome::BulkheadFull,
                          Outcome::Throttled,   Outcome::BudgetExhausted, Outcome::Limited};
    std::optional<double> maxAgeMs; // cached: a value older than this is not served
    bool operator==(const FallbackSpec&) const = default;
    static const StrategyKind descriptor; // policy/fallback_kind.cpp
};

// resilience4j RateLimiterConfig: limitForPeriod 50, limitRefreshPeriod 500 ns, timeoutDuration 5 s
inline constexpr double kR4jLimitForPeriod = 50.0;
inline constexpr double kR4jRefreshPeriodMs = 0.0005;
inline constexpr double kR4jRateLimiterTimeoutMs = 5000.0;

// A client-side rate limiter. Callers that find no permit may wait for one up to max_wait_ms,
// reserving it (later callers queue behind them); beyond that they fail with `throttled`.
inline constexpr auto kFallbackKindNames = makeNameTable<FallbackSpec::Kind>(
    std::pair{FallbackSpec::Kind::Fixed, std::string_view("fixed")},
    std::pair{FallbackSpec::Kind::Cached, std::string_view("cached")});

struct RateLimiterSpec
{
    enum class Kind
    {
        TokenBucket,
        Cycles
    };
    Kind kind = Kind::TokenBucket;
    double ratePerS = 10.0;                     // token bucket: refill rate …
    double burst = 1.0;                         // … and capacity
    double limitForPeriod = kR4jLimitForPeriod; // cycles (resilience4j): permits per cycle …
    double refreshPeriodMs =
        kR4jRefreshPeriodMs; // … of this length, unused permits not carried over
    double maxWaitMs = 0.0; // resilience4j timeoutDuration (its default, 5 s, is set by the reader)
    bool operator==(const RateLimiterSpec&) const = default;
    static const StrategyKind descriptor; // policy/rate_limiter_kind.cpp
};

inline constexpr auto kRateLimiterKindNames = makeNameTable<RateLimiterSpec::Kind>(
    std::pair{RateLimiterSpec::Kind::TokenBucket, std::string_view("token_bucket")},
    std::pair{RateLimiterSpec::Kind::Cycles, std::string_view("cycles")});

// Polly v8 HedgingStrategyOptions: MaxHedgedAttempts 1, Delay 2 s
inline constexpr int kPollyMaxHedgedAttempts = 1;
inline constexpr double kPollyHedgingDelayMs = 2000.0;

struct HedgeSpec
{
    int maxHedgedAttempts = kPollyMaxHedgedAttempts; // beyond the first call
    double delayMs =
        kPollyHedgingDelayMs; // 0: all at once (parallel); < 0: next only after a failure
    // Outcomes after which the next hedge goes at once (Polly's handled outcomes, gRPC's
    // non-fatal status codes); any other result ends the call.
    OutcomeSet hedgeOn = {Outcome::Error, Outcome::Timeout, Outcome::RateLimited, Outcome::Rejected,
                          Outcome::Reset};
    bool operator==(const HedgeSpec&) const = default;
    static const StrategyKind descriptor; // policy/hedge_kind.cpp
};

// gRPC A6 retryThrottling (the proposal's example: maxTokens 10, tokenRatio 0.1)
inline constexpr double kGrpcExampleMaxTokens = 10.0;
inline constexpr double kGrpcExampleTokenRatio = 0.1;
// gRPC A6: "maxTokens … must be greater than zero and less than or equal to 1000".
inline constexpr std::int64_t kGrpcMaxTokensLimit = 1000;

struct RetryThrottleSpec
{
    double maxTokens = kGrpcExampleMaxTokens;   // an integer in (0, 1000]
    double tokenRatio = kGrpcExampleTokenRatio; // acts to three decimals
    bool operator==(const RetryThrottleSpec&) const = default;
    static const StrategyKind descriptor; // policy/retry_throttle_kind.cpp
};

// Envoy circuit_breakers.thresholds.retry_budget
inline constexpr double kEnvoyBudgetPercent = 20.0;
inline constexpr int kEnvoyMinRetryConcurrency = 3;

struct RetryBudgetSpec
{
    double budgetPercent = kEnvoyBudgetPercent;
    int minRetryConcurrency = kEnvoyMinRetryConcurrency;
    bool operator==(const RetryBudgetSpec&) const = default;
    static const StrategyKind descriptor; // policy/retry_budget_kind.cpp
};

// AWS SDK "standard" retry mode: a quota of 500 tokens, 5 per retry, 10 per retry after a
// timeout, 1 back for a success without retry, the cost back for a success after a retry.
struct RetryQuotaSpec
{
    double capacity = 500.0;
    double retryCost = 5.0;
    double timeoutCost = 10.0;
    double noRetryIncrement = 1.0;
    bool operator==(const RetryQuotaSpec&) const = default;
    static const StrategyKind descriptor; // policy/retry_quota_kind.cpp
};

// Finagle RetryBudget: ttl 10 s, minRetriesPerSec 10, percentCanRetry 0.2
struct FinagleBudgetSpec
{
    double ttlS = 10.0;
    double minRetriesPerS = 10.0;
    double percentCanRetry = 0.2;
    bool operator==(const FinagleBudgetSpec&) const = default;
    static const StrategyKind descriptor; // policy/finagle_budget_kind.cpp
};

// Google SRE book, "Handling Overload": K = 2, a 2-minute window
inline constexpr double kSreK = 2.0;
inline constexpr double kSreWindowS = 120.0;

struct AdaptiveThrottleSpec
{
    double k = kSreK;
    double windowS = kSreWindowS;
    bool operator==(const AdaptiveThrottleSpec&) const = default;
    static const StrategyKind descriptor; // policy/adaptive_throttle_kind.cpp
};

// botocore adaptive retry mode (botocore/retries/bucket.py, adaptive.py, throttling.py, 1.29)
inline constexpr double kBotocoreMinFillRate = 0.5;   // TokenBucket._MIN_RATE
inline constexpr double kBotocoreRateSmoothing = 0.8; // RateClocker._DEFAULT_SMOOTHING
inline constexpr double kBotocoreRateBucketS = 0.5;   // RateClocker._TIME_BUCKET_RANGE
inline constexpr double kBotocoreCubicScale = 0.4;    // CubicCalculator._SCALE_CONSTANT
inline constexpr double kBotocoreCubicBeta = 0.7;     // CubicCalculator._BETA
inline constexpr double kBotocoreMaxRateAdjustScale =
    2.0; // ClientRateLimiter._MAX_RATE_ADJUST_SCALE

struct AwsAdaptiveSpec
{
    double minFillRate = kBotocoreMinFillRate; // tokens/s
    double smoothing = kBotocoreRateSmoothing;
    double bucketS = kBotocoreRateBucketS;
    double scaleConstant = kBotocoreCubicScale;
    double beta = kBotocoreCubicBeta;
    double maxRateScale = kBotocoreMaxRateAdjustScale;
    // The answers that count as throttling errors (botocore: the throttling error codes, such as
    // Throttling, SlowDown, TooManyRequestsException, which this model answers as rate_limited).
    OutcomeSet throttlingOn = {Outcome::RateLimited};
    bool operator==(const AwsAdaptiveSpec&) const = default;
    static const StrategyKind descriptor; // policy/aws_adaptive_kind.cpp
};

} // namespace reslab

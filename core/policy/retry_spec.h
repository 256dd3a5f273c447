#pragma once
// What a retry strategy is configured with (the scenario's "retry"). Defaults are named after
// the library they come from.

#include "metrics/outcome.h"
#include "policy/backoff.h"
#include "policy/envoy_retry_spec.h"

#include <optional>
#include <vector>

namespace reslab {

struct StrategyKind;

// resilience4j RetryConfig maxAttempts; tenacity users mostly write stop_after_attempt(3) too.
inline constexpr int kDefaultMaxAttempts = 3;

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
    // Envoy mode ("retry_on" given as Envoy's classes): Envoy's router decides, and retryOn holds
    // the outcomes it retries at their default statuses (policy/envoy_retry_stage.h).
    std::optional<EnvoyRetryPolicy> envoy;
    bool operator==(const RetrySpec&) const = default;
    static const StrategyKind descriptor; // policy/retry_kind.cpp
};

} // namespace reslab

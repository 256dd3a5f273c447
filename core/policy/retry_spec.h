#pragma once
// What a retry strategy is configured with (the scenario's "retry"). Defaults are named after
// the library they come from.

#include "metrics/outcome.h"
#include "policy/backoff.h"
#include "policy/envoy_retry_spec.h"
#include "policy/tps_budget.h"

#include <optional>
#include <vector>

namespace reslab {

struct StrategyKind;

// resilience4j RetryConfig maxAttempts; tenacity users mostly write stop_after_attempt(3) too.
inline constexpr int kDefaultMaxAttempts = 3;

// Linkerd's ServiceProfile retry budget: linkerd2 controller/api/destination/profile_translator.go
// defaultRetryBudget (retryRatio 0.2, minRetriesPerSecond 10, ttl 10 s), which the proxy turns
// into tower's TpsBudget (policy/tps_budget.h); also tower's TpsBudget::default().
inline constexpr double kLinkerdRetryRatio = 0.2;
inline constexpr std::int64_t kLinkerdMinRetriesPerSecond = 10;
inline constexpr double kLinkerdRetryTtlS = 10.0;
// ServiceProfile retries have no attempt limit (the budget and the route timeout stop them); a
// scenario's retry needs one, and import-config writes this: high enough not to bind unless one
// request fails 999 times in a row within its timeout.
inline constexpr int kLinkerdProfileMaxAttempts = 1000;

// The retry's "linkerd_budget": Linkerd's retry policy decides with the budget inside the retry
// (linkerd2-proxy linkerd/app/outbound/src/http/retry.rs): an answer not retried deposits, a
// retry withdraws, and a refused withdrawal ends the request with the answer it has.
struct LinkerdBudgetSpec
{
    double retryRatio = kLinkerdRetryRatio;                    // 0 … 1000, used as an f32
    std::int64_t minRetriesPerS = kLinkerdMinRetriesPerSecond; // 0 … 2³¹ − 2
    double ttlS = kLinkerdRetryTtlS;                           // 1 … 60
    bool operator==(const LinkerdBudgetSpec&) const = default;
};

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
    // Library mode only: Linkerd's budget decides every retry the rest allows.
    std::optional<LinkerdBudgetSpec> linkerdBudget;
    bool operator==(const RetrySpec&) const = default;
    static const StrategyKind descriptor; // policy/retry_kind.cpp
};

} // namespace reslab

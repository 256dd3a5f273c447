#pragma once
// One strategy of a pipeline, as a scenario configures it: a variant over every kind's spec.

#include "policy/circuit_breaker.h"
#include "policy/concurrency_limit_spec.h"
#include "policy/guard_specs.h"
#include "policy/load_balancer_spec.h"
#include "policy/retry_spec.h"
#include "policy/timeout_spec.h"

#include <variant>

namespace reslab {

// The registration of every strategy kind: its descriptor is Spec::descriptor
// (policy/strategy_kind.h), and this order is the order the editor's Add menu and the "expected one
// of" lists show.
using StrategySpec =
    std::variant<RetrySpec, TimeoutSpec, BreakerSpec, BulkheadSpec, RateLimiterSpec, HedgeSpec,
                 FallbackSpec, RetryThrottleSpec, RetryBudgetSpec, RetryQuotaSpec,
                 FinagleBudgetSpec, AdaptiveThrottleSpec, AwsAdaptiveSpec, AdaptiveLimitSpec,
                 LoadBalancerSpec>;

} // namespace reslab

#pragma once
// One strategy of a pipeline, as a scenario configures it: a variant over every kind's spec.

#include "policy/circuit_breaker.h"
#include "policy/guard_specs.h"
#include "policy/retry_spec.h"
#include "policy/timeout_spec.h"

#include <variant>

namespace reslab {

using StrategySpec = std::variant<RetrySpec, TimeoutSpec, BreakerSpec, BulkheadSpec, FallbackSpec,
                                  RetryThrottleSpec, RetryBudgetSpec, AdaptiveThrottleSpec,
                                  RetryQuotaSpec, FinagleBudgetSpec, RateLimiterSpec, HedgeSpec>;

const char* strategyTypeName(const StrategySpec& s);

} // namespace reslab

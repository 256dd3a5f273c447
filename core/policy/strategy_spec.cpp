#include "policy/strategy_spec.h"

namespace reslab {

const char* strategyTypeName(const StrategySpec& s)
{
    if (std::holds_alternative<RetrySpec>(s)) return "retry";
    if (std::holds_alternative<TimeoutSpec>(s)) return "timeout";
    if (std::holds_alternative<BreakerSpec>(s)) return "circuit_breaker";
    if (std::holds_alternative<BulkheadSpec>(s)) return "bulkhead";
    if (std::holds_alternative<FallbackSpec>(s)) return "fallback";
    if (std::holds_alternative<RetryThrottleSpec>(s)) return "retry_throttle";
    if (std::holds_alternative<RetryBudgetSpec>(s)) return "retry_budget";
    if (std::holds_alternative<AdaptiveThrottleSpec>(s)) return "adaptive_throttle";
    if (std::holds_alternative<RetryQuotaSpec>(s)) return "retry_quota";
    if (std::holds_alternative<FinagleBudgetSpec>(s)) return "finagle_budget";
    if (std::holds_alternative<RateLimiterSpec>(s)) return "rate_limiter";
    if (std::holds_alternative<HedgeSpec>(s)) return "hedge";
    return "?";
}

} // namespace reslab

#include "scenario/scenario.h"

#include <algorithm>
#include <functional>

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

const EndpointSpec* Scenario::endpoint(const std::string& id) const
{
    for (const auto& e : endpoints)
        if (e.id == id) return &e;
    return nullptr;
}

int Scenario::layerOf(const std::string& id) const
{
    int best = -1;
    // Depth-first from the target; the depth bound guards against a cycle in an unvalidated one.
    std::function<void(const std::string&, int)> walk = [&](const std::string& at, int depth) {
        if (depth > static_cast<int>(endpoints.size())) return;
        if (at == id) best = std::max(best, depth);
        if (const EndpointSpec* e = endpoint(at))
            for (const CallSpec& c : e->calls)
                walk(c.endpoint, depth + 1);
    };
    walk(target, 0);
    return best;
}

const RetrySpec* Scenario::firstRetry() const
{
    for (const auto& s : pipeline)
        if (const auto* r = std::get_if<RetrySpec>(&s)) return r;
    return nullptr;
}

} // namespace reslab

#include "policy/stage_factory.h"

#include "policy/bulkhead_stage.h"
#include "policy/circuit_breaker_stage.h"
#include "policy/fallback_stage.h"
#include "policy/hedge_stage.h"
#include "policy/rate_limiter_stage.h"
#include "policy/retry_guards.h"
#include "policy/retry_stage.h"
#include "policy/timeout_stage.h"

namespace reslab {

namespace {
template <class... F> struct Overloaded : F...
{
    using F::operator()...;
};
} // namespace

std::vector<std::unique_ptr<Stage>> makeStages(const std::vector<StrategySpec>& specs,
                                               const StageContext& context)
{
    const std::uint64_t seed = context.seed;
    const std::string& owner = context.owner;
    std::vector<std::unique_ptr<Stage>> stages;
    for (std::size_t i = 0; i < specs.size(); ++i) {
        const std::string name = owner + "/pipeline[" + std::to_string(i) + "]";
        stages.push_back(std::visit(
            Overloaded{
                [&](const RetrySpec& s) -> std::unique_ptr<Stage> {
                    return std::make_unique<RetryStage>(s, Rng::named(seed, name + "/jitter"));
                },
                [&](const TimeoutSpec& s) -> std::unique_ptr<Stage> {
                    return std::make_unique<TimeoutStage>(s);
                },
                [&](const BreakerSpec& s) -> std::unique_ptr<Stage> {
                    return std::make_unique<CircuitBreakerStage>(s, context.scheduler,
                                                                 context.sink);
                },
                [&](const BulkheadSpec& s) -> std::unique_ptr<Stage> {
                    return std::make_unique<BulkheadStage>(s);
                },
                [&](const FallbackSpec& s) -> std::unique_ptr<Stage> {
                    return std::make_unique<FallbackStage>(s);
                },
                [&](const RetryThrottleSpec& s) -> std::unique_ptr<Stage> {
                    return std::make_unique<RetryThrottleStage>(s);
                },
                [&](const RetryBudgetSpec& s) -> std::unique_ptr<Stage> {
                    return std::make_unique<RetryBudgetStage>(s);
                },
                [&](const HedgeSpec& s) -> std::unique_ptr<Stage> {
                    return std::make_unique<HedgeStage>(s);
                },
                [&](const RateLimiterSpec& s) -> std::unique_ptr<Stage> {
                    return std::make_unique<RateLimiterStage>(s);
                },
                [&](const RetryQuotaSpec& s) -> std::unique_ptr<Stage> {
                    return std::make_unique<RetryQuotaStage>(s);
                },
                [&](const FinagleBudgetSpec& s) -> std::unique_ptr<Stage> {
                    return std::make_unique<FinagleBudgetStage>(s);
                },
                [&](const AdaptiveThrottleSpec& s) -> std::unique_ptr<Stage> {
                    return std::make_unique<AdaptiveThrottleStage>(
                        s, Rng::named(seed, name + "/throttle"));
                },
            },
            specs[i]));
    }
    return stages;
}

} // namespace reslab

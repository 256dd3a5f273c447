#include "policy/concurrency_limit_spec.h"

#include <limits>

namespace reslab {

namespace {
bool isEnvoy(const ConcurrencyLimitSpec& s)
{
    return s.algorithm == LimitAlgorithm::EnvoyGradient;
}
} // namespace

int ConcurrencyLimitSpec::resolvedInitialLimit() const
{
    if (initialLimit) return *initialLimit;
    switch (algorithm) {
    case LimitAlgorithm::Aimd:
        return kAimdInitialLimit;
    case LimitAlgorithm::Vegas:
        return kVegasInitialLimit;
    case LimitAlgorithm::Gradient2:
        return kGradient2InitialLimit;
    case LimitAlgorithm::EnvoyGradient:
        break;
    }
    return resolvedMinLimit(); // Envoy starts at min_concurrency and measures minRTT there
}

int ConcurrencyLimitSpec::resolvedMinLimit() const
{
    if (minLimit) return *minLimit;
    switch (algorithm) {
    case LimitAlgorithm::Aimd:
        return kAimdMinLimit;
    case LimitAlgorithm::Vegas:
        return 1; // VegasLimit clamps to Math.max(1, …)
    case LimitAlgorithm::Gradient2:
        return kGradient2MinLimit;
    case LimitAlgorithm::EnvoyGradient:
        break;
    }
    return kEnvoyMinConcurrency;
}

int ConcurrencyLimitSpec::resolvedMaxLimit() const
{
    if (maxLimit) return *maxLimit;
    switch (algorithm) {
    case LimitAlgorithm::Aimd:
        return kAimdMaxLimit;
    case LimitAlgorithm::Vegas:
        return kVegasMaxConcurrency;
    case LimitAlgorithm::Gradient2:
        return kGradient2MaxConcurrency;
    case LimitAlgorithm::EnvoyGradient:
        break;
    }
    return kEnvoyMaxConcurrencyLimit;
}

double ConcurrencyLimitSpec::resolvedSmoothing() const
{
    if (smoothing) return *smoothing;
    return algorithm == LimitAlgorithm::Gradient2 ? kGradient2Smoothing : kVegasSmoothing;
}

int ConcurrencyLimitSpec::resolvedBacklogSize() const
{
    if (backlogSize) return *backlogSize;
    return queue == LimitQueue::Lifo ? kLifoBacklogSize : std::numeric_limits<int>::max();
}

OutcomeSet ConcurrencyLimitSpec::resolvedDropOn() const
{
    if (dropOn) return *dropOn;
    if (isEnvoy(*this)) return {};
    return {Outcome::Rejected, Outcome::Reset}; // gRPC UNAVAILABLE
}

OutcomeSet ConcurrencyLimitSpec::resolvedIgnoreOn() const
{
    if (ignoreOn) return *ignoreOn;
    if (isEnvoy(*this)) // no response came back: cancelLatencySample()
        return {Outcome::Timeout,      Outcome::Reset,     Outcome::BreakerOpen,
                Outcome::BulkheadFull, Outcome::Throttled, Outcome::BudgetExhausted,
                Outcome::Cancelled,    Outcome::Limited};
    OutcomeSet ignore;
    const OutcomeSet drop = resolvedDropOn();
    for (std::size_t o = 1; o < kOutcomeCount; ++o)
        if (!drop.contains(static_cast<Outcome>(o))) ignore.insert(static_cast<Outcome>(o));
    return ignore;
}

} // namespace reslab

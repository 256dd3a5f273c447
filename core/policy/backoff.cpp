#include "policy/backoff.h"

#include <algorithm>
#include <cmath>

namespace reslab {

AdaptiveRegime adaptiveRegime(const BackoffSpec& spec, int samples, int successes)
{
    if (samples < spec.minSamples) return AdaptiveRegime::Learning;
    // get_success_rate(): successes / total over the window (1.0 for none, unreachable here as
    // min_samples ≥ 1).
    const double rate = static_cast<double>(successes) / static_cast<double>(samples);
    if (rate < spec.successThreshold) return AdaptiveRegime::Poor;
    if (rate > kAdaptiveExcellentRate) return AdaptiveRegime::Excellent;
    return AdaptiveRegime::Good;
}

double adaptiveMultiplier(AdaptiveRegime regime, int retry)
{
    const double k = static_cast<double>(std::max(retry, 1)) - 1.0;
    switch (regime) {
    case AdaptiveRegime::Learning:
        return std::pow(kAdaptiveLearningBase, k);
    case AdaptiveRegime::Poor:
        return std::pow(kAdaptivePoorBase, k);
    case AdaptiveRegime::Good:
        return std::pow(kAdaptiveGoodBase, k);
    case AdaptiveRegime::Excellent:
        return 1.0 + kAdaptiveExcellentStep * k;
    }
    return 1.0;
}

double uncappedDelayMs(const BackoffSpec& spec, int retry, AdaptiveRegime regime)
{
    const double n = static_cast<double>(std::max(retry, 1));
    switch (spec.kind) {
    case BackoffSpec::Kind::Constant:
        return spec.delayMs;
    case BackoffSpec::Kind::Linear:
        return spec.initialMs + spec.incrementMs * (n - 1.0);
    case BackoffSpec::Kind::Exponential:
        return spec.initialMs * std::pow(spec.multiplier, n - 1.0);
    case BackoffSpec::Kind::Decorrelated:
    case BackoffSpec::Kind::PollyDecorrelatedV2:
        // Random by nature; the "base" is the first delay's scale.
        return spec.initialMs;
    case BackoffSpec::Kind::Urllib3:
        // urllib3: "if consecutive_errors_len <= 1: return 0", then
        // backoff_factor * 2 ** (consecutive_errors_len - 1).
        return n <= 1.0 ? 0.0 : spec.factorMs * std::pow(2.0, n - 1.0);
    case BackoffSpec::Kind::Adaptive:
        // get_delay: base_delay · multiplier, capped, then jitter.
        return spec.initialMs * adaptiveMultiplier(regime, retry);
    case BackoffSpec::Kind::Envoy:
        // The interval the delay is drawn below (random by nature).
        return envoyIntervalMs(spec.initialMs, spec.maxMs, retry);
    }
    return 0.0;
}

double boundedDelayMs(const BackoffSpec& spec, double d)
{
    // An overflow is the cap: tenacity catches OverflowError as max, Polly OverflowException as
    // MaxDelay.
    if (!std::isfinite(d)) d = spec.maxMs;
    switch (spec.kind) {
    case BackoffSpec::Kind::Constant:
    case BackoffSpec::Kind::Urllib3:
        return std::max(0.0, std::min(d, spec.maxMs));
    case BackoffSpec::Kind::Decorrelated:
    case BackoffSpec::Kind::PollyDecorrelatedV2:
    case BackoffSpec::Kind::Envoy:
        return std::min(d, spec.maxMs);
    default:
        // tenacity: max(max(0, min), min(d, max)) — the floor wins over the cap.
        return std::max(std::max(0.0, spec.minMs), std::min(d, spec.maxMs));
    }
}

double baseDelayMs(const BackoffSpec& spec, int retry, AdaptiveRegime regime)
{
    if (const double* fixed = spec.step(retry)) return *fixed;
    return boundedDelayMs(spec, uncappedDelayMs(spec, retry, regime));
}

double applyJitterMs(const BackoffSpec& spec, const JitterSpec& jitter, double d, double u)
{
    double out = d;
    switch (jitter.kind) {
    case JitterSpec::Kind::None:
        break;
    case JitterSpec::Kind::Full: {
        const double low = std::min(std::max(0.0, spec.minMs), d);
        out = low + (d - low) * u;
        break;
    }
    case JitterSpec::Kind::Equal:
        out = d / 2.0 + (d / 2.0) * u;
        break;
    case JitterSpec::Kind::Proportional:
        out = d * (1.0 - jitter.factor + 2.0 * jitter.factor * u);
        break;
    case JitterSpec::Kind::Additive:
        out = d + jitter.jitterMs * u;
        break;
    }
    // cap_after_jitter: the bounds apply to the jittered delay (Polly's MaxDelay, resilience4j's
    // exponential random, tenacity's wait_exponential_jitter with its min).
    if (jitter.capAfterJitter) return boundedDelayMs(spec, out);
    return std::max(0.0, out);
}

double envoyBackoffMs(double baseMs, double maxMs, double& next, std::uint64_t random)
{
    // Whole milliseconds as Envoy keeps them (uint64_t); a base below 1 ms is 1 (the reader
    // allows only whole ms ≥ 1).
    const auto base = static_cast<std::uint64_t>(std::max(1.0, baseMs));
    const double maxOrDefault =
        std::isfinite(maxMs) ? std::max(baseMs, maxMs) : baseMs * kEnvoyMaxIntervalFactor;
    const auto max = std::max(base, static_cast<std::uint64_t>(maxOrDefault));
    const std::uint64_t backoff = next < 0.0 ? base : static_cast<std::uint64_t>(next);
    const std::uint64_t doublingLimit = max / 2u; // backoff_strategy.h: doubling_limit_
    next = static_cast<double>(backoff < doublingLimit ? backoff * 2u : max);
    return static_cast<double>(random % backoff);
}

std::uint64_t envoyLowerBoundBackoffMs(std::uint64_t minMs, std::uint64_t random)
{
    const std::uint64_t half = std::max<std::uint64_t>(1, minMs >> 1);
    return random % half + minMs;
}

double envoyIntervalMs(double baseMs, double maxMs, int retry)
{
    double next = -1.0;
    double interval = std::max(1.0, baseMs);
    // After at most 64 doublings the interval is the max and stays there.
    for (int n = 1; n <= std::min(retry, 70); ++n) {
        interval = next < 0.0 ? std::max(1.0, baseMs) : next;
        envoyBackoffMs(baseMs, maxMs, next, 0);
    }
    return interval;
}

double pollyDecorrelatedV2Ms(int attempt, double u, double medianFirstDelayMs, double maxDelayMs,
                             double& previous)
{
    // Polly's upper bound when no MaxDelay is set: TimeSpan.MaxValue.Ticks − 1000.
    constexpr double kMaxTimeSpanTicks = 9223372036854775807.0 - 1000.0;
    const double maxTicks =
        std::isfinite(maxDelayMs) ? std::trunc(maxDelayMs * kPollyTicksPerMs) : kMaxTimeSpanTicks;
    const double targetTicksFirstDelay = std::trunc(medianFirstDelayMs * kPollyTicksPerMs);

    const double t = attempt + u;
    const double next = std::pow(2.0, t) * std::tanh(std::sqrt(kPollyV2PFactor * t));
    if (std::isinf(next)) {
        previous = next;
        return maxTicks / kPollyTicksPerMs;
    }
    const double formulaIntrinsicValue = next - previous;
    previous = next;
    // (long) truncation, as Polly converts to ticks.
    const double ticks = std::trunc(
        std::min(formulaIntrinsicValue * kPollyV2ScalingFactor * targetTicksFirstDelay, maxTicks));
    return ticks / kPollyTicksPerMs;
}

} // namespace reslab

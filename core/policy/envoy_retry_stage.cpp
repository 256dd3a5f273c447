#include "policy/envoy_retry_stage.h"

#include "policy/envoy_retry.h"

#include <algorithm>

namespace reslab {

namespace {
// Exec::epoch bits of an Envoy retry's exec.
constexpr std::uint64_t kHoldsRetry = 1;    // a retry decided and not yet answered
constexpr std::uint64_t kAttemptActive = 2; // its attempt counts as a request in flight
} // namespace

EnvoyRetryStage::EnvoyRetryStage(RetrySpec spec, Rng jitterStream)
    : Stage(/*numbersAttempts=*/true), m_spec(std::move(spec)), m_rng(jitterStream)
{
}

bool EnvoyRetryStage::canCreateRetry() const
{
    const EnvoyRetryPolicy& policy = *m_spec.envoy;
    if (policy.retryBudget)
        return m_retries < envoyRetryBudgetMax(policy.retryBudget->budgetPercent,
                                               policy.retryBudget->minRetryConcurrency, m_active);
    return m_retries < policy.maxRetries;
}

void EnvoyRetryStage::start(Pipeline& p, ExecId e)
{
    p.exec(e).tries = 1;
    startAttempt(p, e, p.exec(e).wait);
}

void EnvoyRetryStage::startAttempt(Pipeline& p, ExecId e, Time wait)
{
    Exec& x = p.exec(e);
    if (m_active >= m_spec.envoy->maxRequests) {
        // The connection pool's overflow: reset reason Overflow, which is never retried.
        ++m_stats.requestOverflow;
        releaseRetry(x);
        p.reject(e, Outcome::BulkheadFull);
        return;
    }
    ++m_active;
    x.epoch |= kAttemptActive;
    p.startChild(e, wait, Then::Return); // startAttempt is its callers' last act
}

void EnvoyRetryStage::releaseRetry(Exec& x)
{
    if (x.epoch & kHoldsRetry) {
        --m_retries;
        x.epoch &= ~kHoldsRetry;
    }
}

void EnvoyRetryStage::onChildDone(Pipeline& p, ExecId e, const Result& r)
{
    Exec& x = p.exec(e);
    if (x.epoch & kAttemptActive) {
        --m_active;
        x.epoch &= ~kAttemptActive;
    }
    const EnvoyRetryPolicy& policy = *m_spec.envoy;
    const EnvoyRetryDecision decision = envoyRetryDecision(policy, m_spec.retryOnStatus, r);
    if ((x.epoch & kHoldsRetry) && decision == EnvoyRetryDecision::NoRetry) ++m_stats.retrySuccess;
    releaseRetry(x);
    if (decision == EnvoyRetryDecision::NoRetry) {
        p.finish(e, r, Then::Return);
        return;
    }
    if (x.tries >= static_cast<std::uint32_t>(m_spec.maxAttempts)) {
        ++m_stats.retryLimitExceeded;
        p.finish(e, r, Then::Return);
        return;
    }
    if (!canCreateRetry()) {
        ++m_stats.retryOverflow;
        p.reject(e, Outcome::BudgetExhausted);
        return;
    }
    ++m_retries;
    m_peakRetries = std::max(m_peakRetries, m_retries);
    x.epoch |= kHoldsRetry;
    ++m_stats.retry;
    double delayMs = 0.0;
    if (decision == EnvoyRetryDecision::RetryWithBackoff) {
        const auto reset = policy.resetHeaders.empty()
                               ? std::nullopt
                               : envoyResetIntervalMs(policy, r, p.scheduler().now());
        // Applied only when over 1 ms (shouldRetryHeaders).
        if (reset && *reset > 1) {
            delayMs = static_cast<double>(envoyLowerBoundBackoffMs(*reset, m_rng.next()));
            ++m_stats.backoffRateLimited;
        } else {
            delayMs = nextDelayMs(m_spec.backoff, m_spec.jitter, static_cast<int>(x.tries),
                                  x.backoff, m_rng);
            ++m_stats.backoffExponential;
        }
    }
    x.pending = fromMillis(delayMs);
    // Even a retry at once goes through the scheduler (Envoy: the next event-loop iteration).
    p.setTimer(e, x.pending);
}

void EnvoyRetryStage::onTimer(Pipeline& p, ExecId e)
{
    Exec& x = p.exec(e);
    ++x.tries;
    startAttempt(p, e, x.pending);
}

void EnvoyRetryStage::onCancel(Pipeline& p, ExecId e, Outcome)
{
    // The downstream request went away (a route timeout, a hedge that lost): Envoy's retry state
    // is destroyed, which releases its retry (~RetryStateImpl → resetRetry).
    Exec& x = p.exec(e);
    if (x.epoch & kAttemptActive) --m_active;
    releaseRetry(x);
    x.epoch = 0;
}

} // namespace reslab

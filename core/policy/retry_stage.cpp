#include "policy/retry_stage.h"

#include <algorithm>

namespace reslab {

namespace {
Time optionalMillis(const std::optional<double>& ms)
{
    return ms ? fromMillis(*ms) : kTimeNever;
}
} // namespace

RetryStage::RetryStage(RetrySpec spec, Rng jitterStream, Time created)
    : Stage(/*numbersAttempts=*/true), m_spec(std::move(spec)), m_rng(jitterStream),
      m_maxElapsed(optionalMillis(m_spec.maxElapsedMs)),
      m_stopBefore(optionalMillis(m_spec.stopBeforeDelayMs)),
      m_retryAfterCap(optionalMillis(m_spec.retryAfterMaxMs)),
      m_window(m_spec.backoff.kind == BackoffSpec::Kind::Adaptive ? m_spec.backoff.window : 1)
{
    if (const auto& b = m_spec.linkerdBudget)
        m_linkerdBudget = std::make_unique<TpsBudget>(fromSeconds(b->ttlS),
                                                      static_cast<std::uint32_t>(b->minRetriesPerS),
                                                      static_cast<float>(b->retryRatio), created);
}

bool RetryStage::isRetryable(const Result& r) const
{
    if (r.ok()) return false;
    if (m_spec.retryOn.contains(r.outcome)) return true;
    return r.status != 0 && std::find(m_spec.retryOnStatus.begin(), m_spec.retryOnStatus.end(),
                                      r.status) != m_spec.retryOnStatus.end();
}

void RetryStage::start(Pipeline& p, ExecId e)
{
    Exec& x = p.exec(e);
    x.tries = 1;
    p.startChild(e, x.wait, Then::Return);
}

void RetryStage::onChildDone(Pipeline& p, ExecId e, const Result& r)
{
    Exec& x = p.exec(e);
    const bool adaptive = m_spec.backoff.kind == BackoffSpec::Kind::Adaptive;
    if (adaptive) m_window.record(r.ok());
    const bool retryable = isRetryable(r);
    if (!retryable || x.tries >= static_cast<std::uint32_t>(m_spec.maxAttempts)) {
        // Linkerd deposits for every answer its policy does not retry (retry.rs).
        if (m_linkerdBudget && !retryable) m_linkerdBudget->deposit(p.scheduler().now());
        p.finish(e, r, Then::Return);
        return;
    }
    Time sleep;
    if (m_spec.honorRetryAfter && r.retryAfter >= 0) {
        // The server's Retry-After overrides the computed delay (Polly DelayGenerator, Envoy
        // rate_limited_retry_back_off), clamped to retry_after_max_ms when one is set.
        sleep = std::min(r.retryAfter, m_retryAfterCap);
    } else {
        const AdaptiveRegime regime =
            adaptive ? m_window.regime(m_spec.backoff) : AdaptiveRegime::Learning;
        sleep = fromMillis(nextDelayMs(m_spec.backoff, m_spec.jitter, static_cast<int>(x.tries),
                                       x.backoff, m_rng, regime));
    }
    const Time elapsed = p.scheduler().now() - x.start;
    if (elapsed >= m_maxElapsed ||
        (m_stopBefore != kTimeNever && elapsed + sleep >= m_stopBefore)) {
        p.finish(e, r, Then::Return);
        return;
    }
    if (m_linkerdBudget && !m_linkerdBudget->withdraw(p.scheduler().now())) {
        p.finish(e, r, Then::Return); // Linkerd returns the answer it has
        return;
    }
    x.pending = sleep;
    // Even a zero sleep goes through the scheduler, so a strategy that fails at once (an open
    // breaker) cannot recurse without bound.
    p.setTimer(e, sleep);
}

void RetryStage::onTimer(Pipeline& p, ExecId e)
{
    Exec& x = p.exec(e);
    ++x.tries;
    p.startChild(e, x.pending, Then::Return);
}

} // namespace reslab

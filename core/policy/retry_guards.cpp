#include "policy/retry_guards.h"

#include <algorithm>

namespace reslab {

namespace {
bool processedByBackend(Outcome o)
{
    return o == Outcome::Ok || o == Outcome::Fatal || o == Outcome::Conflict;
}
} // namespace

// ---- gRPC retry throttling ----------------------------------------------------------------------

void RetryThrottleStage::start(Pipeline& p, ExecId e)
{
    Exec& x = p.exec(e);
    if (x.retryIndex > 0 && !(m_tokens > m_spec.maxTokens / 2.0)) {
        p.reject(e, Outcome::Throttled);
        return;
    }
    p.startChild(e, x.wait);
}

void RetryThrottleStage::onChildDone(Pipeline& p, ExecId e, const Result& r)
{
    m_tokens = r.ok() ? std::min(m_spec.maxTokens, m_tokens + m_spec.tokenRatio) : std::max(0.0, m_tokens - 1.0);
    p.finish(e, r);
}

// ---- Envoy retry budget -------------------------------------------------------------------------

void RetryBudgetStage::start(Pipeline& p, ExecId e)
{
    Exec& x = p.exec(e);
    if (x.retryIndex > 0) {
        const auto allowed = std::max<std::uint64_t>(
            static_cast<std::uint64_t>(m_spec.minRetryConcurrency),
            static_cast<std::uint64_t>(m_spec.budgetPercent / 100.0 * static_cast<double>(m_active)));
        if (m_retries >= allowed) {
            p.reject(e, Outcome::BudgetExhausted);
            return;
        }
        ++m_retries;
    }
    ++m_active;
    x.epoch = 1; // counted
    p.startChild(e, x.wait);
}

void RetryBudgetStage::release(const Exec& x)
{
    --m_active;
    if (x.retryIndex > 0) --m_retries;
}

void RetryBudgetStage::onChildDone(Pipeline& p, ExecId e, const Result& r)
{
    release(p.exec(e));
    p.finish(e, r);
}

void RetryBudgetStage::onCancel(Pipeline& p, ExecId e, Outcome)
{
    if (p.exec(e).epoch == 1) release(p.exec(e));
}

// ---- SRE adaptive throttling --------------------------------------------------------------------

AdaptiveThrottleStage::AdaptiveThrottleStage(const AdaptiveThrottleSpec& spec, Rng rng)
    : m_spec(spec), m_rng(rng),
      // one-second buckets, like the book's "requests and accepts over the last two minutes"
      m_requests(fromSeconds(spec.windowS), static_cast<std::uint32_t>(std::max(1.0, spec.windowS))),
      m_accepts(fromSeconds(spec.windowS), static_cast<std::uint32_t>(std::max(1.0, spec.windowS)))
{
}

double AdaptiveThrottleStage::rejectProbability(Time now)
{
    const double requests = m_requests.totals(now).calls;
    const double accepts = m_accepts.totals(now).calls;
    return std::max(0.0, (requests - m_spec.k * accepts) / (requests + 1.0));
}

void AdaptiveThrottleStage::start(Pipeline& p, ExecId e)
{
    const Time now = p.scheduler().now();
    const double probability = rejectProbability(now);
    const double u = m_rng.uniform(); // one draw per attempt, whatever happens
    m_requests.record(now, false, false);
    if (u < probability) {
        p.reject(e, Outcome::Throttled);
        return;
    }
    p.startChild(e, p.exec(e).wait);
}

void AdaptiveThrottleStage::onChildDone(Pipeline& p, ExecId e, const Result& r)
{
    if (processedByBackend(r.outcome)) m_accepts.record(p.scheduler().now(), false, false);
    p.finish(e, r);
}

} // namespace reslab

#include "policy/retry_guards.h"

#include "policy/envoy_retry.h"

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
    if (x.retryIndex > 0 && !(m_tokens > m_max / 2)) {
        p.reject(e, Outcome::Throttled);
        return;
    }
    p.startChild(e, x.wait, Then::Return);
}

void RetryThrottleStage::onChildDone(Pipeline& p, ExecId e, const Result& r)
{
    m_tokens =
        r.ok() ? std::min(m_max, m_tokens + m_ratio) : std::max<std::int64_t>(0, m_tokens - 1000);
    p.finish(e, r, Then::Return);
}

// ---- Envoy retry budget -------------------------------------------------------------------------

void RetryBudgetStage::start(Pipeline& p, ExecId e)
{
    Exec& x = p.exec(e);
    if (x.retryIndex > 0) {
        const std::uint64_t allowed =
            envoyRetryBudgetMax(m_spec.budgetPercent, m_spec.minRetryConcurrency, m_active);
        if (m_retries >= allowed) {
            p.reject(e, Outcome::BudgetExhausted);
            return;
        }
        ++m_retries;
    }
    ++m_active;
    x.epoch = 1; // counted
    p.startChild(e, x.wait, Then::Return);
}

void RetryBudgetStage::release(const Exec& x)
{
    --m_active;
    if (x.retryIndex > 0) --m_retries;
}

void RetryBudgetStage::onChildDone(Pipeline& p, ExecId e, const Result& r)
{
    release(p.exec(e));
    p.finish(e, r, Then::Return);
}

void RetryBudgetStage::onCancel(Pipeline& p, ExecId e, Outcome)
{
    if (p.exec(e).epoch == 1) release(p.exec(e));
}

// ---- AWS SDK retry quota ------------------------------------------------------------------------

void RetryQuotaStage::start(Pipeline& p, ExecId e)
{
    Exec& x = p.exec(e);
    if (x.retryIndex > 0) {
        // The cost depends on the failure that led to this retry: the previous attempt's outcome.
        const Outcome previous =
            x.parent != kNoExec ? p.exec(x.parent).lastChildOutcome : Outcome::Error;
        const double cost = previous == Outcome::Timeout ? m_spec.timeoutCost : m_spec.retryCost;
        if (m_tokens < cost) {
            p.reject(e, Outcome::BudgetExhausted);
            return;
        }
        m_tokens -= cost;
        p.exec(e).epoch = static_cast<std::uint64_t>(cost);
    }
    p.startChild(e, p.exec(e).wait, Then::Return);
}

void RetryQuotaStage::onChildDone(Pipeline& p, ExecId e, const Result& r)
{
    const Exec& x = p.exec(e);
    if (r.ok()) {
        const double refund =
            x.retryIndex == 0 ? m_spec.noRetryIncrement : static_cast<double>(x.epoch);
        m_tokens = std::min(m_spec.capacity, m_tokens + refund);
    }
    p.finish(e, r, Then::Return);
}

// ---- Finagle retry budget -----------------------------------------------------------------------

WindowedAdder::WindowedAdder(Time span) : m_slice(std::max<Time>(1, span / 10)), m_slots(10, 0) {}

void WindowedAdder::advance(Time now)
{
    const std::int64_t index = now / m_slice;
    const auto n = static_cast<std::int64_t>(m_slots.size());
    for (std::int64_t i = std::max(m_current + 1, index - n + 1); i <= index; ++i) {
        std::int64_t& slot = m_slots[static_cast<std::size_t>(i % n)];
        m_sum -= slot;
        slot = 0;
    }
    m_current = std::max(m_current, index);
}

void WindowedAdder::add(Time now, std::int64_t amount)
{
    advance(now);
    m_slots[static_cast<std::size_t>(m_current % static_cast<std::int64_t>(m_slots.size()))] +=
        amount;
    m_sum += amount;
}

std::int64_t WindowedAdder::sum(Time now)
{
    advance(now);
    return m_sum;
}

FinagleBudgetStage::FinagleBudgetStage(const FinagleBudgetSpec& spec)
    : m_deposit(static_cast<std::int64_t>(spec.percentCanRetry * kScale)),
      m_reserve(static_cast<std::int64_t>(spec.minRetriesPerS * spec.ttlS) * kScale),
      m_balance(fromSeconds(spec.ttlS))
{
}

void FinagleBudgetStage::start(Pipeline& p, ExecId e)
{
    const Time now = p.scheduler().now();
    Exec& x = p.exec(e);
    if (x.retryIndex == 0) {
        m_balance.add(now, m_deposit);
    } else {
        if (m_balance.sum(now) + m_reserve < kScale) {
            p.reject(e, Outcome::BudgetExhausted);
            return;
        }
        m_balance.add(now, -kScale);
    }
    p.startChild(e, x.wait, Then::Return);
}

// ---- SRE adaptive throttling --------------------------------------------------------------------

AdaptiveThrottleStage::AdaptiveThrottleStage(const AdaptiveThrottleSpec& spec, Rng rng)
    : m_spec(spec), m_rng(rng),
      // one-second buckets, like the book's "requests and accepts over the last two minutes"
      m_requests(fromSeconds(spec.windowS),
                 static_cast<std::uint32_t>(std::max(1.0, spec.windowS))),
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
    p.startChild(e, p.exec(e).wait, Then::Return);
}

void AdaptiveThrottleStage::onChildDone(Pipeline& p, ExecId e, const Result& r)
{
    if (processedByBackend(r.outcome)) m_accepts.record(p.scheduler().now(), false, false);
    p.finish(e, r, Then::Return);
}

} // namespace reslab

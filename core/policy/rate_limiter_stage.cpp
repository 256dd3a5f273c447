#include "policy/rate_limiter_stage.h"

#include <algorithm>
#include <cmath>

namespace reslab {

RateLimiterStage::RateLimiterStage(const RateLimiterSpec& spec)
    : m_spec(spec), m_maxWait(fromMillis(spec.maxWaitMs)),
      m_period(std::max<Time>(1, fromMillis(spec.refreshPeriodMs))),
      m_permits(spec.kind == RateLimiterSpec::Kind::TokenBucket ? spec.burst : spec.limitForPeriod)
{
}

void RateLimiterStage::refill(Time now)
{
    if (m_spec.kind == RateLimiterSpec::Kind::TokenBucket) {
        m_permits = std::min(m_spec.burst, m_permits + static_cast<double>(now - m_updated) *
                                                           m_spec.ratePerS / 1e9);
        m_updated = now;
        return;
    }
    const std::int64_t cycle = now / m_period;
    if (cycle > m_cycle) {
        // resilience4j: min(permissions + elapsedCycles · limit, limit) — reservations carry over.
        const double elapsed = static_cast<double>(cycle - m_cycle);
        m_permits = std::min(m_permits + elapsed * m_spec.limitForPeriod, m_spec.limitForPeriod);
        m_cycle = cycle;
    }
}

Time RateLimiterStage::reserve(Time now)
{
    refill(now);
    Time wait = 0;
    if (m_permits < 1.0) {
        if (m_spec.kind == RateLimiterSpec::Kind::TokenBucket) {
            wait = static_cast<Time>(std::ceil((1.0 - m_permits) / m_spec.ratePerS * 1e9));
        } else {
            // resilience4j nanosToWaitForPermission: to the next cycle, plus whole cycles until
            // the reservations ahead are covered.
            const Time toNextCycle = (m_cycle + 1) * m_period - now;
            const double atNextCycle = m_permits + m_spec.limitForPeriod;
            const double fullCycles =
                atNextCycle >= 1.0 ? 0.0 : std::ceil((1.0 - atNextCycle) / m_spec.limitForPeriod);
            wait = toNextCycle + static_cast<Time>(fullCycles) * m_period;
        }
        if (wait > m_maxWait) return kTimeNever;
    }
    m_permits -= 1.0;
    return wait;
}

void RateLimiterStage::start(Pipeline& p, ExecId e)
{
    const Time wait = reserve(p.scheduler().now());
    if (wait == kTimeNever) {
        p.reject(e, Outcome::Throttled);
        return;
    }
    if (wait == 0) {
        p.startChild(e, p.exec(e).wait, Then::Return);
        return;
    }
    p.setTimer(e, wait);
}

} // namespace reslab

#include "policy/failure_accrual.h"

#include <algorithm>

namespace reslab {

FailureAccrual::FailureAccrual(const FailureAccrualSpec& spec, std::size_t hosts, Rng rng)
    : m_spec(spec), m_hosts(hosts), m_rng(rng), m_min(fromMillis(spec.minPenaltyMs)),
      m_max(fromMillis(spec.maxPenaltyMs))
{
}

Time FailureAccrual::backoff(std::uint32_t iterations)
{
    // ExponentialBackoff::base: min · 2^k, saturating, capped at max.
    Time base = m_max;
    if (iterations < 62 && m_min <= (kTimeNever >> iterations))
        base = std::min(m_min << iterations, m_max);
    // ::jitter: U(0,1) · jitter · base, no more than max − base.
    if (m_spec.jitterRatio == 0.0) return base;
    const double u = m_rng.uniform();
    const auto jitter = static_cast<Time>(static_cast<double>(base) * u * m_spec.jitterRatio);
    return base + std::min(jitter, m_max - base);
}

void FailureAccrual::shut(std::size_t h, Time now)
{
    Host& host = m_hosts[h];
    host.penalty = backoff(host.iterations);
    host.until = now + host.penalty;
    host.state = State::Shut;
    m_changed = true;
}

void FailureAccrual::advance(Time now)
{
    if (m_shut == 0) return;
    for (Host& host : m_hosts) {
        if (host.state != State::Shut || host.until > now) continue;
        ++host.iterations; // the sleep completed
        host.state = State::Probation;
        m_changed = true;
    }
}

void FailureAccrual::onDispatch(std::size_t h)
{
    if (m_hosts[h].state != State::Probation) return;
    m_hosts[h].state = State::Probing;
    m_changed = true;
}

void FailureAccrual::onResponse(std::size_t h, bool failed, Time now)
{
    advance(now);
    Host& host = m_hosts[h];
    switch (host.state) {
    case State::Open:
        if (!failed) {
            host.failures = 0;
            return;
        }
        if (++host.failures < static_cast<std::uint32_t>(m_spec.consecutiveFailures)) return;
        host.failures = 0;
        host.iterations = 0; // a fresh backoff stream for this episode
        ++m_shut;
        shut(h, now);
        m_events.push_back(EjectionEvent{now, static_cast<std::uint16_t>(h),
                                         EjectionEvent::Kind::Ejected,
                                         EjectionType::FailureAccrual});
        return;
    case State::Shut:
        return; // responses are ignored while shut
    case State::Probation:
    case State::Probing:
        if (failed) {
            shut(h, now); // the stream's next backoff
            return;
        }
        host.state = State::Open;
        host.failures = 0;
        --m_shut;
        m_changed = true;
        m_events.push_back(EjectionEvent{now, static_cast<std::uint16_t>(h),
                                         EjectionEvent::Kind::Unejected,
                                         EjectionType::FailureAccrual});
        return;
    }
}

} // namespace reslab

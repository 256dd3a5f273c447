#include "policy/concurrency_limiter.h"

namespace reslab {

ConcurrencyLimiter::ConcurrencyLimiter(const ConcurrencyLimitSpec& spec, Rng rng, Time start)
    : m_dropOn(spec.resolvedDropOn()), m_ignoreOn(spec.resolvedIgnoreOn())
{
    if (spec.algorithm == LimitAlgorithm::EnvoyGradient)
        m_envoy = std::make_unique<EnvoyGradientController>(spec, rng, start);
    else
        m_netflix = makeNetflixLimit(spec, rng);
}

void ConcurrencyLimiter::reportTo(RecordSink* sink, std::string name)
{
    m_sink = sink;
    m_name = std::move(name);
    if (!m_sink) return;
    if (m_envoy) m_envoy->setOnChange([this](Time at, int limit) { report(at, limit); });
    m_sink->onLimiterCreated(m_name, this);
}

void ConcurrencyLimiter::report(Time at, int limit)
{
    m_sink->onLimitChange(LimitChangeRecord{m_name, at, limit, inflight()});
}

std::optional<LimitPermit> ConcurrencyLimiter::tryAcquire(Time now)
{
    if (m_sink && !m_reportedFirst) {
        m_reportedFirst = true;
        advance(now);
        report(now, limit());
    }
    if (m_envoy) {
        if (!m_envoy->forwardingDecision(now)) return std::nullopt;
        return LimitPermit{now, m_envoy->outstanding()};
    }
    // SimpleLimiter: the semaphore holds `limit` permits, shrunk or grown as the limit moves, so
    // a call is admitted exactly when fewer than `limit` are in flight.
    if (m_inflight >= m_netflix->limit()) return std::nullopt;
    return LimitPermit{now, ++m_inflight};
}

void ConcurrencyLimiter::release(Time now, const LimitPermit& permit, LimitRelease how)
{
    if (how != LimitRelease::Ignored) {
        ++m_samples;
        m_rttSumMs += toMillis(now - permit.start);
    }
    if (m_envoy) {
        if (how == LimitRelease::Ignored)
            m_envoy->cancelLatencySample(now);
        else
            m_envoy->recordLatencySample(permit.start, now);
        return;
    }
    --m_inflight; // the listener decrements before it samples
    if (how == LimitRelease::Ignored) return;
    const int before = m_netflix->limit();
    m_netflix->onSample(permit.start, now - permit.start, permit.inflight,
                        how == LimitRelease::Dropped);
    if (m_sink && m_netflix->limit() != before) report(now, m_netflix->limit());
}

LimitRelease ConcurrencyLimiter::classify(Outcome o) const
{
    if (m_dropOn.contains(o)) return LimitRelease::Dropped;
    if (m_ignoreOn.contains(o)) return LimitRelease::Ignored;
    return LimitRelease::Success;
}

} // namespace reslab

#include "model/endpoint_admission.h"

namespace reslab {

EndpointAdmission::EndpointAdmission(const ConcurrencyLimitSpec& spec, Rng rng, Time start,
                                     RecordSink* sink, std::string name)
    : m_envoy(spec.algorithm == LimitAlgorithm::EnvoyGradient), m_sink(sink),
      m_name(std::move(name)), m_limiter(spec, rng, start)
{
    m_limiter.setOnChange([this](Time at, int limit) { report(at, limit); });
    if (m_sink) m_sink->onLimiterCreated(m_name, &m_limiter);
}

void EndpointAdmission::report(Time at, int limit)
{
    if (m_sink) m_sink->onLimitChange(LimitChangeRecord{m_name, at, limit, m_limiter.inflight()});
}

std::optional<LimitPermit> EndpointAdmission::admit(Time now)
{
    if (!m_reportedFirst) { // the observers are all there once calls arrive
        m_reportedFirst = true;
        m_limiter.advance(now);
        report(now, m_limiter.limit());
    }
    const auto permit = m_limiter.tryAcquire(now);
    if (!permit) ++m_refused;
    return permit;
}

void EndpointAdmission::answered(Time now, const LimitPermit& permit, bool abandoned)
{
    LimitRelease how = LimitRelease::Success;
    if (abandoned) how = m_envoy ? LimitRelease::Ignored : LimitRelease::Dropped;
    m_limiter.release(now, permit, how);
}

void EndpointAdmission::unanswered(Time now, const LimitPermit& permit)
{
    m_limiter.release(now, permit, LimitRelease::Ignored);
}

} // namespace reslab

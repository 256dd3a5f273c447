#include "model/endpoint_admission.h"

namespace reslab {

EndpointAdmission::EndpointAdmission(const ConcurrencyLimitSpec& spec, Rng rng, Time start,
                                     RecordSink* sink, std::string name)
    : m_envoy(spec.algorithm == LimitAlgorithm::EnvoyGradient), m_limiter(spec, rng, start)
{
    m_limiter.reportTo(sink, std::move(name));
}

std::optional<LimitPermit> EndpointAdmission::admit(Time now)
{
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

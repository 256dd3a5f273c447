#include "model/fleet.h"

#include "policy/outlier_detector.h"

namespace reslab {

EndpointSpec hostSpec(const EndpointSpec& e, int host)
{
    EndpointSpec s = e;
    for (const HostOverride& o : e.hosts) {
        if (o.index != host) continue;
        if (o.network) s.network = *o.network;
        if (o.latency) s.latency = *o.latency;
        if (o.failures) s.failures = *o.failures;
        if (o.capacity) s.capacity = *o.capacity;
        if (o.rateLimit) s.rateLimit = o.rateLimit;
    }
    // The phases stay, with the hosts and zone they hit: the host leaves out those that do not
    // hit it (Endpoint::phaseConfigAt), and phase i is phase i on every host (serve moves it by
    // index).
    return s;
}

Fleet::Fleet(EventQueue& scheduler, const EndpointSpec& spec, std::uint32_t index,
             std::uint64_t seed, RecordSink* sink)
    : m_scheduler(scheduler), m_sink(sink), m_spec(spec), m_index(index)
{
    const int replicas = std::max(1, spec.replicas);
    for (int h = 0; h < replicas; ++h) {
        m_hosts.push_back(
            std::make_unique<Endpoint>(scheduler, replicas == 1 ? spec : hostSpec(spec, h), index,
                                       seed, sink, static_cast<std::uint16_t>(h)));
        m_hostInfo.push_back(HostInfo{hostZone(spec, h), hostWeight(spec, h)});
    }
    if (spec.readiness)
        m_readiness = std::make_unique<Readiness>(*spec.readiness, m_hosts.size(), seed, spec.id);
}

const HostReadiness* Fleet::readiness(Time now) const
{
    if (!m_readiness) return nullptr;
    m_readiness->advance(now, m_hosts, m_changes);
    if (!m_changes.empty()) {
        // Reported as the breaker-like bands of ejections: not ready is ejected by the probe.
        if (m_sink)
            for (const Readiness::Change& c : m_changes)
                m_sink->onHostEjection(HostEjectionRecord{
                    m_index, c.host, 0, c.at,
                    static_cast<std::uint8_t>(c.ready ? EjectionEvent::Kind::Unejected
                                                      : EjectionEvent::Kind::Ejected),
                    static_cast<std::uint8_t>(EjectionType::Readiness)});
        m_changes.clear();
    }
    return &m_readiness->state();
}

std::uint16_t Fleet::nextHost()
{
    // Round robin over the ready hosts (all of them when none is: the model has no "no
    // endpoints" answer).
    const HostReadiness* r = readiness(m_scheduler.now());
    for (std::size_t tries = 0; tries < m_hosts.size(); ++tries) {
        const auto h = static_cast<std::uint16_t>(m_roundRobin++ % m_hosts.size());
        if (!r || r->ready[h]) return h;
    }
    return static_cast<std::uint16_t>(m_roundRobin++ % m_hosts.size());
}

CallTarget::Submitted Fleet::submit(AttemptReceiver* replyTo, ExecRef ref, std::uint64_t request,
                                    std::uint16_t host)
{
    if (host >= m_hosts.size()) host = nextHost();
    return m_hosts[host]->submit(replyTo, ref, request, host);
}

CallTarget::Submitted Fleet::submit(AttemptReceiver* replyTo, ExecRef ref, std::uint64_t request,
                                    const VersionedAccess& access)
{
    const std::uint16_t host = m_hosts.size() == 1 ? 0 : nextHost();
    return m_hosts[host]->submit(replyTo, ref, request, access);
}

void Fleet::abandon(std::uint32_t job, std::uint16_t host)
{
    if (host < m_hosts.size()) m_hosts[host]->abandon(job, host);
}

EndpointStats Fleet::stats() const
{
    EndpointStats sum;
    for (const auto& h : m_hosts) {
        const EndpointStats& s = h->stats();
        sum.attempts += s.attempts;
        sum.served += s.served;
        sum.failed += s.failed;
        sum.maxQueue = std::max(sum.maxQueue, s.maxQueue);
        sum.shed += s.shed;
        sum.busyIntegral += s.busyIntegral;
    }
    return sum;
}

std::uint64_t Fleet::queueDepth() const
{
    std::uint64_t n = 0;
    for (const auto& h : m_hosts)
        n += h->queueDepth();
    return n;
}

std::uint64_t Fleet::busyWorkers() const
{
    std::uint64_t n = 0;
    for (const auto& h : m_hosts)
        n += h->busyWorkers();
    return n;
}

bool Fleet::idle() const
{
    for (const auto& h : m_hosts)
        if (!h->idle()) return false;
    return true;
}

double Fleet::utilization(Time until) const
{
    double sum = 0.0;
    for (const auto& h : m_hosts)
        sum += h->utilization(until);
    return sum / static_cast<double>(m_hosts.size());
}

void Fleet::reconfigure(const EndpointSpec& spec)
{
    takeServiceBlocks(m_spec, spec);
    for (std::size_t h = 0; h < m_hosts.size(); ++h)
        m_hosts[h]->reconfigure(m_hosts.size() == 1 ? m_spec
                                                    : hostSpec(m_spec, static_cast<int>(h)));
}

void Fleet::setPhaseWindow(std::size_t phase, Time start, Time end)
{
    for (const auto& h : m_hosts)
        h->setPhaseWindow(phase, start, end);
}

} // namespace reslab

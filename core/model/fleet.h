#pragma once
// An endpoint as the scenario names it: one server, or a fleet of `replicas` hosts behind one
// name. Each host is an Endpoint of its own (its own workers, queue, rate limit, phases and
// random streams, so common random numbers hold per host: call k of host h meets the same fate
// whatever the client does). A client that balances (the `load_balancer` strategy) names the
// host of each attempt; one that does not reaches the hosts through the fleet's own round robin,
// as through a shared load balancer or a Kubernetes Service address.
//
// A fleet of one is the server itself: callTarget() hands pipelines that server, so a scenario
// without replicas runs exactly the code and the random streams it ran before fleets existed.

#include "model/endpoint.h"
#include "model/readiness.h"

#include <memory>
#include <vector>

namespace reslab {

class Fleet final : public CallTarget
{
public:
    Fleet(EventQueue& scheduler, const EndpointSpec& spec, std::uint32_t index, std::uint64_t seed,
          RecordSink* sink);

    // What a pipeline sends its attempts to: the server for a fleet of one, else the fleet.
    CallTarget* callTarget()
    {
        if (m_hosts.size() == 1) return m_hosts.front().get();
        return this;
    }

    Submitted submit(AttemptReceiver* replyTo, ExecRef ref, std::uint64_t request,
                     std::uint16_t host) override;
    // A served request (serve): to the host the fleet picks, with its versioned access.
    Submitted submit(AttemptReceiver* replyTo, ExecRef ref, std::uint64_t request,
                     const VersionedAccess& access);
    void abandon(std::uint32_t job, std::uint16_t host) override;
    std::uint32_t targetIndex() const override { return m_index; }
    std::span<const HostInfo> hosts() const override { return m_hostInfo; }
    const HostReadiness* readiness(Time now) const override;

    const std::string& id() const { return m_spec.id; }
    const EndpointSpec& spec() const { return m_spec; }
    std::size_t hostCount() const { return m_hosts.size(); }
    Endpoint& host(std::size_t h) { return *m_hosts[h]; }
    const Endpoint& host(std::size_t h) const { return *m_hosts[h]; }

    // ---- the fleet as one endpoint (summaries and gauges add its hosts up) ----
    EndpointStats stats() const;
    std::uint64_t queueDepth() const;
    std::uint64_t busyWorkers() const;
    bool idle() const;
    // The hosts' utilization, averaged (each host's busy workers ÷ its workers).
    double utilization(Time until) const;
    // The first host's server-side admission (each host has its own), when the spec has one.
    const EndpointAdmission* admission() const { return m_hosts.front()->admission(); }
    // During an answer to a served request (versioned records are single servers).
    std::uint64_t answeredVersion() const { return m_hosts.front()->answeredVersion(); }

    // ---- changed while serving (serve's control API): every host, its override kept ----
    void reconfigure(const EndpointSpec& spec);
    void setPhaseWindow(std::size_t phase, Time start, Time end);
    std::pair<Time, Time> phaseWindow(std::size_t phase) const
    {
        return m_hosts.front()->phaseWindow(phase);
    }

private:
    std::uint16_t nextHost();

    EventQueue& m_scheduler;
    RecordSink* m_sink;
    EndpointSpec m_spec;
    std::uint32_t m_index;
    std::vector<std::unique_ptr<Endpoint>> m_hosts;
    std::vector<HostInfo> m_hostInfo;
    std::size_t m_roundRobin = 0;
    // Probing is lazy: the probes due run when a client asks (a const question).
    mutable std::unique_ptr<Readiness> m_readiness;
    mutable std::vector<Readiness::Change> m_changes;
};

} // namespace reslab

#pragma once
// A Kubernetes readiness probe over a fleet's hosts (kubelet's prober worker): every period_s,
// from initial_delay_s plus a per-host offset (kubelet starts each pod's probes at its own
// moment), each host is probed; failure_threshold failures in a row mark it not ready — every
// client's balancer and the fleet's own round robin leave it out, as the Service's endpoints do
// — and success_threshold successes in a row mark it ready again.
//
// A probe is not a call: it takes no worker and no call number (the clients' calls keep their
// common random numbers). It passes when the host, as configured at that moment, would answer ok
// within timeout_s — its failure probabilities and its network and service time, drawn from the
// host's probe stream (Endpoint::probe). So a phase of errors or slowness fails probes; a queue
// does not (a cheap /ready handler is served apart from the work). Probes run lazily: the ones
// due run when the fleet is next asked, each host's in time order.

#include "model/endpoint.h"
#include "model/endpoint_spec.h"

#include <vector>

namespace reslab {

class Readiness
{
public:
    Readiness(const ReadinessSpec& spec, std::size_t hosts, std::uint64_t seed,
              const std::string& endpoint);

    struct Change
    {
        Time at;
        std::uint16_t host;
        bool ready;
    };
    // Runs the probes due at or before `now`; the changes of readiness they made are appended
    // to `changes`.
    void advance(Time now, const std::vector<std::unique_ptr<Endpoint>>& hosts,
                 std::vector<Change>& changes);
    const HostReadiness& state() const { return m_state; }

private:
    struct Host
    {
        Time next = 0;
        std::uint64_t probes = 0;
        int failures = 0, successes = 0;
        bool ready = true; // Kubernetes: not ready until a probe passes; here ready from the start
    };
    ReadinessSpec m_spec;
    Time m_period, m_timeout;
    std::vector<Host> m_hosts;
    HostReadiness m_state;
};

} // namespace reslab

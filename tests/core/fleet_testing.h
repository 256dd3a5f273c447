#pragma once
// What the fleet tests share: a scenario of `replicas` hosts behind a client pipeline, a host's
// share of the attempts in a run's summary, and the slow-host runs the balancers are compared on.

#include "run/report.h"
#include "testing.h"

#include <string>
#include <vector>

namespace reslab::testing {

// A fleet of `replicas` behind a client pipeline, `hosts` the per-host overrides; each host
// answers in exponential time (mean 20 ms) with 8 workers.
inline std::string fleetScenario(int replicas, const std::string& pipeline,
                                 const std::string& hosts, int seed = 1, double durationS = 120,
                                 double rate = 200, const std::string& extra = "")
{
    return R"({"format": "resilience-lab.scenario/1", "seed": )" + std::to_string(seed) +
           R"(, "duration_s": )" + std::to_string(durationS) +
           R"(, "workload": {"type": "open", "rate_per_s": )" + std::to_string(rate) +
           R"(}, "target": "api", "pipeline": [)" + pipeline +
           R"(], "endpoints": {"api": {"replicas": )" + std::to_string(replicas) +
           R"(, "latency": {"dist": "exponential", "mean_ms": 20}, "capacity": {"workers": 8},
             "hosts": [)" +
           hosts + "]" + extra + "}}}";
}

// Host `host`'s share of the target's attempts.
inline double hostShare(const Summary& s, std::size_t host)
{
    const EndpointSummary& e = s.endpoints.front();
    return static_cast<double>(e.hosts[host].attempts) / static_cast<double>(e.attempts);
}

// One host of five five times slower (exponential latency, mean 100 ms against the others'
// 20 ms): host 0's share of the attempts under `balancer`, for seeds 1 to 5 (60 s at 200
// requests/s each).
inline std::vector<double> slowHostShares(const std::string& balancer)
{
    const std::string slow = R"({"index": 0, "latency": {"dist": "exponential", "mean_ms": 100}})";
    std::vector<double> shares;
    for (int seed = 1; seed <= 5; ++seed)
        shares.push_back(hostShare(
            runScenario(scenarioFromJson(fleetScenario(5, balancer, slow, seed, 60))), 0));
    return shares;
}

} // namespace reslab::testing

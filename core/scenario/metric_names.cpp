#include "scenario/metric_names.h"

#include <algorithm>

namespace reslab {

namespace {
void collectBreakerNames(const std::vector<StrategySpec>& pipeline, std::vector<std::string>& out)
{
    for (const StrategySpec& s : pipeline)
        if (const auto* b = std::get_if<BreakerSpec>(&s))
            if (std::find(out.begin(), out.end(), b->name) == out.end()) out.push_back(b->name);
}
} // namespace

std::vector<std::string> breakerNames(const Scenario& scenario)
{
    std::vector<std::string> names;
    collectBreakerNames(scenario.pipeline, names);
    for (const EndpointSpec& e : scenario.endpoints)
        for (const CallSpec& c : e.calls)
            collectBreakerNames(c.pipeline, names);
    return names;
}

std::vector<std::string> metricNames(const Scenario& scenario)
{
    std::vector<std::string> names = {"success_rate",   "latency_ms.mean",     "latency_ms.p50",
                                      "latency_ms.p90", "latency_ms.p99",      "latency_ms.p999",
                                      "latency_ms.max", "attempts.per_request"};
    for (const EndpointSpec& e : scenario.endpoints) {
        const std::string prefix = "endpoints." + e.id + ".";
        for (const char* m :
             {"attempts", "peak_attempts_per_s", "utilization", "max_queue", "shed", "refused"})
            names.push_back(prefix + m);
    }
    for (const std::string& b : breakerNames(scenario))
        names.push_back("breakers." + b + ".open_s");
    names.emplace_back("recovery_s");
    return names;
}

bool isKnownMetric(const Scenario& scenario, const std::string& name)
{
    const auto names = metricNames(scenario);
    return std::find(names.begin(), names.end(), name) != names.end();
}

} // namespace reslab

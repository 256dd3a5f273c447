#pragma once
// The names of what a run of a scenario is measured by — the columns of a sweep, the keys of an
// "expect" block, what tune minimises (docs/sweep.md, "Metrics"). They depend on the scenario
// only through its endpoints and breakers, so the validator can check an expectation's name.

#include "scenario/scenario.h"

#include <string>
#include <vector>

namespace reslab {

// success_rate, latency_ms.{mean,p50,p90,p99,p999,max}, attempts.per_request,
// endpoints.<id>.{attempts,peak_attempts_per_s,utilization,max_queue}, breakers.<name>.open_s,
// recovery_s — in that order.
std::vector<std::string> metricNames(const Scenario& scenario);
bool isKnownMetric(const Scenario& scenario, const std::string& name);
// The breakers' names, in the order the pipelines hold them (the client's first).
std::vector<std::string> breakerNames(const Scenario& scenario);

} // namespace reslab

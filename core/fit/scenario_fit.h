#pragma once
// A trace as a scenario (`resilience-lab fit`, issue 14): every endpoint of the trace fitted
// (fit/endpoint_fit.h), the target's first attempts as an open workload with a rate schedule,
// and the client pipeline either kept from a scenario the user gives or, when none is given, the
// one thing the trace itself shows of the client: how long it waited before giving up.

#include "fit/endpoint_fit.h"
#include "scenario/scenario.h"

#include <optional>
#include <string>
#include <vector>

namespace reslab {

struct FitOptions
{
    std::string source;   // the trace's file name, for the description
    std::string endpoint; // the target; "" = the endpoint with the most calls
    std::optional<std::vector<StrategySpec>> pipeline; // kept as given
    double binS = 0;                                   // ≤ 0: trace_digest.h's choice
    std::uint64_t seed = 1;
};

struct ScenarioFit
{
    std::optional<Scenario> scenario; // absent when the trace cannot be fitted (see `error`)
    std::string error;
    std::vector<EndpointFit> endpoints; // in the trace's order
    std::size_t target = 0;             // index into endpoints
    std::vector<std::string> notes;
};

ScenarioFit fitScenario(const TraceDigest& digest, const FitOptions& options);

} // namespace reslab

#pragma once
// The scenario model: what a scenario file says, validated, in engine units where that is
// unambiguous and in the file's own units (ms, s) where a saved file should read the same.
// Defaults live here as named constants with the library they come from.

#include "model/endpoint_spec.h"
#include "model/workload_spec.h"
#include "policy/strategy_spec.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace reslab {

inline constexpr const char* kScenarioFormat = "resilience-lab.scenario/1";
// The desktop views a scenario may open on ("view"), so each preset opens where its point shows.
inline constexpr std::array<std::string_view, 12> kScenarioViews = {
    "traffic",  "amplification", "latency",  "breaker", "endpoint", "limit",
    "attempts", "events",        "designer", "trace",   "tuning",   "hosts"};

// How long a run may go on after arrivals stop, for requests still in flight (virtual seconds).
inline constexpr double kDefaultDrainS = 300.0;
// Bounds the validator puts on a scenario's shape: real pipelines have a handful of strategies and
// real call graphs a handful of layers, so more is a generated mistake. (The engine does not need
// them: its stages run from a loop, not by recursion, see policy/exec.h.)
inline constexpr std::size_t kMaxPipelineStrategies = 64;
inline constexpr std::size_t kMaxCallDepth = 32;

// A bound on a metric (scenario/metric_names.h) that `check` verifies over the seeds it runs:
// "expect": {"success_rate": {"min": 0.999}, "latency_ms.p99": {"max": 2000}}.
struct Expectation
{
    std::string metric;
    std::optional<double> min;
    std::optional<double> max;
    bool operator==(const Expectation&) const = default;
};

// The sweep a scenario suggests (docs/sweep.md, "A sweep in the scenario"): what the Tuning page
// opens with, and what `sweep` and `tune` run when no --param is given.
//   "sweep": {"params": [{"path": "pipeline[0].backoff.initial_ms", "values": "10..3000*x3"}],
//             "metric": "recovery_s", "seeds": 3}
struct SweepSetup
{
    struct Param
    {
        std::string path;   // a ParamPath (scenario/param_path.h)
        std::string values; // as --param writes them (scenario/param_values.h)
        bool operator==(const Param&) const = default;
    };
    std::vector<Param> params; // in order: the first is the Tuning page's x axis
    std::string metric;        // what is charted and tuned; "" = success_rate
    bool maximize = false;     // a larger metric is better (default: smaller)
    std::optional<int> seeds;  // seeds per point (default kDefaultSweepSeeds)
    bool operator==(const SweepSetup&) const = default;
};
// Seeds a scenario's sweep may ask for per point.
inline constexpr int kMaxSweepSetupSeeds = 1000;

struct Scenario
{
    std::string name;
    std::string description;
    std::string view; // the GUI view that shows the scenario's point (kScenarioViews); "" = traffic
    std::uint64_t seed = 1;
    std::optional<double> durationS; // arrivals stop here; required except for batch
    double drainS = kDefaultDrainS;
    WorkloadSpec workload;
    std::string target;
    std::vector<StrategySpec> pipeline;
    std::vector<EndpointSpec> endpoints; // sorted by id (JSON objects are unordered)
    std::vector<Expectation> expect;     // sorted by metric name
    std::optional<SweepSetup> sweep;
    bool operator==(const Scenario&) const = default;

    const EndpointSpec* endpoint(const std::string& id) const;
    // The first retry strategy of the client pipeline, if any.
    const RetrySpec* firstRetry() const;
    // An endpoint's layer: 0 for the target, 1 for what the target calls, …, by the longest call
    // path (the graph is acyclic once validated); −1 when nothing reaches it.
    int layerOf(const std::string& id) const;
    // layerOf() of every endpoint, in the order of `endpoints`.
    std::vector<int> layers() const;
};

} // namespace reslab

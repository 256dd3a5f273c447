#pragma once
// What a sweep, a check and a tune measure of one run, by the names of scenario/metric_names.h
// (docs/sweep.md lists them).
// A name that could not be measured in a run (recovery_s without an outage or spike) is NaN.

#include "scenario/metric_names.h"
#include "scenario/scenario.h"

#include <atomic>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace reslab {

// The success rate counts as recovered when it is back within this share of its level before
// the disturbance, over a window this long (both documented in docs/sweep.md).
inline constexpr double kRecoveryTolerance = 0.01;
inline constexpr double kRecoveryWindowS = 5.0;

struct RunMetrics
{
    std::vector<std::pair<std::string, double>> values; // in a fixed order for a scenario
    bool cancelled = false;                             // stopped by `cancel`: values are empty
    std::string stopped; // the engine stopped the run early (no progress): why
};

// When a scenario is disturbed: from the first phase or rate change to the end of the last.
struct Disturbance
{
    double startS = 0;
    double endS = 0;
};
std::optional<Disturbance> disturbanceOf(const Scenario& scenario);

// Runs `scenario` with `seed` to its end and measures it. `cancel`, when set, is polled between
// slices of the run.
RunMetrics measureRun(const Scenario& scenario, std::uint64_t seed,
                      const std::atomic<bool>* cancel = nullptr);

} // namespace reslab

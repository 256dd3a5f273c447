#pragma once
// Verdicts on a scenario's expectations over the seeds it ran (docs/sweep.md, "Expectations"):
// an expectation holds when the metric's whole 95 % interval is within its bounds, fails when the
// whole interval is outside, and is inconclusive when the interval straddles a bound — then the
// number of seeds that would likely settle it is estimated from the spread seen so far.

#include "sweep/interval.h"

#include <optional>
#include <string>
#include <vector>

namespace reslab {

struct Expectation;

enum class Verdict
{
    Pass,
    Fail,
    Inconclusive
};
std::string_view verdictName(Verdict v); // "pass", "fail", "inconclusive"

// Seeds beyond this are not suggested: the mean sits too close to the bound to tell.
inline constexpr int kMaxSuggestedSeeds = 10'000;

struct ExpectationResult
{
    std::string metric;
    std::optional<double> min, max;
    Interval measured;
    Verdict verdict = Verdict::Pass;
    std::optional<int> seedsToSettle; // inconclusive: about this many seeds would settle it
    std::string note;                 // why, when there is more to say ("one seed: no interval")
};

// `values`: the metric's value on each seed.
ExpectationResult evaluateExpectation(const Expectation& e, const std::vector<double>& values);

// "success_rate ≥ 0.999", "latency_ms.p99 ≤ 2000", "0.1 ≤ x ≤ 0.2".
std::string boundText(const std::string& metric, std::optional<double> min,
                      std::optional<double> max);

} // namespace reslab

#pragma once
// A/B comparison of two pipelines on one scenario (`resilience-lab compare`): both run on the same
// seed, so every endpoint call k meets the same fate under either policy (common random numbers)
// and the differences are the policies' own. Identical pipelines give zero differences.

#include "metrics/summary.h"
#include "scenario/scenario_io.h"

#include <string>
#include <vector>

namespace reslab {

struct ComparisonRow
{
    std::string metric; // "success rate", "latency p99 (ms)", "endpoint db: attempts", …
    double a = 0, b = 0;
    double delta() const { return b - a; }
};

struct Comparison
{
    Summary a, b;
    std::vector<ComparisonRow> rows;
    bool identical() const;
};

Comparison compareRuns(const Scenario& a, const Scenario& b, std::uint64_t seed);
// The rows for two finished runs' summaries (what compareRuns tabulates; the testbench too).
std::vector<ComparisonRow> comparisonRows(const Summary& a, const Summary& b);

// Milliseconds the breakers of a run spent open (or forced open), summed over breakers.
double breakerOpenMs(const Summary& s);

std::string comparisonTable(const Comparison& c);
std::string comparisonToJson(const Comparison& c);

} // namespace reslab

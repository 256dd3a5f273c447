#pragma once
// Comparison of pipelines on one scenario (`resilience-lab compare`): every run on the same seed,
// so every endpoint call k meets the same fate under each policy (common random numbers) and the
// differences are the policies' own. Identical pipelines give zero differences.

#include "metrics/summary.h"
#include "scenario/scenario_io.h"

#include <string>
#include <vector>

namespace reslab {

// Up to this many runs side by side (the testbench's colours and dashes tell six apart).
inline constexpr std::size_t kMaxComparedRuns = 6;

struct ComparisonRow
{
    std::string
        metric; // for people: "success rate (%)", "latency p99 (ms)", "endpoint db: attempts"
    std::vector<double> values; // one per run, the first run's first, in the unit `metric` says
    // The name and unit every output shares (run's summary, sweep, check, tune): "success_rate"
    // (a fraction), "latency_ms.p99", "endpoints.db.attempts"; `values` ÷ `scale` are in it.
    std::string name;
    double scale = 1.0; // 100 for a percentage of a fraction
    double delta(std::size_t run) const { return values[run] - values[0]; }
};

// The comparison JSON's format key (docs/cli.md, "compare"): 2 since metrics are named as
// everywhere else, in fractions and milliseconds.
inline constexpr const char* kComparisonFormat = "resilience-lab.compare/2";

struct ComparedRun
{
    std::string name; // "A", "B", or the name given with --pipeline NAME=FILE
    Scenario scenario;
};

struct Comparison
{
    std::vector<std::string> names;
    std::vector<Summary> runs;
    std::vector<ComparisonRow> rows;
    bool identical() const; // every run gives the first's numbers
};

// Runs every scenario on `seed`. They differ only in their client pipeline, so every endpoint
// call k meets the same fate in each (common random numbers) and the differences are the
// policies' own.
Comparison compareRuns(const std::vector<ComparedRun>& runs, std::uint64_t seed);
// The rows for finished runs' summaries (what compareRuns tabulates; the testbench too).
std::vector<ComparisonRow> comparisonRows(const std::vector<const Summary*>& runs);

// Milliseconds the breakers of a run spent open (or forced open), summed over breakers.
double breakerOpenMs(const Summary& s);

std::string comparisonTable(const Comparison& c);
std::string comparisonToJson(const Comparison& c);

} // namespace reslab

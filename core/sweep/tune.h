#pragma once
// tune: the best configuration of a sweep's space that meets the scenario's expectations
// (docs/sweep.md, "tune"). Successive halving on common random numbers: every candidate runs on
// a few seeds; those that fail an expectation are dropped, the rest ranked by the metric and the
// better half kept, and the survivors run on twice the seeds, until the last round runs the
// finalists on all of them. Then a local refinement: the midpoints between the winner and its
// neighbours on each numeric parameter run on all seeds too and join the final comparison.

#include "sweep/expectations.h"
#include "sweep/sweep.h"

#include <atomic>
#include <optional>
#include <string>
#include <vector>

namespace reslab {

inline constexpr int kDefaultTuneSeeds = 16; // the finalists' seeds
inline constexpr int kFirstRoundSeeds = 2;   // every candidate's, in the first round
inline constexpr std::size_t kMinSurvivors = 3;

struct TuneSpec
{
    std::string metric;
    bool maximize = false;
    int seeds = kDefaultTuneSeeds;
    std::string paretoMetric = "latency_ms.p99"; // the front's other axis (minimised)
    bool refine = true;
};

struct TuneCandidate
{
    std::size_t point = 0;         // into TuneResult::plan.points
    int seeds = 0;                 // how many it ran on
    std::vector<Interval> metrics; // [plan.metrics]
    std::vector<ExpectationResult> checks;
    bool feasible = false;  // every expectation passes
    bool failed = false;    // an expectation fails outright
    double violation = 0.0; // how far outside the bounds it is, relative (the "closest" measure)
};

struct TuneRound
{
    std::size_t candidates = 0;
    int seeds = 0;
    std::size_t kept = 0;
};

struct TuneResult
{
    SweepPlan plan; // the sweep's points, then the refinement's
    std::vector<TuneRound> rounds;
    std::vector<TuneCandidate> finalists; // ran on every seed; best first (feasible ones first)
    std::optional<std::size_t> winner;    // into finalists: the best feasible one
    std::vector<std::size_t> pareto;      // into finalists: the feasible front, by the metric
    std::size_t refined = 0;              // points the refinement added
    bool cancelled = false;
};

// `plan` holds the candidate points (its seeds are replaced by spec.seeds from the first);
// `document` and the traces build the refinement's points.
TuneResult tune(SweepPlan plan, const QJsonObject& document, const std::string& baseDir,
                TraceCache& traces, const std::vector<Expectation>& expect, const TuneSpec& spec,
                int jobs, const std::atomic<bool>& cancel, const SweepProgress& progress = {});

} // namespace reslab

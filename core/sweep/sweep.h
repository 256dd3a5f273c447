#pragma once
// A sweep: a scenario run at many points of a parameter space, each with the same K seeds
// (common random numbers: what differs between points is the configuration, not the noise), on
// every core, with each point's metrics as mean and 95 % interval over its seeds. The result does
// not depend on the number of jobs or on the order runs finish in: each run is a pure function of
// (point, seed) and is stored at its place.

#include "run/work_estimate.h"
#include "scenario/param_values.h"
#include "scenario/trace_loading.h"
#include "sweep/interval.h"
#include "sweep/run_metrics.h"

#include <QJsonObject>
#include <atomic>
#include <functional>
#include <string>
#include <variant>
#include <vector>

namespace reslab {

inline constexpr int kDefaultSweepSeeds = 5;
inline constexpr std::size_t kMaxSweepPoints = 1'000'000;

struct SweepSpec
{
    enum class Sampling
    {
        Grid,   // every combination, the first parameter varying slowest
        Random, // `samples` points, each value drawn uniformly from its parameter's values
        Lhs     // `samples` points on a Latin hypercube over the parameters' values
    };
    std::vector<ParamSpec> params;
    Sampling sampling = Sampling::Grid;
    std::size_t samples = 0;
    std::optional<std::uint64_t> sampleSeed; // default: the scenario's seed
    int seeds = kDefaultSweepSeeds;
    std::optional<std::uint64_t>
        firstSeed; // seeds firstSeed … firstSeed + K − 1; default: scenario's
};

struct SweepPoint
{
    std::size_t index = 0;
    std::vector<QJsonValue> values; // one per parameter
    Scenario scenario;
};

struct SweepPlan
{
    std::vector<ParamSpec> params;
    std::vector<SweepPoint> points;
    std::vector<std::uint64_t> seeds;
    std::vector<std::string> metrics;
    double estimatedEvents = 0; // the whole sweep
    std::size_t runs() const { return points.size() * seeds.size(); }
};

// The scenario's own sweep (its "sweep" block, SweepSetup): its parameters into `spec`, and its
// seeds unless `keepSeeds` (--seeds was given). The reader has checked its syntax; a range that
// still does not parse is an error naming it.
bool applySweepSetup(const SweepSetup& setup, SweepSpec& spec, bool keepSeeds, std::string& error);

// "point 3 (pipeline[0].max_attempts=0, …)": a point by its values, for messages.
std::string describePoint(const SweepPlan& plan, const SweepPoint& point);

// Builds and validates every point from the scenario's JSON document (`baseDir` resolves the
// traces it names). An error names the parameter or the point, the path and the reason.
// Seeds run first, first + 1, …, first + seeds − 1: why that range would pass 2^64 − 1 (and wrap
// around to seed 0), naming it and the largest first seed that fits; nothing when it fits.
std::optional<std::string> seedRangeProblem(std::uint64_t first, int seeds);

std::variant<SweepPlan, std::string> planSweep(const QJsonObject& document,
                                               const std::string& baseDir, TraceCache& traces,
                                               const SweepSpec& spec, const WorkLimits& limits);

// One point — the scenario as it is — on `seeds` seeds from `firstSeed` (default: the scenario's):
// what `check` runs.
SweepPlan singlePointPlan(const Scenario& scenario, int seeds,
                          std::optional<std::uint64_t> firstSeed = std::nullopt);

struct PointResult
{
    std::vector<std::vector<double>> runs; // [seed][metric], in the plan's orders
    std::vector<Interval> intervals;       // [metric]
    std::string stopped;                   // a run the engine stopped early: why
};

struct SweepResult
{
    std::vector<PointResult> points;
    bool cancelled = false;
    double wallS = 0;
};

// Called on the calling thread, a few times a second: runs done of runs in all.
using SweepProgress = std::function<void(std::size_t done, std::size_t total)>;

// Runs every (point, seed) on `jobs` threads (0: one per core). `cancel` stops it between runs
// and inside long ones; the result then says cancelled and holds what finished.
SweepResult runSweep(const SweepPlan& plan, int jobs, const std::atomic<bool>& cancel,
                     const SweepProgress& progress = {});

} // namespace reslab

// `resilience-lab tune` (docs/sweep.md, "tune"): the best configuration that meets the scenario's
// expectations, found by successive halving on common random numbers.
#include "cli/commands.h"
#include "cli/json_reports.h"
#include "cli/output_options.h"
#include "cli/progress.h"
#include "cli/sweep_arguments.h"
#include "scenario/metric_names.h"
#include "scenario/scenario_io.h"
#include "sweep/check_report.h"
#include "sweep/tune.h"
#include "util/output_file.h"

namespace reslab::cli {

namespace {

constexpr const char* kCommand = "tune";
constexpr std::size_t kRunnersUp = 5;

std::string valuesOf(const SweepPlan& plan, const SweepPoint& point)
{
    std::string out;
    for (std::size_t d = 0; d < plan.params.size(); ++d)
        out += (d ? "  " : "") + plan.params[d].path.text + "=" + paramValueText(point.values[d]);
    return out;
}

std::string intervalText(const Interval& i)
{
    std::string out = shortNumber(i.mean);
    if (!std::isnan(i.lo)) out += " [" + shortNumber(i.lo) + ", " + shortNumber(i.hi) + "]";
    return out;
}

std::string describe(const TuneResult& r, const TuneCandidate& c, std::size_t objective,
                     const std::string& metric)
{
    std::string out = "  " + valuesOf(r.plan, r.plan.points[c.point]) + "\n    " + metric + " " +
                      intervalText(c.metrics[objective]) + "\n";
    for (const ExpectationResult& e : c.checks)
        out += "    " + boundText(e.metric, e.min, e.max) + ": " + intervalText(e.measured) + "  " +
               std::string(verdictName(e.verdict)) + "\n";
    return out;
}

} // namespace

int tuneCommand(const std::vector<std::string>& args)
{
    const Arguments a = parseArguments(args, kCommand);
    if (!a.error.empty()) return usageError(kCommand, a.error);
    if (a.positionals.size() != 1) return usageError(kCommand, "expects exactly one SCENARIO file");
    TuneSpec tuneSpec;
    const auto minimize = a.option("--minimize"), maximize = a.option("--maximize");
    if (minimize && maximize)
        return usageError(kCommand,
                          "needs one of --minimize METRIC or --maximize METRIC, not both");
    if (minimize || maximize) {
        tuneSpec.metric = minimize ? *minimize : *maximize;
        tuneSpec.maximize = bool(maximize);
    }
    tuneSpec.refine = !a.flag("--no-refine");
    if (const auto p = a.option("--pareto")) tuneSpec.paretoMetric = *p;

    SweepSpec spec;
    spec.seeds = kDefaultTuneSeeds;
    std::string error;
    int jobs = 0;
    // Successive halving compares candidates on two seeds at least.
    if (!parseSweepSpec(a, spec, error, 2) || !parseJobs(a, jobs, error))
        return usageError(kCommand, error);
    tuneSpec.seeds = spec.seeds;
    spec.seeds = 1; // the plan's own; tune draws its seeds from the first
    WorkLimits limits;
    if (!parseWorkLimits(a, limits, error)) return usageError(kCommand, error);
    if (const auto problem = outputsProblem(a, {{"--out", "a scenario (JSON)", {"json"}}}))
        return usageError(kCommand, *problem);

    const std::string path = a.positionals.front();
    TraceCache traces;
    // tune picks its own seeds: the "sweep" block's are for a sweep.
    auto planned = planFromFile(path, spec, limits, traces, true);
    if (!planned) return kExitInvalid;
    const Scenario& base = planned->plan.points.front().scenario;
    if (tuneSpec.metric.empty()) {
        if (!base.sweep || base.sweep->metric.empty())
            return usageError(kCommand, "needs one of --minimize METRIC or --maximize METRIC "
                                        "(the scenario's \"sweep\" block names no metric)");
        tuneSpec.metric = base.sweep->metric;
        tuneSpec.maximize = base.sweep->maximize;
    }
    for (const std::string& m : {tuneSpec.metric, tuneSpec.paretoMetric})
        if (!isKnownMetric(base, m)) {
            std::string names;
            for (const std::string& n : metricNames(base))
                names += (names.empty() ? "" : ", ") + n;
            return usageError(kCommand, "\"" + m + "\" is not a metric of " + path +
                                            " (expected one of: " + names + ")");
        }
    const std::vector<Expectation> expect = base.expect;

    OutputFile best;
    if (const auto out = a.option("--out"); out && !best.open(*out, &error))
        return usageError(kCommand, error);

    std::atomic<bool> cancel{false};
    setGracefulInterrupt(true);
    std::optional<TerminalProgress> progress;
    const TuneResult r =
        tune(std::move(planned->plan), planned->document, planned->baseDir, traces, expect,
             tuneSpec, jobs, cancel, [&](std::size_t done, std::size_t total) {
                 if (interruptRequested()) cancel = true;
                 if (!progress)
                     progress.emplace(double(total), ProgressUnits{"runs", true}, "tune");
                 progress->update(double(done));
             });
    progress.reset();
    setGracefulInterrupt(false);
    if (r.cancelled) {
        printErr("resilience-lab tune: interrupted; nothing was written\n");
        return kExitInterrupted;
    }

    const std::size_t objective =
        std::size_t(std::find(r.plan.metrics.begin(), r.plan.metrics.end(), tuneSpec.metric) -
                    r.plan.metrics.begin());
    const std::size_t other =
        std::size_t(std::find(r.plan.metrics.begin(), r.plan.metrics.end(), tuneSpec.paretoMetric) -
                    r.plan.metrics.begin());
    std::string out = "tune: " + std::string(tuneSpec.maximize ? "maximise " : "minimise ") +
                      tuneSpec.metric + " over " +
                      std::to_string(r.plan.points.size() - r.refined) +
                      " configurations, subject to " + std::to_string(expect.size()) +
                      " expectation" + (expect.size() == 1 ? "" : "s") + "\n";
    for (std::size_t i = 0; i < r.rounds.size(); ++i)
        out += "  round " + std::to_string(i + 1) + ": " + std::to_string(r.rounds[i].candidates) +
               " × " + counted(std::uint64_t(r.rounds[i].seeds), "seed") + ", kept " +
               std::to_string(r.rounds[i].kept) + "\n";
    if (r.refined)
        out += "  refinement: " + std::to_string(r.refined) + " midpoints around the winner × " +
               counted(std::uint64_t(tuneSpec.seeds), "seed") + "\n";
    if (!r.winner) {
        out += "no configuration meets the expectations; the closest:\n";
        if (!r.finalists.empty())
            out += describe(r, r.finalists.front(), objective, tuneSpec.metric);
        printOut(a.flag("--json") ? tuneJson(r, tuneSpec, r.plan.points.size() - r.refined, "")
                                  : out);
        return kExitNegative;
    }
    const TuneCandidate& winner = r.finalists[*r.winner];
    out += "best (" + counted(std::uint64_t(tuneSpec.seeds), "seed") + "):\n" +
           describe(r, winner, objective, tuneSpec.metric);
    std::size_t shown = 0;
    for (std::size_t i = 0; i < r.finalists.size() && shown < kRunnersUp; ++i) {
        if (i == *r.winner) continue;
        if (shown++ == 0) out += "runners-up:\n";
        const TuneCandidate& c = r.finalists[i];
        out += "  " + valuesOf(r.plan, r.plan.points[c.point]) + "   " + tuneSpec.metric + " " +
               intervalText(c.metrics[objective]) + "   " +
               (c.feasible ? "meets the expectations"
                : c.failed ? "fails an expectation"
                           : "inconclusive") +
               "\n";
    }
    if (!r.pareto.empty()) {
        out += "Pareto front (" + tuneSpec.metric + " against " + tuneSpec.paretoMetric +
               ", configurations that meet the expectations):\n";
        for (std::size_t i : r.pareto) {
            const TuneCandidate& c = r.finalists[i];
            out += "  " + valuesOf(r.plan, r.plan.points[c.point]) + "   " + tuneSpec.metric + " " +
                   shortNumber(c.metrics[objective].mean) + "   " + tuneSpec.paretoMetric + " " +
                   shortNumber(c.metrics[other].mean) + "\n";
        }
    }
    if (best.isOpen()) {
        best.write(scenarioToJson(r.plan.points[winner.point].scenario));
        if (!best.commit(&error)) {
            printErr("resilience-lab tune: " + error + "\n");
            return kExitInternal;
        }
        out += "wrote " + best.path() + "\n";
    }
    printOut(a.flag("--json") ? tuneJson(r, tuneSpec, r.plan.points.size() - r.refined,
                                         a.option("--out").value_or(""))
                              : out);
    return kExitOk;
}

} // namespace reslab::cli

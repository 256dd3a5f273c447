// `resilience-lab check` (docs/sweep.md, "Expectations and check"): runs each scenario on K seeds
// and verifies its "expect" block, for CI.
#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/json_reports.h"
#include "cli/output_options.h"
#include "cli/progress.h"
#include "cli/sweep_arguments.h"
#include "run/simulation.h"
#include "scenario/scenario_io.h"
#include "sweep/check_report.h"
#include "sweep/sweep.h"
#include "util/output_file.h"

#include <chrono>

namespace reslab::cli {

namespace {

constexpr const char* kCommand = "check";

// The first seed's run again, with its timeline, for the report's charts.
class ChartRecorder final : public RunObserver
{
public:
    explicit ChartRecorder(CheckedScenario& into) : m_into(into) {}
    void onSecond(const TimelineRow& row) override { m_into.timeline.push_back(row); }
    void onBreakerTransition(const BreakerTransitionRecord& t) override
    {
        m_into.transitions.push_back(t);
    }

private:
    CheckedScenario& m_into;
};

void recordCharts(const Scenario& scenario, CheckedScenario& checked)
{
    RunOptions options;
    options.seed = checked.seeds.front();
    options.timeline = true;
    Simulation sim(scenario, options);
    ChartRecorder recorder(checked);
    sim.addObserver(&recorder);
    sim.run();
    checked.breakers = breakerNames(scenario);
    checked.endS = sim.summary().endMs / 1000.0;
}

std::string line(const ExpectationResult& r)
{
    std::string verdict(verdictName(r.verdict));
    if (r.verdict == Verdict::Fail) verdict = "FAIL";
    verdict.resize(13, ' ');
    std::string bound = boundText(r.metric, r.min, r.max);
    std::string measured = r.measured.count == 0 ? "not measured" : shortNumber(r.measured.mean);
    if (r.measured.count >= 2)
        measured += " [" + shortNumber(r.measured.lo) + ", " + shortNumber(r.measured.hi) + "]";
    std::string out = "  " + verdict + bound;
    out += std::string(bound.size() < 38 ? 38 - bound.size() : 1, ' ') + measured;
    if (!r.note.empty()) out += "   " + r.note;
    return out + "\n";
}

} // namespace

int checkCommand(const std::vector<std::string>& args)
{
    const Arguments a = parseArguments(args, kCommand);
    if (!a.error.empty()) return usageError(kCommand, a.error);
    if (a.positionals.empty()) return usageError(kCommand, "expects one or more SCENARIO files");
    int seeds = kDefaultSweepSeeds;
    std::optional<std::uint64_t> firstSeed;
    int jobs = 0;
    std::string error;
    if (!parseSeeds(a, seeds, firstSeed, error) || !parseJobs(a, jobs, error))
        return usageError(kCommand, error);
    WorkLimits limits;
    if (!parseWorkLimits(a, limits, error)) return usageError(kCommand, error);
    if (const auto problem = outputsProblem(a, {{"--junit", "JUnit XML", {"xml"}},
                                                {"--report", "an HTML report", {"html", "htm"}}}))
        return usageError(kCommand, *problem);

    // Every scenario is read and checked before anything runs.
    TraceCache traces;
    std::vector<Scenario> scenarios;
    for (const std::string& path : a.positionals) {
        ScenarioLoad load = loadScenarioFile(path, traces);
        if (!load.scenario) {
            printErr(formatDiagnostics(path, load.diagnostics));
            return kExitInvalid;
        }
        if (load.scenario->expect.empty()) {
            printErr(path + ": has no \"expect\" block: nothing to check (docs/sweep.md)\n");
            return kExitInvalid;
        }
        const WorkEstimate estimate = estimateWork(*load.scenario);
        if (const auto refusal = workRefusal(estimate, limits)) {
            printErr(path + ": " + *refusal + "\n");
            return kExitInvalid;
        }
        scenarios.push_back(std::move(*load.scenario));
    }
    OutputFile junit, report;
    if (const auto file = a.option("--junit"); file && !junit.open(*file, &error))
        return usageError(kCommand, error);
    if (const auto file = a.option("--report"); file && !report.open(*file, &error))
        return usageError(kCommand, error);

    std::vector<CheckedScenario> checked;
    std::atomic<bool> cancel{false};
    setGracefulInterrupt(true);
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
        const Scenario& scenario = scenarios[i];
        const SweepPlan plan = singlePointPlan(scenario, seeds, firstSeed);
        TerminalProgress progress(double(plan.runs()), {"runs", true}, "check");
        const SweepResult result = runSweep(plan, jobs, cancel, [&](std::size_t done, std::size_t) {
            if (interruptRequested()) cancel = true;
            progress.update(double(done));
        });
        if (result.cancelled) {
            printErr("resilience-lab check: interrupted; nothing was written\n");
            return kExitInterrupted;
        }
        CheckedScenario c;
        c.file = a.positionals[i];
        c.name = scenario.name;
        c.seeds = plan.seeds;
        c.wallS = result.wallS;
        const PointResult& point = result.points.front();
        for (const Expectation& e : scenario.expect) {
            const auto it = std::find(plan.metrics.begin(), plan.metrics.end(), e.metric);
            std::vector<double> values;
            for (const auto& run : point.runs)
                values.push_back(run[std::size_t(it - plan.metrics.begin())]);
            c.results.push_back(evaluateExpectation(e, values));
        }
        if (report.isOpen()) recordCharts(scenario, c);
        checked.push_back(std::move(c));
    }
    setGracefulInterrupt(false);

    std::size_t failed = 0, inconclusive = 0, total = 0;
    std::string out;
    for (const CheckedScenario& c : checked) {
        out += c.file + (c.name.empty() ? "" : " — " + c.name) + ": " +
               counted(c.seeds.size(), "seed") + " (" + std::to_string(c.seeds.front()) +
               (c.seeds.size() > 1 ? " … " + std::to_string(c.seeds.back()) : "") + ")\n";
        for (const ExpectationResult& r : c.results) {
            out += line(r);
            ++total;
            failed += r.verdict == Verdict::Fail;
            inconclusive += r.verdict == Verdict::Inconclusive;
        }
    }
    out += "check: " + std::to_string(total) + " expectation" + (total == 1 ? "" : "s") + " in " +
           std::to_string(checked.size()) + " scenario" + (checked.size() == 1 ? "" : "s") + ": " +
           std::to_string(total - failed - inconclusive) + " pass, " + std::to_string(failed) +
           " fail, " + std::to_string(inconclusive) + " inconclusive\n";
    printOut(a.flag("--json") ? checkJson(checked) : out);
    if (junit.isOpen()) junit.write(checkJUnitXml(checked));
    if (report.isOpen()) report.write(checkHtmlReport(checked));
    if ((junit.isOpen() && !junit.commit(&error)) || (report.isOpen() && !report.commit(&error))) {
        printErr("resilience-lab check: " + error + "\n");
        return kExitInternal;
    }
    if (failed) return kExitNegative;
    if (inconclusive) return kExitInconclusive;
    return kExitOk;
}

} // namespace reslab::cli

#include "cli/sweep_arguments.h"

#include "cli/commands.h"
#include "scenario/scenario_io.h"

#include <QFileInfo>

namespace reslab::cli {

namespace {

bool parseSampling(const std::string& text, SweepSpec& spec, std::string& error)
{
    const std::size_t colon = text.find(':');
    const std::string kind = text.substr(0, colon);
    std::uint64_t n = 0;
    if (colon == std::string::npos || (kind != "random" && kind != "lhs") ||
        !parseUnsigned(text.substr(colon + 1), kMaxSweepPoints, n) || n == 0) {
        error = "--sample must be random:N or lhs:N with N from 1 to " +
                std::to_string(kMaxSweepPoints) + ", got \"" + text + "\"";
        return false;
    }
    spec.sampling = kind == "random" ? SweepSpec::Sampling::Random : SweepSpec::Sampling::Lhs;
    spec.samples = n;
    return true;
}

bool parseWholeOption(const Arguments& a, const std::string& name, std::uint64_t max,
                      std::optional<std::uint64_t>& out, std::string& error)
{
    const auto text = a.option(name);
    if (!text) return true;
    std::uint64_t v = 0;
    if (!parseUnsigned(*text, max, v)) {
        error = name + " must be a whole number from 0 to " + std::to_string(max) + ", got \"" +
                *text + "\"";
        return false;
    }
    out = v;
    return true;
}

} // namespace

bool parseSweepSpec(const Arguments& a, SweepSpec& spec, std::string& error, int minSeeds)
{
    for (const std::string& text : a.values("--param")) {
        auto param = parseParamSpec(text, error);
        if (!param) return false;
        spec.params.push_back(std::move(*param));
    }
    if (!parseSeeds(a, spec.seeds, spec.firstSeed, error, minSeeds) ||
        !parseWholeOption(a, "--sample-seed", UINT64_MAX, spec.sampleSeed, error))
        return false;
    if (const auto text = a.option("--sample"); text && !parseSampling(*text, spec, error))
        return false;
    return true;
}

bool parseSeedCount(const Arguments& a, int minimum, int& seeds, std::string& error)
{
    const auto text = a.option("--seeds");
    if (!text) return true;
    std::uint64_t count = 0;
    if (!parseUnsigned(*text, kMaxSeeds, count) || count < std::uint64_t(minimum)) {
        error = "--seeds must be a whole number from " + std::to_string(minimum) + " to " +
                std::to_string(kMaxSeeds) + ", got \"" + *text + "\"";
        return false;
    }
    seeds = static_cast<int>(count);
    return true;
}

bool parseSeeds(const Arguments& a, int& seeds, std::optional<std::uint64_t>& firstSeed,
                std::string& error, int minimum)
{
    if (!parseSeedCount(a, minimum, seeds, error) ||
        !parseWholeOption(a, "--seed", UINT64_MAX, firstSeed, error))
        return false;
    if (firstSeed)
        if (auto problem = seedRangeProblem(*firstSeed, seeds)) {
            error = *problem;
            return false;
        }
    return true;
}

bool parseJobs(const Arguments& a, int& jobs, std::string& error)
{
    std::optional<std::uint64_t> value;
    if (!parseWholeOption(a, "--jobs", 1024, value, error)) return false;
    jobs = static_cast<int>(value.value_or(0));
    return true;
}

std::optional<PlannedSweep> planFromFile(const std::string& path, const SweepSpec& spec,
                                         const WorkLimits& limits, TraceCache& traces,
                                         bool seedsGiven)
{
    Diagnostics diagnostics;
    auto document = readScenarioDocument(path, diagnostics);
    if (!document) {
        printErr(formatDiagnostics(path, diagnostics));
        return std::nullopt;
    }
    // Without --param, the scenario's own sweep (its "sweep" block).
    SweepSpec own = spec;
    if (own.params.empty()) {
        const ScenarioLoad load = parseScenario(*document);
        if (!load.scenario) {
            printErr(formatDiagnostics(path, load.diagnostics));
            return std::nullopt;
        }
        std::string error;
        if (!load.scenario->sweep) {
            printErr(path + ": needs at least one --param PATH=VALUES (the scenario has no "
                            "\"sweep\" block to take them from)\n");
            return std::nullopt;
        }
        if (!applySweepSetup(*load.scenario->sweep, own, seedsGiven, error)) {
            printErr(path + ": " + error + "\n");
            return std::nullopt;
        }
    }
    PlannedSweep out;
    out.baseDir = QFileInfo(QString::fromStdString(path)).absolutePath().toStdString();
    auto planned = planSweep(*document, out.baseDir, traces, own, limits);
    if (auto* message = std::get_if<std::string>(&planned)) {
        printErr(path + ": " + *message + "\n");
        return std::nullopt;
    }
    out.document = std::move(*document);
    out.plan = std::get<SweepPlan>(std::move(planned));
    return out;
}

} // namespace reslab::cli

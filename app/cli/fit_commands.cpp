// resilience-lab fit TRACE.jsonl --out SCENARIO.json: a trace as a scenario whose workload,
// phases and latency are fitted to it (core/fit, docs/fit.md).

#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/json_reports.h"
#include "cli/output_options.h"
#include "cli/progress.h"
#include "fit/fit_html.h"
#include "fit/fit_report.h"
#include "fit/model_check.h"
#include "fit/scenario_fit.h"
#include "scenario/scenario_io.h"
#include "util/output_file.h"

#include <QFileInfo>
#include <memory>

namespace reslab::cli {

namespace {
constexpr const char* kCommand = "fit";
constexpr std::uint64_t kMaxScenarioSeed = std::uint64_t{1} << 53; // scenario_reader.cpp's bound
} // namespace

int fitCommand(const std::vector<std::string>& args)
{
    const Arguments a = parseArguments(args, kCommand);
    if (!a.error.empty()) return usageError(kCommand, a.error);
    if (a.positionals.size() != 1)
        return usageError(kCommand, "expects exactly one TRACE.jsonl to fit");
    const std::string input = a.positionals.front();
    const auto out = a.option("--out");
    if (!out) return usageError(kCommand, "--out SCENARIO.json is required");
    if (const auto problem = outputsProblem(a, {{"--out", "a scenario (JSON)", {"json"}},
                                                {"--report", "an HTML report", {"html", "htm"}}}))
        return usageError(kCommand, *problem);

    FitOptions options;
    options.source = input;
    options.endpoint = a.option("--endpoint").value_or("");
    std::optional<std::uint64_t> seed;
    std::string error;
    if (!parseSeed(a, seed, error)) return usageError(kCommand, error);
    // The seed is written into the fitted scenario, whose seed is a JSON number: exact to 2^53.
    if (seed && *seed > kMaxScenarioSeed)
        return usageError(kCommand, "--seed must be a whole number from 0 to " +
                                        std::to_string(kMaxScenarioSeed) +
                                        " (2^53, what a scenario's seed holds), got \"" +
                                        *a.option("--seed") + "\"");
    options.seed = seed.value_or(1);
    WorkLimits limits;
    if (!parseWorkLimits(a, limits, error)) return usageError(kCommand, error);
    if (const auto bin = a.option("--bin-s")) {
        bool ok = false;
        options.binS = QString::fromStdString(*bin).toDouble(&ok);
        if (!ok || !(options.binS >= 0.001) || options.binS > 86400)
            return usageError(kCommand,
                              "--bin-s must be a number of seconds from 0.001 to 86400, got \"" +
                                  *bin + "\"");
    }
    if (const auto file = a.option("--pipeline")) {
        PipelineLoad load = loadPipelineFile(*file);
        if (!load.pipeline) {
            printErr(formatDiagnostics(*file, load.diagnostics));
            return kExitInvalid;
        }
        options.pipeline = std::move(*load.pipeline);
    }

    // Two passes over the file: the bar counts both.
    TraceDigest digest;
    {
        const auto size = static_cast<double>(QFileInfo(QString::fromStdString(input)).size());
        auto progress =
            std::make_shared<TerminalProgress>(2.0 * size / 1e6, ProgressUnits{"MB read"}, "fit");
        int pass = 0;
        std::uint64_t last = 0;
        const CallSource source =
            traceFileSource(input, a.flag("--skip-bad"), [&](std::uint64_t done, std::uint64_t) {
                if (done < last) ++pass; // the second pass started over
                last = done;
                progress->update((static_cast<double>(pass) * size + static_cast<double>(done)) /
                                 1e6);
            });
        const auto only = options.endpoint.empty() ? std::nullopt : std::optional(options.endpoint);
        if (!digestTrace(source, options.binS, digest, &error, only)) {
            progress.reset();
            const bool readError = error.starts_with(input);
            printErr(readError ? error : "resilience-lab fit: " + input + ": " + error + "\n");
            if (readError && !a.flag("--skip-bad"))
                printErr("(--skip-bad skips malformed lines and goes on)\n");
            return kExitInvalid;
        }
    }
    const ScenarioFit fit = fitScenario(digest, options);
    if (!fit.scenario) {
        printErr("resilience-lab fit: " + input + ": " + fit.error + "\n");
        return kExitInvalid;
    }
    std::unique_ptr<ModelCheck> check;
    if (!a.flag("--no-check")) {
        if (const auto refusal = workRefusal(estimateWork(*fit.scenario), limits)) {
            printErr("resilience-lab fit: the model check is skipped: " + *refusal + "\n");
        } else {
            check = std::make_unique<ModelCheck>(checkFittedModel(digest, fit, options.seed));
        }
    }
    if (!saveScenarioFile(*fit.scenario, *out, &error)) {
        printErr("resilience-lab fit: " + *out + ": " + error + "\n");
        return kExitInternal;
    }
    std::string wrote = "\nWrote " + *out;
    if (const auto report = a.option("--report")) {
        const std::string name = QFileInfo(QString::fromStdString(input)).fileName().toStdString();
        if (!writeFileAtomically(*report, fitReportHtml(digest, fit, check.get(), name), &error)) {
            printErr("resilience-lab fit: " + *report + ": " + error + "\n");
            return kExitInternal;
        }
        wrote += " and " + *report;
    }
    if (a.flag("--json"))
        printOut(fitJson(fit, check.get(), input, *out, a.option("--report").value_or("")));
    else
        printOut(fitReportText(digest, fit, check.get()) + wrote + "\n");
    return kExitOk;
}

} // namespace reslab::cli

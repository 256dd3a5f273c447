// `import` (production data in as a trace) and `compare` (two pipelines on one scenario).

#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/json_reports.h"
#include "cli/output_options.h"
#include "run/compare.h"
#include "run/work_estimate.h"
#include "trace/importer.h"

namespace reslab::cli {

namespace {
std::optional<ImportFormat> formatFor(const std::string& name, const std::string& file)
{
    return name.empty() ? importFormatOf(file) : kImportFormatNames.find(name);
}
} // namespace

int importCommand(const std::vector<std::string>& args)
{
    const Arguments a = parseArguments(args, "import");
    if (!a.error.empty()) return usageError("import", a.error);
    if (a.positionals.size() != 1)
        return usageError("import", "expects exactly one FILE to import");
    const std::string input = a.positionals.front();
    const auto out = a.option("--out");
    if (!out) return usageError("import", "--out TRACE.jsonl is required");
    if (const auto problem = outputsProblem(a, {{"--out", "a trace (JSON Lines)", {"jsonl"}}}))
        return usageError("import", *problem);
    ImportOptions options;
    const auto format = formatFor(a.option("--format").value_or(""), input);
    if (!format)
        return usageError(
            "import",
            "--format must be har, otlp, csv or jsonl (it could not be told from the file name)");
    options.format = *format;
    options.skipBad = a.flag("--skip-bad");
    if (const auto map = a.option("--status-map"))
        if (auto e = StatusMap::parseOverrides(*map, options.statuses))
            return usageError("import", "--status-map: " + *e);
    CsvMapping& m = options.csv;
    m.time = a.option("--time-column").value_or("");
    m.latency = a.option("--latency-column").value_or("");
    m.status = a.option("--status-column").value_or("");
    m.outcome = a.option("--outcome-column").value_or("");
    m.endpoint = a.option("--endpoint-column").value_or("");
    m.retryAfter = a.option("--retry-after-column").value_or("");
    if (const auto tf = a.option("--time-format")) {
        if (*tf == "epoch_s")
            m.timeFormat = CsvMapping::TimeFormat::EpochSeconds;
        else if (*tf == "epoch_ms")
            m.timeFormat = CsvMapping::TimeFormat::EpochMillis;
        else if (*tf == "iso8601")
            m.timeFormat = CsvMapping::TimeFormat::Iso8601;
        else if (*tf != "auto")
            return usageError("import", "--time-format must be epoch_s, epoch_ms, iso8601 or auto");
    }
    if (const auto d = a.option("--delimiter")) {
        if (*d == "\\t" || *d == "tab")
            m.delimiter = '\t';
        else if (d->size() == 1)
            m.delimiter = (*d)[0];
        else
            return usageError("import", "--delimiter must be one character (or tab)");
    }
    const ImportReport report = importTrace(input, *out, options);
    printErr(formatTraceProblems(input, report.problems));
    if (!report.outputError.empty())
        printErr("resilience-lab import: " + report.outputError + "\n");
    if (!report.ok) { // the output, if it existed, is as it was
        if (!options.skipBad && report.skipped > 0)
            printErr("(--skip-bad skips malformed records and goes on)\n");
        return report.writeFailed ? kExitInternal : kExitInvalid;
    }
    std::string summary =
        "imported " + counted(report.written, "call") + " from " + input + " into " + *out;
    if (!report.timeOrigin.empty()) summary += " (t = 0 at " + report.timeOrigin + ")";
    summary += "\n";
    if (report.skipped)
        summary += "skipped " + std::to_string(report.skipped) + " malformed records\n";
    if (report.ignored)
        summary += "ignored " + std::to_string(report.ignored) + " records that are not calls\n";
    if (report.outOfOrder)
        summary += std::to_string(report.outOfOrder) +
                   " calls started before the one above them (replay sorts them by time)\n";
    printErr(summary);
    if (a.flag("--json"))
        printOut(importJson({input, *out, report.timeOrigin, report.written, report.skipped,
                             report.ignored, report.outOfOrder}));
    return kExitOk;
}

int compareCommand(const std::vector<std::string>& args)
{
    const Arguments a = parseArguments(args, "compare");
    if (!a.error.empty()) return usageError("compare", a.error);
    if (a.positionals.size() != 1)
        return usageError("compare", "expects exactly one SCENARIO file");
    if (a.option("--recorded")) return compareRecordedCommand(a);
    if (a.option("--seeds"))
        return usageError("compare",
                          "--seeds goes with --recorded (compare runs one seed: --seed)");
    // The runs besides the scenario's own pipeline: B from --pipeline-b, then each --pipeline.
    std::vector<std::pair<std::string, std::string>> others; // name, file
    if (const auto b = a.option("--pipeline-b")) others.emplace_back("B", *b);
    for (const std::string& spec : a.values("--pipeline")) {
        const auto eq = spec.find('=');
        if (eq == 0 || eq == std::string::npos || eq + 1 == spec.size())
            return usageError("compare", "--pipeline takes NAME=FILE.json, got \"" + spec + "\"");
        others.emplace_back(spec.substr(0, eq), spec.substr(eq + 1));
    }
    if (others.empty())
        return usageError("compare", "--pipeline-b FILE.json is required (the pipeline to compare "
                                     "with), or --pipeline NAME=FILE.json for each of several");
    if (others.size() + 1 > kMaxComparedRuns)
        return usageError("compare", "compares at most " + std::to_string(kMaxComparedRuns) +
                                         " runs (the scenario's and " +
                                         std::to_string(kMaxComparedRuns - 1) + " others)");
    const std::string path = a.positionals.front();
    TraceCache traces;
    ScenarioLoad loadA = loadScenarioFile(path, traces);
    if (!loadA.scenario) {
        printErr(formatDiagnostics(path, loadA.diagnostics));
        return kExitInvalid;
    }
    std::vector<ComparedRun> runs{{"A", *loadA.scenario}};
    for (const auto& [name, file] : others) {
        for (const ComparedRun& r : runs)
            if (r.name == name) return usageError("compare", "two runs are named \"" + name + "\"");
        const PipelineLoad pipeline = loadPipelineFile(file);
        const ScenarioLoad load = pipeline.pipeline
                                      ? withPipeline(*loadA.scenario, *pipeline.pipeline)
                                      : ScenarioLoad{std::nullopt, pipeline.diagnostics};
        if (!load.scenario) {
            printErr(formatDiagnostics(file, load.diagnostics));
            return kExitInvalid;
        }
        runs.push_back({name, *load.scenario});
    }
    std::uint64_t seed = loadA.scenario->seed;
    if (const auto text = a.option("--seed"))
        if (!parseUnsigned(*text, UINT64_MAX, seed))
            return usageError("compare", "--seed must be a whole number ≥ 0");
    WorkLimits limits;
    std::string error;
    if (!parseWorkLimits(a, limits, error)) return usageError("compare", error);
    for (const ComparedRun& r : runs)
        if (const auto refusal = workRefusal(estimateWork(r.scenario), limits)) {
            printErr(path + " (run " + r.name + "): " + *refusal + "\n");
            return kExitInvalid;
        }
    const Comparison c = compareRuns(runs, seed);
    for (std::size_t i = 0; i < c.runs.size(); ++i)
        if (c.runs[i].partial()) {
            printErr(path + " (run " + c.names[i] + "): " + c.runs[i].stopped + "\n");
            return kExitInvalid;
        }
    printOut(a.flag("--json") ? comparisonToJson(c) : comparisonTable(c));
    return kExitOk;
}

} // namespace reslab::cli

#include "cli/commands.h"

#include "cli/arguments.h"
#include "cli/json_reports.h"
#include "cli/output_options.h"
#include "cli/progress.h"
#include "export/export.h"
#include "run/report.h"
#include "run/schedule.h"
#include "run/simulation.h"
#include "run/work_estimate.h"
#include "scenario/scenario_io.h"
#include "trace/trace_recorder.h"
#include "util/output_file.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace reslab::cli {

namespace {

int g_stdoutErrno = 0; // the first failure to write standard output
bool g_printedOut = false;
bool g_reportToStderr = false;
bool g_capture = false;
std::string g_captured;

bool writeAll(std::FILE* stream, const std::string& text)
{
    const bool ok =
        std::fwrite(text.data(), 1, text.size(), stream) == text.size() && std::fflush(stream) == 0;
    return ok;
}

constexpr const char* kInterrupted = "interrupted";

// Runs to the end in slices of a few tens of milliseconds of wall time: a progress bar on a
// terminal between slices, and Ctrl-C (or SIGTERM) stops the run cleanly at the next one.
void runWithProgress(Simulation& sim, double durationS)
{
    setGracefulInterrupt(true);
    TerminalProgress progress(durationS);
    Time slice = kNanosPerSecond / 10;
    // The limit moves on by itself: advanceTo leaves the clock at the last event it ran.
    Time limit = 0;
    while (true) {
        const auto started = std::chrono::steady_clock::now();
        limit = (limit > kTimeNever - slice) ? kTimeNever : limit + slice;
        if (!sim.advanceTo(limit)) break;
        if (interruptRequested()) {
            sim.stop(std::string(kInterrupted) + " (SIGINT or SIGTERM)");
            break;
        }
        progress.update(toSeconds(limit));
        // Slices of 20 … 100 ms of wall time, whatever the scenario's pace.
        const auto took = std::chrono::steady_clock::now() - started;
        if (took < std::chrono::milliseconds(20) && slice < kNanosPerSecond * 3600) slice *= 2;
        if (took > std::chrono::milliseconds(100) && slice > 1) slice /= 2;
    }
    setGracefulInterrupt(false);
}

} // namespace

std::optional<Scenario> loadOrComplain(const std::string& path)
{
    TraceCache traces; // one command reads each trace once
    ScenarioLoad load = loadScenarioFile(path, traces);
    if (!load.scenario) {
        printErr(formatDiagnostics(path, load.diagnostics));
        return std::nullopt;
    }
    return std::move(load.scenario);
}

bool parseSeed(const Arguments& a, std::optional<std::uint64_t>& seed, std::string& error)
{
    if (const auto text = a.option("--seed")) {
        std::uint64_t v = 0;
        if (!parseUnsigned(*text, UINT64_MAX, v)) {
            error = "--seed must be a whole number ≥ 0, got \"" + *text + "\"";
            return false;
        }
        seed = v;
    }
    return true;
}

bool parseWorkLimits(const Arguments& a, WorkLimits& limits, std::string& error)
{
    limits.allowLarge = a.flag("--allow-large");
    if (const auto text = a.option("--max-events")) {
        std::uint64_t v = 0;
        if (!parseUnsigned(*text, UINT64_MAX, v) || v == 0) {
            error = "--max-events must be a whole number > 0, got \"" + *text + "\"";
            return false;
        }
        limits.maxEvents = double(v);
    }
    return true;
}

int usageError(const std::string& command, const std::string& message)
{
    printErr("resilience-lab " + command + ": " + message + "\n(see resilience-lab " + command +
             " --help)\n");
    return kExitInvalid;
}

void printOut(const std::string& text)
{
    if (g_reportToStderr) {
        writeAll(stderr, text);
        return;
    }
    g_printedOut = g_printedOut || !text.empty();
    if (!writeAll(stdout, text) && !g_stdoutErrno) g_stdoutErrno = errno ? errno : EIO;
}

std::optional<std::string> outputProblem()
{
    if (!g_stdoutErrno) return std::nullopt;
    return std::string("standard output: ") + std::strerror(g_stdoutErrno);
}
void printErr(const std::string& text)
{
    writeAll(stderr, text);
    if (g_capture) g_captured += text;
}

std::string counted(std::uint64_t n, const std::string& noun)
{
    return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

void reportToStandardError(bool on)
{
    g_reportToStderr = on;
}

void captureErrors(bool on)
{
    g_capture = on;
}

const std::string& capturedErrors()
{
    return g_captured;
}

bool printedOut()
{
    return g_printedOut;
}

int runCommand(const std::vector<std::string>& args)
{
    const Arguments a = parseArguments(args, "run");
    if (!a.error.empty()) return usageError("run", a.error);
    if (a.positionals.size() != 1) return usageError("run", "expects exactly one SCENARIO file");
    RunOptions options;
    std::string error;
    if (!parseSeed(a, options.seed, error)) return usageError("run", error);

    WorkLimits limits;
    if (!parseWorkLimits(a, limits, error)) return usageError("run", error);
    if (const auto problem = outputsProblem(a, {{"--summary", "the summary JSON", {"json"}},
                                                {"--attempts", "CSV", {"csv"}},
                                                {"--timeline", "CSV", {"csv"}},
                                                {"--record", "a trace (JSON Lines)", {"jsonl"}}}))
        return usageError("run", *problem);

    const std::string path = a.positionals.front();
    const auto scenario = loadOrComplain(path);
    if (!scenario) return kExitInvalid;
    if (const auto refusal = workRefusal(estimateWork(*scenario), limits)) {
        printErr(path + ": " + *refusal + "\n");
        return kExitInvalid;
    }

    options.timeline = a.option("--timeline").has_value();
    Simulation sim(*scenario, options);

    std::vector<std::string> ids;
    for (const auto& e : scenario->endpoints)
        ids.push_back(e.id);
    OutputFile attemptsFile, timelineFile;
    std::optional<AttemptsCsvWriter> attempts;
    std::optional<TimelineCsvWriter> timeline;
    if (const auto file = a.option("--attempts")) {
        if (!attemptsFile.open(*file, &error)) return usageError("run", error);
        attempts.emplace(attemptsFile, ids);
        sim.addObserver(&*attempts);
    }
    if (const auto file = a.option("--timeline")) {
        if (!timelineFile.open(*file, &error)) return usageError("run", error);
        timeline.emplace(timelineFile);
        sim.addObserver(&*timeline);
    }
    TraceWriter traceFile;
    std::optional<TraceRecorder> recorder;
    if (const auto file = a.option("--record")) {
        // Every call of the run starts and ends by its hard end: within the trace limits when
        // that is, so the recording reads back (docs/trace-format.md, "Limits").
        if (sim.hardEnd() > kMaxTraceTime) {
            printErr(path + ": --record: this run may last " +
                     std::to_string(std::lround(toSeconds(sim.hardEnd()))) +
                     " s (its arrivals and drain_s), but a trace holds calls within 100 years (" +
                     std::to_string(std::llround(kMaxTraceTimeMs / 1000.0)) +
                     " s) of its start; shorten duration_s, drain_s or the trace replayed to "
                     "record it\n");
            return kExitInvalid;
        }
        if (!traceFile.open(*file, TraceHeader{"resilience-lab run", "", scenario->name}, &error))
            return usageError("run", error);
        recorder.emplace(traceFile, ids);
        sim.addObserver(&*recorder);
    }

    runWithProgress(sim, scenario->durationS.value_or(0.0));
    if (sim.stopped().starts_with(kInterrupted)) {
        // Nothing is written in place of what was there: only the partial summary, marked.
        const Summary partial = sim.summary();
        printOut(a.flag("--json") ? summaryToJson(partial) : summaryToTable(partial));
        return kExitInterrupted;
    }
    if (!sim.stopped().empty()) {
        printErr(path + ": " + sim.stopped() + "\n");
        return kExitInvalid;
    }

    if (recorder && !recorder->problem().empty()) {
        // Never a recording with calls left out, nor one the trace reader refuses.
        printErr("resilience-lab run: " + *a.option("--record") +
                 ": cannot record this run: " + recorder->problem() + "\n");
        return kExitInternal;
    }
    if ((attemptsFile.isOpen() && !attemptsFile.commit(&error)) ||
        (timelineFile.isOpen() && !timelineFile.commit(&error)) ||
        (recorder && !traceFile.close(&error))) {
        printErr("resilience-lab run: " + error + "\n");
        return kExitInternal;
    }
    Summary summary = sim.summary();
    if (a.flag("--reproducible")) summary.wallMs = 0.0; // byte-identical output across runs
    const std::string json = summaryToJson(summary);
    if (const auto file = a.option("--summary")) {
        if (!writeFileAtomically(*file, json, &error)) {
            printErr("resilience-lab run: " + error + "\n");
            return kExitInternal;
        }
    }
    printOut(a.flag("--json") ? json : summaryToTable(summary));
    return kExitOk;
}

int validateCommand(const std::vector<std::string>& args)
{
    const Arguments a = parseArguments(args, "validate");
    if (!a.error.empty()) return usageError("validate", a.error);
    if (a.positionals.empty()) return usageError("validate", "expects one or more SCENARIO files");
    // Every file is checked and reported, as a compiler reports every file it is given.
    std::vector<ValidatedFile> files;
    TraceCache traces;
    int code = kExitOk;
    for (const std::string& path : a.positionals) {
        ScenarioLoad load = loadScenarioFile(path, traces);
        files.push_back({path, std::move(load.scenario), std::move(load.diagnostics)});
        const ValidatedFile& f = files.back();
        if (!f.scenario) code = kExitInvalid;
        if (a.flag("--json")) continue;
        if (!f.scenario) {
            printErr(formatDiagnostics(path, f.problems));
            continue;
        }
        printOut(path + ": valid (" + std::to_string(f.scenario->endpoints.size()) + " endpoint" +
                 (f.scenario->endpoints.size() == 1 ? "" : "s") + ", " +
                 std::to_string(f.scenario->pipeline.size()) + " strateg" +
                 (f.scenario->pipeline.size() == 1 ? "y" : "ies") + ")\n");
    }
    if (a.flag("--json")) printOut(validationJson(files));
    return code;
}

// The most rows `schedule` prints without --allow-large: about 1.7 GB of CSV and ten seconds of
// writing (a billion rows measured 16.7 GB in 85 s).
constexpr double kMaxScheduleRows = 1e8;

int scheduleCommand(const std::vector<std::string>& args)
{
    const Arguments a = parseArguments(args, "schedule");
    if (!a.error.empty()) return usageError("schedule", a.error);
    if (a.positionals.size() != 1)
        return usageError("schedule", "expects exactly one SCENARIO file");
    std::optional<std::uint64_t> seed;
    std::string error;
    if (!parseSeed(a, seed, error)) return usageError("schedule", error);
    std::uint64_t samples = 1;
    if (const auto text = a.option("--samples");
        text && (!parseUnsigned(*text, 1'000'000, samples) || samples == 0))
        return usageError("schedule", "--samples must be a whole number from 1 to 1000000, got \"" +
                                          *text + "\"");

    const std::string path = a.positionals.front();
    const auto scenario = loadOrComplain(path);
    if (!scenario) return kExitInvalid;
    const RetrySpec* retry = scenario->firstRetry();
    if (!retry) {
        printErr(formatDiagnostics(
            path, {{"pipeline", "has no retry strategy, so there is no schedule to show"}}));
        return kExitInvalid;
    }
    if (retry->maxAttempts - 1 > kMaxScheduledRetries)
        printErr("note: showing the first " + std::to_string(kMaxScheduledRetries) +
                 " retries of each sample\n");
    // Estimated up front, as run estimates its work: a million samples of a thousand retries is
    // a billion rows, 16.7 GB of CSV and over a minute of writing.
    const double rows =
        double(samples) * double(std::clamp(retry->maxAttempts - 1, 0, kMaxScheduledRetries));
    if (rows > kMaxScheduleRows && !a.flag("--allow-large")) {
        const double bytes = rows * (double(std::to_string(samples).size()) + 13.0);
        printErr(path + ": this schedule is too large to print: " + readableCount(rows) +
                 " rows (" + std::to_string(samples) + " samples × " +
                 std::to_string(std::min(retry->maxAttempts - 1, kMaxScheduledRetries)) +
                 " retries), about " + readableBytes(bytes) + " of CSV (the limit is " +
                 readableCount(kMaxScheduleRows) +
                 " rows).\nLower --samples, or pass --allow-large to print it anyway.\n");
        return kExitInvalid;
    }
    // Streamed in blocks: a million samples of a thousand retries is gigabytes of CSV.
    constexpr std::size_t kBlockBytes = 1 << 16;
    std::string out = "sample,retry,delay_ms\n";
    forEachScheduledDelay(
        *retry, static_cast<int>(samples), seed.value_or(scenario->seed),
        [&out](const ScheduledDelay& d) {
            out += std::to_string(d.sample) + ',' + std::to_string(d.retry) + ',';
            appendMillis(out, fromMillis(d.delayMs));
            out += '\n';
            if (out.size() < kBlockBytes) return true;
            printOut(out);
            out.clear();
            return !outputProblem(); // a closed pipe or a full disk: stop, main reports it
        });
    printOut(out);
    return kExitOk;
}

int exportCommand(const std::vector<std::string>& args)
{
    const Arguments a = parseArguments(args, "export");
    if (!a.error.empty()) return usageError("export", a.error);
    if (a.positionals.size() != 1) return usageError("export", "expects exactly one SCENARIO file");
    const auto to = a.option("--to");
    if (!to) return usageError("export", "--to is required (" + kExportTargetNames.list() + ")");
    const auto target = exportTargetFromName(*to);
    if (!target)
        return usageError("export", "--to must be one of " + kExportTargetNames.list() +
                                        ", got \"" + *to + "\"");
    const std::string path = a.positionals.front();
    const auto scenario = loadOrComplain(path);
    if (!scenario) return kExitInvalid;
    const ExportResult result = exportScenario(*scenario, *target);
    printOut(result.text);
    if (!result.notExpressed.empty())
        printErr("note: " + std::to_string(result.notExpressed.size()) + " thing" +
                 (result.notExpressed.size() == 1 ? "" : "s") +
                 (isFaultTarget(*target) ? " in the endpoints" : " in the pipeline") +
                 " could not be expressed in " + *to +
                 "; the comment at the top of the output lists them\n");
    return kExitOk;
}

} // namespace reslab::cli

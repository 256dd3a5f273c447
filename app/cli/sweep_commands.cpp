// `resilience-lab sweep` (docs/sweep.md): a scenario at many points of a parameter space.
#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/output_options.h"
#include "cli/progress.h"
#include "cli/sweep_arguments.h"
#include "scenario/scenario_io.h"
#include "sweep/sweep.h"
#include "sweep/sweep_output.h"
#include "sweep/sweep_parts.h"
#include "util/input_file.h"
#include "util/output_file.h"

#include <QFileInfo>
#include <fstream>

namespace reslab::cli {

namespace {

constexpr const char* kCommand = "sweep";
// A part holds a row per point; a million points of a few kilobytes each stays below this.
constexpr std::uintmax_t kMaxPartBytes = std::uintmax_t{4} << 30;

std::optional<std::string> readTextFile(const std::string& path, std::uintmax_t maxBytes,
                                        std::string& error)
{
    if (const std::string problem = inputFileProblem(path); !problem.empty()) {
        error = path + ": " + problem;
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    in.seekg(0, std::ios::end);
    const auto size = static_cast<std::uintmax_t>(in.tellg());
    if (!in || size > maxBytes) {
        error = path + (in ? ": over " + std::to_string(maxBytes >> 30) + " GiB, not a sweep part"
                           : ": cannot be read");
        return std::nullopt;
    }
    in.seekg(0);
    std::string text(size, '\0');
    in.read(text.data(), static_cast<std::streamsize>(size));
    if (!in) {
        error = path + ": cannot be read";
        return std::nullopt;
    }
    return text;
}

} // namespace

int sweepCommand(const std::vector<std::string>& args)
{
    const Arguments a = parseArguments(args, kCommand);
    if (!a.error.empty()) return usageError(kCommand, a.error);
    if (a.positionals.size() != 1) return usageError(kCommand, "expects exactly one SCENARIO file");

    SweepSpec spec;
    std::string error;
    int jobs = 0;
    if (!parseSweepSpec(a, spec, error) || !parseJobs(a, jobs, error))
        return usageError(kCommand, error);
    WorkLimits limits;
    if (!parseWorkLimits(a, limits, error)) return usageError(kCommand, error);

    const auto out = a.option("--out");
    SweepFormat format = SweepFormat::Csv;
    if (const auto f = a.option("--format")) {
        if (*f != "csv" && *f != "jsonl")
            return usageError(kCommand, "--format must be csv or jsonl, got \"" + *f + "\"");
        format = *f == "csv" ? SweepFormat::Csv : SweepFormat::Jsonl;
    }
    std::optional<Shard> shard;
    if (const auto text = a.option("--shard")) {
        shard = parseShard(*text, error);
        if (!shard) return usageError(kCommand, error);
        if (!out) return usageError(kCommand, "--shard writes a part: give it --out FILE");
    }
    if (out && shard) {
        // A part is JSON Lines whatever the merged file's format (which only --format sets).
        if (auto problem =
                extensionProblem("--out", *out, "a sweep part (JSON Lines)", {"jsonl", "ndjson"}))
            return usageError(kCommand, *problem);
    } else if (out) {
        // The table's format follows the name, and a name that says another is refused:
        // `--out x.json` wrote CSV into x.json.
        if (auto problem = extensionProblem("--out", *out, "a CSV or JSON Lines table",
                                            {"csv", "jsonl", "ndjson"}))
            return usageError(kCommand, *problem);
        const std::string ext = extensionOf(*out);
        const std::optional<SweepFormat> named = ext == "csv" ? std::optional(SweepFormat::Csv)
                                                 : ext == "jsonl" || ext == "ndjson"
                                                     ? std::optional(SweepFormat::Jsonl)
                                                     : std::nullopt;
        if (named && a.option("--format") && *named != format)
            return usageError(kCommand, "--format " + *a.option("--format") + " and --out " + *out +
                                            " disagree: the name says ." + ext);
        if (named) format = *named;
    }
    if (a.flag("--json") && (!out || *out == kStandardOutput))
        return usageError(kCommand, "--json prints the summary on standard output; write the "
                                    "table with --out FILE");

    const std::string path = a.positionals.front();
    TraceCache traces;
    auto planned = planFromFile(path, spec, limits, traces, a.option("--seeds").has_value());
    if (!planned) return kExitInvalid;
    const QJsonObject* document = &planned->document;
    SweepPlan& plan = planned->plan;
    std::string fingerprint;
    const std::size_t totalPoints = plan.points.size();
    if (shard) {
        fingerprint = sweepFingerprint(*document, plan, format);
        keepShard(plan, *shard);
    }

    // The output file is opened before the work, so a path that cannot be written is said at once.
    OutputFile file;
    if (out && !file.open(*out, &error)) return usageError(kCommand, error);

    std::atomic<bool> cancel{false};
    setGracefulInterrupt(true);
    TerminalProgress progress(double(plan.runs()), {"runs", true}, "sweep");
    const SweepResult result = runSweep(plan, jobs, cancel, [&](std::size_t done, std::size_t) {
        if (interruptRequested()) cancel = true;
        progress.update(double(done));
    });
    setGracefulInterrupt(false);
    if (result.cancelled) {
        printErr("resilience-lab sweep: interrupted; nothing was written\n");
        return kExitInterrupted;
    }
    for (std::size_t p = 0; p < plan.points.size(); ++p)
        if (!result.points[p].stopped.empty())
            printErr("note: " + describePoint(plan, plan.points[p]) +
                     " stopped early: " + result.points[p].stopped + "\n");

    const std::string table =
        shard ? sweepPart(plan, result, format, fingerprint, *shard, totalPoints)
              : sweepTable(plan, result, format);
    if (!out) {
        printOut(table);
        return kExitOk;
    }
    file.write(table);
    if (!file.commit(&error)) {
        printErr("resilience-lab sweep: " + error + "\n");
        return kExitInternal;
    }
    if (a.flag("--json")) printOut(sweepSummaryJson(plan, result, *out));
    return kExitOk;
}

int sweepMergeCommand(const std::vector<std::string>& args)
{
    const char* command = "sweep-merge";
    const Arguments a = parseArguments(args, command);
    if (!a.error.empty()) return usageError(command, a.error);
    if (a.positionals.empty()) return usageError(command, "expects the PARTS to merge");
    const auto out = a.option("--out");
    std::vector<PartFile> parts;
    for (const std::string& path : a.positionals) {
        std::string error;
        auto text = readTextFile(path, kMaxPartBytes, error);
        if (!text) {
            printErr(error + "\n");
            return kExitInvalid;
        }
        parts.push_back(PartFile{path, std::move(*text)});
    }
    std::string error;
    const auto merged = mergeSweepParts(parts, error);
    if (!merged) {
        printErr("resilience-lab sweep-merge: " + error + "\n");
        return kExitInvalid;
    }
    if (!out) {
        printOut(*merged);
        return kExitOk;
    }
    // The parts say the format (their --format); the name must not say another.
    const bool jsonl = merged->starts_with("{");
    if (auto problem = extensionProblem("--out", *out, jsonl ? "a JSON Lines table" : "a CSV table",
                                        jsonl ? std::vector<std::string>{"jsonl", "ndjson"}
                                              : std::vector<std::string>{"csv"}))
        return usageError(command, *problem);
    if (!writeFileAtomically(*out, *merged, &error)) {
        printErr("resilience-lab sweep-merge: " + error + "\n");
        return kExitInternal;
    }
    return kExitOk;
}

} // namespace reslab::cli

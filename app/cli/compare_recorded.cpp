// `resilience-lab compare SCENARIO --recorded TRACE.jsonl [--seeds K] [--json]`: what a real
// client did against `serve --record` beside the simulation of the same scenario
// (run/recorded_comparison.h). Exit 0 when every metric agrees, 4 when one differs.

#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/sweep_arguments.h"
#include "run/recorded_comparison.h"
#include "run/work_estimate.h"
#include "trace/trace_io.h"
#include "util/json_writer.h"

#include <cstdio>

namespace reslab::cli {

namespace {
constexpr int kDefaultSeeds = 5;

std::string fixed(double v, int digits)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", digits, v);
    return text;
}

// Proportions with 4 decimals, milliseconds and attempts with 3.
int digitsFor(const ComparedMetric& m)
{
    return m.metric.starts_with("outcome.") || m.metric == "success_rate" ? 4 : 3;
}

std::string pad(std::string s, std::size_t width)
{
    if (s.size() < width) s.append(width - s.size(), ' ');
    return s;
}

std::string table(const RecordedComparison& c, const std::string& tracePath,
                  const std::string& scenarioPath)
{
    std::string out = "Recorded   " + tracePath + ": " + counted(c.recordedCalls, "call");
    if (c.recordedRequests) out += ", " + counted(c.recordedRequests, "request");
    out += "\nSimulated  " + scenarioPath + ": " + counted(c.seeds.size(), "seed") + " (" +
           std::to_string(c.seeds.front()) + "…" + std::to_string(c.seeds.back()) + "), " +
           counted(c.simulatedCalls, "call") + "\n\n";
    out += pad("endpoint", 12) + pad("metric", 24) + pad("recorded", 12) + pad("simulated", 12) +
           pad("agrees within", 26) + "verdict\n";
    std::size_t differ = 0;
    for (const ComparedMetric& m : c.metrics) {
        const int d = digitsFor(m);
        out += pad(m.endpoint.empty() ? "(requests)" : m.endpoint, 12) + pad(m.metric, 24) +
               pad(fixed(m.recorded, d), 12) + pad(fixed(m.simulated, d), 12) +
               pad("[" + fixed(m.low, d) + ", " + fixed(m.high, d) + "]", 26) +
               (m.agrees ? "agrees" : "DIFFERS") + "\n";
        differ += m.agrees ? 0 : 1;
    }
    for (const std::string& n : c.notes)
        out += "note: " + n + "\n";
    out += "\n";
    out += differ ? std::to_string(differ) + " of " + std::to_string(c.metrics.size()) +
                        " metrics differ"
                  : "All " + std::to_string(c.metrics.size()) + " metrics agree";
    out += " (each judged at z = " + fixed(kComparisonZ, 2) +
           ": a false difference in about 1 of 1,000 agreeing metrics).\n";
    return out;
}

std::string json(const RecordedComparison& c)
{
    JsonWriter w;
    w.beginObject();
    w.key("format").value("resilience-lab.recorded-comparison/1");
    w.key("agrees").value(c.agrees());
    w.key("z").value(kComparisonZ);
    w.key("recorded").beginObject();
    w.key("calls").value(c.recordedCalls);
    w.key("requests").value(c.recordedRequests);
    w.endObject();
    w.key("simulated").beginObject();
    w.key("calls").value(c.simulatedCalls);
    w.key("seeds").beginArray();
    for (std::uint64_t s : c.seeds)
        w.value(s);
    w.endArray();
    w.endObject();
    w.key("metrics").beginArray();
    for (const ComparedMetric& m : c.metrics) {
        w.beginObject();
        if (!m.endpoint.empty()) w.key("endpoint").value(m.endpoint);
        w.key("metric").value(m.metric);
        w.key("recorded").value(m.recorded);
        w.key("simulated").value(m.simulated);
        w.key("low").value(m.low);
        w.key("high").value(m.high);
        w.key("agrees").value(m.agrees);
        w.endObject();
    }
    w.endArray();
    w.key("notes").beginArray();
    for (const std::string& n : c.notes)
        w.value(n);
    w.endArray();
    w.endObject();
    return w.take() + "\n";
}
} // namespace

int compareRecordedCommand(const Arguments& a)
{
    if (a.option("--pipeline-b") || !a.values("--pipeline").empty() || a.option("--seed"))
        return usageError("compare", "--recorded compares a trace with the scenario's own "
                                     "simulation: it takes --seeds K, not --pipeline-b, "
                                     "--pipeline or --seed");
    int seeds = kDefaultSeeds;
    if (std::string why; !parseSeedCount(a, 1, seeds, why)) return usageError("compare", why);
    const std::string path = a.positionals.front();
    const auto scenario = loadOrComplain(path);
    if (!scenario) return kExitInvalid;
    WorkLimits limits;
    std::string error;
    if (!parseWorkLimits(a, limits, error)) return usageError("compare", error);
    WorkEstimate work = estimateWork(*scenario);
    work.events *= seeds; // every seed is a run
    if (const auto refusal = workRefusal(work, limits)) {
        printErr(path + " (" + counted(std::uint64_t(seeds), "seed") + "): " + *refusal + "\n");
        return kExitInvalid;
    }
    const std::string tracePath = *a.option("--recorded");
    const TraceLoad load = readTraceFile(tracePath);
    if (!load.trace) {
        printErr(formatTraceProblems(tracePath, load.problems));
        return kExitInvalid;
    }
    const RecordedComparison c = compareWithRecorded(*scenario, *load.trace, seeds);
    if (c.metrics.empty()) {
        printErr("resilience-lab compare: " + tracePath +
                 " has no call to an endpoint of the scenario: nothing to compare\n");
        return kExitInvalid;
    }
    printOut(a.flag("--json") ? json(c) : table(c, tracePath, path));
    return c.agrees() ? kExitOk : kExitNegative;
}

} // namespace reslab::cli

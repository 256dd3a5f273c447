// Trace benchmarks (not part of ctest): import of a 1,000,000-line CSV (ISO-8601 times, the
// slowest time format), and replay of a 1,000,000-call trace: reading it, then simulating a
// trace workload against a trace endpoint in sequence and in timeline mode.
//   bench_trace [LINES]

#include "run/simulation.h"
#include "scenario/scenario_io.h"
#include "trace/importer.h"
#include "trace/trace_io.h"

#include <QTemporaryDir>
#include <chrono>
#include <cstdio>
#include <string>

using namespace reslab;

namespace {
double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
} // namespace

int main(int argc, char** argv)
{
    const long lines = argc > 1 ? std::atol(argv[1]) : 1'000'000;
    QTemporaryDir dir;
    const std::string csv = dir.filePath("day.csv").toStdString();
    {
        std::FILE* f = std::fopen(csv.c_str(), "w");
        std::fputs("timestamp,latency_ms,status,endpoint\n", f);
        for (long i = 0; i < lines; ++i) {
            const long ms = i * 3; // a call every 3 ms
            std::fprintf(f, "2024-03-01T%02ld:%02ld:%02ld.%03ldZ,%ld.%03ld,%d,api\n",
                         (ms / 3'600'000) % 24, (ms / 60'000) % 60, (ms / 1000) % 60, ms % 1000,
                         20 + i % 50, i % 1000, i % 17 == 0 ? 503 : 200);
        }
        std::fclose(f);
    }
    const std::string trace = dir.filePath("day.jsonl").toStdString();
    auto start = std::chrono::steady_clock::now();
    ImportOptions options;
    options.format = ImportFormat::Csv;
    const ImportReport report = importTrace(csv, trace, options);
    const double importS = secondsSince(start);
    if (!report.ok) {
        std::fputs(formatTraceProblems(csv, report.problems).c_str(), stderr);
        return 1;
    }
    std::printf("import   %ld CSV lines in %.2f s (%.2f M lines/s)\n", lines, importS,
                double(lines) / importS / 1e6);

    start = std::chrono::steady_clock::now();
    const TraceLoad load = readTraceFile(trace);
    const double readS = secondsSince(start);
    std::printf("read     %zu calls in %.2f s\n", load.trace ? load.trace->calls.size() : 0, readS);

    TraceCache traces; // the trace is read once, then shared
    for (const char* mode : {"sequence", "timeline"}) {
        const std::string json =
            R"({"format": "resilience-lab.scenario/1", "workload": {"type": "trace", "file": ")" +
            trace +
            R"("}, "target": "api", "pipeline": [], "endpoints": {"api": {"kind": "trace", "file": ")" +
            trace + R"(", "mode": ")" + mode + R"(", "window_ms": 1000}}})";
        start = std::chrono::steady_clock::now();
        ScenarioLoad s = parseScenario(QByteArray::fromStdString(json));
        resolveTraces(s, {}, traces);
        const double loadS = secondsSince(start);
        if (!s.scenario) {
            std::fputs(formatDiagnostics("bench", s.diagnostics).c_str(), stderr);
            return 1;
        }
        start = std::chrono::steady_clock::now();
        Simulation sim(*s.scenario);
        sim.run();
        const double runS = secondsSince(start);
        const Summary sum = sim.summary();
        std::printf("replay   %-8s %llu calls in %.2f s (%.2f M calls/s); loading the scenario and "
                    "its trace %.2f s\n",
                    mode, static_cast<unsigned long long>(sum.attempts), runS,
                    double(sum.attempts) / runS / 1e6, loadS);
    }
    return 0;
}

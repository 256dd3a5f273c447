// Engine throughput benchmark (not part of ctest): runs a scenario headless with the summary only
// and prints simulated attempts per second of wall time and the process's peak RSS.
//   bench_engine [SCENARIO] [--repeat N]
// Default scenario: engine-1m.json beside this file (1,000,000 requests, open workload, lognormal
// latency, 10 % errors, retry with 4 attempts and full jitter).

#include "run/simulation.h"
#include "scenario/scenario_io.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <sys/resource.h>

using namespace reslab;

int main(int argc, char** argv)
{
    std::string path = RESLAB_BENCH_DIR "/engine-1m.json";
    int repeat = 3;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
            repeat = std::atoi(argv[++i]);
        else
            path = argv[i];
    }
    TraceCache traces;
    ScenarioLoad load = loadScenarioFile(path, traces);
    if (!load.scenario) {
        std::fputs(formatDiagnostics(path, load.diagnostics).c_str(), stderr);
        return 2;
    }
    double best = 0;
    for (int r = 0; r < repeat; ++r) {
        const auto start = std::chrono::steady_clock::now();
        Simulation sim(*load.scenario);
        sim.run();
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const Summary s = sim.summary();
        const double rate = static_cast<double>(s.attempts) / seconds;
        best = std::max(best, rate);
        std::printf("run %d: %llu requests, %llu attempts, %llu events in %.3f s: %.2f M "
                    "attempts/s, %.2f M events/s\n",
                    r + 1, static_cast<unsigned long long>(s.requests),
                    static_cast<unsigned long long>(s.attempts),
                    static_cast<unsigned long long>(s.events), seconds, rate / 1e6,
                    static_cast<double>(s.events) / seconds / 1e6);
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("best: %.2f M attempts/s; peak RSS %.1f MB\n", best / 1e6,
                static_cast<double>(usage.ru_maxrss) / 1024.0);
    return 0;
}

// Sweep throughput: a 20 × 20 grid (initial backoff × error rate) of tests/bench/sweep-20x20.json,
// 5 seeds per point, 100,000 requests per run, with one job and with two; prints points per
// second for each and the speed-up. `--points N` runs the first N points only (a quick look).

#include "scenario/scenario_io.h"
#include "sweep/sweep.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

using namespace reslab;

int main(int argc, char** argv)
{
    const std::string path = RESLAB_BENCH_DIR "/sweep-20x20.json";
    std::size_t points = 400;
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--points") == 0) points = std::stoul(argv[++i]);
    Diagnostics diagnostics;
    const auto document = readScenarioDocument(path, diagnostics);
    if (!document) {
        std::fputs(formatDiagnostics(path, diagnostics).c_str(), stderr);
        return 2;
    }
    SweepSpec spec;
    std::string error;
    for (const char* p :
         {"pipeline[0].backoff.initial_ms=10..200/20", "endpoints.api.failures.error=0.01..0.2/20"})
        spec.params.push_back(*parseParamSpec(p, error));
    TraceCache traces;
    auto planned = planSweep(*document, "", traces, spec, WorkLimits{});
    if (auto* message = std::get_if<std::string>(&planned)) {
        std::fprintf(stderr, "%s\n", message->c_str());
        return 2;
    }
    SweepPlan plan = std::get<SweepPlan>(std::move(planned));
    plan.points.resize(std::min(points, plan.points.size()));
    std::printf("%zu points × %zu seeds = %zu runs of 100,000 requests\n", plan.points.size(),
                plan.seeds.size(), plan.runs());
    double perSecond[3] = {};
    for (int jobs : {1, 2}) {
        std::atomic<bool> cancel{false};
        const auto start = std::chrono::steady_clock::now();
        const SweepResult result = runSweep(plan, jobs, cancel);
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        perSecond[jobs] = double(plan.points.size()) / s;
        std::printf("--jobs %d: %.1f s, %.2f points/s (%.1f runs/s)\n", jobs, s, perSecond[jobs],
                    double(plan.runs()) / s);
        (void)result;
    }
    std::printf("speed-up with two jobs: %.2f×\n", perSecond[2] / perSecond[1]);
    return 0;
}

// The engine's speed as a ratio to a floor (not part of ctest): runs tests/bench/engine-1m.json
// on the engine and on reference_model.h — a minimal simulator of the same model — interleaved,
// prints each run's statistics and speed, checks that the two agree statistically, and prints
// engine ÷ reference attempts per second, best of N and the median of the interleaved pairs (and
// the median by CPU time).
//   bench_reference [--requests N] [--repeat N] [SCENARIO]
// SCENARIO may be another file of the same shape with other numbers (sweep-20x20.json is one);
// the reference refuses one it does not model (reference_scenario.h).
// Exit 0: agreed (the ratio is printed); 1: the statistics disagree; 2: bad arguments or a
// scenario the reference does not model.

#include "reference_model.h"
#include "reference_scenario.h"
#include "reference_statistics.h"
#include "run/simulation.h"
#include "scenario/scenario_io.h"

#include <QJsonObject>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <exception>
#include <optional>
#include <string>
#include <vector>

using namespace reslab;
using namespace reslab::bench;

namespace {

constexpr int kDefaultRepeat = 5;
constexpr int kMaxRepeat = 1000;

int usage(const char* why)
{
    std::fprintf(stderr,
                 "bench_reference: %s\nusage: bench_reference [--requests N] [--repeat N] "
                 "[SCENARIO]\n  --requests N  requests per run (default: the scenario's "
                 "max_requests)\n  --repeat N    interleaved runs of each (default %d)\n",
                 why, kDefaultRepeat);
    return 2;
}

// A whole positive number, or nullopt.
std::optional<std::uint64_t> positive(const char* text, std::uint64_t max)
{
    char* end = nullptr;
    errno = 0;
    const unsigned long long v = std::strtoull(text, &end, 10);
    if (errno || end == text || *end || text[0] == '-' || v == 0 || v > max) return std::nullopt;
    return v;
}

// Wall and CPU time of one run. On a shared machine the wall time includes the moments another
// process had the core; the CPU time mostly does not, so both are printed.
class Stopwatch
{
public:
    Stopwatch() : m_wall(std::chrono::steady_clock::now()), m_cpu(cpuNow()) {}
    double wallS() const
    {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_wall).count();
    }
    double cpuS() const { return cpuNow() - m_cpu; }

private:
    static double cpuNow()
    {
        timespec t{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
    }
    std::chrono::steady_clock::time_point m_wall;
    double m_cpu;
};

RunStatistics engineRun(const Scenario& scenario, std::string& stopped)
{
    const Stopwatch clock;
    Simulation sim(scenario);
    sim.run();
    const double wall = clock.wallS(), cpu = clock.cpuS();
    const Summary s = sim.summary();
    stopped = s.stopped;
    RunStatistics r;
    r.requests = s.requests;
    r.finished = s.succeeded + s.failed;
    r.succeeded = s.succeeded;
    r.attempts = s.attempts;
    r.events = s.events;
    r.p50Ms = s.latency.p50;
    r.p99Ms = s.latency.p99;
    r.meanMs = s.latency.mean;
    r.wallS = wall;
    r.cpuS = cpu;
    return r;
}

RunStatistics referenceRun(const ReferenceModel& model, ReferenceResult& result)
{
    const Stopwatch clock;
    result = runReference(model);
    const double wall = clock.wallS(), cpu = clock.cpuS();
    return statisticsOf(result, wall, cpu); // sorts the latencies: after the clock stops
}

void printRun(int run, const char* who, const RunStatistics& s)
{
    std::printf("run %d %-9s %9llu requests %9llu attempts  %.5f att/req  %8.4f %% ok  "
                "p50 %7.2f ms  p99 %7.2f ms  wall %6.3f s (cpu %6.3f s)  %6.2f M att/s  "
                "%.2f events/att\n",
                run, who, static_cast<unsigned long long>(s.requests),
                static_cast<unsigned long long>(s.attempts), s.attemptsPerRequest(),
                100.0 * s.successRate(), s.p50Ms, s.p99Ms, s.wallS, s.cpuS,
                s.attemptsPerSecond() / 1e6, s.eventsPerAttempt());
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

} // namespace

int main(int argc, char** argv)
{
    std::string path = RESLAB_BENCH_DIR "/engine-1m.json";
    std::optional<std::uint64_t> requests;
    int repeat = kDefaultRepeat;
    for (int i = 1; i < argc; ++i) {
        const bool hasValue = i + 1 < argc;
        if (std::strcmp(argv[i], "--requests") == 0) {
            if (!hasValue || !(requests = positive(argv[++i], kMaxExactRequests)))
                return usage("--requests needs a whole number from 1 to 2^53");
        } else if (std::strcmp(argv[i], "--repeat") == 0) {
            const auto n = hasValue ? positive(argv[++i], kMaxRepeat) : std::nullopt;
            if (!n) return usage("--repeat needs a whole number from 1 to 1000");
            repeat = static_cast<int>(*n);
        } else if (argv[i][0] == '-') {
            return usage((std::string("unknown option ") + argv[i]).c_str());
        } else {
            path = argv[i];
        }
    }

    // One document feeds both: the engine reads it as a scenario, the reference as its model.
    Diagnostics diagnostics;
    std::optional<QJsonObject> document = readScenarioDocument(path, diagnostics);
    if (!document) {
        std::fputs(formatDiagnostics(path, diagnostics).c_str(), stderr);
        return 2;
    }
    if (requests) {
        QJsonObject workload = document->value(QLatin1String("workload")).toObject();
        workload.insert(QLatin1String("max_requests"), static_cast<qint64>(*requests));
        document->insert(QLatin1String("workload"), workload);
    }
    const ScenarioLoad load = parseScenario(*document);
    if (!load.scenario) {
        std::fputs(formatDiagnostics(path, load.diagnostics).c_str(), stderr);
        return 2;
    }
    std::string why;
    const std::optional<ReferenceModel> model = referenceModelOf(*document, why);
    if (!model) {
        std::fprintf(stderr, "%s: %s\n", path.c_str(), why.c_str());
        return 2;
    }

    std::printf("%s: engine and reference, %d interleaved runs each\n", path.c_str(), repeat);
    std::vector<RunStatistics> engine, reference;
    std::vector<double> ratios, cpuRatios;
    ReferenceResult kept;
    try {
        for (int r = 1; r <= repeat; ++r) {
            std::string stopped;
            engine.push_back(engineRun(*load.scenario, stopped));
            if (!stopped.empty()) {
                std::fprintf(stderr, "bench_reference: the engine's run stopped: %s\n",
                             stopped.c_str());
                return 1;
            }
            ReferenceResult result;
            reference.push_back(referenceRun(*model, result));
            if (r == 1) kept = std::move(result);
            printRun(r, "engine", engine.back());
            printRun(r, "reference", reference.back());
            ratios.push_back(engine.back().attemptsPerSecond() /
                             reference.back().attemptsPerSecond());
            cpuRatios.push_back(engine.back().attemptsPerCpuSecond() /
                                reference.back().attemptsPerCpuSecond());
            std::fflush(stdout);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_reference: %s\n", e.what());
        return 2;
    }

    // Both are deterministic: every repeat must give the first one's numbers.
    for (std::size_t r = 1; r < engine.size(); ++r)
        for (const auto* runs : {&engine, &reference})
            if (!sameStatistics((*runs)[r], (*runs)[0])) {
                std::fprintf(stderr,
                             "bench_reference: %s run %zu differs from run 1 on the same "
                             "seed\n",
                             runs == &engine ? "the engine's" : "the reference's", r + 1);
                return 1;
            }

    const bool checkable =
        std::min(engine.front().finished, reference.front().finished) >= kMinRequestsToCheck;
    const std::vector<Check> checks =
        checkable ? compareStatistics(engine.front(), reference.front(), kept.latencyNs)
                  : std::vector<Check>{};
    if (checkable)
        std::printf("\nstatistics, engine vs reference (different random streams; each allowed "
                    "difference is %.0f standard errors of the difference, see "
                    "reference_statistics.h),\nwidened by the variance inflation the "
                    "reference's batch means found: attempts ×%.2f, success ×%.2f, latency "
                    "×%.2f:\n",
                    kAgreementZ, reference.front().attemptsSpread.inflation,
                    reference.front().successSpread.inflation,
                    reference.front().latencySpread.inflation);
    else
        std::printf("\nstatistics not compared: fewer than %llu finished requests in a run\n",
                    static_cast<unsigned long long>(kMinRequestsToCheck));
    bool agree = true;
    for (const Check& c : checks) {
        std::printf("  %-22s engine %12.6g  reference %12.6g  allowed %12.6g – %-12.6g %s\n",
                    c.name.c_str(), c.engine, c.reference, c.low, c.high, c.ok ? "ok" : "DISAGREE");
        agree = agree && c.ok;
    }

    double bestEngine = 0, bestReference = 0;
    for (std::size_t r = 0; r < engine.size(); ++r) {
        bestEngine = std::max(bestEngine, engine[r].attemptsPerSecond());
        bestReference = std::max(bestReference, reference[r].attemptsPerSecond());
    }
    std::printf("\nbest of %d: engine %.2f M attempts/s, reference %.2f M attempts/s\n", repeat,
                bestEngine / 1e6, bestReference / 1e6);
    std::printf("engine / reference: %.3f best of %d (the reference %.1f× faster), %.3f median of "
                "the %d interleaved pairs\n",
                bestEngine / bestReference, repeat, bestReference / bestEngine, median(ratios),
                repeat);
    std::printf("engine / reference by CPU time: %.3f median of the %d pairs\n", median(cpuRatios),
                repeat);
    if (!agree) {
        std::fflush(stdout); // the figures first, then why they do not count
        std::fprintf(stderr, "bench_reference: the engine and the reference disagree on the "
                             "statistics above, so they do not simulate the same model and the "
                             "ratio means nothing\n");
        return 1;
    }
    return 0;
}

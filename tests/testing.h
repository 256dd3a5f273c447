#pragma once
// Helpers shared by the core test suites.

#include "run/simulation.h"
#include "scenario/scenario_io.h"

#include <QTest>
#include <cmath>
#include <string>
#include <vector>

namespace reslab::testing {

// A one-endpoint scenario ("api") as JSON, from its workload, pipeline and endpoint objects.
inline std::string scenarioJson(const std::string& workload, const std::string& pipeline,
                                const std::string& endpoint, double durationS, std::uint64_t seed)
{
    return R"({"format": "resilience-lab.scenario/1", "seed": )" + std::to_string(seed) +
           R"(, "duration_s": )" + std::to_string(durationS) + R"(, "workload": )" + workload +
           R"(, "target": "api", "pipeline": )" + pipeline + R"(, "endpoints": {"api": )" +
           endpoint + "}}";
}

// The traces the test scenarios replay, read once per test program.
inline TraceCache& testTraces()
{
    static TraceCache cache;
    return cache;
}

// Parses a scenario from JSON text and loads the traces it names relative to `baseDir`, as
// opening a file does.
inline ScenarioLoad parseWithTraces(const std::string& json, const std::string& baseDir = {})
{
    ScenarioLoad load = parseScenario(QByteArray::fromStdString(json));
    resolveTraces(load, baseDir, testTraces());
    return load;
}

inline ScenarioLoad loadFile(const std::string& path)
{
    return loadScenarioFile(path, testTraces());
}

// Parses a scenario from JSON text (and its traces) and fails the test with the diagnostics if it
// is invalid.
inline Scenario scenarioFromJson(const std::string& json)
{
    ScenarioLoad load = parseWithTraces(json);
    if (!load.scenario)
        qFatal("test scenario invalid:\n%s", formatDiagnostics("<test>", load.diagnostics).c_str());
    return *load.scenario;
}

inline Summary runScenario(const Scenario& s, RunOptions options = {})
{
    Simulation sim(s, options);
    sim.run();
    return sim.summary();
}

// Binomial standard error of a proportion estimated from n independent trials.
inline double proportionStdError(double p, double n)
{
    return std::sqrt(p * (1.0 - p) / n);
}

// Tolerances are this many standard errors: with fixed seeds the tests are deterministic, and at
// 5 σ a correct model fails by chance with probability ≈ 6e-7 when a seed is changed.
inline constexpr double kSigmas = 5.0;

} // namespace reslab::testing

#define RESLAB_COMPARE_WITHIN(actual, expected, tolerance)                                         \
    do {                                                                                           \
        const double a_ = (actual), e_ = (expected), t_ = (tolerance);                             \
        if (!(std::abs(a_ - e_) <= t_))                                                            \
            QFAIL(qPrintable(QStringLiteral("%1 = %2, expected %3 ± %4")                           \
                                 .arg(#actual)                                                     \
                                 .arg(a_, 0, 'g', 10)                                              \
                                 .arg(e_, 0, 'g', 10)                                              \
                                 .arg(t_, 0, 'g', 4)));                                            \
    } while (false)

namespace reslab::testing {

// Collects every finished request, in completion order.
struct RequestLog : RunObserver
{
    std::vector<RequestRecord> requests;
    std::vector<AttemptRecord> attempts;
    void onRequestDone(const RequestRecord& r) override { requests.push_back(r); }
    void onAttempt(const AttemptRecord& a) override { attempts.push_back(a); }
};

// Mean and its standard error by the method of batch means: consecutive observations of a queue
// are correlated, so the iid formula σ/√n would understate the error. k batches of equal size.
struct BatchMeans
{
    double mean = 0;
    double stdError = 0;
};
inline BatchMeans batchMeans(const std::vector<double>& xs, int k = 40)
{
    const std::size_t size = xs.size() / static_cast<std::size_t>(k);
    std::vector<double> means;
    for (int b = 0; b < k; ++b) {
        double s = 0;
        for (std::size_t i = 0; i < size; ++i)
            s += xs[static_cast<std::size_t>(b) * size + i];
        means.push_back(s / static_cast<double>(size));
    }
    double m = 0;
    for (double x : means)
        m += x;
    m /= k;
    double v = 0;
    for (double x : means)
        v += (x - m) * (x - m);
    v /= (k - 1);
    return BatchMeans{m, std::sqrt(v / k)};
}

} // namespace reslab::testing

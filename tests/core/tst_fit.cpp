// Fitting a scenario to a trace (core/fit, issue 14), held to known truth: runs of scenarios
// written here are recorded and fitted, and the fit must find what the scenario had — phase
// boundaries within stated seconds, failure shares and rates within their confidence intervals,
// the latency kind and its quantiles — and, simulated, reproduce the trace's health per minute.

#include "fit/fit_html.h"
#include "fit/fit_report.h"
#include "fit/latency_fit.h"
#include "fit/model_check.h"
#include "fit/scenario_fit.h"
#include "testing.h"
#include "trace/trace_recorder.h"

#include <QTest>
#include <random>

using namespace reslab;
using namespace reslab::testing;

namespace {

// Every call a run's endpoints received, as `run --record` writes them, kept in memory.
struct MemoryRecorder : RunObserver
{
    explicit MemoryRecorder(const Scenario& s)
    {
        for (const EndpointSpec& e : s.endpoints)
            trace.endpointIndex(e.id);
        for (const EndpointSpec& e : s.endpoints)
            index.push_back(trace.endpointIndex(e.id));
    }
    void onAttempt(const AttemptRecord& a) override
    {
        if (isClientMade(a.result.outcome)) return;
        TraceCall c = traceCallOf(a);
        c.endpoint = index[a.endpoint];
        trace.calls.push_back(c);
    }
    Trace trace;
    std::vector<std::uint32_t> index;
};

Trace record(const std::string& json)
{
    const Scenario s = scenarioFromJson(json);
    Simulation sim(s);
    MemoryRecorder recorder(s);
    sim.addObserver(&recorder);
    sim.run();
    return recorder.trace;
}

struct Fitted
{
    TraceDigest digest;
    ScenarioFit fit;
    const EndpointFit& target() const { return fit.endpoints[fit.target]; }
};

Fitted fitOf(const Trace& trace, FitOptions options = {})
{
    Fitted f;
    std::string error;
    if (!digestTrace(traceMemorySource(trace), options.binS, f.digest, &error))
        qFatal("digest failed: %s", error.c_str());
    f.fit = fitScenario(f.digest, options);
    return f;
}

std::string endpointJson(const std::string& latency, const std::string& failures,
                         const std::string& phases)
{
    return R"({"latency": )" + latency + R"(, "failures": )" + failures + R"(, "phases": )" +
           phases + "}";
}

// The differing segments of the target, as (start, end) seconds.
std::vector<std::pair<double, double>> phasesOf(const Fitted& f)
{
    std::vector<std::pair<double, double>> out;
    for (const PhaseSpec& p : f.target().spec.phases)
        out.emplace_back(p.startS, p.endS);
    return out;
}

double lognormalP99(const Distribution& d)
{
    return d.a * std::exp(d.b * kNormalQuantile99);
}

} // namespace

class TestFit : public QObject
{
    Q_OBJECT
private slots:
    // Phases of the outcome mix and the latency, from runs whose phases are known.
    void findsThePhases_data()
    {
        QTest::addColumn<QString>("endpoint");
        QTest::addColumn<double>("start");
        QTest::addColumn<double>("end");
        QTest::addColumn<double>("phaseError");   // the phase's true error probability
        QTest::addColumn<double>("latencyRatio"); // the phase's median latency ÷ the base's
        const std::string lognormal = R"({"dist": "lognormal", "median_ms": 50, "p99_ms": 200})";
        QTest::addRow("outage 60–120 s at 100 %% errors")
            << QString::fromStdString(
                   endpointJson(lognormal, R"({"error": 0.01})",
                                R"([{"start_s": 60, "end_s": 120, "failures": {"error": 1.0}}])"))
            << 60.0 << 120.0 << 1.0 << 0.0;
        QTest::addRow("brownout 150–270 s at 30 %% errors, latency × 3")
            << QString::fromStdString(
                   endpointJson(lognormal, R"({"error": 0.01})",
                                R"([{"start_s": 150, "end_s": 270, "failures": {"error": 0.3},
                        "latency": {"dist": "lognormal", "median_ms": 150, "p99_ms": 600}}])"))
            << 150.0 << 270.0 << 0.3 << 3.0;
        QTest::addRow("latency × 2 alone, 200–260 s")
            << QString::fromStdString(endpointJson(lognormal, R"({"error": 0.01})",
                                                   R"([{"start_s": 200, "end_s": 260,
                        "latency": {"dist": "lognormal", "median_ms": 100, "p99_ms": 400}}])"))
            << 200.0 << 260.0 << 0.01 << 2.0;
    }
    void findsThePhases()
    {
        QFETCH(QString, endpoint);
        QFETCH(double, start);
        QFETCH(double, end);
        QFETCH(double, phaseError);
        QFETCH(double, latencyRatio);
        constexpr double kRate = 20, kBoundaryS = 2; // bins of 1 s: within two of them
        for (std::uint64_t seed = 1; seed <= 5; ++seed) {
            const Trace trace = record(scenarioJson(R"({"type": "open", "rate_per_s": 20})", "[]",
                                                    endpoint.toStdString(), 400, seed));
            const Fitted f = fitOf(trace);
            QVERIFY2(f.fit.scenario, f.fit.error.c_str());
            const auto phases = phasesOf(f);
            QVERIFY2(phases.size() == 1,
                     qPrintable(QString("seed %1: %2 phases").arg(seed).arg(phases.size())));
            RESLAB_COMPARE_WITHIN(phases[0].first, start, kBoundaryS);
            RESLAB_COMPARE_WITHIN(phases[0].second, end, kBoundaryS);
            const PhaseSpec& phase = f.target().spec.phases[0];
            const double n = kRate * (end - start);
            // A boundary a bin or two off mixes up to that many seconds of the base into it.
            RESLAB_COMPARE_WITHIN(phase.failures->error, phaseError,
                                  kSigmas * proportionStdError(phaseError, n) +
                                      kBoundaryS * kRate / n * std::abs(phaseError - 0.01));
            const FailureSpec& base = f.target().spec.failures;
            RESLAB_COMPARE_WITHIN(base.error, 0.01,
                                  kSigmas *
                                      proportionStdError(0.01, kRate * (400 - (end - start))));
            if (latencyRatio > 0) {
                QVERIFY2(phase.latency, "the phase's latency change is found");
                const Distribution& own = f.target().spec.latency;
                QCOMPARE(phase.latency->kind, Distribution::Kind::Lognormal);
                QCOMPARE(own.kind, Distribution::Kind::Lognormal);
                // The fitted ln median is the mean of the successes' ln latency: standard error
                // σ/√n (the base's, over many more calls, adds little).
                const double sigma = std::log(4.0) / kNormalQuantile99;
                const double se = sigma / std::sqrt(n * (1 - phaseError));
                RESLAB_COMPARE_WITHIN(std::log(phase.latency->a / own.a), std::log(latencyRatio),
                                      kSigmas * se * std::sqrt(2.0));
            } else {
                QVERIFY2(!phase.latency, "no latency of its own: the outage only fails");
            }
        }
    }

    // A traffic spike ×2 and back: three rate segments, the steps within two seconds, each rate
    // within its Poisson confidence interval; the outcome mix does not move, so no phase.
    void findsTheRateSteps()
    {
        for (std::uint64_t seed = 1; seed <= 5; ++seed) {
            const Trace trace = record(scenarioJson(
                R"({"type": "open", "rate_per_s": 30, "rate_schedule": [{"at_s": 0, "rate_per_s": 30},
                    {"at_s": 120, "rate_per_s": 60}, {"at_s": 240, "rate_per_s": 30}]})",
                "[]",
                R"({"latency": {"dist": "exponential", "mean_ms": 20}, "failures": {"error": 0.05}})",
                360, seed));
            const Fitted f = fitOf(trace);
            QVERIFY2(f.fit.scenario, f.fit.error.c_str());
            const WorkloadSpec& w = f.fit.scenario->workload;
            QCOMPARE(w.rateSchedule.size(), std::size_t(3));
            RESLAB_COMPARE_WITHIN(w.rateSchedule[1].atS, 120, 2);
            RESLAB_COMPARE_WITHIN(w.rateSchedule[2].atS, 240, 2);
            const double expected[] = {30, 60, 30};
            for (int i = 0; i < 3; ++i)
                RESLAB_COMPARE_WITHIN(w.rateSchedule[std::size_t(i)].ratePerS, expected[i],
                                      kSigmas * std::sqrt(expected[i] / 120));
            QVERIFY2(f.target().spec.phases.empty(), "traffic alone is no phase");
            RESLAB_COMPARE_WITHIN(f.target().spec.failures.error, 0.05,
                                  kSigmas * proportionStdError(0.05, 30 * 240 + 60 * 120));
        }
    }

    // A steady lognormal service: one rate segment and no phases in most seeds (the MBIC's
    // false steps, a scan over 300 places at about 4 σ, are a few in a hundred), lognormal chosen
    // in every one, its median and p99 within their standard errors (of the MLE: σ/√n for the
    // ln median, σ·√(1 + z²/2)/√n for the ln p99).
    void steadyLognormalService()
    {
        const double median = 80, p99 = 400, sigma = std::log(p99 / median) / kNormalQuantile99;
        constexpr int kSeeds = 20;
        int oneSegment = 0, noPhase = 0;
        for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
            const Trace trace = record(scenarioJson(
                R"({"type": "open", "rate_per_s": 25})", "[]",
                R"({"latency": {"dist": "lognormal", "median_ms": 80, "p99_ms": 400}})", 300,
                seed));
            const Fitted f = fitOf(trace);
            QVERIFY2(f.fit.scenario, f.fit.error.c_str());
            oneSegment += f.fit.scenario->workload.rateSchedule.empty() ? 1 : 0;
            noPhase += f.target().spec.phases.empty() ? 1 : 0;
            const Distribution& d = f.target().spec.latency;
            QCOMPARE(d.kind, Distribution::Kind::Lognormal);
            const double n = double(trace.calls.size());
            RESLAB_COMPARE_WITHIN(std::log(d.a), std::log(median), kSigmas * sigma / std::sqrt(n));
            const double z = kNormalQuantile99;
            RESLAB_COMPARE_WITHIN(std::log(lognormalP99(d)), std::log(p99),
                                  kSigmas * sigma * std::sqrt(1 + z * z / 2) / std::sqrt(n));
        }
        qInfo("one rate segment in %d of %d seeds, no phase in %d", oneSegment, kSeeds, noPhase);
        QVERIFY(oneSegment >= kSeeds - 2);
        QVERIFY(noPhase >= kSeeds - 2);
    }

    // The right kind for samples of each kind, by BIC, in most of many seeds.
    void choosesTheRightKind_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("minimumOf100");
        QTest::addRow("lognormal") << int(Distribution::Kind::Lognormal) << 95;
        QTest::addRow("exponential") << int(Distribution::Kind::Exponential) << 95;
        QTest::addRow("pareto") << int(Distribution::Kind::Pareto) << 95;
    }
    void choosesTheRightKind()
    {
        QFETCH(int, kind);
        QFETCH(int, minimumOf100);
        const auto k = static_cast<Distribution::Kind>(kind);
        const Distribution truth =
            k == Distribution::Kind::Lognormal     ? Distribution::lognormalMedianP99(50, 300)
            : k == Distribution::Kind::Exponential ? Distribution::exponential(40)
                                                   : Distribution::pareto(10, 2.5);
        int right = 0;
        for (std::uint64_t seed = 1; seed <= 100; ++seed) {
            Rng g(seed);
            std::vector<double> x(2000);
            for (double& v : x)
                v = truth.sampleMs(g);
            const LatencyFit fit = fitLatency(x);
            right += fit.chosen.kind == k ? 1 : 0;
        }
        qInfo("%s chosen in %d of 100 seeds", distributionKindName(k).data(), right);
        QVERIFY2(right >= minimumOf100, qPrintable(QString("%1 of 100").arg(right)));
    }

    // A sample no parametric kind describes (two spikes far apart) is modelled by its quantiles.
    void emptyOrOddSamples()
    {
        QCOMPARE(fitLatency({}).chosen, Distribution::constant(0));
        QCOMPARE(fitLatency({7, 7, 7}).chosen, Distribution::constant(7));
        std::vector<double> bimodalSpikes;
        for (int i = 0; i < 3000; ++i)
            bimodalSpikes.push_back(i % 3 == 0 ? 500.0 + (i % 7) : 5.0 + (i % 5) * 0.01);
        const LatencyFit fit = fitLatency(bimodalSpikes);
        QVERIFY2(fit.empirical, fit.reason.c_str());
        QCOMPARE(fit.chosen.kind, Distribution::Kind::Empirical);
        QVERIFY2(fit.ks < 0.01, qPrintable(QString("KS %1").arg(fit.ks)));
    }

    // The fitted scenario, simulated, reproduces the trace's health in every judged minute.
    void reSimulatedReproducesTheTrace()
    {
        const Trace trace = record(scenarioJson(
            R"({"type": "open", "rate_per_s": 20})", "[]",
            endpointJson(R"({"dist": "lognormal", "median_ms": 50, "p99_ms": 200})",
                         R"({"error": 0.02})",
                         R"([{"start_s": 120, "end_s": 240, "failures": {"error": 0.4}}])"),
            480, 11));
        const Fitted f = fitOf(trace);
        QVERIFY2(f.fit.scenario, f.fit.error.c_str());
        const ModelCheck check = checkFittedModel(f.digest, f.fit, 2);
        QCOMPARE(check.judged, std::size_t(8));
        QCOMPARE(check.successAgree, check.judged);
        QCOMPARE(check.p99Agree, check.judged);
        RESLAB_COMPARE_WITHIN(check.modelSuccess, check.traceSuccess,
                              kSigmas * proportionStdError(check.traceSuccess, 9600) *
                                  std::sqrt(2.0));
    }

    // What a trace may be that is no day at all.
    void degenerateTraces()
    {
        Trace empty;
        Fitted f = fitOf(empty);
        QVERIFY(!f.fit.scenario);
        QVERIFY2(f.fit.error.find("no calls") != std::string::npos, f.fit.error.c_str());

        Trace one;
        one.calls.push_back(TraceCall{fromMillis(5), fromMillis(12)});
        f = fitOf(one);
        QVERIFY2(f.fit.scenario, f.fit.error.c_str());
        QCOMPARE(f.target().spec.latency, Distribution::constant(12));
        QVERIFY(f.fit.scenario->durationS.value() >= 1.0);

        Trace instant; // a thousand calls at one moment, half of them failing
        for (int i = 0; i < 1000; ++i)
            instant.calls.push_back(TraceCall{fromMillis(1000), fromMillis(10 + i % 10),
                                              i % 2 ? Outcome::Ok : Outcome::Error, 0});
        f = fitOf(instant);
        QVERIFY2(f.fit.scenario, f.fit.error.c_str());
        QVERIFY(f.target().spec.phases.empty());
        RESLAB_COMPARE_WITHIN(f.target().spec.failures.error, 0.5, 1e-9);
        RESLAB_COMPARE_WITHIN(f.fit.scenario->workload.ratePerS, 1000, 1e-9);

        Trace retriesOnly; // nothing is a first attempt: no workload can be fitted
        retriesOnly.calls.push_back(TraceCall{0, fromMillis(3)});
        retriesOnly.calls.back().attempt = 2;
        f = fitOf(retriesOnly);
        QVERIFY(!f.fit.scenario);
        QVERIFY2(f.fit.error.find("first attempt") != std::string::npos, f.fit.error.c_str());

        FitOptions unknown;
        unknown.endpoint = "nope";
        f = fitOf(one, unknown);
        QVERIFY(!f.fit.scenario);
        QVERIFY2(f.fit.error.find("no endpoint \"nope\"") != std::string::npos,
                 f.fit.error.c_str());
    }

    // More successes than the latency sample keeps: the report says how many there were and how
    // many were fitted, never the sample's size as the total.
    void aSampledLatencySaysSo()
    {
        constexpr int kCalls = int(kLatencyReservoir) + 50'000;
        Trace many;
        many.calls.reserve(kCalls);
        std::mt19937_64 rng(7);
        std::exponential_distribution<double> latency(1.0 / 40.0);
        for (int i = 0; i < kCalls; ++i)
            many.calls.push_back(TraceCall{fromMillis(i), fromMillis(latency(rng))});
        const Fitted f = fitOf(many);
        QVERIFY2(f.fit.scenario, f.fit.error.c_str());
        QCOMPARE(f.target().latency.samples, kLatencyReservoir);
        QCOMPARE(f.target().latency.population, std::uint64_t(kCalls));
        const std::string text = fitReportText(f.digest, f.fit, nullptr);
        QVERIFY2(text.find("250000 successes, a uniform sample of 200000 fitted") !=
                     std::string::npos,
                 text.c_str());
    }
};

QTEST_GUILESS_MAIN(TestFit)
#include "tst_fit.moc"

// Sweeps: parameters by path and their values, the plan's errors (each naming the path and the
// reason), the metrics of a point equal to a single run's, results independent of --jobs, the
// confidence interval's t quantiles, Latin hypercube strata, and recovery time told apart for a
// blip and a metastable collapse.

#include "sweep/sweep.h"
#include "sweep/sweep_output.h"
#include "testing.h"

#include <QJsonDocument>
#include <QTest>

using namespace reslab;
using namespace reslab::testing;

namespace {

QJsonObject documentOf(const std::string& json)
{
    return QJsonDocument::fromJson(QByteArray::fromStdString(json)).object();
}

// Independent failures with p = 0.2 behind a retry with a short constant backoff.
std::string independentFailures(int maxAttempts = 3)
{
    return scenarioJson(R"({"type": "open", "rate_per_s": 100})",
                        R"([{"type": "retry", "max_attempts": )" + std::to_string(maxAttempts) +
                            R"(, "backoff": {"type": "constant", "delay_ms": 10}}])",
                        R"({"latency": {"dist": "lognormal", "median_ms": 20, "p99_ms": 200},
                            "failures": {"error": 0.2}})",
                        100, 1);
}

SweepSpec specOf(const std::vector<std::string>& params, int seeds)
{
    SweepSpec spec;
    for (const std::string& text : params) {
        std::string error;
        auto p = parseParamSpec(text, error);
        if (!p) qFatal("%s", error.c_str());
        spec.params.push_back(std::move(*p));
    }
    spec.seeds = seeds;
    return spec;
}

SweepPlan plan(const std::string& json, const SweepSpec& spec)
{
    auto planned = planSweep(documentOf(json), "", testTraces(), spec, WorkLimits{});
    if (auto* error = std::get_if<std::string>(&planned)) qFatal("%s", error->c_str());
    return std::get<SweepPlan>(std::move(planned));
}

std::string planError(const std::string& json, const SweepSpec& spec)
{
    auto planned = planSweep(documentOf(json), "", testTraces(), spec, WorkLimits{});
    const auto* error = std::get_if<std::string>(&planned);
    return error ? *error : std::string("(planned without an error)");
}

double metric(const SweepPlan& plan, const PointResult& point, const std::string& name)
{
    const auto it = std::find(plan.metrics.begin(), plan.metrics.end(), name);
    if (it == plan.metrics.end()) qFatal("no metric %s", name.c_str());
    return point.intervals[std::size_t(it - plan.metrics.begin())].mean;
}

QStringList texts(const std::vector<QJsonValue>& values)
{
    QStringList out;
    for (const QJsonValue& v : values)
        out << QString::fromStdString(paramValueText(v));
    return out;
}

} // namespace

class TestSweep : public QObject
{
    Q_OBJECT
private slots:
    void values_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("expected");
        QTest::addRow("list") << "1,2,4" << QStringList{"1", "2", "4"};
        QTest::addRow("choices") << "none,full,equal" << QStringList{"none", "full", "equal"};
        QTest::addRow("booleans") << "true,false" << QStringList{"true", "false"};
        QTest::addRow("linear") << "100..2000/20"
                                << QStringList{"100",  "200",  "300",  "400",  "500",
                                               "600",  "700",  "800",  "900",  "1000",
                                               "1100", "1200", "1300", "1400", "1500",
                                               "1600", "1700", "1800", "1900", "2000"};
        QTest::addRow("linear, tidy decimals")
            << "0..1/11"
            << QStringList{"0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1"};
        QTest::addRow("geometric by factor")
            << "10..10000*x2"
            << QStringList{"10", "20", "40", "80", "160", "320", "640", "1280", "2560", "5120"};
        QTest::addRow("geometric by count")
            << "log:10..10000/4" << QStringList{"10", "100", "1000", "10000"};
        QTest::addRow("one value") << "5..5/1" << QStringList{"5"};
    }
    void values()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, expected);
        std::string error;
        const auto values = parseParamValues(text.toStdString(), error);
        QVERIFY2(values, error.c_str());
        QCOMPARE(texts(*values), expected);
    }

    void badValues_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::addRow("nothing") << ""
                                 << "no values";
        QTest::addRow("empty item") << "1,,2"
                                    << "an empty value";
        QTest::addRow("twice") << "1,2,1"
                               << "1 is listed twice";
        QTest::addRow("range without count") << "1..5"
                                             << "needs a count";
        QTest::addRow("range going down") << "5..1/3"
                                          << "must not be above its end";
        QTest::addRow("range with no values") << "1..5/0"
                                              << "whole number ≥ 1";
        QTest::addRow("one value for a span") << "1..5/1"
                                              << "give a count ≥ 2";
        QTest::addRow("factor too small") << "1..5*x1"
                                          << "above 1";
        QTest::addRow("geometric from 0") << "0..5*x2"
                                          << "start above 0";
        QTest::addRow("log from 0") << "log:0..5/3"
                                    << "start above 0";
        QTest::addRow("not numbers") << "a..b/3"
                                     << "must be numbers";
        QTest::addRow("too many") << "0..1/1000000"
                                  << "more than 100000";
    }
    void badValues()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        std::string error;
        QVERIFY(!parseParamValues(text.toStdString(), error));
        QVERIFY2(QString::fromStdString(error).contains(expected), error.c_str());
    }

    void paths_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected"); // "" when valid
        QTest::addRow("keys and index") << "pipeline[1].backoff.initial_ms"
                                        << "";
        QTest::addRow("endpoint key") << "endpoints.api.failures.error"
                                      << "";
        QTest::addRow("two indices") << "a[0][1]"
                                     << "";
        QTest::addRow("empty") << ""
                               << "is empty";
        QTest::addRow("leading index") << "[0]"
                                       << "must start with a key";
        QTest::addRow("trailing dot") << "workload."
                                      << "ends with '.'";
        QTest::addRow("unclosed") << "pipeline[1"
                                  << "without its ']'";
        QTest::addRow("negative index") << "pipeline[-1]"
                                        << "is not an index";
        QTest::addRow("stray character") << "pipeline[0]x"
                                         << "expected '.' or '['";
        QTest::addRow("space") << "work load"
                               << "unexpected ' '";
    }
    void paths()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        std::string error;
        const auto path = parseParamPath(text.toStdString(), error);
        QCOMPARE(bool(path), expected.isEmpty());
        if (!path) QVERIFY2(QString::fromStdString(error).contains(expected), error.c_str());
    }

    void planErrors_data()
    {
        QTest::addColumn<QStringList>("params");
        QTest::addColumn<QString>("expected");
        QTest::addRow("index past the end") << QStringList{"pipeline[3].max_attempts=1,2"}
                                            << "pipeline[3] does not exist: pipeline has 1 element";
        QTest::addRow("into a number")
            << QStringList{"duration_s.x=1"} << "duration_s is not an object";
        QTest::addRow("unknown key")
            << QStringList{"pipeline[0].max_atempts=1,2"}
            << "point 0 (pipeline[0].max_atempts=1) is not a valid scenario:\n"
               "  pipeline[0].max_atempts: unknown key";
        QTest::addRow("value the validator refuses")
            << QStringList{"pipeline[0].max_attempts=2,0"}
            << "point 1 (pipeline[0].max_attempts=0) is not a valid scenario:\n"
               "  pipeline[0].max_attempts: must be";
        QTest::addRow("choice the validator refuses")
            << QStringList{"pipeline[0].jitter=full,sideways"}
            << "pipeline[0].jitter: unknown value";
        QTest::addRow("the seed") << QStringList{"seed=1,2"} << "seed: cannot be swept";
        QTest::addRow("a path twice")
            << QStringList{"workload.rate_per_s=1,2", "workload.rate_per_s=3"} << "given twice";
        QTest::addRow("work beyond the limit")
            << QStringList{"workload.rate_per_s=100,1000000000"} << "point 1";
    }
    void planErrors()
    {
        QFETCH(QStringList, params);
        QFETCH(QString, expected);
        std::vector<std::string> texts;
        for (const QString& p : params)
            texts.push_back(p.toStdString());
        const std::string error = planError(independentFailures(), specOf(texts, 2));
        QVERIFY2(QString::fromStdString(error).contains(expected), error.c_str());
    }

    void pointMetricsEqualASingleRun()
    {
        // The point's mean over one seed is that seed's run, to the last bit.
        const SweepPlan p =
            plan(independentFailures(), specOf({"pipeline[0].max_attempts=1,4"}, 1));
        std::atomic<bool> cancel{false};
        const SweepResult r = runSweep(p, 1, cancel);
        for (std::size_t i = 0; i < p.points.size(); ++i) {
            const Summary single =
                runScenario(scenarioFromJson(independentFailures(i == 0 ? 1 : 4)),
                            RunOptions{.seed = p.seeds.front()});
            QCOMPARE(metric(p, r.points[i], "success_rate"), single.successRate());
            QCOMPARE(metric(p, r.points[i], "latency_ms.p99"), single.latency.p99);
            QCOMPARE(metric(p, r.points[i], "attempts.per_request"), single.attemptsPerRequest());
            QCOMPARE(metric(p, r.points[i], "endpoints.api.attempts"), double(single.attempts));
        }
    }

    void outputDoesNotDependOnJobs()
    {
        const SweepPlan p =
            plan(independentFailures(),
                 specOf({"pipeline[0].max_attempts=1..4/4", "pipeline[0].jitter=none,full"}, 3));
        std::atomic<bool> cancel{false};
        const std::string one = sweepTable(p, runSweep(p, 1, cancel), SweepFormat::Csv);
        const std::string two = sweepTable(p, runSweep(p, 2, cancel), SweepFormat::Csv);
        const std::string four = sweepTable(p, runSweep(p, 4, cancel), SweepFormat::Jsonl);
        QCOMPARE(two, one);
        QCOMPARE(std::count(one.begin(), one.end(), '\n'), 1 + 8); // header + 4 × 2 points
        QCOMPARE(four, sweepTable(p, runSweep(p, 1, cancel), SweepFormat::Jsonl));
    }

    void successRateFollowsTheRetryArithmetic()
    {
        // 1 − 0.2ⁿ within 4 standard errors of a mean over 5 seeds × 10,000 requests.
        const SweepPlan p =
            plan(independentFailures(), specOf({"pipeline[0].max_attempts=1..5/5"}, 5));
        std::atomic<bool> cancel{false};
        const SweepResult r = runSweep(p, 0, cancel);
        for (std::size_t i = 0; i < p.points.size(); ++i) {
            const double expected = 1.0 - std::pow(0.2, double(i + 1));
            const double n = 5 * 100 * 100.0;
            const double tolerance = 4.0 * std::sqrt(expected * (1 - expected) / n) + 1e-9;
            const double measured = metric(p, r.points[i], "success_rate");
            QVERIFY2(
                std::fabs(measured - expected) <= tolerance,
                qPrintable(
                    QString("max_attempts %1: %2 vs %3").arg(i + 1).arg(measured).arg(expected)));
        }
    }

    void studentQuantiles_data()
    {
        QTest::addColumn<int>("dof");
        QTest::addColumn<double>("expected"); // scipy.stats.t.ppf(0.975, dof)
        QTest::addRow("1") << 1 << 12.706204736174698;
        QTest::addRow("2") << 2 << 4.302652729749464;
        QTest::addRow("4") << 4 << 2.7764451051977934;
        QTest::addRow("9") << 9 << 2.2621571627409915;
        QTest::addRow("29") << 29 << 2.045229642132703;
        QTest::addRow("1000") << 1000 << 1.9623390808264078;
    }
    void studentQuantiles()
    {
        QFETCH(int, dof);
        QFETCH(double, expected);
        QVERIFY(std::fabs(studentT(0.95, dof) - expected) < 1e-9 * expected);
    }

    void intervalOfKnownValues()
    {
        // 1, 2, 3, 4, 5: mean 3, s = √2.5, half-width t(0.975, 4)·s/√5.
        const Interval i = meanInterval({1, 2, 3, 4, 5});
        const double half = 2.7764451051977934 * std::sqrt(2.5) / std::sqrt(5.0);
        QCOMPARE(i.mean, 3.0);
        QVERIFY(std::fabs(i.lo - (3 - half)) < 1e-12 && std::fabs(i.hi - (3 + half)) < 1e-12);
        QVERIFY(std::isnan(meanInterval({7}).lo)); // one run: no spread to go by
        QCOMPARE(meanInterval({7}).mean, 7.0);
    }

    void intervalStaysWithinTheMetricsRange()
    {
        // Four seeds all succeed, one loses 10 %: the t interval passes 1, the metric cannot.
        const std::vector<double> rates{1, 1, 1, 1, 0.9};
        QVERIFY(meanInterval(rates).hi > 1);
        const Interval rate = meanInterval(rates, "success_rate");
        QCOMPARE(rate.hi, 1.0);
        QCOMPARE(rate.mean, 0.98);
        QCOMPARE(rate.lo, meanInterval(rates).lo);
        // Times and counts are never below 0.
        const std::vector<double> waits{0, 0, 0, 0, 50};
        QVERIFY(meanInterval(waits).lo < 0);
        QCOMPARE(meanInterval(waits, "recovery_s").lo, 0.0);
        QVERIFY(meanInterval(waits, "recovery_s").hi > 1); // only success_rate is a fraction
    }

    void latinHypercubeUsesEveryStratumOnce()
    {
        SweepSpec spec =
            specOf({"pipeline[0].max_attempts=1..8/8", "workload.rate_per_s=1..8/8"}, 1);
        spec.sampling = SweepSpec::Sampling::Lhs;
        spec.samples = 8;
        const SweepPlan p = plan(independentFailures(), spec);
        QCOMPARE(p.points.size(), std::size_t(8));
        for (std::size_t d = 0; d < 2; ++d) {
            std::set<double> seen;
            for (const SweepPoint& point : p.points)
                seen.insert(point.values[d].toDouble());
            QCOMPARE(seen.size(), std::size_t(8));
        }
        // The same sample seed draws the same points.
        const SweepPlan again = plan(independentFailures(), spec);
        for (std::size_t i = 0; i < 8; ++i)
            QCOMPARE(again.points[i].values, p.points[i].values);
    }

    void recoveryTellsABlipFromACollapse()
    {
        // The retry storm preset stays overloaded after its spike (30–45 s) until the run ends
        // (the time left, 135 s, is reported); with backoff and a retry budget the server drains
        // its queue and is back about half a minute after the spike (its timeline: no request
        // succeeds from 35 s to 77 s, then every one does).
        const auto measure = [](const char* preset) {
            const ScenarioLoad load = loadFile(std::string(RESLAB_PRESETS_DIR "/") + preset);
            if (!load.scenario) qFatal("preset %s invalid", preset);
            const RunMetrics m = measureRun(*load.scenario, load.scenario->seed);
            for (const auto& [name, value] : m.values)
                if (name == "recovery_s") return value;
            return -1.0;
        };
        const double storm = measure("retry-storm-overload.json");
        const double guarded = measure("retry-storm-with-backoff-and-budget.json");
        QCOMPARE(storm, 180.0 - 45.0);
        QVERIFY2(guarded > 25 && guarded < 40, qPrintable(QString::number(guarded)));
    }

    void metricNamesMatchWhatARunReports()
    {
        const ScenarioLoad load = loadFile(RESLAB_PRESETS_DIR "/layered-retries-amplifying.json");
        QVERIFY(load.scenario);
        const RunMetrics m = measureRun(*load.scenario, 1);
        std::vector<std::string> names;
        for (const auto& [name, value] : m.values)
            names.push_back(name);
        QCOMPARE(names, metricNames(*load.scenario));
    }
};

QTEST_GUILESS_MAIN(TestSweep)
#include "tst_sweep.moc"

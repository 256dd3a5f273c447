// The up-front work estimate (run/work_estimate.h): its arithmetic, row by row, and against the
// engine — every bundled scenario runs within a small factor of the events it was estimated at,
// so a refusal means what it says.

#include "run/simulation.h"
#include "run/work_estimate.h"
#include "scenario/scenario_io.h"
#include "scenario/trace_loading.h"

#include <QDir>
#include <QTest>
#include <cmath>

using namespace reslab;

namespace {
Scenario parse(const QByteArray& json)
{
    const ScenarioLoad load = parseScenario(json);
    if (!load.scenario) qFatal("%s", formatDiagnostics("row", load.diagnostics).c_str());
    return *load.scenario;
}

QByteArray scenario(const QByteArray& workload, const QByteArray& pipeline,
                    const QByteArray& endpoints, const QByteArray& duration = "10")
{
    return R"({"format": "resilience-lab.scenario/1", "name": "t", "duration_s": )" + duration +
           R"(, "workload": )" + workload + R"(, "target": "api", "pipeline": )" + pipeline +
           R"(, "endpoints": )" + endpoints + "}";
}

const QByteArray kApi = R"({"api": {"latency": {"dist": "constant", "ms": 10}}})";
QByteArray retry(int attempts)
{
    return R"([{"type": "retry", "max_attempts": )" + QByteArray::number(attempts) +
           R"(, "backoff": {"type": "constant", "delay_ms": 0}}])";
}
} // namespace

class TestWorkEstimate : public QObject
{
    Q_OBJECT
private slots:
    void arithmetic_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<double>("requests");
        QTest::addColumn<double>("callsPerRequest");
        QTest::addRow("open: rate × duration")
            << scenario(R"({"type": "open", "rate_per_s": 50})", "[]", kApi) << 500.0 << 1.0;
        QTest::addRow("a ramp from 0 to 100 over 10 s: the mean rate")
            << scenario(R"({"type": "open", "rate_per_s": 0, "rate_schedule":
                   [{"at_s": 10, "rate_per_s": 100, "ramp": true}]})",
                        "[]", kApi)
            << 500.0 << 1.0;
        QTest::addRow("a step at 5 s")
            << scenario(R"({"type": "open", "rate_per_s": 10, "rate_schedule":
                   [{"at_s": 5, "rate_per_s": 30}]})",
                        "[]", kApi)
            << 200.0 << 1.0;
        QTest::addRow("max_requests caps it")
            << scenario(R"({"type": "open", "rate_per_s": 50, "max_requests": 7})", "[]", kApi)
            << 7.0 << 1.0;
        QTest::addRow("closed: clients × duration ÷ the cycle")
            << scenario(R"({"type": "closed", "clients": 4, "think": {"dist": "constant",
                   "ms": 90}})",
                        "[]", kApi)
            << 400.0 << 1.0; // 4 clients × 10 s ÷ (90 + 10) ms
        QTest::addRow("batch: clients × requests each")
            << scenario(R"({"type": "batch", "clients": 6, "requests_per_client": 5})", "[]", kApi)
            << 30.0 << 1.0;
        QTest::addRow("retry 3 against 50 %% failures: (1 − p³)/(1 − p)")
            << scenario(R"({"type": "open", "rate_per_s": 10})", retry(3),
                        R"({"api": {"failures": {"error": 0.5}}})")
            << 100.0 << 1.75;
        QTest::addRow("Linkerd's budget, all failing: one retry per five passes, not 999")
            << scenario(R"({"type": "open", "rate_per_s": 10})",
                        R"([{"type": "retry", "max_attempts": 1000, "backoff": {"type": "constant",
                              "delay_ms": 0}, "linkerd_budget": {"retry_ratio": 0.2}}])",
                        R"({"api": {"failures": {"error": 1}}})")
            << 100.0 << 1.2;
        QTest::addRow("Linkerd's budget above the retry's own bound: the retry's")
            << scenario(R"({"type": "open", "rate_per_s": 10})",
                        R"([{"type": "retry", "max_attempts": 3, "backoff": {"type": "constant",
                              "delay_ms": 0}, "linkerd_budget": {"retry_ratio": 1000}}])",
                        R"({"api": {"failures": {"error": 0.5}}})")
            << 100.0 << 1.75;
        QTest::addRow("an outage half the run: its share weighs in")
            << scenario(R"({"type": "open", "rate_per_s": 10})", retry(2),
                        R"({"api": {"phases": [{"start_s": 0, "end_s": 5,
                              "failures": {"error": 1}}]}})")
            << 100.0 << 1.5;
        QTest::addRow("three layers of three attempts, all failing: 3 + 9 + 27 calls")
            << scenario(R"({"type": "open", "rate_per_s": 1})", retry(3),
                        R"({"api": {"failures": {"error": 1}, "calls": [{"endpoint": "b",
                              "pipeline": )" +
                            retry(3) + R"(}]},
                            "b": {"failures": {"error": 1}, "calls": [{"endpoint": "c",
                              "pipeline": )" +
                            retry(3) + R"(}]}, "c": {"failures": {"error": 1}}})")
            << 10.0 << 39.0;
    }

    void arithmetic()
    {
        QFETCH(QByteArray, json);
        QFETCH(double, requests);
        QFETCH(double, callsPerRequest);
        const WorkEstimate e = estimateWork(parse(json));
        QCOMPARE(e.requests, requests);
        QVERIFY2(std::fabs(e.endpointCalls / e.requests - callsPerRequest) < 1e-9,
                 qPrintable(QString::number(e.endpointCalls / e.requests)));
    }

    // A latency with no finite mean (a Pareto of shape ≤ 1): calls in flight are bounded by what
    // the workload sends in all and by the run's length, never "unboundedly many".
    void heavyTailsInFlight_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<double>("atMost");
        const QByteArray pareto = R"({"api": {"latency": {"dist": "pareto", "scale_ms": 1,
                                      "shape": 0.5}}})";
        QTest::addRow("10 requests: at most 10 in flight")
            << scenario(R"({"type": "open", "rate_per_s": 50, "max_requests": 10})", "[]", pareto)
            << 10.0;
        QTest::addRow("50/s over 10 s and a 30 s drain: at most the 500 sent")
            << scenario(R"({"type": "open", "rate_per_s": 50})", "[]", pareto) << 500.0;
        QTest::addRow("closed: at most one per client")
            << scenario(R"({"type": "closed", "clients": 4})", "[]", pareto) << 4.0;
    }
    void heavyTailsInFlight()
    {
        QFETCH(QByteArray, json);
        QFETCH(double, atMost);
        const WorkEstimate e = estimateWork(parse(json));
        QVERIFY2(std::isfinite(e.peakInFlight) && e.peakInFlight <= atMost,
                 qPrintable(QString::number(e.peakInFlight)));
        QVERIFY(!workRefusal(e, WorkLimits{}));
    }

    void everyPresetRunsNearItsEstimate_data()
    {
        QTest::addColumn<QString>("path");
        const QDir presets(QStringLiteral(RESLAB_PRESETS_DIR));
        for (const QString& name : presets.entryList({"*.json"}, QDir::Files, QDir::Name))
            QTest::addRow("%s", qPrintable(name)) << presets.filePath(name);
    }

    void everyPresetRunsNearItsEstimate()
    {
        QFETCH(QString, path);
        TraceCache traces;
        const ScenarioLoad load = loadScenarioFile(path.toStdString(), traces);
        QVERIFY(load.scenario);
        const WorkEstimate e = estimateWork(*load.scenario);
        QVERIFY(!workRefusal(e, WorkLimits{}));
        Simulation sim(*load.scenario);
        sim.run();
        const double events = double(sim.eventsRun());
        // Within a factor of four either way (breakers and budgets save attempts the estimate
        // counts; overload makes failures the fault model does not), and never far beyond it.
        const QString ratio =
            QStringLiteral("%1 events run, %2 estimated").arg(events).arg(e.events);
        QVERIFY2(events <= 4.0 * e.events + 10'000, qPrintable(ratio));
        QVERIFY2(events >= e.events / 4.0 - 10'000, qPrintable(ratio));
    }
};

QTEST_GUILESS_MAIN(TestWorkEstimate)
#include "tst_work_estimate.moc"

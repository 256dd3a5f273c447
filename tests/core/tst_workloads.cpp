// Workloads: Poisson counts against their means (5 σ of a Poisson count is 5·√mean), rate
// schedules with steps and ramps against the integral of the rate, closed and batch clients.

#include "testing.h"

#include <QTest>

using namespace reslab;
using namespace reslab::testing;

namespace {
std::string withWorkload(const std::string& workload, double durationS,
                         const std::string& latency = R"({"dist": "constant", "ms": 10})")
{
    return R"({"format": "resilience-lab.scenario/1", "seed": 21, "duration_s": )" +
           std::to_string(durationS) + R"(, "workload": )" + workload +
           R"(, "target": "api", "pipeline": [],
              "endpoints": {"api": {"latency": )" +
           latency + "}}}";
}
} // namespace

class TestWorkloads : public QObject
{
    Q_OBJECT
private slots:
    void openArrivalCounts_data()
    {
        QTest::addColumn<QString>("workload");
        QTest::addColumn<double>("duration");
        QTest::addColumn<double>("expected"); // ∫ rate dt
        QTest::addRow("steady 50/s for 200 s")
            << R"({"type": "open", "rate_per_s": 50})" << 200.0 << 10000.0;
        // 10/s for 50 s, a spike to 200/s for 10 s, back to 10/s for 40 s: 500 + 2000 + 400.
        QTest::addRow("spike")
            << R"({"type": "open", "rate_per_s": 10, "rate_schedule": [{"at_s": 50, "rate_per_s": 200}, {"at_s": 60, "rate_per_s": 10}]})"
            << 100.0 << 2900.0;
        // Ramp 0 → 100/s over 100 s, then flat 100/s for 50 s: 5000 + 5000.
        QTest::addRow("ramp up")
            << R"({"type": "open", "rate_per_s": 0, "rate_schedule": [{"at_s": 100, "rate_per_s": 100, "ramp": true}]})"
            << 150.0 << 10000.0;
        // Ramp down 100 → 0 over 100 s: 5000.
        QTest::addRow("ramp down")
            << R"({"type": "open", "rate_per_s": 100, "rate_schedule": [{"at_s": 100, "rate_per_s": 0, "ramp": true}]})"
            << 200.0 << 5000.0;
    }

    void openArrivalCounts()
    {
        QFETCH(QString, workload);
        QFETCH(double, duration);
        QFETCH(double, expected);
        const Summary s =
            runScenario(scenarioFromJson(withWorkload(workload.toStdString(), duration)));
        RESLAB_COMPARE_WITHIN(double(s.requests), expected, kSigmas * std::sqrt(expected));
    }

    void rampShapesTheArrivals()
    {
        // On a ramp 0 → 100/s over 100 s, the first half holds a quarter of the arrivals.
        const std::string json = withWorkload(
            R"({"type": "open", "rate_per_s": 0, "rate_schedule": [{"at_s": 100, "rate_per_s": 100, "ramp": true}]})",
            100);
        Simulation sim(scenarioFromJson(json));
        RequestLog log;
        sim.addObserver(&log);
        sim.run();
        double early = 0;
        for (const auto& r : log.requests)
            early += r.start < 50 * kNanosPerSecond;
        const double n = double(log.requests.size());
        RESLAB_COMPARE_WITHIN(early / n, 0.25, kSigmas * proportionStdError(0.25, n));
    }

    void maxRequestsStopsArrivals()
    {
        const Summary s = runScenario(scenarioFromJson(
            withWorkload(R"({"type": "open", "rate_per_s": 1000, "max_requests": 1234})", 100)));
        QCOMPARE(s.requests, std::uint64_t(1234));
    }

    void closedClientsCycle()
    {
        // 4 clients, 90 ms think + 10 ms service: each client makes one request per 100 ms.
        // Over 10 s each client starts requests at 0, 0.1, …, 9.9 s: 100 each.
        const Summary s = runScenario(scenarioFromJson(withWorkload(
            R"({"type": "closed", "clients": 4, "think": {"dist": "constant", "ms": 90}})", 10)));
        QCOMPARE(s.requests, std::uint64_t(400));
        QCOMPARE(s.unfinished, std::uint64_t(0));
    }

    void batchClientsGoInTurn()
    {
        // 3 clients × 5 requests of 10 ms each, one after another: done at 50 ms.
        const Summary s = runScenario(scenarioFromJson(
            withWorkload(R"({"type": "batch", "clients": 3, "requests_per_client": 5})", 100)));
        QCOMPARE(s.requests, std::uint64_t(15));
        QCOMPARE(s.endMs, 50.0);
    }
};

QTEST_GUILESS_MAIN(TestWorkloads)
#include "tst_workloads.moc"

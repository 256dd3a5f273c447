// The endpoint model against queueing theory where theory has an answer:
//  - M/M/1 (Poisson arrivals, exponential service, one worker, unbounded queue): mean response
//    time 1/(μ − λ);
//  - M/M/c/c (c workers, no queue): the fraction of arrivals rejected is Erlang-B, which by
//    insensitivity holds for any service-time distribution with the same mean.
// Tolerances: 5 standard errors estimated by batch means (the observations are correlated), and
// the test also checks that the error is small enough for the comparison to mean something.

#include "testing.h"

#include <QTest>

using namespace reslab;
using namespace reslab::testing;

namespace {
double erlangB(int c, double a)
{
    // The stable recurrence B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)).
    double b = 1.0;
    for (int k = 1; k <= c; ++k)
        b = a * b / (k + a * b);
    return b;
}
} // namespace

class TestQueueing : public QObject
{
    Q_OBJECT
private slots:
    void mm1MeanResponseTime_data()
    {
        QTest::addColumn<double>("lambda");
        QTest::addColumn<double>("mu");
        QTest::addRow("ρ = 0.5") << 50.0 << 100.0;
        QTest::addRow("ρ = 0.8") << 80.0 << 100.0;
    }

    void mm1MeanResponseTime()
    {
        QFETCH(double, lambda);
        QFETCH(double, mu);
        const std::string json =
            R"({"format": "resilience-lab.scenario/1", "seed": 11, "duration_s": 4000,
            "workload": {"type": "open", "rate_per_s": )" +
            std::to_string(lambda) + R"(},
            "target": "q", "pipeline": [],
            "endpoints": {"q": {"latency": {"dist": "exponential", "mean_ms": )" +
            std::to_string(1000.0 / mu) + R"(},
                                "capacity": {"workers": 1}}}})";
        Simulation sim(scenarioFromJson(json));
        RequestLog log;
        sim.addObserver(&log);
        sim.run();
        std::vector<double> responseMs;
        for (const auto& r : log.requests)
            responseMs.push_back(toMillis(r.end - r.start));
        const BatchMeans bm = batchMeans(responseMs);
        const double theory = 1000.0 / (mu - lambda);
        QVERIFY2(bm.stdError < 0.03 * theory, "too few samples for a meaningful comparison");
        RESLAB_COMPARE_WITHIN(bm.mean, theory, kSigmas * bm.stdError);
    }

    void erlangBBlocking_data()
    {
        QTest::addColumn<int>("workers");
        QTest::addColumn<double>("lambda");
        QTest::addColumn<QString>("service"); // a distribution with mean 1000 ms
        QTest::addRow("c=5, a=4, exponential")
            << 5 << 4.0 << R"({"dist": "exponential", "mean_ms": 1000})";
        QTest::addRow("c=10, a=8, exponential")
            << 10 << 8.0 << R"({"dist": "exponential", "mean_ms": 1000})";
        // Insensitivity: same mean, very different shape, same blocking.
        QTest::addRow("c=5, a=4, uniform")
            << 5 << 4.0 << R"({"dist": "uniform", "min_ms": 0, "max_ms": 2000})";
    }

    void erlangBBlocking()
    {
        QFETCH(int, workers);
        QFETCH(double, lambda);
        QFETCH(QString, service);
        const std::string json =
            R"({"format": "resilience-lab.scenario/1", "seed": 5, "duration_s": 30000,
            "workload": {"type": "open", "rate_per_s": )" +
            std::to_string(lambda) + R"(},
            "target": "pool", "pipeline": [],
            "endpoints": {"pool": {"latency": )" +
            service.toStdString() + R"(,
                                   "capacity": {"workers": )" +
            std::to_string(workers) + R"(, "queue": 0}}}})";
        Simulation sim(scenarioFromJson(json));
        RequestLog log;
        sim.addObserver(&log);
        sim.run();
        std::vector<double> rejected;
        for (const auto& r : log.requests)
            rejected.push_back(r.result.outcome == Outcome::Rejected ? 1.0 : 0.0);
        const BatchMeans bm = batchMeans(rejected);
        const double theory = erlangB(workers, lambda * 1.0);
        QVERIFY2(bm.stdError < 0.05 * theory, "too few samples for a meaningful comparison");
        RESLAB_COMPARE_WITHIN(bm.mean, theory, kSigmas * bm.stdError);
        // Every request that was not rejected was served.
        QCOMPARE(sim.summary().endpoints.front().served,
                 sim.summary().attemptsByOutcome[std::size_t(Outcome::Ok)]);
    }
};

QTEST_GUILESS_MAIN(TestQueueing)
#include "tst_queueing.moc"

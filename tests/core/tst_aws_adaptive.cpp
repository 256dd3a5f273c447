// The AWS adaptive retry mode's client rate limiter (strategy aws_adaptive) in the engine: off
// until a throttling answer, then steering the send rate to what the server allows. Its
// arithmetic is pinned call by call to botocore's own classes by tests/check_aws_adaptive.py;
// these tests check what it does to a run.

#include "policy/aws_adaptive.h"
#include "testing.h"

#include <QTest>

using namespace reslab;
using namespace reslab::testing;

namespace {
// AWS standard mode's retry: 3 attempts, U(0, 1) · min(2^(attempt − 1) s, 20 s).
const std::string kStandardRetry =
    R"({"type": "retry", "max_attempts": 3, "backoff": {"type": "exponential",
        "initial_ms": 1000, "multiplier": 2, "max_ms": 20000}, "jitter": "full"})";

std::string pipeline(bool adaptive)
{
    return "[" + kStandardRetry + (adaptive ? R"(, {"type": "aws_adaptive"}])" : "]");
}

// Attempts sent per second in [from, to) s, and the share of them answered rate_limited.
struct SendRate
{
    double perS = 0;
    double throttledShare = 0;
};
SendRate sendRate(const RequestLog& log, double from, double to)
{
    std::uint64_t sent = 0, throttled = 0;
    for (const AttemptRecord& a : log.attempts) {
        const double t = toSeconds(a.start);
        if (t < from || t >= to) continue;
        ++sent;
        throttled += a.result.outcome == Outcome::RateLimited;
    }
    return {double(sent) / (to - from), sent ? double(throttled) / double(sent) : 0.0};
}
} // namespace

class TestAwsAdaptive : public QObject
{
    Q_OBJECT
private slots:
    void cubicFromBotocoresFormula()
    {
        // botocore throttling.py by hand: after a throttle at t = 10 s sending at 40/s,
        // W_max = 40, K = ∛(40 · 0.3 / 0.4) = ∛30, the rate is 0.7 · 40 = 28; at t = 10 + K
        // it is back to W_max, and 1 s later W_max + 0.4.
        CubicCalculator c(0.0, 0.0, kBotocoreCubicScale, kBotocoreCubicBeta);
        QCOMPARE(c.successReceived(2.0), 0.4 * 8.0); // W_max 0, K 0: 0.4 · t³
        QCOMPARE(c.errorReceived(40.0, 10.0), 28.0);
        QVERIFY(std::abs(c.k() - std::cbrt(30.0)) < 1e-12);
        QVERIFY(std::abs(c.successReceived(10.0) - 28.0) < 1e-9);
        QVERIFY(std::abs(c.successReceived(10.0 + c.k()) - 40.0) < 1e-9);
        QVERIFY(std::abs(c.successReceived(11.0 + c.k()) - 40.4) < 1e-9);
    }

    void tokenBucketFromBotocoresRules()
    {
        // bucket.py: fill rate max(rate, 0.5), capacity max(rate, 1), tokens capped on a cut.
        AwsTokenBucket b(1.0, 0.0, kBotocoreMinFillRate);
        QCOMPARE(b.availableCapacity(), 0.0);
        QVERIFY(!b.tryAcquire(0.5));
        QCOMPARE(b.sleepAmount(), 0.5);
        QVERIFY(b.tryAcquire(1.0));
        b.setMaxRate(10.0, 3.0); // 2 s at 1/s first, but it held at most 1
        QCOMPARE(b.availableCapacity(), 1.0);
        QCOMPARE(b.maxCapacity(), 10.0);
        b.setMaxRate(0.2, 3.0); // below the minimum: fills at 0.5/s, holds 1
        QCOMPARE(b.maxRate(), 0.5);
        QCOMPARE(b.availableCapacity(), 1.0);
    }

    void offUntilTheFirstThrottle()
    {
        // Without a throttling answer the limiter never holds an attempt back: the run is the
        // run without it, to the attempt.
        const std::string endpoint =
            R"({"latency": {"dist": "lognormal", "median_ms": 20, "p99_ms": 200},
                "failures": {"error": 0.2}})";
        const std::string workload = R"({"type": "open", "rate_per_s": 200})";
        const Summary with =
            runScenario(scenarioFromJson(scenarioJson(workload, pipeline(true), endpoint, 60, 4)));
        const Summary without =
            runScenario(scenarioFromJson(scenarioJson(workload, pipeline(false), endpoint, 60, 4)));
        QCOMPARE(with.attempts, without.attempts);
        QCOMPARE(with.succeeded, without.succeeded);
        QCOMPARE(with.latency.p99, without.latency.p99);
        QVERIFY(with.attempts > 13000);
    }

    void followsTheServersLimit_data()
    {
        QTest::addColumn<QString>("rateLimit"); // the endpoint's rate-limit blocks
        QTest::addColumn<double>("from");       // the stretch measured, s
        QTest::addColumn<double>("to");
        QTest::addColumn<double>("limit"); // what the server allows then, per s
        // CUBIC probes up to the limit and falls back to β = 0.7 of it at each throttle, so the
        // mean send rate sits between 0.7 and 1 of the limit (plus the burst); the measured
        // window starts after the first probes (about ∛(W·0.3/0.4) s each).
        QTest::addRow("50/s, offered 100/s")
            << R"("rate_limit": {"rate_per_s": 50, "burst": 5})" << 30.0 << 120.0 << 50.0;
        QTest::addRow("50/s, then 20/s from 60 s: followed within 10 s")
            << R"("rate_limit": {"rate_per_s": 50, "burst": 5},
                  "phases": [{"start_s": 60, "end_s": 1000,
                              "rate_limit": {"rate_per_s": 20, "burst": 5}}])"
            << 70.0 << 120.0 << 20.0;
        QTest::addRow("20/s, then 50/s from 60 s: climbs back within 20 s")
            << R"("rate_limit": {"rate_per_s": 20, "burst": 5},
                  "phases": [{"start_s": 60, "end_s": 1000,
                              "rate_limit": {"rate_per_s": 50, "burst": 5}}])"
            << 80.0 << 120.0 << 50.0;
    }

    void followsTheServersLimit()
    {
        QFETCH(QString, rateLimit);
        QFETCH(double, from);
        QFETCH(double, to);
        QFETCH(double, limit);
        const std::string endpoint =
            R"({"latency": {"dist": "constant", "ms": 10}, )" + rateLimit.toStdString() + "}";
        const std::string workload = R"({"type": "open", "rate_per_s": 100})";
        for (const bool adaptive : {true, false}) {
            Simulation sim(
                scenarioFromJson(scenarioJson(workload, pipeline(adaptive), endpoint, 120, 3)));
            RequestLog log;
            sim.addObserver(&log);
            sim.run();
            const SendRate r = sendRate(log, from, to);
            if (adaptive) {
                QVERIFY2(r.perS >= 0.7 * limit && r.perS <= 1.05 * limit,
                         qPrintable(QString("sent %1/s against %2/s").arg(r.perS).arg(limit)));
                QVERIFY2(r.throttledShare < 0.03, qPrintable(QString::number(r.throttledShare)));
            } else {
                // Standard mode alone sends every attempt: most of them are throttled.
                QVERIFY2(r.perS > 1.5 * limit, qPrintable(QString::number(r.perS)));
                QVERIFY2(r.throttledShare > 0.4, qPrintable(QString::number(r.throttledShare)));
            }
        }
    }

    void waitersAbandonedByATimeout()
    {
        // An outer timeout abandons attempts still waiting for a token: they end as timeouts and
        // the line goes on without them. The first throttle comes before the first 0.5 s
        // bucket has measured a rate, so botocore's rule sets the rate to min(0.7 · 0, 2 · 0)
        // and the bucket fills at its 0.5/s floor; the line is served in order, so the tokens go
        // to the attempts closest to their deadline, many of which time out in flight and never
        // answer, and the measured rate climbs slowly: almost every request times out.
        const Summary s = runScenario(
            scenarioFromJson(scenarioJson(R"({"type": "open", "rate_per_s": 100})",
                                          R"([{"type": "timeout", "timeout_ms": 2000}, )" +
                                              kStandardRetry + R"(, {"type": "aws_adaptive"}])",
                                          R"({"latency": {"dist": "constant", "ms": 10},
                "rate_limit": {"rate_per_s": 30, "burst": 5}})",
                                          60, 5)));
        const std::uint64_t timedOut = s.requestsByOutcome[std::size_t(Outcome::Timeout)];
        QCOMPARE(timedOut + s.succeeded, s.requests);
        QVERIFY(double(timedOut) > 0.9 * double(s.requests));
        QVERIFY(s.attempts < s.requests / 10); // most never got a token
        QCOMPARE(s.latency.max, 2000.0);
    }
};

QTEST_GUILESS_MAIN(TestAwsAdaptive)
#include "tst_aws_adaptive.moc"

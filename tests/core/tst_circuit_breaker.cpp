// The circuit breaker state machine, call by call, against each anchor's documented behaviour
// (resilience4j CircuitBreakerStateMachine, Polly v8, Hystrix, failsafe/pybreaker consecutive
// breakers), and an outage scenario end to end.

#include "breaker_harness.h"
#include "policy/circuit_breaker.h"
#include "testing.h"

#include <QTest>

using namespace reslab;
using namespace reslab::testing;

Q_DECLARE_METATYPE(reslab::BreakerSpec)

namespace {
constexpr Time kMs = kNanosPerMilli;

using Harness = reslab::testing::BreakerHarness;

BreakerSpec countBreaker(std::uint32_t size, std::uint32_t minCalls, double rate)
{
    BreakerSpec s;
    s.windowSize = size;
    s.minCalls = minCalls;
    s.failureRate = rate;
    s.openMs = 1000;
    s.halfOpenCalls = 3;
    return s;
}
} // namespace

class TestCircuitBreaker : public QObject
{
    Q_OBJECT
private slots:
    void tripsAtExactlyTheThreshold_data()
    {
        QTest::addColumn<BreakerSpec>("spec");
        QTest::addColumn<QString>("calls");  // F = error, S = ok
        QTest::addColumn<int>("opensAfter"); // 1-based call that opens it; 0 = never
        QTest::addRow("50%% of 10 opens at the 10th call")
            << countBreaker(10, 10, 0.5) << "FFFFSSSSSF" << 10;
        QTest::addRow("not before min_calls") << countBreaker(10, 10, 0.5) << "FFFFFSSSSS" << 10;
        QTest::addRow("40%% stays closed") << countBreaker(10, 10, 0.5) << "FFFFSSSSSS" << 0;
        QTest::addRow("min_calls clamped to the window size")
            << countBreaker(5, 100, 0.5) << "FFSFS" << 5;
        QTest::addRow("the window slides") << countBreaker(4, 4, 0.75) << "FSSFFF" << 6;
        BreakerSpec polly;
        BreakerSpec::applyPreset("polly", polly); // ratio 0.1, minimum throughput 100
        // Polly decides on a failure only (AdvancedCircuitBehavior.OnActionFailure).
        QTest::addRow("Polly: the 10th failure of 100")
            << polly << QString("S").repeated(90) + QString("F").repeated(10) << 100;
        QTest::addRow("Polly: 10 of 100, the last a success, stays closed")
            << polly << QString("F").repeated(10) + QString("S").repeated(90) << 0;
        QTest::addRow("Polly: 9 of 100 stays closed")
            << polly << QString("S").repeated(91) + QString("F").repeated(9) << 0;
        BreakerSpec hystrix;
        BreakerSpec::applyPreset("hystrix", hystrix); // 50 %, request volume 20
        // The volume rule alone; Hystrix decides on its 500 ms snapshots (tst_breaker_timing).
        hystrix.evaluate = BreakerSpec::Evaluate::EveryCall;
        QTest::addRow("Hystrix: volume 20") << hystrix << QString("F").repeated(19) + "S" << 20;
    }

    void tripsAtExactlyTheThreshold()
    {
        QFETCH(BreakerSpec, spec);
        QFETCH(QString, calls);
        QFETCH(int, opensAfter);
        Harness h(spec);
        int opened = 0;
        for (int i = 0; i < calls.size(); ++i) {
            QVERIFY(h.call(Time(i) * kMs, calls[i] == 'F' ? Outcome::Error : Outcome::Ok));
            if (!opened && h.breaker.state() == BreakerState::Open) opened = i + 1;
        }
        QCOMPARE(opened, opensAfter);
    }

    void reasonStatesTheNumbers()
    {
        Harness h(countBreaker(20, 20, 0.5));
        for (int i = 0; i < 20; ++i)
            h.call(i * kMs, i < 12 ? Outcome::Error : Outcome::Ok);
        QCOMPARE(h.changes.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(h.changes[0].reason),
                 QStringLiteral("failure rate 60 % ≥ 50 % over 20 calls"));
        QCOMPARE(h.changes[0].at, 19 * kMs);
    }

    // Every transition carries the rule that fired and the counts it compared, as values.
    // Calls: F error, S ok, L ok but slow (150 ms against slow_call_ms 100), one per ms; `|`
    // jumps 2 s ahead, past open_ms. The last transition's decision is checked.
    void decisionStatesTheWindow_data()
    {
        QTest::addColumn<BreakerSpec>("spec");
        QTest::addColumn<QString>("calls");
        QTest::addColumn<int>("rule");
        QTest::addColumn<QList<int>>("counted"); // calls, failures, slow, minimum
        QTest::addColumn<int>("failureThreshold");
        BreakerSpec slow = countBreaker(10, 10, 0.5);
        slow.slowCallMs = 100;
        slow.slowCallRate = 0.5;
        BreakerSpec consecutive;
        consecutive.mode = BreakerSpec::Mode::Consecutive;
        consecutive.failureThreshold = 5;
        BreakerSpec period = consecutive;
        period.failureThreshold = 3;
        period.failureWindowS = 60;
        using Counts = QList<int>;
        QTest::addRow("failure rate: 6 of 9 over the minimum 9")
            << countBreaker(9, 9, 0.5) << "FFFFFFSSS" << int(BreakerRule::FailureRate)
            << Counts{9, 6, 0, 9} << 0;
        QTest::addRow("minimum clamped to the window size")
            << countBreaker(5, 100, 0.5) << "FFSFS" << int(BreakerRule::FailureRate)
            << Counts{5, 3, 0, 5} << 0;
        QTest::addRow("slow-call rate: 5 slow of 10")
            << slow << "SLSLSLSLSL" << int(BreakerRule::SlowCallRate) << Counts{10, 0, 5, 10} << 0;
        QTest::addRow("5 consecutive failures")
            << consecutive << "FFSFFFFF" << int(BreakerRule::Consecutive) << Counts{5, 5, 0, 0}
            << 5;
        QTest::addRow("3 failures within 60 s")
            << period << "FSFSF" << int(BreakerRule::FailuresInPeriod) << Counts{3, 3, 0, 0} << 3;
        QTest::addRow("open wait over: half-open, nothing counted")
            << countBreaker(4, 4, 0.5) << "FFFF|S" << int(BreakerRule::OpenWaitOver)
            << Counts{0, 0, 0, 0} << 0;
        QTest::addRow("probes: 2 of 3 failed")
            << countBreaker(4, 4, 0.5) << "FFFF|FFS" << int(BreakerRule::ProbesFailed)
            << Counts{3, 2, 0, 3} << 0;
        QTest::addRow("probes: 1 of 3 failed, closed")
            << countBreaker(4, 4, 0.5) << "FFFF|SFS" << int(BreakerRule::ProbesPassed)
            << Counts{3, 1, 0, 3} << 0;
    }

    void decisionStatesTheWindow()
    {
        QFETCH(BreakerSpec, spec);
        QFETCH(QString, calls);
        QFETCH(int, rule);
        QFETCH(QList<int>, counted);
        QFETCH(int, failureThreshold);
        Harness h(spec);
        Time now = 0;
        for (QChar c : calls) {
            if (c == '|') {
                now += 2000 * kMs;
                continue;
            }
            h.call(now, c == 'F' ? Outcome::Error : Outcome::Ok, (c == 'L' ? 150 : 50) * kMs);
            now += kMs;
        }
        QVERIFY(!h.changes.empty());
        const BreakerDecision& d = h.changes.back().decision;
        QCOMPARE(int(d.rule), rule);
        QCOMPARE((QList<int>{int(d.calls), int(d.failures), int(d.slow), int(d.minimum)}), counted);
        QCOMPARE(int(d.failureThreshold), failureThreshold);
        QCOMPARE(d.failureRate, spec.failureRate);
    }

    void halfOpenAdmitsExactlyTheProbes_data()
    {
        QTest::addColumn<QString>("probes");
        QTest::addColumn<int>("finalState");
        QTest::addRow("all succeed: closed") << "SSS" << int(BreakerState::Closed);
        QTest::addRow("1 of 3 fails (33%% < 50%%): closed") << "SFS" << int(BreakerState::Closed);
        QTest::addRow("2 of 3 fail: open again") << "FFS" << int(BreakerState::Open);
    }

    void halfOpenAdmitsExactlyTheProbes()
    {
        QFETCH(QString, probes);
        QFETCH(int, finalState);
        Harness h(countBreaker(4, 4, 0.5));
        for (int i = 0; i < 4; ++i)
            h.call(0, Outcome::Error);
        QCOMPARE(h.breaker.state(), BreakerState::Open);
        QVERIFY(!h.call(999 * kMs, Outcome::Ok));  // still open just before open_ms …
        QVERIFY(!h.call(1000 * kMs, Outcome::Ok)); // … and at it (resilience4j isAfter)
        // After open_ms the first call moves it to half-open (lazily) and is a probe; three probes
        // are let through, the fourth is rejected while they are out.
        std::vector<CircuitBreaker::Permit> permits;
        for (int i = 0; i < 3; ++i) {
            permits.push_back(h.breaker.tryAcquire(1000 * kMs + 1));
            QVERIFY(permits.back().allowed);
        }
        QCOMPARE(h.breaker.state(), BreakerState::HalfOpen);
        QVERIFY(!h.breaker.tryAcquire(1000 * kMs + 1).allowed);
        for (int i = 0; i < 3; ++i)
            h.breaker.onResult(1001 * kMs, permits[i].epoch,
                               probes[i] == 'F' ? Outcome::Error : Outcome::Ok, kMs);
        QCOMPARE(int(h.breaker.state()), finalState);
    }

    void slowCallsTrip()
    {
        BreakerSpec s = countBreaker(10, 10, 0.5);
        s.slowCallMs = 100;
        s.slowCallRate = 0.5;
        Harness h(s);
        for (int i = 0; i < 10; ++i)
            h.call(i * kMs, Outcome::Ok, (i % 2 ? 150 : 50) * kMs);
        QCOMPARE(h.breaker.state(), BreakerState::Open);
        QVERIFY(
            QString::fromStdString(h.changes[0].reason).startsWith("slow-call rate 50 % ≥ 50 %"));
        // Exactly at the threshold is not slow (resilience4j: duration > threshold).
        Harness edge(s);
        for (int i = 0; i < 10; ++i)
            edge.call(i * kMs, Outcome::Ok, 100 * kMs);
        QCOMPARE(edge.breaker.state(), BreakerState::Closed);
    }

    void ignoredOutcomesDoNotCount()
    {
        BreakerSpec s = countBreaker(4, 4, 0.5);
        s.ignore.insert(Outcome::Fatal);
        Harness h(s);
        for (int i = 0; i < 10; ++i)
            h.call(0, Outcome::Fatal);
        QCOMPARE(h.breaker.totals(0).calls, 0u);
        QCOMPARE(h.breaker.state(), BreakerState::Closed);
        // Outcomes neither failures nor ignored count as successes.
        s.failureOn = {Outcome::Error};
        Harness g(s);
        for (int i = 0; i < 4; ++i)
            g.call(0, Outcome::Timeout);
        QCOMPARE(g.breaker.totals(0).calls, 4u);
        QCOMPARE(g.breaker.state(), BreakerState::Closed);
        // In half-open an ignored result gives its permit back.
        Harness p(s);
        for (int i = 0; i < 4; ++i)
            p.call(0, Outcome::Error);
        for (int i = 0; i < 3; ++i)
            QVERIFY(p.call(1001 * kMs, Outcome::Fatal));
        QCOMPARE(p.breaker.state(), BreakerState::HalfOpen);
        QVERIFY(p.breaker.tryAcquire(1001 * kMs).allowed);
    }

    void openTimeGrowsAndResets()
    {
        BreakerSpec s = countBreaker(2, 2, 0.5);
        s.halfOpenCalls = 1;
        s.openMultiplier = 2;
        s.openMaxMs = 3000;
        Harness h(s);
        h.call(0, Outcome::Error);
        h.call(0, Outcome::Error); // open #1: 1 s
        // Each wait ends strictly after its length (resilience4j isAfter): the call at the
        // instant is rejected, the one a millisecond later probes.
        QVERIFY(!h.call(1000 * kMs, Outcome::Error));
        QVERIFY(h.call(1001 * kMs, Outcome::Error)); // probe fails: open #2: 2 s
        QVERIFY(!h.call(3001 * kMs, Outcome::Ok));
        QVERIFY(h.call(3002 * kMs, Outcome::Error)); // open #3: 4 s capped at 3 s
        QVERIFY(!h.call(6002 * kMs, Outcome::Ok));
        QVERIFY(h.call(6003 * kMs, Outcome::Ok)); // closes, and the wait starts over
        QCOMPARE(h.breaker.state(), BreakerState::Closed);
        h.call(6004 * kMs, Outcome::Error);
        h.call(6004 * kMs, Outcome::Error);
        QCOMPARE(h.breaker.state(), BreakerState::Open);
        QVERIFY(!h.call(7004 * kMs, Outcome::Ok)); // 1 s again: still open at 7.004 s …
        QVERIFY(h.call(7005 * kMs, Outcome::Ok));  // … the probe at 7.005 s closes it
        QCOMPARE(h.breaker.state(), BreakerState::Closed);
    }

    void forcedStates()
    {
        BreakerSpec s = countBreaker(2, 2, 0.5);
        s.forced = BreakerSpec::Forced::ForcedOpen;
        Harness open(s);
        QVERIFY(!open.call(0, Outcome::Ok));
        s.forced = BreakerSpec::Forced::Disabled;
        Harness disabled(s);
        for (int i = 0; i < 10; ++i)
            QVERIFY(disabled.call(0, Outcome::Error));
        QCOMPARE(disabled.breaker.totals(0).calls, 0u);
        s.forced = BreakerSpec::Forced::MetricsOnly;
        Harness metrics(s);
        for (int i = 0; i < 10; ++i)
            QVERIFY(metrics.call(0, Outcome::Error));
        QCOMPARE(metrics.breaker.totals(0).failures, 2u); // recorded, never opens
        QVERIFY(metrics.changes.empty());
    }

    void consecutiveFailures()
    {
        BreakerSpec s;
        s.mode = BreakerSpec::Mode::Consecutive;
        s.failureThreshold = 5;
        s.successThreshold = 2;
        s.halfOpenCalls = 2;
        s.openMs = 60'000; // seed 002: threshold 5, 60 s
        Harness h(s);
        for (int i = 0; i < 4; ++i)
            h.call(0, Outcome::Error);
        h.call(0, Outcome::Ok); // a success resets the count
        for (int i = 0; i < 4; ++i)
            h.call(0, Outcome::Error);
        QCOMPARE(h.breaker.state(), BreakerState::Closed);
        h.call(0, Outcome::Error);
        QCOMPARE(h.breaker.state(), BreakerState::Open);
        QCOMPARE(QString::fromStdString(h.changes.back().reason),
                 QStringLiteral("5 consecutive failures ≥ 5"));
        // The seed's breaker reopens when `now - last_failure > timeout`: strictly after.
        QVERIFY(!h.call(60'000 * kMs, Outcome::Ok));
        QVERIFY(h.call(60'000 * kMs + 1, Outcome::Ok));
        QCOMPARE(h.breaker.state(), BreakerState::HalfOpen);
        QVERIFY(h.call(60'000 * kMs + 1, Outcome::Ok));
        QCOMPARE(h.breaker.state(), BreakerState::Closed);
    }

    void failuresWithinAWindow()
    {
        // Seed 003: failure_threshold 5 within failure_window 60 s; successes do not reset it.
        BreakerSpec s;
        s.mode = BreakerSpec::Mode::Consecutive;
        s.failureThreshold = 5;
        s.failureWindowS = 60;
        s.openMs = 30'000;
        s.halfOpenCalls = 2;
        s.successThreshold = 2;
        Harness h(s);
        for (int i = 0; i < 4; ++i) {
            h.call(Time(i) * 10'000 * kMs, Outcome::Error);
            h.call(Time(i) * 10'000 * kMs + kMs, Outcome::Ok);
        }
        h.call(65'000 * kMs, Outcome::Error); // the first failure (t = 0) has left the window
        QCOMPARE(h.breaker.state(), BreakerState::Closed);
        h.call(66'000 * kMs, Outcome::Error); // failures at 10, 20, 30, 65, 66 s
        QCOMPARE(h.breaker.state(), BreakerState::Open);
        QCOMPARE(QString::fromStdString(h.changes.back().reason),
                 QStringLiteral("5 failures within 60 s ≥ 5"));
    }

    void automaticAndHalfOpenTimers()
    {
        BreakerSpec s = countBreaker(2, 2, 0.5);
        s.automaticHalfOpen = true;
        s.maxHalfOpenMs = 500;
        Harness h(s);
        h.call(0, Outcome::Error);
        h.call(0, Outcome::Error);
        QCOMPARE(h.breaker.nextTimer(), 1000 * kMs);
        h.breaker.onTimer(1000 * kMs);
        QCOMPARE(h.breaker.state(), BreakerState::HalfOpen);
        QCOMPARE(h.breaker.nextTimer(), 1500 * kMs);
        h.breaker.onTimer(1500 * kMs); // no verdict in time: open again
        QCOMPARE(h.breaker.state(), BreakerState::Open);
        QVERIFY(QString::fromStdString(h.changes.back().reason).contains("without a verdict"));
    }

    void timeWindowForgets()
    {
        BreakerSpec s;
        s.window = BreakerSpec::Window::TimeBased;
        s.windowS = 10;
        s.windowBuckets = 10;
        s.minCalls = 4;
        s.failureRate = 0.5;
        Harness h(s);
        h.call(0, Outcome::Error);
        h.call(500 * kMs, Outcome::Error);
        h.call(11'000 * kMs, Outcome::Ok); // the two failures have left the 10 s window
        h.call(11'100 * kMs, Outcome::Ok);
        h.call(11'200 * kMs, Outcome::Error);
        QCOMPARE(h.breaker.totals(11'200 * kMs).calls, 3u);
        QCOMPARE(h.breaker.state(), BreakerState::Closed);
        h.call(11'300 * kMs, Outcome::Error); // 2 of 4 in the window: 50 %
        QCOMPARE(h.breaker.state(), BreakerState::Open);
    }

    void outageScenario()
    {
        // 100 % errors from 60 s to 120 s. No retries: every call is one attempt.
        const std::string json =
            R"({"format": "resilience-lab.scenario/1", "seed": 4, "duration_s": 180,
            "workload": {"type": "open", "rate_per_s": 50}, "target": "api",
            "pipeline": [{"type": "circuit_breaker", "name": "api", "window": {"type": "count", "size": 20},
                          "failure_rate": 0.5, "min_calls": 10, "open_ms": 5000, "half_open_calls": 3}],
            "endpoints": {"api": {"latency": {"dist": "constant", "ms": 20},
                                  "phases": [{"start_s": 60, "end_s": 120, "failures": {"error": 1}}]}}})";
        const Summary s = runScenario(scenarioFromJson(json));
        QCOMPARE(s.breakers.size(), std::size_t(1));
        const auto& t = s.breakers[0].transitions;
        QVERIFY(t.size() >= 3);
        // Closed → open soon after the outage starts: 10 failures at 50/s take about 0.2 s.
        QCOMPARE(breakerStateName(t[0].from), std::string_view("closed"));
        QCOMPARE(breakerStateName(t[0].to), std::string_view("open"));
        QVERIFY2(t[0].tMs > 60'000 && t[0].tMs < 61'000, qPrintable(QString::number(t[0].tMs)));
        // Then open → half_open after 5 s (the first call after the wait: within one arrival gap,
        // here well under 0.5 s), half_open → open while the outage lasts, and so on.
        for (std::size_t i = 1; i < t.size(); ++i) {
            const BreakerState expectedFrom = t[i - 1].to;
            QCOMPARE(t[i].from, expectedFrom);
            if (breakerStateName(t[i].to) == "half_open") {
                const double waited = t[i].tMs - t[i - 1].tMs;
                QVERIFY2(waited >= 5000 && waited < 5500, qPrintable(QString::number(waited)));
            }
        }
        // Closed again by 120 s + open time + probe latency (+ one arrival gap).
        QCOMPARE(breakerStateName(t.back().to), std::string_view("closed"));
        QVERIFY2(t.back().tMs >= 120'000 && t.back().tMs <= 120'000 + 5000 + 20 + 500,
                 qPrintable(QString::number(t.back().tMs)));
        QVERIFY(s.attemptsByOutcome[std::size_t(Outcome::BreakerOpen)] >
                2000); // ~50 s × 50/s rejected
    }
};

QTEST_GUILESS_MAIN(TestCircuitBreaker)
#include "tst_circuit_breaker.moc"

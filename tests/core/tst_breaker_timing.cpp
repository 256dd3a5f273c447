// When and at which instant each breaker library decides, call by call: the rules a preset takes
// from its library (docs/semantics.md has each source line).
//  - evaluate: resilience4j after every call, Polly v8 after a failure only, Hystrix on its 500 ms
//    health snapshots over the completed buckets;
//  - wait_boundary: resilience4j and Hystrix probe strictly after the open wait, Polly at it;
//  - window.bucket_start: Polly's sub-windows begin with a call, resilience4j's on the clock;
//  - late_results: a result of a call admitted before a transition is counted by the state the
//    breaker is in now (every library), or ignored.

#include "breaker_harness.h"
#include "policy/circuit_breaker.h"
#include "testing.h"

#include <QTest>

using namespace reslab;

Q_DECLARE_METATYPE(reslab::BreakerSpec)
Q_DECLARE_METATYPE(reslab::BreakerSpec::LateResults)
Q_DECLARE_METATYPE(reslab::BreakerState)

namespace {
constexpr Time kMs = kNanosPerMilli;

using Harness = reslab::testing::BreakerHarness;

BreakerSpec preset(const char* name)
{
    BreakerSpec s;
    BreakerSpec::applyPreset(name, s);
    return s;
}

BreakerSpec withTen(BreakerSpec s, double ratio)
{
    s.minCalls = 10;
    s.failureRate = ratio;
    return s;
}
} // namespace

class TestBreakerTiming : public QObject
{
    Q_OBJECT
private slots:
    // The issue that started this: 8 successes, a failure, then a success, at a 10 % ratio over a
    // minimum of 10 calls. resilience4j decides on the last success (1 of 10 = 10 % ≥ 10 %);
    // Polly decided only on the failure, when 1 of 9 was under its minimum, and stays closed.
    void whenTheClosedBreakerDecides_data()
    {
        QTest::addColumn<BreakerSpec>("spec");
        QTest::addColumn<QString>("calls");  // F = error, S = ok, 1 ms apart
        QTest::addColumn<int>("opensAfter"); // 1-based call that opens it; 0 = never
        BreakerSpec r4j = withTen(BreakerSpec{}, 0.1);
        r4j.windowSize = 10;
        QTest::addRow("resilience4j opens on a success") << r4j << "SSSSSSSSFS" << 10;
        QTest::addRow("Polly stays closed on a success")
            << withTen(preset("polly"), 0.1) << "SSSSSSSSFS" << 0;
        QTest::addRow("Polly opens on the next failure")
            << withTen(preset("polly"), 0.1) << "SSSSSSSSFSF" << 11;
        BreakerSpec onFailure = r4j;
        onFailure.evaluate = BreakerSpec::Evaluate::OnFailure;
        QTest::addRow("on_failure on a count window") << onFailure << "SSSSSSSSFS" << 0;
    }

    void whenTheClosedBreakerDecides()
    {
        QFETCH(BreakerSpec, spec);
        QFETCH(QString, calls);
        QFETCH(int, opensAfter);
        Harness h(spec);
        int opened = 0;
        for (int i = 0; i < calls.size() && opened == 0; ++i) {
            QVERIFY(h.call(Time(i) * kMs, calls[i] == 'F' ? Outcome::Error : Outcome::Ok));
            if (h.breaker.state() == BreakerState::Open) opened = i + 1;
        }
        QCOMPARE(opened, opensAfter);
    }

    // Hystrix: the failures at 100 … 2300 ms reach 20 calls at 50 % only when the 2.5 s health
    // snapshot sees them — not at the call that made the count, and not counting the bucket
    // still under way.
    void hystrixDecidesOnItsSnapshots()
    {
        Harness h(preset("hystrix"));
        for (int i = 0; i < 20; ++i)
            QVERIFY(h.call(Time(100 + 115 * i) * kMs, Outcome::Error)); // the last at 2285 ms
        QCOMPARE(h.breaker.state(), BreakerState::Closed);
        QCOMPARE(h.breaker.nextTimer(), 2500 * kMs);
        h.advance(2499 * kMs);
        QCOMPARE(h.breaker.state(), BreakerState::Closed);
        h.advance(2500 * kMs);
        QCOMPARE(h.breaker.state(), BreakerState::Open);
        QCOMPARE(h.changes.back().at, 2500 * kMs);

        // A call at the snapshot's own instant belongs to the next bucket: at 3000 ms only 19
        // failures have completed buckets, the 20th (at 3000 ms) waits for the 3.5 s snapshot.
        Harness late(preset("hystrix"));
        for (int i = 0; i < 19; ++i)
            QVERIFY(late.call(Time(100 * (i + 1)) * kMs, Outcome::Error));
        late.advance(2999 * kMs);
        QVERIFY(late.call(3000 * kMs, Outcome::Error));
        late.advance(3000 * kMs);
        QCOMPARE(late.breaker.state(), BreakerState::Closed);
        late.advance(3500 * kMs);
        QCOMPARE(late.breaker.state(), BreakerState::Open);
        QCOMPARE(late.changes.back().at, 3500 * kMs);
        // With the window empty the timer stops: nothing to look at.
        Harness idle(preset("hystrix"));
        QCOMPARE(idle.breaker.nextTimer(), kTimeNever);
    }

    void theProbeAtTheWaitsEnd_data()
    {
        QTest::addColumn<BreakerSpec>("spec");
        QTest::addColumn<bool>("admittedAtTheInstant");
        BreakerSpec r4j;
        r4j.windowSize = 2;
        r4j.minCalls = 2;
        r4j.openMs = 1000;
        QTest::addRow("resilience4j: isAfter") << r4j << false;
        BreakerSpec polly = preset("polly");
        polly.minCalls = 2;
        polly.openMs = 1000;
        QTest::addRow("Polly: now >= blockedUntil") << polly << true;
        BreakerSpec hystrix = preset("hystrix");
        hystrix.evaluate = BreakerSpec::Evaluate::EveryCall; // open it at once for this row
        hystrix.minCalls = 2;
        hystrix.openMs = 1000;
        QTest::addRow("Hystrix: currentTime > openTime + sleepWindow") << hystrix << false;
    }

    void theProbeAtTheWaitsEnd()
    {
        QFETCH(BreakerSpec, spec);
        QFETCH(bool, admittedAtTheInstant);
        Harness h(spec);
        QVERIFY(h.call(0, Outcome::Error));
        QVERIFY(h.call(0, Outcome::Error));
        QCOMPARE(h.breaker.state(), BreakerState::Open);
        QVERIFY(!h.call(999 * kMs, Outcome::Ok));
        QCOMPARE(h.call(1000 * kMs, Outcome::Ok), admittedAtTheInstant);
        QVERIFY(h.call(1000 * kMs + 1, Outcome::Ok) || admittedAtTheInstant);
    }

    // Polly's sub-windows (3 s in 3 here) begin with the first call after the last one ended, so
    // calls at 0.5 s and 3.4 s are in one window and the 1.0 s sub-window has not left it at
    // 3.4 s; on the clock's seconds the 0.5 s call would have left at 3 s.
    void pollysSubWindowsBeginWithACall()
    {
        BreakerSpec s = preset("polly");
        s.windowS = 3.0;
        s.windowBuckets = 3;
        s.minCalls = 3;
        s.failureRate = 1.0;
        Harness h(s);
        QVERIFY(h.call(500 * kMs, Outcome::Error));  // sub-window 0.5 … 1.5 s
        QVERIFY(h.call(2400 * kMs, Outcome::Error)); // a new one at 2.4 s
        QVERIFY(h.call(3400 * kMs, Outcome::Error)); // 0.5 s one is 2.9 s old: still in
        QCOMPARE(h.breaker.state(), BreakerState::Open);

        BreakerSpec clock = s;
        clock.bucketStart = BreakerSpec::BucketStart::Clock;
        Harness c(clock);
        QVERIFY(c.call(500 * kMs, Outcome::Error)); // bucket 0 … 1 s, gone at 3 s
        QVERIFY(c.call(2400 * kMs, Outcome::Error));
        QVERIFY(c.call(3400 * kMs, Outcome::Error));
        QCOMPARE(c.breaker.state(), BreakerState::Closed);

        // Polly drops a sub-window exactly SamplingDuration after it began.
        Harness edge(s);
        QVERIFY(edge.call(0, Outcome::Error));
        QVERIFY(edge.call(1000 * kMs, Outcome::Error));
        QVERIFY(edge.call(3000 * kMs, Outcome::Error)); // the 0 s one left at 3 s
        QCOMPARE(edge.breaker.state(), BreakerState::Closed);
        QCOMPARE(edge.breaker.totals(3000 * kMs).calls, 2u);
    }

    // A call admitted while closed ends while the breaker is half-open: the libraries count it
    // toward the probes' verdict (resilience4j's HalfOpenState records every result, Polly opens
    // on any failure while half-open); `late_results: ignore` drops it.
    void lateResults_data()
    {
        QTest::addColumn<BreakerSpec::LateResults>("late");
        QTest::addColumn<BreakerState>("after");
        QTest::addRow("count (the libraries)")
            << BreakerSpec::LateResults::Count << BreakerState::Open;
        QTest::addRow("ignore") << BreakerSpec::LateResults::Ignore << BreakerState::HalfOpen;
    }

    void lateResults()
    {
        QFETCH(BreakerSpec::LateResults, late);
        QFETCH(BreakerState, after);
        BreakerSpec s;
        s.windowSize = 2;
        s.minCalls = 2;
        s.openMs = 1000;
        s.halfOpenCalls = 1;
        s.lateResults = late;
        Harness h(s);
        const auto slow = h.breaker.tryAcquire(0); // in flight for a long time
        QVERIFY(slow.allowed);
        QVERIFY(h.call(1 * kMs, Outcome::Error));
        QVERIFY(h.call(2 * kMs, Outcome::Error));
        QCOMPARE(h.breaker.state(), BreakerState::Open);
        const auto probe = h.breaker.tryAcquire(1500 * kMs);
        QVERIFY(probe.allowed);
        QCOMPARE(h.breaker.state(), BreakerState::HalfOpen);
        h.breaker.onResult(1600 * kMs, slow.epoch, Outcome::Error, 1600 * kMs);
        QCOMPARE(h.breaker.state(), after);
    }
};

QTEST_GUILESS_MAIN(TestBreakerTiming)
#include "tst_breaker_timing.moc"

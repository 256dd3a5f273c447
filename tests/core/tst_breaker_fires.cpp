// The fires-mode circuit breaker, call by call, against opossum 9's rules (lib/circuit.js,
// lib/status.js): fires counted when a call is made, rejected ones included; a failure opens it
// when fires ≥ volumeThreshold and failures ÷ fires is strictly above the threshold; the window
// is never cleared; a timer half-opens it and one call goes through. The same rules are checked
// against opossum itself on random call sequences by tests/check_opossum_breaker.py.

#include "policy/circuit_breaker.h"
#include "testing.h"

#include <QTest>

using namespace reslab;

namespace {
constexpr Time kMs = kNanosPerMilli;

BreakerSpec opossum(std::uint32_t volume = 0)
{
    BreakerSpec s;
    BreakerSpec::applyPreset("opossum", s);
    s.minCalls = volume;
    return s;
}

struct Harness
{
    std::vector<BreakerChange> changes;
    CircuitBreaker breaker;
    explicit Harness(BreakerSpec spec)
        : breaker(std::move(spec), [this](const BreakerChange& c) { changes.push_back(c); })
    {
    }
    // A call at `now` that ends at once; false when the breaker rejected it.
    bool call(Time now, Outcome outcome)
    {
        const auto permit = breaker.tryAcquire(now);
        if (!permit.allowed) return false;
        breaker.onResult(now, permit.epoch, outcome, 0);
        return true;
    }
    // Runs the breaker's timer when it is due by `now` (the stage does this in the engine).
    void advance(Time now)
    {
        if (breaker.nextTimer() <= now) breaker.onTimer(breaker.nextTimer());
    }
};
} // namespace

class TestBreakerFires : public QObject
{
    Q_OBJECT
private slots:
    void presetIsOpossumsDefaults()
    {
        const BreakerSpec s = opossum();
        QCOMPARE(s.mode, BreakerSpec::Mode::Fires);
        QCOMPARE(s.failureRate, 0.5);   // errorThresholdPercentage 50
        QCOMPARE(s.openMs, 30'000.0);   // resetTimeout
        QCOMPARE(s.windowS, 10.0);      // rollingCountTimeout 10 000 ms
        QCOMPARE(s.windowBuckets, 10u); // rollingCountBuckets
        QCOMPARE(s.minCalls, 0u);       // volumeThreshold
        QCOMPARE(s.halfOpenCalls, 1u);  // one call when half-open
        QVERIFY(s.automaticHalfOpen);   // by the resetTimeout timer
        QVERIFY(!std::isfinite(s.slowCallMs));
    }

    void opensStrictlyAboveTheThreshold_data()
    {
        QTest::addColumn<int>("volume");
        QTest::addColumn<QString>("calls");  // F = error, S = ok
        QTest::addColumn<int>("opensAfter"); // 1-based call that opens it; 0 = never
        QTest::addRow("volume 0: the first failure is 100 %%") << 0 << "F" << 1;
        QTest::addRow("exactly 50 %% stays closed") << 0 << "SF" << 0;
        QTest::addRow("above 50 %% opens") << 0 << "SFF" << 3;
        QTest::addRow("a success never opens it") << 0 << "SSSS" << 0;
        QTest::addRow("not before volumeThreshold fires") << 4 << "FFF" << 0;
        QTest::addRow("at volumeThreshold fires") << 4 << "SFFF" << 4;
        QTest::addRow("evaluated on failures only") << 3 << "FFS" << 0;
    }

    void opensStrictlyAboveTheThreshold()
    {
        QFETCH(int, volume);
        QFETCH(QString, calls);
        QFETCH(int, opensAfter);
        Harness h(opossum(static_cast<std::uint32_t>(volume)));
        int opened = 0;
        for (int i = 0; i < calls.size(); ++i) {
            QVERIFY(h.call(Time(i) * kMs, calls[i] == 'F' ? Outcome::Error : Outcome::Ok));
            if (!opened && h.breaker.state() == BreakerState::Open) opened = i + 1;
        }
        QCOMPARE(opened, opensAfter);
    }

    void callsInFlightAreFires()
    {
        // Two calls fired and still out, then one fails: 1 failure of 3 fires, 33 % — closed.
        // A breaker counting results would see 1 of 1.
        Harness h(opossum());
        const auto a = h.breaker.tryAcquire(0);
        const auto b = h.breaker.tryAcquire(1 * kMs);
        QVERIFY(h.call(2 * kMs, Outcome::Error));
        QCOMPARE(h.breaker.state(), BreakerState::Closed);
        h.breaker.onResult(3 * kMs, a.epoch, Outcome::Error, 3 * kMs); // 2 of 3: open
        QCOMPARE(h.breaker.state(), BreakerState::Open);
        QCOMPARE(QString::fromStdString(h.changes.back().reason),
                 QStringLiteral("2 failures of 3 fires (66.7 %) > 50 %"));
        // The last call ends while open: it counts, nothing changes.
        h.breaker.onResult(4 * kMs, b.epoch, Outcome::Error, 3 * kMs);
        QCOMPARE(h.changes.size(), std::size_t(1));
    }

    void timerHalfOpensAndOneCallDecides_data()
    {
        QTest::addColumn<int>("probe");
        QTest::addColumn<int>("after");
        QTest::addRow("a success closes it") << int(Outcome::Ok) << int(BreakerState::Closed);
        QTest::addRow("a failure opens it again") << int(Outcome::Error) << int(BreakerState::Open);
        QTest::addRow("a timeout is a failure") << int(Outcome::Timeout) << int(BreakerState::Open);
    }

    void timerHalfOpensAndOneCallDecides()
    {
        QFETCH(int, probe);
        QFETCH(int, after);
        Harness h(opossum());
        QVERIFY(h.call(0, Outcome::Error));
        QCOMPARE(h.breaker.nextTimer(), 30'000 * kMs); // resetTimeout after opening
        QVERIFY(!h.call(29'999 * kMs, Outcome::Ok));
        h.advance(30'000 * kMs);
        QCOMPARE(h.breaker.state(), BreakerState::HalfOpen);
        const auto permit = h.breaker.tryAcquire(30'001 * kMs);
        QVERIFY(permit.allowed);
        QVERIFY(!h.breaker.tryAcquire(30'002 * kMs).allowed); // the one call is out
        h.breaker.onResult(30'010 * kMs, permit.epoch, static_cast<Outcome>(probe), 9 * kMs);
        QCOMPARE(int(h.breaker.state()), after);
        if (after == int(BreakerState::Open))
            QCOMPARE(h.breaker.nextTimer(), (30'010 + 30'000) * kMs);
    }

    void anEarlierCallEndingWhileHalfOpenDecides()
    {
        // opossum has no epochs: a call made while closed that ends while half-open decides.
        Harness h(opossum());
        const auto early = h.breaker.tryAcquire(0);
        QVERIFY(h.call(1 * kMs, Outcome::Error)); // 1 of 2: 50 %, closed
        QVERIFY(h.call(2 * kMs, Outcome::Error)); // 2 of 3: open
        h.advance(30'002 * kMs);
        QCOMPARE(h.breaker.state(), BreakerState::HalfOpen);
        h.breaker.onResult(30'005 * kMs, early.epoch, Outcome::Ok, 30'005 * kMs);
        QCOMPARE(h.breaker.state(), BreakerState::Closed);
    }

    void rejectedCallsAreFiresAndTheWindowIsNeverCleared()
    {
        // Open at the first failure; 9 calls rejected while open are fires too; the timer
        // half-opens it, a success closes it — and the window still holds 1 failure and 11 fires,
        // so failures must now exceed half of every call made since, not of a fresh window.
        BreakerSpec s = opossum();
        s.openMs = 100;
        Harness h(s);
        QVERIFY(h.call(0, Outcome::Error));
        for (int i = 1; i <= 9; ++i)
            QVERIFY(!h.call(i * 10 * kMs, Outcome::Ok));
        h.advance(100 * kMs);
        QVERIFY(h.call(101 * kMs, Outcome::Ok));
        QCOMPARE(h.breaker.state(), BreakerState::Closed);
        QCOMPARE(h.breaker.totals(101 * kMs).calls, 11u);
        QCOMPARE(h.breaker.totals(101 * kMs).failures, 1u);
        // 5 failures in a row: 6 of 16 fires (37.5 %), still closed.
        for (int i = 0; i < 5; ++i)
            QVERIFY(h.call((200 + i) * kMs, Outcome::Error));
        QCOMPARE(h.breaker.state(), BreakerState::Closed);
        // Four more: 10 of 20, exactly half, closed; the fifth: 11 of 21 fires, 52.4 % > 50 %.
        for (int i = 0; i < 4; ++i)
            QVERIFY(h.call((300 + i) * kMs, Outcome::Error));
        QCOMPARE(h.breaker.state(), BreakerState::Closed);
        QVERIFY(h.call(304 * kMs, Outcome::Error));
        QCOMPARE(h.breaker.state(), BreakerState::Open);
        QCOMPARE(QString::fromStdString(h.changes.back().reason),
                 QStringLiteral("11 failures of 21 fires (52.4 %) > 50 %"));
    }

    void bucketsRotateOnWholeMilliseconds()
    {
        // 1000 ms in 3 buckets: opossum rotates every ⌊1000 ÷ 3⌋ = 333 ms, so the window is
        // 999 ms. Two successes at 0 ms age out at 999 ms; a failure then is 1 of 1.
        BreakerSpec s = opossum();
        s.windowS = 1.0;
        s.windowBuckets = 3;
        {
            Harness h(s);
            QVERIFY(h.call(0, Outcome::Ok));
            QVERIFY(h.call(0, Outcome::Ok));
            QVERIFY(h.call(998 * kMs, Outcome::Error)); // 1 of 3
            QCOMPARE(h.breaker.state(), BreakerState::Closed);
        }
        {
            Harness h(s);
            QVERIFY(h.call(0, Outcome::Ok));
            QVERIFY(h.call(0, Outcome::Ok));
            QVERIFY(h.call(999 * kMs, Outcome::Error)); // the 0–333 ms bucket is gone
            QCOMPARE(h.breaker.state(), BreakerState::Open);
        }
    }

    void ignoredOutcomesAreSuccesses()
    {
        // opossum's errorFilter: a filtered error is a success, and a success closes it when
        // half-open.
        BreakerSpec s = opossum();
        s.ignore = {Outcome::Fatal};
        s.openMs = 10;
        Harness h(s);
        QVERIFY(h.call(0, Outcome::Fatal));
        QCOMPARE(h.breaker.state(), BreakerState::Closed);
        QVERIFY(h.call(1 * kMs, Outcome::Error)); // 1 of 2: closed
        QVERIFY(h.call(2 * kMs, Outcome::Error)); // 2 of 3: open
        h.advance(12 * kMs);
        QVERIFY(h.call(13 * kMs, Outcome::Fatal));
        QCOMPARE(h.breaker.state(), BreakerState::Closed);
    }
};

QTEST_GUILESS_MAIN(TestBreakerFires)
#include "tst_breaker_fires.moc"

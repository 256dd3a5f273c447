// Random streams: pinned to the reference algorithms' published outputs and to golden values of
// our seeding, so a change that would alter every run's numbers cannot pass unnoticed.

#include "sim/rng.h"

#include <QTest>

using namespace reslab;

class TestRng : public QObject
{
    Q_OBJECT
private slots:
    void splitmixMatchesReference()
    {
        // Vigna's splitmix64.c seeded with 0: first output 0xE220A8397B1DCDAF.
        SplitMix64 sm{0};
        QCOMPARE(sm.next(), 16294208416658607535ULL);
    }

    void xoshiroMatchesReference()
    {
        // xoshiro256** 1.0 from state {1, 2, 3, 4} (reference implementation's outputs).
        Rng r = Rng::fromState(1, 2, 3, 4);
        QCOMPARE(r.next(), 11520ULL);
        QCOMPARE(r.next(), 0ULL);
        QCOMPARE(r.next(), 1509978240ULL);
        QCOMPARE(r.next(), 1215971899390074240ULL);
    }

    void namedStreamsAreStable()
    {
        // Golden values computed by an independent Python implementation of the same seeding.
        Rng r = Rng::named(42, "workload/arrivals");
        QCOMPARE(r.next(), 3695093328279518714ULL);
        QCOMPARE(r.next(), 13195336173041915551ULL);
        QCOMPARE(r.next(), 16522289574501220764ULL);
        CallRng c(streamKey(42, "endpoint/api/fate"), 7);
        QCOMPARE(c.next(), 13096058987398120810ULL);
    }

    void namesAndSeedsSeparateStreams()
    {
        QVERIFY(Rng::named(1, "a").next() != Rng::named(1, "b").next());
        QVERIFY(Rng::named(1, "a").next() != Rng::named(2, "a").next());
        QVERIFY(CallRng(5, 1).next() != CallRng(5, 2).next());
    }

    void callRngIsAPureFunctionOfTheCall()
    {
        // Call k's numbers do not depend on which calls were drawn before it.
        CallRng first(99, 1000);
        const auto a = first.next();
        for (std::uint64_t k = 0; k < 1000; ++k)
            CallRng(99, k).next();
        CallRng again(99, 1000);
        QCOMPARE(again.next(), a);
    }

    void unitIntervalIsHalfOpen()
    {
        QCOMPARE(toUnit(0), 0.0);
        QVERIFY(toUnit(~0ULL) < 1.0);
        QCOMPARE(toUnit(~0ULL), 1.0 - 0x1.0p-53);
    }
};

QTEST_GUILESS_MAIN(TestRng)
#include "tst_rng.moc"

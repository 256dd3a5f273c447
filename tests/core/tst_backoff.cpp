// Backoff and jitter against each anchor library's documented numbers
// (docs/semantics.md gives the formulas and the source files they come from).

#include "policy/backoff.h"
#include "testing.h"

#include <QTest>
#include <vector>

using namespace reslab;
using reslab::testing::kSigmas;

Q_DECLARE_METATYPE(reslab::BackoffSpec)
Q_DECLARE_METATYPE(reslab::JitterSpec)
Q_DECLARE_METATYPE(std::vector<double>)

namespace {
BackoffSpec exponential(double initial, double multiplier, double minMs = 0,
                        double maxMs = kInfiniteMs)
{
    BackoffSpec b;
    b.kind = BackoffSpec::Kind::Exponential;
    b.initialMs = initial;
    b.multiplier = multiplier;
    b.minMs = minMs;
    b.maxMs = maxMs;
    return b;
}
BackoffSpec linear(double initial, double increment, double maxMs = kInfiniteMs)
{
    BackoffSpec b;
    b.kind = BackoffSpec::Kind::Linear;
    b.initialMs = initial;
    b.incrementMs = increment;
    b.maxMs = maxMs;
    return b;
}
BackoffSpec constant(double d)
{
    BackoffSpec b;
    b.kind = BackoffSpec::Kind::Constant;
    b.delayMs = d;
    return b;
}
BackoffSpec urllib3(double factor, double maxMs = kUrllib3BackoffMaxMs)
{
    BackoffSpec b;
    b.kind = BackoffSpec::Kind::Urllib3;
    b.factorMs = factor;
    b.maxMs = maxMs;
    return b;
}
JitterSpec jitter(JitterSpec::Kind kind, double factor = kDefaultProportionalJitterFactor)
{
    JitterSpec j;
    j.kind = kind;
    j.factor = factor;
    j.capAfterJitter = kind == JitterSpec::Kind::Additive;
    return j;
}
} // namespace

class TestBackoff : public QObject
{
    Q_OBJECT
private slots:
    void deterministicSequences_data()
    {
        QTest::addColumn<BackoffSpec>("spec");
        QTest::addColumn<std::vector<double>>("expected");
        // tenacity wait_exponential(multiplier=1, min=1, max=10): 1, 2, 4, 8, 10, 10 s
        QTest::addRow("tenacity wait_exponential(1, min=1, max=10)")
            << exponential(1000, 2, 1000, 10000)
            << std::vector<double>{1000, 2000, 4000, 8000, 10000, 10000};
        // tenacity: the floor wins over the raw value: wait_exponential(multiplier=2, min=5,
        // max=60)
        QTest::addRow("tenacity wait_exponential(2, min=5, max=60)")
            << exponential(2000, 2, 5000, 60000)
            << std::vector<double>{5000, 5000, 8000, 16000, 32000, 60000};
        // tenacity wait_incrementing(start=0, increment=100): 0, 100, 200, 300
        QTest::addRow("tenacity wait_incrementing(0, 100)")
            << linear(0, 100) << std::vector<double>{0, 100, 200, 300};
        // Polly v8 Delay = 2 s: Constant 2, 2, 2; Linear (n+1)·d = 2, 4, 6; Exponential 2ⁿ·d = 2,
        // 4, 8
        QTest::addRow("Polly Constant 2 s")
            << constant(2000) << std::vector<double>{2000, 2000, 2000};
        QTest::addRow("Polly Linear 2 s")
            << linear(2000, 2000) << std::vector<double>{2000, 4000, 6000};
        QTest::addRow("Polly Exponential 2 s")
            << exponential(2000, 2) << std::vector<double>{2000, 4000, 8000};
        // resilience4j IntervalFunction.ofExponentialBackoff() defaults: 500 ms × 1.5ⁿ⁻¹
        QTest::addRow("resilience4j exponential defaults")
            << exponential(500, 1.5) << std::vector<double>{500, 750, 1125, 1687.5};
        // gRPC A6 without its ±20 %: initial 1 s, multiplier 1.6, max 5 s
        QTest::addRow("gRPC 1 s × 1.6, max 5 s")
            << exponential(1000, 1.6, 0, 5000) << std::vector<double>{1000, 1600, 2560, 4096, 5000};
        // Seed 001's helper: sleep_time=2, backoff=2, max_attempts=3 → sleeps 2, 4 s
        QTest::addRow("seed 001 retry helper")
            << exponential(2000, 2) << std::vector<double>{2000, 4000};
        // AWS "No jitter": expo(n) = min(cap, base·2ⁿ), base 100, cap 1000, first retry n = 1
        QTest::addRow("AWS no jitter base 100 cap 1000")
            << exponential(200, 2, 0, 1000) << std::vector<double>{200, 400, 800, 1000, 1000};
        // urllib3 1.26.12 Retry(backoff_factor=0.5).get_backoff_time() after 1…9 failures:
        // 0, 1, 2, 4, 8, 16, 32, 64, 120 (DEFAULT_BACKOFF_MAX) s
        QTest::addRow("urllib3 backoff_factor 0.5")
            << urllib3(500)
            << std::vector<double>{0, 1000, 2000, 4000, 8000, 16000, 32000, 64000, 120000};
        // urllib3 2.x Retry(backoff_factor=0.1, backoff_max=1): 0, 0.2, 0.4, 0.8, 1, 1 s
        QTest::addRow("urllib3 backoff_factor 0.1, backoff_max 1")
            << urllib3(100, 1000) << std::vector<double>{0, 200, 400, 800, 1000, 1000};
    }

    void deterministicSequences()
    {
        QFETCH(BackoffSpec, spec);
        QFETCH(std::vector<double>, expected);
        BackoffState state;
        Rng rng(1);
        for (std::size_t n = 1; n <= expected.size(); ++n) {
            const double d = nextDelayMs(spec, JitterSpec{}, int(n), state, rng);
            QCOMPARE(d, expected[n - 1]);
        }
    }

    void jitterBoundsAndMean_data()
    {
        QTest::addColumn<BackoffSpec>("spec");
        QTest::addColumn<JitterSpec>("jit");
        QTest::addColumn<double>("low"); // of the delay before retry 3
        QTest::addColumn<double>("high");
        QTest::addColumn<double>("mean");
        QTest::addColumn<double>("sd");
        const double d = 800; // AWS base 100: expo(3) = 100·2³
        const auto aws = exponential(200, 2, 0, 10000);
        QTest::addRow("AWS full jitter")
            << aws << jitter(JitterSpec::Kind::Full) << 0.0 << d << d / 2 << d / std::sqrt(12.0);
        QTest::addRow("AWS equal jitter") << aws << jitter(JitterSpec::Kind::Equal) << d / 2 << d
                                          << 0.75 * d << d / 2 / std::sqrt(12.0);
        QTest::addRow("gRPC ±20%%") << aws << jitter(JitterSpec::Kind::Proportional, 0.2) << 0.8 * d
                                    << 1.2 * d << d << 0.4 * d / std::sqrt(12.0);
        QTest::addRow("resilience4j randomized ±50%%")
            << aws << jitter(JitterSpec::Kind::Proportional, 0.5) << 0.5 * d << 1.5 * d << d
            << d / std::sqrt(12.0);
        QTest::addRow("Polly constant jitter ±25%%")
            << constant(2000) << jitter(JitterSpec::Kind::Proportional, 0.25) << 1500.0 << 2500.0
            << 2000.0 << 1000.0 / std::sqrt(12.0);
        JitterSpec additive = jitter(JitterSpec::Kind::Additive);
        additive.jitterMs = 1000;
        // tenacity wait_exponential_jitter(initial=1, jitter=1): 4 s + U(0, 1 s) before retry 3
        QTest::addRow("tenacity wait_exponential_jitter")
            << exponential(1000, 2) << additive << 4000.0 << 5000.0 << 4500.0
            << 1000.0 / std::sqrt(12.0);
        // tenacity wait_random_exponential(multiplier=1, min=1): U(1 s, 4 s) before retry 3
        QTest::addRow("tenacity wait_random_exponential(min=1)")
            << exponential(1000, 2, 1000) << jitter(JitterSpec::Kind::Full) << 1000.0 << 4000.0
            << 2500.0 << 3000.0 / std::sqrt(12.0);
    }

    void jitterBoundsAndMean()
    {
        QFETCH(BackoffSpec, spec);
        QFETCH(JitterSpec, jit);
        QFETCH(double, low);
        QFETCH(double, high);
        QFETCH(double, mean);
        QFETCH(double, sd);
        constexpr int kDraws = 100'000;
        Rng rng = Rng::named(3, "jitter");
        double sum = 0;
        for (int i = 0; i < kDraws; ++i) {
            BackoffState state;
            const double x = nextDelayMs(spec, jit, 3, state, rng);
            QVERIFY2(x >= low && x <= high,
                     qPrintable(QString("%1 outside [%2, %3]").arg(x).arg(low).arg(high)));
            sum += x;
        }
        RESLAB_COMPARE_WITHIN(sum / kDraws, mean, kSigmas * sd / std::sqrt(double(kDraws)));
    }

    void urllib3JitterNeverOnTheFirstRetry()
    {
        // urllib3 2: "if consecutive_errors_len <= 1: return 0" comes before backoff_jitter.
        JitterSpec j = jitter(JitterSpec::Kind::Additive);
        j.jitterMs = 300;
        BackoffState state;
        Rng rng(7);
        for (int sample = 0; sample < 200; ++sample) {
            QCOMPARE(nextDelayMs(urllib3(100), j, 1, state, rng), 0.0);
            const double second = nextDelayMs(urllib3(100), j, 2, state, rng);
            QVERIFY(second >= 200.0 && second < 500.0);
        }
    }

    void additiveJitterIsCappedAfterwards()
    {
        // tenacity: min(initial·2ⁿ⁻¹ + U(0, jitter), max) — the cap applies after the jitter.
        JitterSpec j = jitter(JitterSpec::Kind::Additive);
        const BackoffSpec spec = exponential(1000, 2, 0, 4500);
        QCOMPARE(applyJitterMs(spec, j, baseDelayMs(spec, 3), 0.99), 4500.0);
        QCOMPARE(applyJitterMs(spec, j, baseDelayMs(spec, 1), 0.5), 1500.0);
    }

    // The order of cap, jitter and floor, as each library has it.
    void orderOfCapJitterAndFloor_data()
    {
        QTest::addColumn<BackoffSpec>("spec");
        QTest::addColumn<JitterSpec>("jit");
        QTest::addColumn<int>("retry");
        QTest::addColumn<double>("low"); // every draw within [low, high]
        QTest::addColumn<double>("high");
        BackoffSpec polly = constant(10'000);
        polly.maxMs = 1000;
        JitterSpec pollyJitter = jitter(JitterSpec::Kind::Proportional, 0.25);
        pollyJitter.capAfterJitter = true;
        // Polly RetryHelper.GetRetryDelay: jitter (±25 %) first, then MaxDelay.
        QTest::addRow("Polly: 10 s jittered, MaxDelay 1 s is 1 s")
            << polly << pollyJitter << 1 << 1000.0 << 1000.0;
        JitterSpec before = pollyJitter;
        before.capAfterJitter = false;
        QTest::addRow("capped before the jitter: 750 … 1250 ms")
            << polly << before << 1 << 750.0 << 1250.0;
        // resilience4j ofExponentialRandomBackoff: randomise i·mⁿ⁻¹ (±50 %), then min(·, max).
        JitterSpec r4j = jitter(JitterSpec::Kind::Proportional, 0.5);
        r4j.capAfterJitter = true;
        QTest::addRow("resilience4j: 4 s ± 50 %%, capped at 3 s")
            << exponential(1000, 2, 0, 3000) << r4j << 3 << 2000.0 << 3000.0;
        // tenacity wait_exponential_jitter(initial=1, jitter=1, min=3): max(3, 1 + U(0, 1)) = 3 s.
        JitterSpec additive = jitter(JitterSpec::Kind::Additive);
        additive.jitterMs = 1000;
        QTest::addRow("tenacity: the floor after the jitter")
            << exponential(1000, 2, 3000) << additive << 1 << 3000.0 << 3000.0;
        // An overflowing exponential is the cap (tenacity's OverflowError, Polly's).
        QTest::addRow("overflow is the cap")
            << exponential(1000, 1000, 0, 5000) << r4j << 400 << 5000.0 << 5000.0;
    }

    void orderOfCapJitterAndFloor()
    {
        QFETCH(BackoffSpec, spec);
        QFETCH(JitterSpec, jit);
        QFETCH(int, retry);
        QFETCH(double, low);
        QFETCH(double, high);
        Rng rng(11);
        double seenLow = kInfiniteMs, seenHigh = -kInfiniteMs;
        for (int i = 0; i < 2000; ++i) {
            BackoffState state;
            const double d = nextDelayMs(spec, jit, retry, state, rng);
            QVERIFY2(d >= low - 1e-9 && d <= high + 1e-9, qPrintable(QString::number(d)));
            seenLow = std::min(seenLow, d);
            seenHigh = std::max(seenHigh, d);
        }
        // The draws cover the range (a range of one value is that value).
        QVERIFY(seenLow <= low + 0.01 * (high - low) + 1e-9);
        QVERIFY(seenHigh >= high - 0.01 * (high - low) - 1e-9);
    }

    // tenacity wait_chain(wait_fixed(1), wait_fixed(1), wait_exponential()): the last strategy
    // sees the whole attempt number, so retry 3 waits 2³⁻¹ = 4 s.
    void waitChain()
    {
        BackoffSpec chain = exponential(1000, 2);
        chain.stepsMs = {1000, 1000};
        BackoffState state;
        Rng rng(1);
        const std::vector<double> want = {1000, 1000, 4000, 8000, 16000};
        for (int n = 1; n <= 5; ++n) {
            QCOMPARE(nextDelayMs(chain, JitterSpec{}, n, state, rng), want[std::size_t(n - 1)]);
            QCOMPARE(baseDelayMs(chain, n), want[std::size_t(n - 1)]);
        }
        // The steps are not jittered; what follows is.
        const JitterSpec full = jitter(JitterSpec::Kind::Full);
        for (int i = 0; i < 100; ++i) {
            QCOMPARE(nextDelayMs(chain, full, 2, state, rng), 1000.0);
            QVERIFY(nextDelayMs(chain, full, 3, state, rng) <= 4000.0);
        }
    }

    void awsDecorrelatedStaysInItsBounds()
    {
        // sleep = min(cap, U(base, 3·sleep_prev)), sleep₀ = base; state is per caller.
        BackoffSpec spec;
        spec.kind = BackoffSpec::Kind::Decorrelated;
        spec.initialMs = 100;
        spec.maxMs = 5000;
        Rng rng = Rng::named(4, "decorrelated");
        constexpr int kCallers = 20'000;
        double firstSum = 0;
        bool reachedCap = false;
        for (int c = 0; c < kCallers; ++c) {
            BackoffState state;
            double previous = spec.initialMs;
            for (int n = 1; n <= 8; ++n) {
                const double x = nextDelayMs(spec, JitterSpec{}, n, state, rng);
                QVERIFY(x >= spec.initialMs);
                QVERIFY(x <= std::min(spec.maxMs, 3 * previous));
                reachedCap = reachedCap || x == spec.maxMs;
                if (n == 1) firstSum += x;
                previous = x;
            }
        }
        // The first sleep is U(100, 300): mean 200, sd 200/√12.
        RESLAB_COMPARE_WITHIN(firstSum / kCallers, 200.0,
                              kSigmas * 200.0 / std::sqrt(12.0 * kCallers));
        QVERIFY(reachedCap);
    }

    void pollyDecorrelatedV2_data()
    {
        QTest::addColumn<std::vector<double>>("uniforms");
        QTest::addColumn<double>("median");
        QTest::addColumn<double>("maxDelay");
        QTest::addColumn<std::vector<double>>("expected");
        // Expected values from Polly's DecorrelatedJitterBackoffV2 transcribed independently
        // (Python): t = n + U; next = 2ᵗ·tanh(√(4t)); ticks = (long)((next −
        // prev)·(1/1.4)·firstDelayTicks).
        QTest::addRow("U = 0.5, 1 s")
            << std::vector<double>{0.5, 0.5, 0.5, 0.5, 0.5} << 1000.0 << kInfiniteMs
            << std::vector<double>{897.4049, 1093.0035, 2035.7479, 4045.9794, 8083.6316};
        QTest::addRow("mixed U, 200 ms")
            << std::vector<double>{0.0, 0.25, 0.9, 0.1, 0.99} << 200.0 << kInfiniteMs
            << std::vector<double>{0.0, 332.0987, 731.8797, 158.7668, 3315.9108};
        QTest::addRow("U = 0.7, MaxDelay 5 s")
            << std::vector<double>{0.7, 0.7, 0.7, 0.7, 0.7, 0.7} << 1000.0 << 5000.0
            << std::vector<double>{1081.4436, 1214.1992, 2332.8394, 4645.9496, 5000.0, 5000.0};
    }

    void pollyDecorrelatedV2()
    {
        QFETCH(std::vector<double>, uniforms);
        QFETCH(double, median);
        QFETCH(double, maxDelay);
        QFETCH(std::vector<double>, expected);
        double previous = 0;
        for (std::size_t i = 0; i < uniforms.size(); ++i) {
            const double d = pollyDecorrelatedV2Ms(int(i), uniforms[i], median, maxDelay, previous);
            RESLAB_COMPARE_WITHIN(d, expected[i], 1e-9);
        }
    }

    void pollyV2MediansNearPowersOfTwo()
    {
        // Polly's documentation: medians fall near 1, 2, 4, 8 × the configured delay from retry 2
        // on.
        BackoffSpec spec;
        spec.kind = BackoffSpec::Kind::PollyDecorrelatedV2;
        spec.initialMs = 1000;
        Rng rng = Rng::named(5, "polly");
        std::vector<std::vector<double>> perRetry(5);
        for (int c = 0; c < 20'001; ++c) {
            BackoffState state;
            for (int n = 1; n <= 5; ++n)
                perRetry[n - 1].push_back(nextDelayMs(spec, JitterSpec{}, n, state, rng));
        }
        const double expectedMedian[] = {900, 1000, 2000, 4000, 8000};
        for (int n = 1; n <= 5; ++n) {
            auto& v = perRetry[n - 1];
            std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
            const double median = v[v.size() / 2];
            QVERIFY2(std::abs(median / expectedMedian[n - 1] - 1.0) < 0.25,
                     qPrintable(QString("retry %1 median %2").arg(n).arg(median)));
        }
    }
};

QTEST_GUILESS_MAIN(TestBackoff)
#include "tst_backoff.moc"

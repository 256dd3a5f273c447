// Our own distribution samplers against their closed forms: sample means within 5 standard
// errors (σ/√n from the distribution's own variance), and the lognormal's median/p99
// parameterisation hitting its quantiles within the binomial error of the sample size.

#include "sim/distribution.h"
#include "testing.h"

#include <QTest>
#include <algorithm>

using namespace reslab;
using reslab::testing::kSigmas;

Q_DECLARE_METATYPE(reslab::Distribution)

class TestDistributions : public QObject
{
    Q_OBJECT
private slots:
    void meanAndSdMatch_data()
    {
        QTest::addColumn<Distribution>("dist");
        QTest::addColumn<double>("mean");
        QTest::addColumn<double>("sd");
        const double sigma = 0.5;
        const double lnVar =
            (std::exp(sigma * sigma) - 1.0) * std::exp(sigma * sigma) * 100.0 * 100.0;
        QTest::addRow("constant 7") << Distribution::constant(7) << 7.0 << 0.0;
        QTest::addRow("uniform 10..30")
            << Distribution::uniform(10, 30) << 20.0 << 20.0 / std::sqrt(12.0);
        QTest::addRow("exponential 5") << Distribution::exponential(5) << 5.0 << 5.0;
        QTest::addRow("normal 100±10") << Distribution::normal(100, 10) << 100.0 << 10.0;
        QTest::addRow("lognormal median 100 σ 0.5")
            << Distribution::lognormalMedianSigma(100, sigma) << 100.0 * std::exp(sigma * sigma / 2)
            << std::sqrt(lnVar);
        // Pareto α = 3: mean α·xm/(α−1), variance xm²·α/((α−1)²(α−2)).
        QTest::addRow("pareto xm 10 α 3")
            << Distribution::pareto(10, 3) << 15.0 << std::sqrt(100.0 * 3.0 / 4.0);
        // 80 % around 10 ms, 20 % at 100 ms: mean 28, E[X²] = 0.8·100 + 0.2·10000 = 2080.
        QTest::addRow("mixture") << Distribution::mixture({4, 1}, {Distribution::constant(10),
                                                                   Distribution::constant(100)})
                                 << 28.0 << std::sqrt(2080.0 - 28.0 * 28.0);
        QTest::addRow("empirical 1,2,3,10") << Distribution::empirical({1, 2, 3, 10}) << 4.0
                                            << std::sqrt((1 + 4 + 9 + 100) / 4.0 - 16.0);
    }

    void meanAndSdMatch()
    {
        QFETCH(Distribution, dist);
        QFETCH(double, mean);
        QFETCH(double, sd);
        QCOMPARE(dist.meanMs(), mean);
        // The closed-form standard deviation the fault exports use (toxiproxy's jitter).
        RESLAB_COMPARE_WITHIN(dist.sdMs(), sd, 1e-9 * std::max(1.0, sd));
        constexpr int kDraws = 400'000;
        Rng rng = Rng::named(2024, "test");
        double sum = 0.0;
        for (int i = 0; i < kDraws; ++i)
            sum += dist.sampleMs(rng);
        const double sampleMean = sum / kDraws;
        RESLAB_COMPARE_WITHIN(sampleMean, mean, kSigmas * sd / std::sqrt(double(kDraws)) + 1e-12);
    }

    void lognormalHitsMedianAndP99()
    {
        const Distribution d = Distribution::lognormalMedianP99(40, 300);
        constexpr int kDraws = 200'000;
        Rng rng = Rng::named(7, "lognormal");
        int belowMedian = 0, belowP99 = 0;
        for (int i = 0; i < kDraws; ++i) {
            const double x = d.sampleMs(rng);
            belowMedian += x < 40.0;
            belowP99 += x < 300.0;
        }
        const double n = kDraws;
        RESLAB_COMPARE_WITHIN(belowMedian / n, 0.5, kSigmas * testing::proportionStdError(0.5, n));
        RESLAB_COMPARE_WITHIN(belowP99 / n, 0.99, kSigmas * testing::proportionStdError(0.99, n));
    }

    void normalQuantileMatchesKnownValues_data()
    {
        QTest::addColumn<double>("p");
        QTest::addColumn<double>("z");
        // Φ⁻¹ reference values: the classic 1.96 and 2.326, the tails by bisection on Φ =
        // erfc(−x/√2)/2.
        QTest::addRow("median") << 0.5 << 0.0;
        QTest::addRow("0.975") << 0.975 << 1.959963984540054;
        QTest::addRow("0.99") << 0.99 << 2.326347874040841;
        QTest::addRow("0.025") << 0.025 << -1.959963984540054;
        QTest::addRow("1e-10 (tail branch)") << 1e-10 << -6.361340902404056;
        QTest::addRow("1e-300 (far tail)") << 1e-300 << -37.04709629936121; // bisection on erfc
    }

    void normalQuantileMatchesKnownValues()
    {
        QFETCH(double, p);
        QFETCH(double, z);
        RESLAB_COMPARE_WITHIN(normalQuantile(p), z, 1e-12 * std::max(1.0, std::abs(z)));
    }

    void durationsAreNeverNegative()
    {
        const Distribution d = Distribution::normal(1, 50); // mostly negative draws
        Rng rng = Rng::named(1, "neg");
        for (int i = 0; i < 10'000; ++i)
            QVERIFY(d.sample(rng) >= 0);
    }

    void fixedDrawsPerSample()
    {
        // Each sampler consumes a fixed number of uniforms, so counter-based streams stay aligned.
        struct Counting
        {
            Rng inner{1};
            int used = 0;
            std::uint64_t next()
            {
                ++used;
                return inner.next();
            }
        };
        const std::pair<Distribution, int> cases[] = {{Distribution::constant(1), 0},
                                                      {Distribution::uniform(0, 1), 1},
                                                      {Distribution::exponential(1), 1},
                                                      {Distribution::normal(1, 1), 1},
                                                      {Distribution::lognormalMedianSigma(1, 1), 1},
                                                      {Distribution::pareto(1, 2), 1},
                                                      {Distribution::empirical({1, 2}), 1}};
        for (const auto& [dist, uniforms] : cases) {
            Counting g;
            for (int i = 0; i < 100; ++i)
                dist.sampleMs(g);
            QCOMPARE(g.used, 100 * uniforms);
        }
    }
};

QTEST_GUILESS_MAIN(TestDistributions)
#include "tst_distributions.moc"

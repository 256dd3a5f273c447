// Our own distribution samplers against their closed forms: sample means within 5 standard
// errors (σ/√n from the distribution's own variance), and the lognormal's median/p99
// parameterisation hitting its quantiles within the binomial error of the sample size.

#include "sim/distribution.h"
#include "testing.h"

#include <QTest>
#include <algorithm>
#include <cmath>
#include <vector>

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

    void drawsPerSample_data()
    {
        // Uniform, pareto and empirical take one number per draw; the ziggurat samplers one for
        // ~99 % of draws (the layer's rectangle) and a few more near an edge or in the tail.
        QTest::addColumn<Distribution>("dist");
        QTest::addColumn<double>("lowest");
        QTest::addColumn<double>("highest");
        QTest::newRow("constant") << Distribution::constant(1) << 0.0 << 0.0;
        QTest::newRow("uniform") << Distribution::uniform(0, 1) << 1.0 << 1.0;
        QTest::newRow("pareto") << Distribution::pareto(1, 2) << 1.0 << 1.0;
        QTest::newRow("empirical") << Distribution::empirical({1, 2}) << 1.0 << 1.0;
        QTest::newRow("exponential") << Distribution::exponential(1) << 1.0 << 1.05;
        QTest::newRow("normal") << Distribution::normal(1, 1) << 1.0 << 1.05;
        QTest::newRow("lognormal") << Distribution::lognormalMedianSigma(1, 1) << 1.0 << 1.05;
    }
    void drawsPerSample()
    {
        QFETCH(Distribution, dist);
        QFETCH(double, lowest);
        QFETCH(double, highest);
        struct Counting
        {
            Rng inner{1};
            long used = 0;
            std::uint64_t next()
            {
                ++used;
                return inner.next();
            }
        };
        Counting g;
        constexpr int kSamples = 100'000;
        for (int i = 0; i < kSamples; ++i)
            dist.sampleMs(g);
        const double perDraw = static_cast<double>(g.used) / kSamples;
        QVERIFY2(perDraw >= lowest && perDraw <= highest, qPrintable(QString::number(perDraw)));
    }

    void counterStreamGivesCallItsOwnValue()
    {
        // Call k's draw is a function of (stream, k) alone, however many numbers other calls'
        // draws took (the ziggurat's rejections included): what common random numbers rest on.
        const Distribution d = Distribution::lognormalMedianP99(20, 200);
        constexpr std::uint64_t kKey = 0x5EED;
        std::vector<double> forward, backward(1000);
        for (std::uint64_t k = 0; k < 1000; ++k) {
            CallRng g(kKey, k);
            forward.push_back(d.sampleMs(g));
        }
        for (std::uint64_t k = 1000; k-- > 0;) {
            CallRng g(kKey, k);
            backward[k] = d.sampleMs(g);
        }
        QCOMPARE(forward, backward);
    }

    void zigguratMatchesExactCdf_data()
    {
        QTest::addColumn<bool>("normal");
        QTest::newRow("standard normal") << true;
        QTest::newRow("standard exponential") << false;
    }
    void zigguratMatchesExactCdf()
    {
        // 10^6 draws put in 200 bins of equal probability under the exact CDF: Pearson's
        // chi-square (199 degrees of freedom: mean 199, sd √398 ≈ 20) within kSigmas sd of its
        // mean, and the tail beyond the base layer's R (drawn by its own method) as often as
        // the exact tail probability says, within the binomial error.
        QFETCH(bool, normal);
        constexpr int kDraws = 1'000'000;
        constexpr int kBins = 200;
        const double r = normal ? ziggurat::kNormalR : ziggurat::kExpR;
        const auto cdf = [normal](double x) {
            return normal ? 0.5 * std::erfc(-x / std::sqrt(2.0)) : -std::expm1(-x);
        };
        const double tailP = normal ? std::erfc(r / std::sqrt(2.0)) : std::exp(-r);
        Rng rng = Rng::named(7, normal ? "zig-normal" : "zig-exp");
        std::vector<int> bins(kBins);
        int tail = 0;
        for (int i = 0; i < kDraws; ++i) {
            const double x = normal ? standardNormal(rng) : standardExponential(rng);
            QVERIFY(std::isfinite(x));
            if (std::abs(x) > r) ++tail;
            const auto b = static_cast<int>(cdf(x) * kBins);
            ++bins[static_cast<std::size_t>(std::clamp(b, 0, kBins - 1))];
        }
        const double expected = double(kDraws) / kBins;
        double chi2 = 0;
        for (int count : bins)
            chi2 += (count - expected) * (count - expected) / expected;
        const double dof = kBins - 1;
        QVERIFY2(std::abs(chi2 - dof) <= kSigmas * std::sqrt(2 * dof),
                 qPrintable(QString("chi-square %1 for %2 degrees of freedom").arg(chi2).arg(dof)));
        RESLAB_COMPARE_WITHIN(double(tail), tailP * kDraws,
                              kSigmas * kDraws * testing::proportionStdError(tailP, kDraws));
    }
};

QTEST_GUILESS_MAIN(TestDistributions)
#include "tst_distributions.moc"

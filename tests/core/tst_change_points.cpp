// Change points in Poisson counts (trace/change_points.h): known steps are found where they are,
// a constant rate gives no false steps in most seeds, and edge cases give one sensible segment.

#include "trace/change_points.h"

#include <QTest>
#include <random>

using namespace reslab;

namespace {
// Poisson counts, bins of a piecewise-constant rate: (bins, rate) pieces.
std::vector<double> counts(const std::vector<std::pair<int, double>>& pieces, unsigned seed)
{
    std::mt19937_64 rng(seed);
    std::vector<double> out;
    for (const auto& [bins, rate] : pieces) {
        std::poisson_distribution<int> draw(rate);
        for (int i = 0; i < bins; ++i)
            out.push_back(rate > 0 ? draw(rng) : 0);
    }
    return out;
}
} // namespace

class TestChangePoints : public QObject
{
    Q_OBJECT
private slots:
    void findsKnownSteps_data()
    {
        QTest::addColumn<QVector<int>>("bins");
        QTest::addColumn<QVector<double>>("rates");
        QTest::addColumn<int>("tolerance"); // bins either side of the true step
        QTest::addRow("spike ×3 for 30 bins")
            << QVector<int>{60, 30, 60} << QVector<double>{10, 30, 10} << 2;
        QTest::addRow("outage to 0 and back")
            << QVector<int>{60, 60, 60} << QVector<double>{50, 0, 50} << 1;
        QTest::addRow("traffic × 1.5 at 100")
            << QVector<int>{100, 100} << QVector<double>{100, 150} << 2;
        QTest::addRow("low rate, ×4") << QVector<int>{120, 120} << QVector<double>{1, 4} << 8;
    }

    void findsKnownSteps()
    {
        QFETCH(QVector<int>, bins);
        QFETCH(QVector<double>, rates);
        QFETCH(int, tolerance);
        std::vector<std::pair<int, double>> pieces;
        for (int i = 0; i < bins.size(); ++i)
            pieces.emplace_back(bins[i], rates[i]);
        for (unsigned seed = 1; seed <= 20; ++seed) {
            const std::vector<CountSegment> s = poissonSegments(counts(pieces, seed));
            QVERIFY2(s.size() == pieces.size(),
                     qPrintable(QString("seed %1: %2 segments").arg(seed).arg(s.size())));
            std::size_t step = 0;
            for (std::size_t i = 0; i + 1 < s.size(); ++i) {
                step += static_cast<std::size_t>(bins[int(i)]);
                QVERIFY2(std::abs(double(s[i].end) - double(step)) <= tolerance,
                         qPrintable(QString("seed %1: step at %2, found %3")
                                        .arg(seed)
                                        .arg(step)
                                        .arg(s[i].end)));
                QCOMPARE(s[i + 1].begin, s[i].end);
            }
            QCOMPARE(s.front().begin, std::size_t(0));
            QCOMPARE(s.back().end, std::size_t(counts(pieces, seed).size()));
        }
    }

    // The MBIC penalty: a constant rate over 600 bins is one segment in at least 95 of 100 seeds
    // (measured: 100 of 100; the plain BIC, ln n, leaves 15 of 100 whole).
    void constantRateHasNoSteps()
    {
        int single = 0, bicSingle = 0;
        for (unsigned seed = 1; seed <= 100; ++seed) {
            const std::vector<double> c = counts({{600, 20}}, seed);
            if (poissonSegments(c).size() == 1) ++single;
            ChangePointOptions bic;
            bic.penalty = std::log(600.0);
            if (poissonSegments(c, bic).size() == 1) ++bicSingle;
        }
        qInfo("one segment in %d of 100 seeds (MBIC), %d (BIC)", single, bicSingle);
        QVERIFY2(single >= 95, qPrintable(QString::number(single)));
        QVERIFY2(bicSingle < single, qPrintable(QString("%1 vs %2").arg(bicSingle).arg(single)));
    }

    void edgeCases()
    {
        QVERIFY(poissonSegments({}).empty());
        const auto one = poissonSegments({7});
        QCOMPARE(one.size(), std::size_t(1));
        QCOMPARE(one[0].rate, 7.0);
        const auto zeros = poissonSegments(std::vector<double>(50, 0.0));
        QCOMPARE(zeros.size(), std::size_t(1));
        QCOMPARE(zeros[0].rate, 0.0);
        // Everything in one bin (all calls at one instant): that bin is its own segment only if
        // the minimum segment allows it; with 1 it is found.
        std::vector<double> burst(40, 0.0);
        burst[20] = 1000;
        ChangePointOptions single;
        single.minSegment = 1;
        const auto b = poissonSegments(burst, single);
        QCOMPARE(b.size(), std::size_t(3));
        QCOMPARE(b[1].begin, std::size_t(20));
        QCOMPARE(b[1].end, std::size_t(21));
    }
};

QTEST_GUILESS_MAIN(TestChangePoints)
#include "tst_change_points.moc"

// The log-linear histogram: bucket arithmetic and quantile precision (1/128 relative).

#include "metrics/histogram.h"

#include <QTest>
#include <algorithm>
#include <vector>

using namespace reslab;

class TestHistogram : public QObject
{
    Q_OBJECT
private slots:
    void bucketsTileTheLine()
    {
        // Every bucket's low bound is the previous bucket's high bound.
        for (std::size_t i = 1; i < Histogram::kBucketCount; ++i)
            QCOMPARE(Histogram::bucketLow(i), Histogram::bucketHigh(i - 1));
        const Time samples[] = {0, 1, 255, 256, 257, 1000, 123456789, Time(1) << 40, Time(1) << 62};
        for (Time v : samples) {
            const auto b = Histogram::bucketOf(v);
            QVERIFY(Histogram::bucketLow(b) <= v);
            QVERIFY(v <= Histogram::bucketHigh(b) - 1);
        }
    }

    void quantilesWithinPrecision()
    {
        Histogram h;
        std::vector<Time> values;
        for (Time v = 1; v <= 100'000; ++v)
            values.push_back(v * 997 % 1'000'003 + 1000);
        for (Time v : values)
            h.record(v);
        std::sort(values.begin(), values.end());
        for (double q : {0.5, 0.9, 0.99, 0.999}) {
            const Time exact =
                values[static_cast<std::size_t>(std::ceil(q * double(values.size()))) - 1];
            const double rel = std::abs(double(h.quantile(q) - exact)) / double(exact);
            QVERIFY2(rel <= 1.0 / 128, qPrintable(QString("q=%1 rel=%2").arg(q).arg(rel)));
        }
        QCOMPARE(h.max(), values.back());
        QCOMPARE(h.min(), values.front());
    }

    void exactStatistics()
    {
        Histogram h;
        h.record(10);
        h.record(20);
        h.record(30);
        QCOMPARE(h.count(), 3u);
        QCOMPARE(h.mean(), 20.0);
        QCOMPARE(h.quantile(0.5), Time(20)); // exact below 256
        Histogram other;
        other.record(40);
        h.merge(other);
        QCOMPARE(h.count(), 4u);
        QCOMPARE(h.max(), Time(40));
        h.clear();
        QCOMPARE(h.count(), 0u);
        QCOMPARE(h.quantile(0.5), Time(0));
    }
};

QTEST_GUILESS_MAIN(TestHistogram)
#include "tst_histogram.moc"

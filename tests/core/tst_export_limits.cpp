// What an export does with a value its library refuses: the library's bound is written and the
// difference noted (docs/cli.md, "export").

#include "export/export.h"
#include "testing.h"

#include <QTest>

using namespace reslab;
using namespace reslab::testing;

class TestExportLimits : public QObject
{
    Q_OBJECT
private slots:
    void pollyTimeoutRange_data()
    {
        QTest::addColumn<double>("timeoutMs");
        QTest::addColumn<QString>("written"); // the TimeSpan in the output
        QTest::addColumn<bool>("noted");
        // App-vNext/Polly src/Polly.Core/Timeout/TimeoutStrategyOptions.cs:
        // [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")] on Timeout.
        QTest::addRow("5 ms is below 10 ms") << 5.0 << "TimeSpan.FromMilliseconds(10)" << true;
        QTest::addRow("10 ms, the lower bound") << 10.0 << "TimeSpan.FromMilliseconds(10)" << false;
        QTest::addRow("a day, the upper bound")
            << 86'400'000.0 << "TimeSpan.FromMilliseconds(86400000)" << false;
        QTest::addRow("two days is over 24 h")
            << 172'800'000.0 << "TimeSpan.FromMilliseconds(86400000)" << true;
    }

    void pollyTimeoutRange()
    {
        QFETCH(double, timeoutMs);
        QFETCH(QString, written);
        QFETCH(bool, noted);
        const Scenario s = scenarioFromJson(
            scenarioJson(R"({"type": "batch", "clients": 1})",
                         R"([{"type": "timeout", "timeout_ms": )" +
                             QString::number(timeoutMs, 'f', 0).toStdString() + "}]",
                         "{}", 10, 1));
        const ExportResult out = exportScenario(s, ExportTarget::Polly);
        QVERIFY2(QString::fromStdString(out.text).contains(".AddTimeout(" + written + ")"),
                 out.text.c_str());
        bool found = false;
        for (const std::string& n : out.notExpressed)
            if (n.find("pipeline[0].timeout_ms") != std::string::npos) found = true;
        QCOMPARE(found, noted);
    }
};

QTEST_GUILESS_MAIN(TestExportLimits)
#include "tst_export_limits.moc"

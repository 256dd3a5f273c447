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

    // A ServiceProfile's retries have a budget and nothing else: export --to linkerd writes a
    // retry's linkerd_budget as the profile's retryBudget, a finagle_budget as the closest (with
    // a note), and notes what a profile's retry cannot have; other targets note the budget.
    void linkerdProfile_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("pipeline");
        QTest::addColumn<QStringList>("written");  // in the output
        QTest::addColumn<QStringList>("noted");    // each begins a note
        QTest::addColumn<QStringList>("notNoted"); // no note begins with these
        const QString profile = R"({"type": "retry", "max_attempts": 1000,
            "backoff": {"type": "constant", "delay_ms": 0}, "retry_on": ["error", "rejected"],
            "linkerd_budget": {"retry_ratio": 0.3, "min_retries_per_s": 5, "ttl_s": 1.5}})";
        QTest::addRow("linkerd_budget: the profile's retryBudget, nothing noted")
            << "linkerd"
            << "[" + profile + "]"
            << QStringList{"kind: ServiceProfile", "isRetryable: true", "retryRatio: 0.3",
                           "minRetriesPerSecond: 5", "ttl: 1500ms"}
            << QStringList{} << QStringList{"pipeline[0]"};
        QTest::addRow("finagle_budget: written as the closest, noted")
            << "linkerd"
            << R"([{"type": "retry", "max_attempts": 1000, "backoff": {"type": "constant",
                   "delay_ms": 0}, "retry_on": ["error", "rejected"]},
                  {"type": "finagle_budget", "percent_can_retry": 0.25}])"
            << QStringList{"kind: ServiceProfile", "retryRatio: 0.25", "minRetriesPerSecond: 10",
                           "ttl: 10s"}
            << QStringList{"pipeline[1]: finagle_budget, written as the profile's retryBudget"}
            << QStringList{"pipeline[0]"};
        QTest::addRow("what a profile's retry cannot have")
            << "linkerd"
            << R"([{"type": "retry", "max_attempts": 3, "backoff": {"type": "exponential",
                   "initial_ms": 100}, "retry_on": ["error", "rejected", "reset"],
                   "linkerd_budget": {}}])"
            << QStringList{"retryRatio: 0.2", "minRetriesPerSecond: 10", "ttl: 10s"}
            << QStringList{"pipeline[0].backoff", "pipeline[0].max_attempts: 3",
                           "pipeline[0].retry_on"}
            << QStringList{};
        QTest::addRow("tenacity has no such budget")
            << "tenacity"
            << "[" + profile + "]" << QStringList{"stop_after_attempt(1000)"}
            << QStringList{"pipeline[0].linkerd_budget: Linkerd's retry budget"} << QStringList{};
    }

    void linkerdProfile()
    {
        QFETCH(QString, target);
        QFETCH(QString, pipeline);
        QFETCH(QStringList, written);
        QFETCH(QStringList, noted);
        QFETCH(QStringList, notNoted);
        const Scenario s = scenarioFromJson(scenarioJson(R"({"type": "open", "rate_per_s": 1})",
                                                         pipeline.toStdString(), "{}", 10, 1));
        const ExportResult out = exportScenario(s, *exportTargetFromName(target.toStdString()));
        const QString text = QString::fromStdString(out.text);
        for (const QString& w : written)
            QVERIFY2(text.contains(w), qPrintable(w + " not in:\n" + text));
        const auto begins = [&](const QString& prefix) {
            for (const std::string& n : out.notExpressed)
                if (QString::fromStdString(n).startsWith(prefix)) return true;
            return false;
        };
        for (const QString& n : noted)
            QVERIFY2(begins(n), qPrintable(n + " not noted:\n" + text));
        for (const QString& n : notNoted)
            QVERIFY2(!begins(n), qPrintable(n + " noted:\n" + text));
    }
};

QTEST_GUILESS_MAIN(TestExportLimits)
#include "tst_export_limits.moc"

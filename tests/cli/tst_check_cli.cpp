// `resilience-lab check` as CI meets it: a scenario that meets its expectations exits 0, one that
// misses exits 4 naming the expectation, the value and the interval, one whose interval straddles
// a bound exits 3 with the seeds that would settle it; the JUnit file read back by junitparser;
// the HTML report opened in headless Chromium (a screenshot is kept to look at).

#include "cli/cli_testing.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace reslab::testing;

namespace {

// Independent failures with p = 0.2 behind 3 attempts (1 − 0.2³ = 0.992 succeed), and an outage
// from 8 s to 11 s that opens the breaker: about 78 % of the 20 s succeed.
QByteArray scenarioWith(const QByteArray& expect)
{
    return R"({"format": "resilience-lab.scenario/1", "name": "Checked API", "seed": 3,
  "duration_s": 20, "workload": {"type": "open", "rate_per_s": 100}, "target": "api",
  "pipeline": [{"type": "retry", "max_attempts": 3, "backoff": {"type": "constant", "delay_ms": 10}},
               {"type": "circuit_breaker", "name": "api-breaker", "failure_rate": 0.5,
                "min_calls": 50, "window": {"type": "count", "size": 100}, "open_ms": 2000}],
  "endpoints": {"api": {"latency": {"dist": "lognormal", "median_ms": 20, "p99_ms": 150},
                        "failures": {"error": 0.2},
                        "phases": [{"start_s": 8, "end_s": 11, "failures": {"error": 1}}]}},
  "expect": )" +
           expect + "}";
}

} // namespace

class TestCheckCli : public QObject
{
    Q_OBJECT
private slots:
    void verdicts_data()
    {
        QTest::addColumn<QByteArray>("expect");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QStringList>("expected");
        QTest::addRow("met")
            << QByteArray(R"({"success_rate": {"min": 0.7}, "attempts.per_request": {"max": 2}})")
            << 0
            << QStringList{"pass         success_rate ≥ 0.7",
                           "pass         attempts.per_request ≤ 2",
                           "check: 2 expectations in 1 scenario: 2 pass, 0 fail, 0 inconclusive"};
        QTest::addRow("missed")
            << QByteArray(R"({"success_rate": {"min": 0.999}, "latency_ms.p99": {"max": 100000}})")
            << 4 << QStringList{"FAIL         success_rate ≥ 0.999", "[", "1 pass, 1 fail"};
        QTest::addRow("missed, both bounds")
            << QByteArray(R"({"endpoints.api.attempts": {"min": 1, "max": 10}})") << 4
            << QStringList{"FAIL         1 ≤ endpoints.api.attempts ≤ 10"};
    }
    void verdicts()
    {
        QFETCH(QByteArray, expect);
        QFETCH(int, exitCode);
        QFETCH(QStringList, expected);
        QTemporaryDir dir;
        const CliResult r = runCli({"check", writeTempFile(dir, "s.json", scenarioWith(expect))});
        QVERIFY2(r.exitCode == exitCode, (r.out + r.err).constData());
        for (const QString& e : expected)
            QVERIFY2(QString::fromUtf8(r.out).contains(e), r.out.constData());
    }

    // CI tells "the SLO failed" (4) from "the check could not be done" (1: its report could not be
    // written; 2: the scenario is invalid), and both from inconclusive (3).
    void failedAndBrokenChecksDiffer()
    {
        QTemporaryDir dir;
        const QString s =
            writeTempFile(dir, "s.json", scenarioWith(R"({"success_rate": {"min": 0.999}})"));
        QCOMPARE(runCli({"check", s, "--seeds", "2"}).exitCode, 4);
        QProcess p; // the same failing check with its standard output on a full device
        p.setStandardOutputFile(QStringLiteral("/dev/full"));
        p.start(RESLAB_EXECUTABLE, {"check", s, "--seeds", "2"});
        QVERIFY(p.waitForFinished(120'000));
        QCOMPARE(p.exitCode(), 1);
        QVERIFY(p.readAllStandardError().contains("standard output: No space left on device"));
        const QString broken = writeTempFile(dir, "broken.json", "{\"format\": 1}");
        QCOMPARE(runCli({"check", broken}).exitCode, 2);
    }

    void oneSeedIsOneSeed()
    {
        QTemporaryDir dir;
        const QString s =
            writeTempFile(dir, "s.json", scenarioWith(R"({"success_rate": {"min": 0.1}})"));
        const CliResult r = runCli({"check", s, "--seeds", "1", "--seed", "9"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(": 1 seed (9)\n"), r.out.constData());
    }

    void straddlingTheBoundIsInconclusive()
    {
        // The interval of the same five seeds, from a sweep; a bound inside it cannot be decided.
        QTemporaryDir dir;
        const QString plain = writeTempFile(dir, "plain.json", scenarioWith(R"({})"));
        const CliResult sweep = runCli({"sweep", plain, "--param", "workload.rate_per_s=100",
                                        "--out", dir.filePath("s.jsonl")});
        QCOMPARE(sweep.exitCode, 0);
        const QJsonObject rate = QJsonDocument::fromJson(readFile(dir.filePath("s.jsonl")))
                                     .object()
                                     .value("metrics")
                                     .toObject()
                                     .value("success_rate")
                                     .toObject();
        const double mean = rate.value("mean").toDouble(), hi = rate.value("hi").toDouble();
        QVERIFY(hi > mean);
        const QByteArray bound = QByteArray::number((mean + hi) / 2, 'g', 17);
        const CliResult r = runCli(
            {"check", writeTempFile(dir, "s.json",
                                    scenarioWith(R"({"success_rate": {"min": )" + bound + "}}"))});
        QVERIFY2(r.exitCode == 3, (r.out + r.err).constData());
        QVERIFY2(r.out.contains("inconclusive success_rate ≥"), r.out.constData());
        QVERIFY2(r.out.contains("seeds would likely settle it"), r.out.constData());
    }

    void badInput_data()
    {
        QTest::addColumn<QByteArray>("expect");
        QTest::addColumn<QString>("expected");
        QTest::addRow("unknown metric") << QByteArray(R"({"latency_ms.p98": {"max": 1}})")
                                        << "expect.latency_ms.p98: is not a metric of this "
                                           "scenario (expected one of: success_rate";
        QTest::addRow("no bound") << QByteArray(R"({"success_rate": {}})")
                                  << "expect.success_rate: needs a bound";
        QTest::addRow("unknown bound key") << QByteArray(R"({"success_rate": {"above": 1}})")
                                           << "expect.success_rate.above: unknown key";
        QTest::addRow("min above max")
            << QByteArray(R"({"success_rate": {"min": 0.9, "max": 0.5}})") << "min is above max";
        QTest::addRow("not a number") << QByteArray(R"({"success_rate": {"min": "high"}})")
                                      << "expect.success_rate.min: must be a number";
        QTest::addRow("nothing to check") << QByteArray(R"({})") << "has no \"expect\" block";
    }
    void badInput()
    {
        QFETCH(QByteArray, expect);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const CliResult r = runCli({"check", writeTempFile(dir, "s.json", scenarioWith(expect))});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(expected), r.err.constData());
    }

    void junitReadsBackWithJunitparser()
    {
        QTemporaryDir dir;
        const QString s =
            writeTempFile(dir, "s.json", scenarioWith(R"({"success_rate": {"min": 0.7},
                                                 "latency_ms.p99": {"max": 1},
                                                 "breakers.api-breaker.open_s": {"max": 600}})"));
        const QString xml = dir.filePath("check.xml");
        const CliResult r = runCli({"check", s, "--seeds", "3", "--junit", xml});
        QCOMPARE(r.exitCode, 4); // ran; an expectation fails
        QProcess parser;
        parser.start(RESLAB_SYSTEM_PYTHON,
                     {QStringLiteral(RESLAB_TEST_SOURCE_DIR "/cli/check_junit.py"), xml});
        QVERIFY(parser.waitForFinished(60'000));
        QVERIFY2(parser.exitCode() == 0, parser.readAllStandardError().constData());
        const QStringList lines =
            QString::fromUtf8(parser.readAllStandardOutput()).trimmed().split('\n');
        QCOMPARE(lines.value(0), QString("suite\tChecked API\t3\t1\t0"));
        QVERIFY(lines.contains("case\tbreakers.api-breaker.open_s ≤ 600\tpassed\t" + s));
        QVERIFY(lines.contains("case\tlatency_ms.p99 ≤ 1\tfailure\t" + s));
        QVERIFY(lines.contains("case\tsuccess_rate ≥ 0.7\tpassed\t" + s));
    }

    void reportOpensInHeadlessChromium()
    {
        const QString chromium = QStandardPaths::findExecutable("chromium");
        QVERIFY2(!chromium.isEmpty(), "chromium is needed (scripts/install-deps installs it)");
        QTemporaryDir dir;
        const QString s =
            writeTempFile(dir, "s.json", scenarioWith(R"({"success_rate": {"min": 0.9},
                                                 "latency_ms.p99": {"max": 1},
                                                 "recovery_s": {"max": 30}})"));
        const QString html = dir.filePath("report.html");
        QCOMPARE(runCli({"check", s, "--report", html}).exitCode, 4);
        const QByteArray page = readFile(html);
        // Self-contained: no scripts, nothing fetched.
        QVERIFY(!page.contains("<script"));
        QVERIFY(!page.contains("src=\"http") && !page.contains("href=\"http"));
        QCOMPARE(page.count("<svg"), 3); // traffic, latency, breaker state
        QVERIFY(page.contains("class=\"verdict fail\">fail</span>"));

        const QStringList common{"--headless", "--no-sandbox", "--disable-gpu",
                                 "--user-data-dir=" + dir.filePath("profile")};
        QProcess dump;
        dump.start(chromium,
                   common + QStringList{"--dump-dom", QUrl::fromLocalFile(html).toString()});
        QVERIFY(dump.waitForFinished(120'000));
        const QByteArray dom = dump.readAllStandardOutput();
        QVERIFY2(dom.contains("<svg") && dom.contains("Resilience Lab check"),
                 dump.readAllStandardError().constData());

        const QString shots = QDir::current().filePath("screenshots");
        QDir().mkpath(shots);
        const QString png = shots + "/check-report.png";
        QFile::remove(png);
        QProcess shot;
        shot.start(chromium,
                   common + QStringList{"--screenshot=" + png, "--window-size=1000,1500",
                                        "--hide-scrollbars", QUrl::fromLocalFile(html).toString()});
        QVERIFY(shot.waitForFinished(120'000));
        QVERIFY2(QFileInfo(png).size() > 20'000, shot.readAllStandardError().constData());
    }
};

QTEST_GUILESS_MAIN(TestCheckCli)
#include "tst_check_cli.moc"

// The command line as a user meets it: exit codes, messages that name the file and the JSON path,
// byte-identical output for a seed, the schedule command's numbers, and a table of broken inputs
// none of which may crash the program.

#include "cli/cli_testing.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <random>

using namespace reslab::testing;
using Result = CliResult;

namespace {
const QString kPreset = QStringLiteral(RESLAB_PRESETS_DIR "/steady-flaky-api.json");
const QString kTraces = QStringLiteral(RESLAB_TEST_DATA_DIR "/traces/");
} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private slots:
    void runPrintsATable()
    {
        const Result r = runCli({"run", kPreset});
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("Requests"));
        QVERIFY(r.out.contains("success rate"));
    }

    void jsonSummaryHasTheContractKeys()
    {
        const Result r = runCli({"run", kPreset, "--json"});
        QCOMPARE(r.exitCode, 0);
        for (const char* key :
             {"\"scenario\"",    "\"seed\"",       "\"requests\"",     "\"total\"",
              "\"succeeded\"",   "\"failed\"",     "\"success_rate\"", "\"attempts\"",
              "\"per_request\"", "\"by_outcome\"", "\"latency_ms\"",   "\"mean\"",
              "\"p50\"",         "\"p90\"",        "\"p99\"",          "\"p999\"",
              "\"max\"",         "\"breakers\"",   "\"endpoints\"",    "\"max_queue\"",
              "\"utilization\"", "\"served\"",     "\"end_ms\"",       "\"engine\"",
              "\"events\"",      "\"wall_ms\""})
            QVERIFY2(r.out.contains(key), key);
    }

    void transitionsCarryTheirDecision()
    {
        // The outage preset opens on its failure-rate rule: the decision holds the window's counts
        // and the limits, and they agree with the reason text and the rule.
        const Result r = runCli({"run", RESLAB_PRESETS_DIR "/outage-and-recovery.json", "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject summary = QJsonDocument::fromJson(r.out).object();
        const QJsonArray transitions =
            summary.value("breakers").toArray().first().toObject().value("transitions").toArray();
        QVERIFY(transitions.size() >= 3);
        const QJsonObject opened = transitions.first().toObject();
        QCOMPARE(opened.value("to").toString(), QStringLiteral("open"));
        const QJsonObject d = opened.value("decision").toObject();
        QCOMPARE(d.value("rule").toString(), QStringLiteral("failure_rate"));
        const double calls = d.value("calls").toDouble();
        const double failures = d.value("failures").toDouble();
        QVERIFY(calls >= d.value("minimum").toDouble() && d.value("minimum").toDouble() > 0);
        QVERIFY(failures / calls >= d.value("failure_rate").toDouble());
        QVERIFY2(
            opened.value("reason").toString().endsWith(QStringLiteral("over %1 calls").arg(calls)),
            qPrintable(opened.value("reason").toString()));
        // The next one is the open wait's end: no counts, no thresholds.
        const QJsonObject wait = transitions.at(1).toObject().value("decision").toObject();
        QCOMPARE(wait.value("rule").toString(), QStringLiteral("open_wait_over"));
        QVERIFY(!wait.contains("failure_rate"));
    }

    void sameSeedByteIdenticalOtherSeedDiffers()
    {
        QTemporaryDir dir;
        auto runOnce = [&](const QString& tag, const QStringList& extra) {
            const Result r = runCli(QStringList{"run", kPreset, "--json", "--reproducible",
                                                "--attempts", dir.filePath(tag + "-a.csv"),
                                                "--timeline", dir.filePath(tag + "-t.csv"),
                                                "--summary", dir.filePath(tag + "-s.json")} +
                                    extra);
            [&] { QCOMPARE(r.exitCode, 0); }();
            return r.out;
        };
        const QByteArray first = runOnce("one", {});
        const QByteArray second = runOnce("two", {});
        const QByteArray other = runOnce("three", {"--seed", "8"});
        QCOMPARE(first, second);
        QCOMPARE(readFile(dir.filePath("one-s.json")), first);
        QCOMPARE(readFile(dir.filePath("one-a.csv")), readFile(dir.filePath("two-a.csv")));
        QCOMPARE(readFile(dir.filePath("one-t.csv")), readFile(dir.filePath("two-t.csv")));
        QVERIFY(readFile(dir.filePath("one-a.csv")).size() > 10'000);
        QVERIFY(first != other);
        QVERIFY(readFile(dir.filePath("one-a.csv")) != readFile(dir.filePath("three-a.csv")));
    }

    void csvHeadersFollowTheContract()
    {
        QTemporaryDir dir;
        const Result r = runCli({"run", kPreset, "--attempts", dir.filePath("a.csv"), "--timeline",
                                 dir.filePath("t.csv")});
        QCOMPARE(r.exitCode, 0);
        const QList<QByteArray> attempts = readFile(dir.filePath("a.csv")).split('\n');
        QCOMPARE(attempts.front(),
                 QByteArray("request,attempt,endpoint,start_ms,end_ms,outcome,status,wait_ms"));
        const QList<QByteArray> timeline = readFile(dir.filePath("t.csv")).split('\n');
        QCOMPARE(
            timeline.front(),
            QByteArray(
                "t_s,offered,attempts,ok,error,fatal,timeout,rate_limited,rejected,reset,"
                "conflict,breaker_open,bulkhead_full,throttled,budget_exhausted,cancelled,limited,"
                "in_flight,queue,p50_ms,p99_ms"));
        // One row per virtual second of the 120 s run (0 … 120, the last one partial), then "".
        QCOMPARE(timeline.size(), 1 + 121 + 1);
        QVERIFY(timeline[1].startsWith("0,"));
    }

    void scheduleMatchesTenacity()
    {
        // tenacity wait_exponential(multiplier=1, min=1, max=10): 1, 2, 4, 8, 10, 10 s.
        const Result r =
            runCli({"schedule", RESLAB_TEST_DATA_DIR "/tenacity-wait-exponential.json"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QByteArray("sample,retry,delay_ms\n1,1,1000\n1,2,2000\n1,3,4000\n1,4,"
                                   "8000\n1,5,10000\n1,6,10000\n"));
    }

    void scheduleSamplesAreReproducible()
    {
        const Result a = runCli({"schedule", kPreset, "--samples", "50", "--seed", "3"});
        const Result b = runCli({"schedule", kPreset, "--samples", "50", "--seed", "3"});
        QCOMPARE(a.exitCode, 0);
        QCOMPARE(a.out, b.out);
        QCOMPARE(a.out.count('\n'), 1 + 50 * 3);
    }

    void validateAcceptsEveryPreset()
    {
        const QDir presets(RESLAB_PRESETS_DIR);
        const QStringList files = presets.entryList({"*.json"}, QDir::Files);
        QVERIFY(files.size() >= 3);
        for (const QString& f : files) {
            const Result r = runCli({"validate", presets.filePath(f)});
            QVERIFY2(r.exitCode == 0, r.err.constData());
            QVERIFY(r.out.contains("valid"));
        }
    }

    void brokenInputs_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected"); // must appear in stderr (besides the file name)
        const QByteArray good = readFile(kPreset);
        auto replaced = [&](const char* from, const char* to) {
            QByteArray copy = good;
            Q_ASSERT(copy.contains(from));
            return copy.replace(from, to);
        };
        QTest::addRow("not JSON") << QByteArray("this is not json") << "not valid JSON";
        QTest::addRow("truncated") << good.left(good.size() / 2) << "not valid JSON";
        QTest::addRow("empty file") << QByteArray() << "not valid JSON";
        QTest::addRow("top-level array") << QByteArray("[1, 2]") << "must be an object";
        QTest::addRow("binary garbage")
            << QByteArray("\x00\xff\xfe\x01garbage\x00", 13) << "not valid JSON";
        QTest::addRow("wrong type") << replaced("\"rate_per_s\": 50", "\"rate_per_s\": \"fifty\"")
                                    << "workload.rate_per_s: must be a number, not a string";
        QTest::addRow("negative duration")
            << replaced("\"timeout_ms\": 1000}", "\"timeout_ms\": -1000}")
            << "pipeline[2].timeout_ms: must be >";
        QTest::addRow("NaN literal")
            << replaced("\"timeout_ms\": 1000}", "\"timeout_ms\": NaN}") << "not valid JSON";
        QTest::addRow("NaN as a string") << replaced("\"mean_ms\": 2", "\"mean_ms\": \"NaN\"")
                                         << "endpoints.api.network.mean_ms: must be a number";
        QTest::addRow("overflowing number")
            << replaced("\"median_ms\": 40", "\"median_ms\": 1e400")
            << "not valid JSON"; // Qt refuses numbers beyond double's range
        QTest::addRow("probability over 1") << replaced("\"error\": 0.05", "\"error\": 1.05")
                                            << "endpoints.api.failures.error: must be ≤ 1";
        QTest::addRow("unknown key") << replaced("\"honor_retry_after\"", "\"honour_retry_after\"")
                                     << "pipeline[1].honour_retry_after: unknown key";
        QTest::addRow("unknown strategy")
            << replaced("\"type\": \"timeout\", \"timeout_ms\": 1000}", "\"type\": \"teleport\"}")
            << "pipeline[2].type: unknown strategy type \"teleport\"";
        QTest::addRow("missing pipeline")
            << replaced("\"pipeline\"", "\"pipelines\"") << "pipeline: is required";
        QTest::addRow("unknown jitter") << replaced("\"jitter\": \"full\"", "\"jitter\": \"fuzzy\"")
                                        << "pipeline[1].jitter: unknown value \"fuzzy\"";
        QTest::addRow("wrong format") << replaced("scenario/1", "scenario/9") << "format: is";
    }

    void brokenInputs()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString file = dir.filePath("broken.json");
        writeFile(file, content);
        for (const char* command : {"run", "validate", "schedule"}) {
            const Result r = runCli({command, file});
            QCOMPARE(r.status, QProcess::NormalExit);
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains(file.toUtf8()), r.err.constData());
            QVERIFY2(QString::fromUtf8(r.err).contains(expected), r.err.constData());
            QVERIFY(r.out.isEmpty());
        }
    }

    void hugeGarbageFileIsRefusedQuickly()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath("garbage.json");
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            std::mt19937_64 gen(1);
            QByteArray chunk(1 << 20, '\0');
            for (int mb = 0; mb < 100; ++mb) {
                for (auto& c : chunk)
                    c = static_cast<char>(gen());
                QCOMPARE(f.write(chunk), chunk.size());
            }
        }
        const Result r = runCli({"run", file});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(file.toUtf8()));
        QVERIFY2(r.err.contains("limited to 16 MiB"), r.err.constData());
    }

    void scheduleNeedsARetryStrategy()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath("no-retry.json");
        QByteArray json = readFile(kPreset);
        const qsizetype start = json.indexOf("\"pipeline\": [");
        const qsizetype end = json.indexOf("\"endpoints\"");
        json.replace(start, end - start, "\"pipeline\": [],\n  ");
        writeFile(file, json);
        QCOMPARE(runCli({"validate", file}).exitCode, 0);
        const Result r = runCli({"schedule", file});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("pipeline: has no retry strategy"), r.err.constData());
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::addRow("unknown command") << QStringList{"fly"} << "unknown command";
        QTest::addRow("no scenario") << QStringList{"run"} << "expects exactly one SCENARIO";
        QTest::addRow("unknown option")
            << QStringList{"run", kPreset, "--fast"} << "unknown option --fast";
        QTest::addRow("bad seed") << QStringList{"run", kPreset, "--seed", "-4"}
                                  << "--seed must be";
        QTest::addRow("seed without value")
            << QStringList{"run", kPreset, "--seed"} << "--seed needs a value";
        QTest::addRow("bad samples")
            << QStringList{"schedule", kPreset, "--samples", "0"} << "--samples must be";
        QTest::addRow("missing file")
            << QStringList{"run", "/nonexistent/x.json"} << "/nonexistent/x.json: no such file";
        QTest::addRow("directory")
            << QStringList{"validate", QDir::tempPath()} << "a directory, not a file";
        QTest::addRow("unwritable output")
            << QStringList{"run", kPreset, "--attempts", "/nonexistent/dir/a.csv"}
            << "/nonexistent/dir/a.csv: cannot be written";
        QTest::addRow("import without --out")
            << QStringList{"import", kTraces + "monitoring.csv"} << "--out TRACE.jsonl is required";
        QTest::addRow("import unknown format")
            << QStringList{"import", kPreset, "--format", "xml", "--out", "/tmp/x.jsonl"}
            << "--format must be har, otlp, csv or jsonl";
        QTest::addRow("import bad status map")
            << QStringList{"import",       kTraces + "monitoring.csv",
                           "--out",        "/tmp/x.jsonl",
                           "--status-map", "503:error"}
            << "--status-map: \"503:error\": expected STATUS=OUTCOME";
        QTest::addRow("import wrong columns")
            << QStringList{"import", kTraces + "wrong-columns.csv", "--out", "/tmp/x.jsonl"}
            << "wrong-columns.csv: line 1: no time column";
        QTest::addRow("import malformed line")
            << QStringList{"import", kTraces + "monitoring.csv", "--out", "/tmp/x.jsonl"}
            << "monitoring.csv: line 7: latency_ms: must be milliseconds";
        QTest::addRow("compare pipeline without a name")
            << QStringList{"compare", kPreset, "--pipeline", "x.json"}
            << "--pipeline takes NAME=FILE.json";
        QTest::addRow("compare two runs of one name")
            << QStringList{"compare", kPreset, "--pipeline", "A=" + QString(kPreset)}
            << "two runs are named \"A\"";
        QTest::addRow("compare too many runs")
            << QStringList{"compare",    kPreset,      "--pipeline", "a=x",        "--pipeline",
                           "b=x",        "--pipeline", "c=x",        "--pipeline", "d=x",
                           "--pipeline", "e=x",        "--pipeline", "f=x"}
            << "compares at most 6 runs";
        QTest::addRow("compare without B")
            << QStringList{"compare", kPreset} << "--pipeline-b FILE.json is required";
        QTest::addRow("compare broken B")
            << QStringList{"compare", kPreset, "--pipeline-b", kTraces + "monitoring.csv"}
            << "monitoring.csv: not valid JSON";
    }

    void importReportsCountsAndSkips()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("day.jsonl");
        const Result r = runCli({"import", kTraces + "monitoring.csv", "--out", out, "--skip-bad"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains("imported 8 calls"), r.err.constData());
        QVERIFY2(r.err.contains("skipped 3 malformed records"), r.err.constData());
        QVERIFY2(r.err.contains("1 calls started before the one above them"), r.err.constData());
        QCOMPARE(readFile(out).count('\n'), 9); // header + 8 calls
        // Without --skip-bad nothing is left behind.
        const QString out2 = dir.filePath("none.jsonl");
        QCOMPARE(runCli({"import", kTraces + "monitoring.csv", "--out", out2}).exitCode, 2);
        QVERIFY(!QFile::exists(out2));
    }

    void recordReplayCompare()
    {
        // run --record writes a trace; compare finds differences between two pipelines, and none
        // between a scenario and itself (the replay preset, whose file carries its own pipeline).
        QTemporaryDir dir;
        const QString trace = dir.filePath("run.jsonl");
        QCOMPARE(runCli({"run", kPreset, "--record", trace}).exitCode, 0);
        QVERIFY(readFile(trace).startsWith("{\"format\":\"resilience-lab.trace/1\""));
        const QString pipeline = dir.filePath("same.json");
        writeFile(pipeline, R"({"pipeline": [{"type": "timeout", "timeout_ms": 10000}]})");
        const Result c = runCli({"compare", kPreset, "--pipeline-b", pipeline, "--json"});
        QCOMPARE(c.exitCode, 0);
        QVERIFY2(c.out.contains("\"identical\": false"), c.out.constData());
        const Result same =
            runCli({"compare", QStringLiteral(RESLAB_PRESETS_DIR "/replay-bad-day.json"),
                    "--pipeline-b", QStringLiteral(RESLAB_PRESETS_DIR "/replay-bad-day.json")});
        QCOMPARE(same.exitCode, 0);
        QVERIFY2(same.out.contains("No differences."), same.out.constData());
    }

    void compareThreePipelines()
    {
        // The scenario's own pipeline and two more, named: one column each and a difference
        // column against the first; the same pipeline three times gives no differences.
        QTemporaryDir dir;
        const QString none = dir.filePath("none.json");
        writeFile(none, "[]");
        const QString timeout = dir.filePath("timeout.json");
        writeFile(timeout, R"({"pipeline": [{"type": "timeout", "timeout_ms": 10000}]})");
        const Result table = runCli(
            {"compare", kPreset, "--pipeline", "bare=" + none, "--pipeline", "timeout=" + timeout});
        QCOMPARE(table.exitCode, 0);
        const QString text = QString::fromUtf8(table.out);
        for (const char* column : {" A ", " bare ", " timeout ", "bare − A", "timeout − A"})
            QVERIFY2(text.contains(QString::fromUtf8(column)), table.out.constData());
        const Result json = runCli({"compare", kPreset, "--pipeline", "bare=" + none, "--pipeline",
                                    "timeout=" + timeout, "--json"});
        QCOMPARE(json.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(json.out).object();
        QCOMPARE(o.value("runs").toArray().size(), 3);
        QCOMPARE(o.value("metrics").toArray().first().toObject().value("values").toArray().size(),
                 3);
        QCOMPARE(o.value("identical").toBool(), false);
        const QString self = QStringLiteral(RESLAB_PRESETS_DIR "/replay-bad-day.json");
        const Result same = runCli(
            {"compare", self, "--pipeline", "again=" + self, "--pipeline", "once more=" + self});
        QCOMPARE(same.exitCode, 0);
        QVERIFY2(same.out.contains("No differences."), same.out.constData());
    }

    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        const Result r = runCli(args);
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(expected), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"

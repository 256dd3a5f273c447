// `resilience-lab sweep` as a user meets it: the table's columns, output identical for any
// --jobs, a point equal to `run` of that configuration, and bad input refused with exit 2 and a
// message naming the parameter, before anything runs.

#include "cli/cli_testing.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace reslab::testing;
using Result = CliResult;

namespace {
const QString kPreset = QStringLiteral(RESLAB_PRESETS_DIR "/steady-flaky-api.json");
} // namespace

class TestSweepCli : public QObject
{
    Q_OBJECT
private slots:
    void tableHasAColumnPerParameterAndMetric()
    {
        const Result r = runCli({"sweep", kPreset, "--param", "pipeline[1].max_attempts=1,3",
                                 "--param", "pipeline[1].jitter=none,full", "--seeds", "2"});
        QCOMPARE(r.exitCode, 0);
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 1 + 4);
        QVERIFY2(lines[0].startsWith("point,pipeline[1].max_attempts,pipeline[1].jitter,seeds,"
                                     "success_rate_mean,success_rate_lo,success_rate_hi,"),
                 lines[0].constData());
        QVERIFY(lines[0].contains(",recovery_s_mean,recovery_s_lo,recovery_s_hi"));
        QVERIFY2(lines[1].startsWith("0,1,none,42 43,"), lines[1].constData());
        QVERIFY2(lines[4].startsWith("3,3,full,42 43,"), lines[4].constData());
    }

    void outputIsTheSameForAnyNumberOfJobs()
    {
        QTemporaryDir dir;
        QStringList args{"sweep",   kPreset,
                         "--param", "pipeline[1].backoff.initial_ms=50..400/4",
                         "--param", "pipeline[1].max_attempts=2,4",
                         "--seeds", "3"};
        QCOMPARE(
            runCli(args + QStringList{"--jobs", "1", "--out", dir.filePath("one.csv")}).exitCode,
            0);
        QCOMPARE(
            runCli(args + QStringList{"--jobs", "2", "--out", dir.filePath("two.csv")}).exitCode,
            0);
        QCOMPARE(runCli(args + QStringList{"--out", dir.filePath("all.jsonl")}).exitCode, 0);
        QCOMPARE(
            runCli(args + QStringList{"--jobs", "2", "--out", dir.filePath("two.jsonl")}).exitCode,
            0);
        const QByteArray one = readFile(dir.filePath("one.csv"));
        QCOMPARE(one.count('\n'), 1 + 8);
        QCOMPARE(readFile(dir.filePath("two.csv")), one);
        QCOMPARE(readFile(dir.filePath("two.jsonl")), readFile(dir.filePath("all.jsonl")));
        const QJsonObject row =
            QJsonDocument::fromJson(readFile(dir.filePath("all.jsonl")).split('\n')[0]).object();
        QCOMPARE(row.value("params").toObject().value("pipeline[1].backoff.initial_ms").toDouble(),
                 50.0);
        QVERIFY(row.value("metrics").toObject().contains("latency_ms.p99"));
    }

    void aPointIsARunOfThatConfiguration()
    {
        QTemporaryDir dir;
        const Result sweep =
            runCli({"sweep", kPreset, "--param", "pipeline[1].max_attempts=2", "--seeds", "1",
                    "--seed", "11", "--out", dir.filePath("s.jsonl"), "--json"});
        QCOMPARE(sweep.exitCode, 0);
        const QJsonObject summary = QJsonDocument::fromJson(sweep.out).object();
        QCOMPARE(summary.value("points").toInt(), 1);
        QCOMPARE(summary.value("runs").toInt(), 1);
        const QJsonObject metrics = QJsonDocument::fromJson(readFile(dir.filePath("s.jsonl")))
                                        .object()
                                        .value("metrics")
                                        .toObject();

        QByteArray scenario = readFile(kPreset);
        const QJsonObject original = QJsonDocument::fromJson(scenario).object();
        QJsonObject edited = original;
        QJsonArray pipeline = edited.value("pipeline").toArray();
        QJsonObject retry = pipeline[1].toObject();
        retry.insert("max_attempts", 2);
        pipeline[1] = retry;
        edited.insert("pipeline", pipeline);
        QFile f(dir.filePath("point.json"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(edited).toJson());
        f.close();
        const Result run = runCli({"run", dir.filePath("point.json"), "--seed", "11", "--json"});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject s = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(metrics.value("success_rate").toObject().value("mean").toDouble(),
                 s.value("requests").toObject().value("success_rate").toDouble());
        QCOMPARE(metrics.value("latency_ms.p99").toObject().value("mean").toDouble(),
                 s.value("latency_ms").toObject().value("p99").toDouble());
        QCOMPARE(metrics.value("attempts.per_request").toObject().value("mean").toDouble(),
                 s.value("attempts").toObject().value("per_request").toDouble());
        QVERIFY(metrics.value("success_rate").toObject().value("lo").isNull()); // one seed
    }

    void withoutParamTheScenariosSweepBlockRuns()
    {
        // The block's parameters and seeds, exactly as if they were given on the command line.
        QFile preset(kPreset);
        QVERIFY(preset.open(QIODevice::ReadOnly));
        QJsonObject doc = QJsonDocument::fromJson(preset.readAll()).object();
        doc["sweep"] = QJsonObject{
            {"params",
             QJsonArray{QJsonObject{{"path", "pipeline[1].max_attempts"}, {"values", "1..3/3"}},
                        QJsonObject{{"path", "pipeline[1].jitter"}, {"values", "none,full"}}}},
            {"metric", "success_rate"},
            {"seeds", 2}};
        QTemporaryDir dir;
        const QString file = writeTempFile(dir, "with-sweep.json", QJsonDocument(doc).toJson());
        const Result own = runCli({"sweep", file});
        QCOMPARE(own.exitCode, 0);
        const Result given = runCli({"sweep", file, "--param", "pipeline[1].max_attempts=1..3/3",
                                     "--param", "pipeline[1].jitter=none,full", "--seeds", "2"});
        QCOMPARE(given.exitCode, 0);
        QCOMPARE(own.out, given.out);
        QCOMPARE(own.out.trimmed().split('\n').size(), 1 + 6);
        // --seeds still overrides the block's.
        const Result more = runCli({"sweep", file, "--seeds", "3"});
        QVERIFY2(more.out.split('\n').value(1).contains(",42 43 44,"), more.out.constData());
    }

    void badInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::addRow("no parameter")
            << QStringList{"sweep", kPreset} << "needs at least one --param";
        QTest::addRow("no '='") << QStringList{"sweep", kPreset, "--param", "workload.rate_per_s"}
                                << "expected PATH=VALUES";
        QTest::addRow("path that does not exist")
            << QStringList{"sweep", kPreset, "--param", "pipeline[7].max_attempts=1,2"}
            << "--param pipeline[7].max_attempts: pipeline[7] does not exist";
        QTest::addRow("unknown key")
            << QStringList{"sweep", kPreset, "--param", "workload.rate=1,2"}
            << "workload.rate: unknown key";
        // A mistyped endpoint would be a new endpoint nothing calls: every point alike.
        QTest::addRow("endpoint that does not exist")
            << QStringList{"sweep", kPreset, "--param", "endpoints.apii.failures.error=0.1,0.5"}
            << "--param endpoints.apii.failures.error: the scenario has no endpoint \"apii\" "
               "(did you mean api?); its endpoints: api";
        QTest::addRow("range with no values")
            << QStringList{"sweep", kPreset, "--param", "workload.rate_per_s=10..100/0"}
            << "--param workload.rate_per_s: \"10..100/0\": the count after '/'";
        QTest::addRow("refused value")
            << QStringList{"sweep", kPreset, "--param", "workload.rate_per_s=10,-5"}
            << "point 1 (workload.rate_per_s=-5) is not a valid scenario";
        QTest::addRow("bad sample")
            << QStringList{"sweep", kPreset, "--param", "seed=1", "--sample", "grid:4"}
            << "--sample must be random:N or lhs:N";
        QTest::addRow("zero seeds")
            << QStringList{"sweep", kPreset, "--param", "workload.rate_per_s=1", "--seeds", "0"}
            << "--seeds must be a whole number from 1 to 10000, got \"0\"";
        QTest::addRow("json without out")
            << QStringList{"sweep", kPreset, "--param", "workload.rate_per_s=1", "--json"}
            << "write the table with --out FILE";
        QTest::addRow("shard past the count")
            << QStringList{"sweep",   kPreset, "--param", "workload.rate_per_s=1",
                           "--shard", "5/4",   "--out",   "/tmp/x"}
            << "--shard must be I/N with 1 ≤ I ≤ N";
        QTest::addRow("shard without out")
            << QStringList{"sweep", kPreset, "--param", "workload.rate_per_s=1", "--shard", "1/2"}
            << "give it --out FILE";
        QTest::addRow("merge nothing") << QStringList{"sweep-merge"} << "expects the PARTS";
        QTest::addRow("merge a scenario")
            << QStringList{"sweep-merge", kPreset} << "not a line of a sweep part";
        // An output's format follows its name: CSV into x.json was written before.
        QTest::addRow("table named .json")
            << QStringList{"sweep", kPreset,      "--param", "workload.rate_per_s=1",
                           "--out", "/tmp/x.json"}
            << "--out /tmp/x.json: writes a CSV or JSON Lines table, but the name says .json; name "
               "it .csv or .jsonl or .ndjson";
        QTest::addRow("format against the name")
            << QStringList{"sweep", kPreset,      "--param",  "workload.rate_per_s=1",
                           "--out", "/tmp/x.csv", "--format", "jsonl"}
            << "--format jsonl and --out /tmp/x.csv disagree: the name says .csv";
        QTest::addRow("part named .csv")
            << QStringList{"sweep",   kPreset, "--param", "workload.rate_per_s=1",
                           "--shard", "1/2",   "--out",   "/tmp/x.csv"}
            << "writes a sweep part (JSON Lines), but the name says .csv";
        QTest::addRow("bad format")
            << QStringList{"sweep", kPreset, "--param", "workload.rate_per_s=1", "--format", "xml"}
            << "--format must be csv or jsonl";
    }
    // `--out -` is standard output (it wrote a file named "-").
    void dashIsStandardOutput()
    {
        QTemporaryDir dir;
        QProcess p;
        p.setWorkingDirectory(dir.path());
        p.start(RESLAB_EXECUTABLE, {"sweep", kPreset, "--param", "workload.rate_per_s=10,20",
                                    "--seeds", "1", "--out", "-", "--format", "jsonl"});
        QVERIFY(p.waitForFinished(120'000));
        QCOMPARE(p.exitCode(), 0);
        const QList<QByteArray> lines = p.readAllStandardOutput().trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QCOMPARE(QJsonDocument::fromJson(lines[1]).object().value("point").toInt(), 1);
        QVERIFY(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).isEmpty());
    }

    void badInput()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        const Result r = runCli(args);
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(expected), r.err.constData());
        // Nothing on standard output, but with --json the error as JSON (docs/cli.md).
        if (args.contains("--json"))
            QVERIFY2(QJsonDocument::fromJson(r.out).object().value("format").toString() ==
                         "resilience-lab.error/1",
                     r.out.constData());
        else
            QVERIFY(r.out.isEmpty());
    }

    void shardsThroughGnuParallelMergeToTheUnshardedSweep()
    {
        const QString parallel = QStandardPaths::findExecutable("parallel");
        QVERIFY2(!parallel.isEmpty(), "GNU parallel is needed (scripts/install-deps installs it)");
        QTemporaryDir dir;
        const QStringList sweep{"sweep",   kPreset,
                                "--param", "pipeline[1].max_attempts=1..5/5",
                                "--param", "pipeline[1].jitter=none,full,equal",
                                "--seeds", "2"};
        QCOMPARE(runCli(sweep + QStringList{"--out", dir.filePath("whole.csv")}).exitCode, 0);

        // Four shards at once, as on four machines: parallel substitutes {} with 1 … 4.
        QProcess p;
        p.start(parallel,
                QStringList{"--will-cite", "--halt", "now,fail=1", "-j", "4", RESLAB_EXECUTABLE} +
                    sweep +
                    QStringList{"--shard", "{}/4", "--out", dir.filePath("part-{}.jsonl"),
                                ":::", "1", "2", "3", "4"});
        QVERIFY(p.waitForFinished(120'000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const QStringList parts{dir.filePath("part-3.jsonl"), dir.filePath("part-1.jsonl"),
                                dir.filePath("part-4.jsonl"), dir.filePath("part-2.jsonl")};
        const Result merged = runCli(QStringList{"sweep-merge"} + parts +
                                     QStringList{"--out", dir.filePath("merged.csv")});
        QVERIFY2(merged.exitCode == 0, merged.err.constData());
        QCOMPARE(readFile(dir.filePath("merged.csv")), readFile(dir.filePath("whole.csv")));

        const Result missing = runCli(QStringList{"sweep-merge"} + parts.mid(0, 3));
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains("shard 2/4 is missing"), missing.err.constData());
        QCOMPARE(runCli(QStringList{"sweep", kPreset, "--param", "pipeline[1].max_attempts=1,2",
                                    "--shard", "1/4", "--out", dir.filePath("other.jsonl")})
                     .exitCode,
                 0);
        const Result other = runCli(QStringList{"sweep-merge"} + parts.mid(1, 3) +
                                    QStringList{dir.filePath("other.jsonl")});
        QCOMPARE(other.exitCode, 2);
        QVERIFY2(other.err.contains("other.jsonl: line 1: a part of another sweep"),
                 other.err.constData());
    }

    void failedSweepLeavesTheOutputAsItWas()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("kept.csv");
        QFile f(out);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("what was there\n");
        f.close();
        const Result r =
            runCli({"sweep", kPreset, "--param", "workload.rate_per_s=10,-5", "--out", out});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(readFile(out), QByteArray("what was there\n"));
    }
};

QTEST_GUILESS_MAIN(TestSweepCli)
#include "tst_sweep_cli.moc"

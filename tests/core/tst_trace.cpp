// Traces: the line format (exact milliseconds, every refusal with its line), record → sequence
// replay reproducing a run attempt for attempt, timeline replay seeing an outage end, trace
// workloads, and compare with zero differences. Importers: tst_trace_import.cpp.

#include "run/compare.h"
#include "run/report.h"
#include "testing.h"
#include "trace/flat_json.h"
#include "trace/importer.h"
#include "trace/replay.h"
#include "trace/trace_io.h"
#include "trace/trace_recorder.h"
#include "trace_testing.h"

#include <QTemporaryDir>
#include <sys/resource.h>

using namespace reslab;
using namespace reslab::testing;
using namespace reslab::trace_testing;

namespace {
// Scenario B from a pipeline's JSON text, as `compare --pipeline-b` reads it.
ScenarioLoad withPipeline(const Scenario& a, const QByteArray& json)
{
    const PipelineLoad p = parsePipeline(json);
    return p.pipeline ? reslab::withPipeline(a, *p.pipeline)
                      : ScenarioLoad{std::nullopt, p.diagnostics};
}

const char* kRetry =
    "{\"type\": \"retry\", \"max_attempts\": 4, \"backoff\": {\"type\": \"exponential\", "
    "\"initial_ms\": 50, \"max_ms\": 2000}, \"jitter\": \"full\"}";
} // namespace

class TestTrace : public QObject
{
    Q_OBJECT
private slots:
    void millisAreExact_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("nanos");
        QTest::addRow("integer") << "12" << qint64(12'000'000);
        QTest::addRow("six places") << "29.598491" << qint64(29'598'491);
        QTest::addRow("large") << "86399999.999999" << qint64(86'399'999'999'999);
        QTest::addRow("negative") << "-3.5" << qint64(-3'500'000);
        QTest::addRow("beyond ns rounds down") << "1.0000009" << qint64(1'000'000);
        QTest::addRow("exponent") << "1.5e3" << qint64(1'500'000'000);
    }
    void millisAreExact()
    {
        QFETCH(QString, text);
        QFETCH(qint64, nanos);
        const std::string s = text.toStdString();
        QCOMPARE(parseMillis(s).value_or(-1), nanos);
        if (!text.contains('e') && !text.startsWith('-') && text != "1.0000009") {
            std::string back;
            appendMillis(back, nanos);
            QCOMPARE(QString::fromStdString(back), text); // written back exactly as read
        }
    }

    void badLinesNameTheirLine_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("message");
        const QByteArray header = "{\"format\": \"resilience-lab.trace/1\", \"source\": \"test\"}"
                                  "\n";
        QTest::addRow("no header")
            << QByteArray("{\"t_ms\": 1, \"latency_ms\": 2, \"outcome\": \"ok\"}")
            << "line 1: the first line must be the header";
        QTest::addRow("other format")
            << QByteArray("{\"format\": \"har\"}") << "line 1: format: is \"har\"";
        QTest::addRow("negative latency")
            << header + "{\"t_ms\": 1, \"latency_ms\": -3, \"outcome\": \"ok\"}"
            << "line 2: latency_ms: must be between 0";
        QTest::addRow("NaN") << header + "{\"t_ms\": NaN, \"latency_ms\": 1, \"outcome\": \"ok\"}"
                             << "line 2: column 10: unexpected character";
        QTest::addRow("unknown outcome")
            << header + "{\"t_ms\": 1, \"latency_ms\": 1, \"outcome\": \"meh\"}"
            << "line 2: outcome: unknown outcome \"meh\"";
        QTest::addRow("typo") << header + "{\"t_ms\": 1, \"latency\": 1, \"outcome\": \"ok\"}"
                              << "line 2: latency: unknown key";
        QTest::addRow("truncated") << header + "{\"t_ms\": 1, \"latency_ms\": 1, \"outc"
                                   << "line 2: column 35: unterminated string";
        QTest::addRow("nested")
            << header + "{\"t_ms\": 1, \"latency_ms\": {\"v\": 1}, \"outcome\": \"ok\"}"
            << "line 2: column 27: nested objects";
        QTest::addRow("no outcome or status") << header + "{\"t_ms\": 1, \"latency_ms\": 1}"
                                              << "line 2: outcome: missing";
        QTest::addRow("binary") << header + QByteArray("\x00\x01\xff\xfe garbage", 13)
                                << "line 2: column 1: expected a JSON object";
    }
    void badLinesNameTheirLine()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const std::string path = writeFile(dir, "bad.jsonl", body);
        const TraceLoad load = readTraceFile(path);
        QVERIFY(!load.trace);
        const QString text =
            QString::fromStdString(formatTraceProblems("bad.jsonl", load.problems));
        QVERIFY2(text.contains(message), qPrintable(text));
        QVERIFY(text.startsWith("bad.jsonl: "));
    }

    void skipBadCountsAndKeepsTheRest()
    {
        QTemporaryDir dir;
        const std::string path =
            writeFile(dir, "mixed.jsonl",
                      "{\"format\": \"resilience-lab.trace/1\"}\n"
                      "{\"t_ms\": 0, \"latency_ms\": 5, \"status\": 503}\n"
                      "{\"t_ms\": 1, \"latency_ms\": -5, \"status\": 200}\n"
                      "\n"
                      "{\"t_ms\": 2, \"latency_ms\": 5, \"outcome\": \"timeout\"}\n");
        TraceReadOptions options;
        options.skipBad = true;
        const TraceLoad load = readTraceFile(path, options);
        QVERIFY(load.trace);
        QCOMPARE(load.badLines, std::uint64_t(1));
        QCOMPARE(load.trace->calls.size(), std::size_t(2));
        QCOMPARE(load.trace->calls[0].outcome, Outcome::Error); // from the status
        QCOMPARE(load.trace->calls[1].status, std::int16_t(0)); // the outcome's usual status
        QCOMPARE(load.problems.front().line, std::uint64_t(3));
    }

    void recordThenSequenceReplayReproducesTheRun()
    {
        QTemporaryDir dir;
        const std::string trace = dir.filePath("run.jsonl").toStdString();
        const std::string pipeline =
            std::string("[") + kRetry + ", {\"type\": \"timeout\", \"timeout_ms\": 250}]";
        const Scenario original = scenarioFromJson(scenarioJson(
            "{\"type\": \"open\", \"rate_per_s\": 80}", pipeline,
            "{\"latency\": {\"dist\": \"lognormal\", \"median_ms\": 40, \"p99_ms\": 400}, "
            "\"failures\": {\"error\": 0.1, \"timeout\": 0.02},\n                \"rate_limit\": "
            "{\"rate_per_s\": 70, \"burst\": 10, \"retry_after_ms\": 100}}",
            60, 7));
        RequestLog first;
        {
            TraceWriter writer;
            std::string error;
            QVERIFY(writer.open(trace, TraceHeader{"test", "", ""}, &error));
            TraceRecorder recorder(writer, {"api"});
            Simulation sim(original);
            sim.addObserver(&first);
            sim.addObserver(&recorder);
            sim.run();
            QVERIFY(writer.close(&error));
        }
        QVERIFY(first.attempts.size() > 4000);
        Scenario replay = scenarioFromJson(scenarioJson(
            "{\"type\": \"open\", \"rate_per_s\": 80}", pipeline,
            "{\"kind\": \"trace\", \"file\": \"" + trace + "\", \"mode\": \"sequence\"}", 60, 7));
        RequestLog second;
        Simulation sim(replay);
        sim.addObserver(&second);
        sim.run();
        QCOMPARE(second.attempts.size(), first.attempts.size());
        for (std::size_t i = 0; i < first.attempts.size(); ++i) {
            const AttemptRecord& a = first.attempts[i];
            const AttemptRecord& b = second.attempts[i];
            QCOMPARE(b.request, a.request);
            QCOMPARE(b.attempt, a.attempt);
            QCOMPARE(b.result.outcome, a.result.outcome);
            QCOMPARE(b.result.status, a.result.status);
            QCOMPARE(b.start, a.start);
            QCOMPARE(b.end, a.end);
        }
    }

    void timelineReplaySeesTheOutageEnd_data()
    {
        QTest::addColumn<int>("backoffMs");
        QTest::addColumn<QString>("second");
        QTest::addRow("retry after the outage") << 15'000 << "ok";
        QTest::addRow("retry still inside it") << 1'000 << "error";
    }
    void timelineReplaySeesTheOutageEnd()
    {
        // A recorded day: a call every 100 ms for 200 s, all failing from 60 s to 120 s.
        QFETCH(int, backoffMs);
        QFETCH(QString, second);
        QTemporaryDir dir;
        const std::string trace = dir.filePath("day.jsonl").toStdString();
        {
            TraceWriter writer;
            std::string error;
            QVERIFY(writer.open(trace, TraceHeader{"test", "", ""}, &error));
            for (int i = 0; i <= 2000; ++i) {
                TraceCall c;
                c.t = Time(i) * 100'000'000;
                c.latency = 10'000'000;
                const bool outage = c.t >= 60 * kNanosPerSecond && c.t < 120 * kNanosPerSecond;
                c.outcome = outage ? Outcome::Error : Outcome::Ok;
                c.status = outage ? 503 : 200;
                writer.write(c, "api");
            }
            QVERIFY(writer.close(&error));
        }
        // One request at 110 s (in the outage) with one retry after a constant backoff.
        const std::string json =
            "{\"format\": \"resilience-lab.scenario/1\", \"seed\": 3, \"duration_s\": 111,\n       "
            "     \"workload\": {\"type\": \"open\", \"rate_per_s\": 0, \"max_requests\": 1,\n     "
            "                    \"rate_schedule\": [{\"at_s\": 110, \"rate_per_s\": 100000}]},\n  "
            "          \"target\": \"api\",\n            \"pipeline\": [{\"type\": \"retry\", "
            "\"max_attempts\": 2, \"backoff\": {\"type\": \"constant\", \"delay_ms\": " +
            std::to_string(backoffMs) +
            "}}],\n            \"endpoints\": {\"api\": {\"kind\": \"trace\", \"file\": \"" +
            trace + "\", \"mode\": \"timeline\", \"window_ms\": 500}}}";
        RequestLog log;
        Simulation sim(scenarioFromJson(json));
        sim.addObserver(&log);
        sim.run();
        QCOMPARE(log.attempts.size(), std::size_t(2));
        QCOMPARE(QString::fromLatin1(outcomeName(log.attempts[0].result.outcome).data()),
                 QStringLiteral("error"));
        QVERIFY(log.attempts[0].start >= 110 * kNanosPerSecond);
        QCOMPARE(QString::fromLatin1(outcomeName(log.attempts[1].result.outcome).data()), second);
    }

    void traceWorkloadReplaysFirstAttempts()
    {
        QTemporaryDir dir;
        ImportOptions options;
        options.format = ImportFormat::Csv;
        options.skipBad = true;
        const std::string trace = dir.filePath("csv.jsonl").toStdString();
        QVERIFY(importTrace((kData + "monitoring.csv").toStdString(), trace, options).ok);
        const std::string json = "{\"format\": \"resilience-lab.scenario/1\", \"workload\": "
                                 "{\"type\": \"trace\", \"file\": \"" +
                                 trace +
                                 "\"}, \"target\": \"db\", \"pipeline\": [], \"endpoints\": "
                                 "{\"db\": {\"kind\": \"trace\", \"file\": \"" +
                                 trace + "\", \"mode\": \"sequence\"}}}";
        RequestLog log;
        Simulation sim(scenarioFromJson(json));
        sim.addObserver(&log);
        sim.run();
        // Seven calls name "db" (the eighth names "db, replica"), each a first attempt.
        QCOMPARE(log.requests.size(), std::size_t(7));
        QCOMPARE(sim.summary().succeeded, std::uint64_t(3)); // 200, 200, 200; then 504, 429, 0, 500
    }

    void scenarioNamesAMissingOrBrokenTrace()
    {
        QTemporaryDir dir;
        const std::string json = scenarioJson("{\"type\": \"open\", \"rate_per_s\": 1}", "[]",
                                              "{\"kind\": \"trace\", \"file\": \"nowhere.jsonl\", "
                                              "\"latency\": {\"dist\": \"constant\", \"ms\": 1}}",
                                              10, 1);
        ScenarioLoad load = parseWithTraces(json, dir.path().toStdString());
        QVERIFY(!load.scenario);
        const QString text = QString::fromStdString(formatDiagnostics("s.json", load.diagnostics));
        QVERIFY2(
            text.contains("s.json: endpoints.api.latency: does not apply to a \"trace\" endpoint"),
            qPrintable(text));
        const std::string broken = writeFile(
            dir, "broken.jsonl", "{\"format\": \"resilience-lab.trace/1\"}\n{\"t_ms\": 1}\n");
        load = parseWithTraces(scenarioJson("{\"type\": \"open\", \"rate_per_s\": 1}", "[]",
                                            "{\"kind\": \"trace\", \"file\": \"broken.jsonl\"}", 10,
                                            1),
                               dir.path().toStdString());
        QVERIFY(!load.scenario);
        const QString text2 = QString::fromStdString(formatDiagnostics("s.json", load.diagnostics));
        QVERIFY2(text2.contains("endpoints.api.file: broken.jsonl: line 2: latency_ms: missing"),
                 qPrintable(text2));
    }

    void compareIdenticalPipelinesGivesNoDifferences()
    {
        const std::string pipeline = std::string("[") + kRetry + "]";
        const Scenario a =
            scenarioFromJson(scenarioJson("{\"type\": \"open\", \"rate_per_s\": 50}", pipeline,
                                          "{\"latency\": {\"dist\": \"exponential\", \"mean_ms\": "
                                          "20}, \"failures\": {\"error\": 0.2}}",
                                          30, 11));
        const ScenarioLoad same = withPipeline(a, QByteArray::fromStdString(pipeline));
        QVERIFY(same.scenario);
        const Comparison c = compareRuns({{"A", a}, {"B", *same.scenario}}, 11);
        QVERIFY(c.identical());
        QVERIFY(c.rows.size() > 10);
        // Without retries: fewer attempts, lower success, and the endpoint saw only first calls.
        const ScenarioLoad none = withPipeline(a, "{\"pipeline\": []}");
        QVERIFY(none.scenario);
        const Comparison d = compareRuns({{"A", a}, {"B", *none.scenario}}, 11);
        QVERIFY(!d.identical());
        QVERIFY(d.runs[1].attempts < d.runs[0].attempts);
        QVERIFY(d.runs[1].successRate() < d.runs[0].successRate());
        QCOMPARE(d.runs[0].requests,
                 d.runs[1].requests); // the same arrivals: common random numbers
        const ScenarioLoad bad = withPipeline(
            a,
            "[{\"type\": \"retry\", \"max_attempts\": 0, \"backoff\": {\"type\": \"constant\"}}]");
        QVERIFY(!bad.scenario);
        QVERIFY(QString::fromStdString(formatDiagnostics("b.json", bad.diagnostics))
                    .contains("pipeline[0].max_attempts"));
    }
};

QTEST_GUILESS_MAIN(TestTrace)
#include "tst_trace.moc"

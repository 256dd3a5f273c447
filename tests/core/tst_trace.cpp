// Traces: the line format (exact milliseconds, every refusal with its line), the status → outcome
// map, the three importers against hand-written files with their edge cases and exact counts,
// bad input in fixed memory, record → sequence replay reproducing a run attempt for attempt,
// timeline replay seeing an outage end, trace workloads, and compare with zero differences.

#include "run/compare.h"
#include "run/report.h"
#include "testing.h"
#include "trace/flat_json.h"
#include "trace/importer.h"
#include "trace/replay.h"
#include "trace/trace_io.h"
#include "trace/trace_recorder.h"

#include <QTemporaryDir>

#include <sys/resource.h>

using namespace reslab;
using namespace reslab::testing;

namespace {
const QString kData = QStringLiteral(RESLAB_TEST_DATA_DIR "/traces/");

std::string writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& text)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
    f.write(text);
    return path.toStdString();
}

Trace readBack(const std::string& path)
{
    TraceLoad load = readTraceFile(path);
    if (!load.trace) qFatal("%s", formatTraceProblems(path, load.problems).c_str());
    return *load.trace;
}

long peakRssKb()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

const char* kRetry = "{\"type\": \"retry\", \"max_attempts\": 4, \"backoff\": {\"type\": \"exponential\", \"initial_ms\": 50, \"max_ms\": 2000}, \"jitter\": \"full\"}";
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
        const QByteArray header = "{\"format\": \"resilience-lab.trace/1\", \"source\": \"test\"}" "\n";
        QTest::addRow("no header") << QByteArray("{\"t_ms\": 1, \"latency_ms\": 2, \"outcome\": \"ok\"}") << "line 1: the first line must be the header";
        QTest::addRow("other format") << QByteArray("{\"format\": \"har\"}") << "line 1: format: is \"har\"";
        QTest::addRow("negative latency") << header + "{\"t_ms\": 1, \"latency_ms\": -3, \"outcome\": \"ok\"}" << "line 2: latency_ms: must be between 0";
        QTest::addRow("NaN") << header + "{\"t_ms\": NaN, \"latency_ms\": 1, \"outcome\": \"ok\"}" << "line 2: column 10: unexpected character";
        QTest::addRow("unknown outcome") << header + "{\"t_ms\": 1, \"latency_ms\": 1, \"outcome\": \"meh\"}" << "line 2: outcome: unknown outcome \"meh\"";
        QTest::addRow("typo") << header + "{\"t_ms\": 1, \"latency\": 1, \"outcome\": \"ok\"}" << "line 2: latency: unknown key";
        QTest::addRow("truncated") << header + "{\"t_ms\": 1, \"latency_ms\": 1, \"outc" << "line 2: column 35: unterminated string";
        QTest::addRow("nested") << header + "{\"t_ms\": 1, \"latency_ms\": {\"v\": 1}, \"outcome\": \"ok\"}" << "line 2: column 27: nested objects";
        QTest::addRow("no outcome or status") << header + "{\"t_ms\": 1, \"latency_ms\": 1}" << "line 2: outcome: missing";
        QTest::addRow("binary") << header + QByteArray("\x00\x01\xff\xfe garbage", 13) << "line 2: column 1: expected a JSON object";
    }
    void badLinesNameTheirLine()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const std::string path = writeFile(dir, "bad.jsonl", body);
        const TraceLoad load = readTraceFile(path);
        QVERIFY(!load.trace);
        const QString text = QString::fromStdString(formatTraceProblems("bad.jsonl", load.problems));
        QVERIFY2(text.contains(message), qPrintable(text));
        QVERIFY(text.startsWith("bad.jsonl: "));
    }

    void skipBadCountsAndKeepsTheRest()
    {
        QTemporaryDir dir;
        const std::string path = writeFile(dir, "mixed.jsonl",
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
        QCOMPARE(load.trace->calls[1].status, std::int16_t(0));  // the outcome's usual status
        QCOMPARE(load.problems.front().line, std::uint64_t(3));
    }

    void statusMap_data()
    {
        QTest::addColumn<QString>("overrides");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("outcome");
        QTest::addRow("2xx") << "" << 204 << "ok";
        QTest::addRow("3xx") << "" << 304 << "ok";
        QTest::addRow("408") << "" << 408 << "timeout";
        QTest::addRow("504") << "" << 504 << "timeout";
        QTest::addRow("409") << "" << 409 << "conflict";
        QTest::addRow("429") << "" << 429 << "rate_limited";
        QTest::addRow("404") << "" << 404 << "fatal";
        QTest::addRow("500") << "" << 500 << "error";
        QTest::addRow("0") << "" << 0 << "reset";
        QTest::addRow("single override") << "503=rejected" << 503 << "rejected";
        QTest::addRow("class override") << "4xx=error, 404=ok" << 404 << "ok";
        QTest::addRow("class applies") << "4xx=error,404=ok" << 403 << "error";
    }
    void statusMap()
    {
        QFETCH(QString, overrides);
        QFETCH(int, status);
        QFETCH(QString, outcome);
        StatusMap map;
        QVERIFY(!StatusMap::parseOverrides(overrides.toStdString(), map));
        QCOMPARE(QString::fromLatin1(outcomeName(map.outcomeOf(status)).data()), outcome);
    }
    void statusMapRefusesNonsense()
    {
        StatusMap map;
        QVERIFY(StatusMap::parseOverrides("503", map).value_or("").find("expected STATUS=OUTCOME") != std::string::npos);
        QVERIFY(StatusMap::parseOverrides("503=broken", map).value_or("").find("unknown outcome") != std::string::npos);
        QVERIFY(StatusMap::parseOverrides("6xx=error", map).value_or("").find("expected a status") != std::string::npos);
    }

    void importHar()
    {
        QTemporaryDir dir;
        ImportOptions options;
        options.format = ImportFormat::Har;
        options.skipBad = true;
        const std::string out = dir.filePath("har.jsonl").toStdString();
        const ImportReport r = importTrace((kData + "browser.har").toStdString(), out, options);
        QVERIFY2(r.ok, formatTraceProblems("browser.har", r.problems).c_str());
        QCOMPARE(r.written, std::uint64_t(6));
        QCOMPARE(r.skipped, std::uint64_t(2));
        QCOMPARE(r.outOfOrder, std::uint64_t(1));
        QCOMPARE(QString::fromStdString(r.timeOrigin), QStringLiteral("2024-03-01T12:00:00.100Z"));
        const QString problems = QString::fromStdString(formatTraceProblems("browser.har", r.problems));
        QVERIFY2(problems.contains("entry 6 (starting on line 25): time: missing"), qPrintable(problems));
        QVERIFY2(problems.contains("entry 7") && problems.contains("response.status: missing"), qPrintable(problems));
        const Trace t = readBack(out);
        QCOMPARE(t.header.timeOrigin, std::string("2024-03-01T12:00:00.100Z"));
        const std::vector<Outcome> outcomes = {Outcome::Ok, Outcome::Reset, Outcome::RateLimited, Outcome::Error, Outcome::Ok, Outcome::Timeout};
        for (std::size_t i = 0; i < outcomes.size(); ++i) QCOMPARE(t.calls[i].outcome, outcomes[i]);
        QCOMPARE(t.calls[0].latency, Time(120'500'000));
        QCOMPARE(t.calls[1].status, std::int16_t(0));
        QCOMPARE(t.calls[2].retryAfter, Time(2'000'000'000));                 // "2" seconds
        QCOMPARE(t.calls[3].retryAfter, Time(5'000'000'000));                 // a date 5 s after the answer
        QCOMPARE(t.calls[4].t, Time(3'400'000'000));                          // out of order, kept as read
        QCOMPARE(t.endpoints[t.calls[4].endpoint], std::string("cdn.shop.example"));
        QCOMPARE(t.endpoints[t.calls[0].endpoint], std::string("api.shop.example"));
    }

    void importHarWithoutSkipBadStopsAtTheFirstProblem()
    {
        QTemporaryDir dir;
        ImportOptions options;
        options.format = ImportFormat::Har;
        const ImportReport r = importTrace((kData + "browser.har").toStdString(), dir.filePath("x.jsonl").toStdString(), options);
        QVERIFY(!r.ok);
        QCOMPARE(r.problems.size(), std::size_t(1));
        QCOMPARE(r.problems.front().line, std::uint64_t(25));
    }

    void importOtlp()
    {
        QTemporaryDir dir;
        ImportOptions options;
        options.format = ImportFormat::Otlp;
        options.skipBad = true;
        const std::string out = dir.filePath("otlp.jsonl").toStdString();
        const ImportReport r = importTrace((kData + "spans.otlp.json").toStdString(), out, options);
        QVERIFY2(r.ok, formatTraceProblems("spans", r.problems).c_str());
        QCOMPARE(r.written, std::uint64_t(4));
        QCOMPARE(r.ignored, std::uint64_t(1));   // the internal "render" span
        QCOMPARE(r.skipped, std::uint64_t(1));   // no end time
        QCOMPARE(r.outOfOrder, std::uint64_t(1));
        const Trace t = readBack(out);
        QCOMPARE(t.calls[0].outcome, Outcome::Ok);
        QCOMPARE(t.calls[0].latency, Time(45'000'000));
        QCOMPARE(t.calls[1].outcome, Outcome::Error);
        QCOMPARE(t.calls[1].retryAfter, Time(3'000'000'000));
        QCOMPARE(t.calls[2].outcome, Outcome::Error); // no HTTP status: the span's ERROR status
        QCOMPARE(t.endpoints[t.calls[2].endpoint], std::string("payments.example"));
        QCOMPARE(t.calls[3].outcome, Outcome::RateLimited);
        QCOMPARE(t.calls[3].t, Time(500'000'000));
        QCOMPARE(t.endpoints[t.calls[3].endpoint], std::string("inventory"));
    }

    void importCsv()
    {
        QTemporaryDir dir;
        ImportOptions options;
        options.format = ImportFormat::Csv;
        options.skipBad = true;
        const std::string out = dir.filePath("csv.jsonl").toStdString();
        const ImportReport r = importTrace((kData + "monitoring.csv").toStdString(), out, options);
        QVERIFY2(r.ok, formatTraceProblems("csv", r.problems).c_str());
        QCOMPARE(r.written, std::uint64_t(8));
        QCOMPARE(r.skipped, std::uint64_t(3));
        QCOMPARE(r.outOfOrder, std::uint64_t(1));
        const QString problems = QString::fromStdString(formatTraceProblems("monitoring.csv", r.problems));
        QVERIFY2(problems.contains("monitoring.csv: line 7: latency_ms: must be milliseconds"), qPrintable(problems));
        QVERIFY2(problems.contains("line 10: timestamp: not an ISO-8601 time"), qPrintable(problems));
        QVERIFY2(problems.contains("line 11: 3 fields; the header has 5"), qPrintable(problems));
        const Trace t = readBack(out);
        QCOMPARE(t.calls[2].outcome, Outcome::Timeout);
        QCOMPARE(t.calls[3].t, Time(400'000'000));
        QCOMPARE(t.calls[4].retryAfter, Time(1'000'000'000));
        QCOMPARE(t.calls[5].outcome, Outcome::Reset);
        QCOMPARE(t.calls[6].outcome, Outcome::Conflict);
        QCOMPARE(t.endpoints[t.calls[6].endpoint], std::string("db, replica"));
        QCOMPARE(t.calls[7].t, Time(3'000'000'000)); // 13:00:03+01:00 is 12:00:03Z
        QCOMPARE(t.calls[7].outcome, Outcome::Error);
        // Overrides and epoch times.
        StatusMap map;
        QVERIFY(!StatusMap::parseOverrides("504=error", map));
        options.statuses = map;
        QVERIFY(importTrace((kData + "monitoring.csv").toStdString(), out, options).ok);
        QCOMPARE(readBack(out).calls[2].outcome, Outcome::Error);
    }

    void importCsvNamesTheMissingColumns()
    {
        QTemporaryDir dir;
        ImportOptions options;
        options.format = ImportFormat::Csv;
        const ImportReport r = importTrace((kData + "wrong-columns.csv").toStdString(), dir.filePath("x.jsonl").toStdString(), options);
        QVERIFY(!r.ok);
        const QString text = QString::fromStdString(formatTraceProblems("wrong-columns.csv", r.problems));
        QVERIFY2(text.contains("no time column: looked for timestamp, time"), qPrintable(text));
        QVERIFY2(text.contains("the header has: when, how_long, code_text. Name it with --time-column"), qPrintable(text));
        QVERIFY2(text.contains("no latency column"), qPrintable(text));
        // Mapped by name, the same file imports.
        options.csv.time = "when";
        options.csv.latency = "how_long";
        options.csv.outcome = "";
        options.csv.status = "code_text";
        const ImportReport mapped = importTrace((kData + "wrong-columns.csv").toStdString(), dir.filePath("y.jsonl").toStdString(), options);
        QVERIFY(!mapped.ok); // "OK" is not a status: named at its line
        QVERIFY(QString::fromStdString(formatTraceProblems("f", mapped.problems)).contains("line 2: code_text: not an HTTP status: \"OK\""));
    }

    void badInputIsRefusedInBoundedMemory_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<QString>("message");
        QTest::addRow("csv") << int(ImportFormat::Csv) << "header row is unreadable";
        QTest::addRow("har") << int(ImportFormat::Har) << "no \"entries\" array found";
        QTest::addRow("otlp") << int(ImportFormat::Otlp) << "no \"spans\" array found";
        QTest::addRow("jsonl") << int(ImportFormat::Jsonl) << "longer than 1 MiB";
    }
    void badInputIsRefusedInBoundedMemory()
    {
        // A 1 GB file of zero bytes (sparse: no disk), and a truncated HAR.
        QFETCH(int, format);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString path = dir.filePath("huge.bin");
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QVERIFY(f.resize(qint64(1) << 30));
        }
        const long before = peakRssKb();
        ImportOptions options;
        options.format = ImportFormat(format);
        options.skipBad = true;
        const ImportReport r = importTrace(path.toStdString(), dir.filePath("out.jsonl").toStdString(), options);
        QVERIFY(!r.ok);
        const QString text = QString::fromStdString(formatTraceProblems("huge.bin", r.problems));
        QVERIFY2(text.contains(message), qPrintable(text));
        QVERIFY2(peakRssKb() - before < 200 * 1024, "memory stays bounded while reading 1 GB");
    }

    void truncatedHarKeepsWhatCameBefore()
    {
        QFile har(kData + "browser.har");
        QVERIFY(har.open(QIODevice::ReadOnly));
        const QByteArray text = har.readAll();
        QTemporaryDir dir;
        const std::string cut = writeFile(dir, "cut.har", text.left(text.indexOf("\"time\": 15")));
        ImportOptions options;
        options.format = ImportFormat::Har;
        options.skipBad = true;
        const ImportReport r = importTrace(cut, dir.filePath("x.jsonl").toStdString(), options);
        QVERIFY(r.ok);
        QCOMPARE(r.written, std::uint64_t(2));
        QVERIFY(QString::fromStdString(formatTraceProblems("cut.har", r.problems)).contains("truncated"));
        options.skipBad = false;
        QVERIFY(!importTrace(cut, dir.filePath("y.jsonl").toStdString(), options).ok);
    }

    void recordThenSequenceReplayReproducesTheRun()
    {
        QTemporaryDir dir;
        const std::string trace = dir.filePath("run.jsonl").toStdString();
        const std::string pipeline = std::string("[") + kRetry + ", {\"type\": \"timeout\", \"timeout_ms\": 250}]";
        const Scenario original = scenarioFromJson(scenarioJson(
            "{\"type\": \"open\", \"rate_per_s\": 80}", pipeline,
            "{\"latency\": {\"dist\": \"lognormal\", \"median_ms\": 40, \"p99_ms\": 400}, \"failures\": {\"error\": 0.1, \"timeout\": 0.02},\n                \"rate_limit\": {\"rate_per_s\": 70, \"burst\": 10, \"retry_after_ms\": 100}}",
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
        Scenario replay = scenarioFromJson(scenarioJson("{\"type\": \"open\", \"rate_per_s\": 80}", pipeline,
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
        const std::string json = "{\"format\": \"resilience-lab.scenario/1\", \"seed\": 3, \"duration_s\": 111,\n            \"workload\": {\"type\": \"open\", \"rate_per_s\": 0, \"max_requests\": 1,\n                         \"rate_schedule\": [{\"at_s\": 110, \"rate_per_s\": 100000}]},\n            \"target\": \"api\",\n            \"pipeline\": [{\"type\": \"retry\", \"max_attempts\": 2, \"backoff\": {\"type\": \"constant\", \"delay_ms\": " +
                                 std::to_string(backoffMs) + "}}],\n            \"endpoints\": {\"api\": {\"kind\": \"trace\", \"file\": \"" + trace + "\", \"mode\": \"timeline\", \"window_ms\": 500}}}";
        RequestLog log;
        Simulation sim(scenarioFromJson(json));
        sim.addObserver(&log);
        sim.run();
        QCOMPARE(log.attempts.size(), std::size_t(2));
        QCOMPARE(QString::fromLatin1(outcomeName(log.attempts[0].result.outcome).data()), QStringLiteral("error"));
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
        const std::string json = "{\"format\": \"resilience-lab.scenario/1\", \"workload\": {\"type\": \"trace\", \"file\": \"" + trace +
                                 "\"}, \"target\": \"db\", \"pipeline\": [], \"endpoints\": {\"db\": {\"kind\": \"trace\", \"file\": \"" + trace +
                                 "\", \"mode\": \"sequence\"}}}";
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
                                              "{\"kind\": \"trace\", \"file\": \"nowhere.jsonl\", \"latency\": {\"dist\": \"constant\", \"ms\": 1}}", 10, 1);
        ScenarioLoad load = parseScenario(QByteArray::fromStdString(json), dir.path().toStdString());
        QVERIFY(!load.scenario);
        const QString text = QString::fromStdString(formatDiagnostics("s.json", load.diagnostics));
        QVERIFY2(text.contains("s.json: endpoints.api.latency: does not apply to a \"trace\" endpoint"), qPrintable(text));
        const std::string broken = writeFile(dir, "broken.jsonl", "{\"format\": \"resilience-lab.trace/1\"}\n{\"t_ms\": 1}\n");
        load = parseScenario(QByteArray::fromStdString(scenarioJson("{\"type\": \"open\", \"rate_per_s\": 1}", "[]",
                                                                    "{\"kind\": \"trace\", \"file\": \"broken.jsonl\"}", 10, 1)),
                             dir.path().toStdString());
        QVERIFY(!load.scenario);
        const QString text2 = QString::fromStdString(formatDiagnostics("s.json", load.diagnostics));
        QVERIFY2(text2.contains("endpoints.api.file: broken.jsonl: line 2: latency_ms: missing"), qPrintable(text2));
    }

    void compareIdenticalPipelinesGivesNoDifferences()
    {
        const std::string pipeline = std::string("[") + kRetry + "]";
        const Scenario a = scenarioFromJson(scenarioJson("{\"type\": \"open\", \"rate_per_s\": 50}", pipeline,
                                                         "{\"latency\": {\"dist\": \"exponential\", \"mean_ms\": 20}, \"failures\": {\"error\": 0.2}}", 30, 11));
        const ScenarioLoad same = withPipeline(a, QByteArray::fromStdString(pipeline), {});
        QVERIFY(same.scenario);
        const Comparison c = compareRuns(a, *same.scenario, 11);
        QVERIFY(c.identical());
        QVERIFY(c.rows.size() > 10);
        // Without retries: fewer attempts, lower success, and the endpoint saw only first calls.
        const ScenarioLoad none = withPipeline(a, "{\"pipeline\": []}", {});
        QVERIFY(none.scenario);
        const Comparison d = compareRuns(a, *none.scenario, 11);
        QVERIFY(!d.identical());
        QVERIFY(d.b.attempts < d.a.attempts);
        QVERIFY(d.b.successRate() < d.a.successRate());
        QCOMPARE(d.a.requests, d.b.requests); // the same arrivals: common random numbers
        const ScenarioLoad bad = withPipeline(a, "[{\"type\": \"retry\", \"max_attempts\": 0, \"backoff\": {\"type\": \"constant\"}}]", {});
        QVERIFY(!bad.scenario);
        QVERIFY(QString::fromStdString(formatDiagnostics("b.json", bad.diagnostics)).contains("pipeline[0].max_attempts"));
    }
};

QTEST_GUILESS_MAIN(TestTrace)
#include "tst_trace.moc"

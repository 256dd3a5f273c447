// Importing production data: the status → outcome map, HAR, OTLP and CSV files written by hand
// with their edge cases (missing fields, status 0, Retry-After in seconds and as a date,
// out-of-order times, quoted commas) and their exact counts, every problem named by its line,
// and bad input — a 1 GB file, a truncated HAR — refused in bounded memory.

#include "trace/importer.h"
#include "trace_testing.h"

using namespace reslab;
using namespace reslab::trace_testing;

class TestTraceImport : public QObject
{
    Q_OBJECT
private slots:
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
        QVERIFY(
            StatusMap::parseOverrides("503", map).value_or("").find("expected STATUS=OUTCOME") !=
            std::string::npos);
        QVERIFY(StatusMap::parseOverrides("503=broken", map).value_or("").find("unknown outcome") !=
                std::string::npos);
        QVERIFY(
            StatusMap::parseOverrides("6xx=error", map).value_or("").find("expected a status") !=
            std::string::npos);
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
        const QString problems =
            QString::fromStdString(formatTraceProblems("browser.har", r.problems));
        QVERIFY2(problems.contains("entry 6 (starting on line 25): time: missing"),
                 qPrintable(problems));
        QVERIFY2(problems.contains("entry 7") && problems.contains("response.status: missing"),
                 qPrintable(problems));
        const Trace t = readBack(out);
        QCOMPARE(t.header.timeOrigin, std::string("2024-03-01T12:00:00.100Z"));
        const std::vector<Outcome> outcomes = {Outcome::Ok,    Outcome::Reset, Outcome::RateLimited,
                                               Outcome::Error, Outcome::Ok,    Outcome::Timeout};
        for (std::size_t i = 0; i < outcomes.size(); ++i)
            QCOMPARE(t.calls[i].outcome, outcomes[i]);
        QCOMPARE(t.calls[0].latency, Time(120'500'000));
        QCOMPARE(t.calls[1].status, std::int16_t(0));
        QCOMPARE(t.calls[2].retryAfter, Time(2'000'000'000)); // "2" seconds
        QCOMPARE(t.calls[3].retryAfter, Time(5'000'000'000)); // a date 5 s after the answer
        QCOMPARE(t.calls[4].t, Time(3'400'000'000));          // out of order, kept as read
        QCOMPARE(t.endpoints[t.calls[4].endpoint], std::string("cdn.shop.example"));
        QCOMPARE(t.endpoints[t.calls[0].endpoint], std::string("api.shop.example"));
    }

    void importHarWithoutSkipBadStopsAtTheFirstProblem()
    {
        QTemporaryDir dir;
        ImportOptions options;
        options.format = ImportFormat::Har;
        const ImportReport r = importTrace((kData + "browser.har").toStdString(),
                                           dir.filePath("x.jsonl").toStdString(), options);
        QVERIFY(!r.ok);
        QCOMPARE(r.problems.size(), std::size_t(1));
        QCOMPARE(r.problems.front().line, std::uint64_t(25));
    }

    // Monitoring exports write "OK" and "Timeout": an outcome is a name in any case.
    void outcomeNamesIgnoreCase()
    {
        QTemporaryDir dir;
        const QString csv = dir.filePath("calls.csv");
        QFile f(csv);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("time,latency_ms,outcome\n0,10,OK\n1,10,Timeout\n2,10,rate_LIMITED\n");
        f.close();
        ImportOptions options;
        options.format = ImportFormat::Csv;
        const std::string out = dir.filePath("calls.jsonl").toStdString();
        const ImportReport r = importTrace(csv.toStdString(), out, options);
        QVERIFY2(r.ok, formatTraceProblems("calls.csv", r.problems).c_str());
        const Trace t = readBack(out);
        QCOMPARE(t.calls.size(), std::size_t(3));
        QCOMPARE(t.calls[0].outcome, Outcome::Ok);
        QCOMPARE(t.calls[1].outcome, Outcome::Timeout);
        QCOMPARE(t.calls[2].outcome, Outcome::RateLimited);
        StatusMap map;
        QVERIFY(!StatusMap::parseOverrides("503=Rejected", map));
        QCOMPARE(map.outcomeOf(503), Outcome::Rejected);
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
        QCOMPARE(r.ignored, std::uint64_t(1)); // the internal "render" span
        QCOMPARE(r.skipped, std::uint64_t(1)); // no end time
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
        const QString problems =
            QString::fromStdString(formatTraceProblems("monitoring.csv", r.problems));
        QVERIFY2(problems.contains("monitoring.csv: line 7: latency_ms: must be milliseconds"),
                 qPrintable(problems));
        QVERIFY2(problems.contains("line 10: timestamp: not an ISO-8601 time"),
                 qPrintable(problems));
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
        const ImportReport r = importTrace((kData + "wrong-columns.csv").toStdString(),
                                           dir.filePath("x.jsonl").toStdString(), options);
        QVERIFY(!r.ok);
        const QString text =
            QString::fromStdString(formatTraceProblems("wrong-columns.csv", r.problems));
        QVERIFY2(text.contains("no time column: looked for timestamp, time"), qPrintable(text));
        QVERIFY2(
            text.contains("the header has: when, how_long, code_text. Name it with --time-column"),
            qPrintable(text));
        QVERIFY2(text.contains("no latency column"), qPrintable(text));
        // Mapped by name, the same file imports.
        options.csv.time = "when";
        options.csv.latency = "how_long";
        options.csv.outcome = "";
        options.csv.status = "code_text";
        const ImportReport mapped = importTrace((kData + "wrong-columns.csv").toStdString(),
                                                dir.filePath("y.jsonl").toStdString(), options);
        QVERIFY(!mapped.ok); // "OK" is not a status: named at its line
        QVERIFY(QString::fromStdString(formatTraceProblems("f", mapped.problems))
                    .contains("line 2: code_text: not an HTTP status: \"OK\""));
    }

    void badInputIsRefusedInBoundedMemory_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<QString>("message");
        QTest::addRow("csv") << int(ImportFormat::Csv) << "header row is unreadable";
        QTest::addRow("har") << int(ImportFormat::Har) << "no \"entries\" array found";
        // (OTLP streams through the same array scanner as HAR: one 1 GB scan covers both.)
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
            // 1 GB; the sanitizer build reads a smaller one (RESLAB_HUGE_FILE_MB), the path is the
            // same.
            const qint64 mb = qEnvironmentVariableIsSet("RESLAB_HUGE_FILE_MB")
                                  ? qEnvironmentVariableIntValue("RESLAB_HUGE_FILE_MB")
                                  : 1024;
            QVERIFY(f.resize(mb << 20));
        }
        const long before = peakRssKb();
        ImportOptions options;
        options.format = ImportFormat(format);
        options.skipBad = true;
        const ImportReport r =
            importTrace(path.toStdString(), dir.filePath("out.jsonl").toStdString(), options);
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
        QVERIFY(QString::fromStdString(formatTraceProblems("cut.har", r.problems))
                    .contains("truncated"));
        options.skipBad = false;
        QVERIFY(!importTrace(cut, dir.filePath("y.jsonl").toStdString(), options).ok);
    }

    // Every import reads back: what an importer writes, the trace reader takes, call for call.
    void everyTestFileImportsAndReadsBack_data()
    {
        QTest::addColumn<QString>("file");
        for (const QString& dir : {kData, QStringLiteral(RESLAB_RESOURCES_DIR "/traces/")})
            for (const QString& name : QDir(dir).entryList(QDir::Files, QDir::Name))
                QTest::addRow("%s", qPrintable(name)) << dir + name;
    }
    void everyTestFileImportsAndReadsBack()
    {
        QFETCH(QString, file);
        QTemporaryDir dir;
        const std::string out = dir.filePath("out.jsonl").toStdString();
        ImportOptions options;
        const auto format = importFormatOf(file.toStdString());
        QVERIFY(format);
        options.format = *format;
        options.skipBad = true;
        const ImportReport r = importTrace(file.toStdString(), out, options);
        if (!r.ok) { // wrong-columns.csv: nothing to import, and nothing written
            QVERIFY(!QFileInfo::exists(dir.filePath("out.jsonl")));
            return;
        }
        const TraceLoad back = readTraceFile(out);
        QVERIFY2(back.trace, formatTraceProblems(out, back.problems).c_str());
        QCOMPARE(back.trace->calls.size(), std::size_t(r.written));
    }

    // What the importers refused to pass over or wrote anyway before: each is a malformed
    // record now (an error, or skipped and counted with --skip-bad), never a line the reader
    // refuses, never silently dropped.
    void refusesWhatATraceCannotHold_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        const QByteArray entry = R"({"startedDateTime": "2024-03-01T12:00:00Z", "time": 20,
            "request": {"url": "http://api/x"}, "response": {"status": 200, "headers": []}})";
        auto har = [](const QByteArray& entries) {
            return R"({"log": {"entries": [)" + entries + "]}}";
        };
        QTest::addRow("har: a number for an entry")
            << int(ImportFormat::Har) << har(entry + ", 42")
            << "entry 2 (starting on line 2): not a JSON object";
        QTest::addRow("har: null for an entry")
            << int(ImportFormat::Har) << har("null, " + entry)
            << "entry 1 (starting on line 1): not a JSON object";
        QTest::addRow("har: a string for an entry")
            << int(ImportFormat::Har) << har(entry + ", \"x\"")
            << "not a JSON object (got a string";
        QTest::addRow("har: text after the document")
            << int(ImportFormat::Har) << har(entry) + " garbage"
            << "unexpected text after the end";
        QTest::addRow("har: status 1000000")
            << int(ImportFormat::Har)
            << har(QByteArray(entry).replace("\"status\": 200", "\"status\": 1000000"))
            << "not an HTTP status 0 … 999: 1000000";
        QTest::addRow("har: a latency over 100 years")
            << int(ImportFormat::Har)
            << har(QByteArray(entry).replace("\"time\": 20", "\"time\": 4e12"))
            << "is over 100 years";
        QTest::addRow("har: Retry-After over 100 years")
            << int(ImportFormat::Har)
            << har(QByteArray(entry).replace(
                   "\"headers\": []",
                   R"("headers": [{"name": "Retry-After", "value": "Wed, 21 Oct 2199 07:28:00 GMT"}])"))
            << "the trace reader would refuse it";
        QTest::addRow("har: lenient JSON inside an entry")
            << int(ImportFormat::Har) << har(QByteArray(entry).replace("20,", "20.,"))
            << "not valid JSON";
        QTest::addRow("otlp: a number for a span")
            << int(ImportFormat::Otlp)
            << QByteArray(R"({"resourceSpans": [{"scopeSpans": [{"spans": [7]}]}]})")
            << "span 1 (starting on line 1): not a JSON object";
        QTest::addRow("csv: a latency over 100 years")
            << int(ImportFormat::Csv)
            << QByteArray("timestamp,latency_ms,status\n1700000000,4000000000000,200\n")
            << "the trace reader would refuse it";
        QTest::addRow("csv: times far apart")
            << int(ImportFormat::Csv)
            << QByteArray("timestamp,latency_ms,status\n0,1,200\n9200000000000000,1,200\n")
            << "line 3";
        QTest::addRow("jsonl: a null endpoint")
            << int(ImportFormat::Jsonl)
            << QByteArray(
                   "{\"format\": \"resilience-lab.trace/1\", \"source\": \"x\"}\n"
                   "{\"t_ms\": 0, \"latency_ms\": 1, \"outcome\": \"ok\", \"endpoint\": null}\n")
            << "endpoint: must be a string, got null";
    }
    void refusesWhatATraceCannotHold()
    {
        QFETCH(int, format);
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const std::string in = writeFile(dir, "in.data", text);
        // What was at --out stays, byte for byte, when the import fails.
        const std::string out = writeFile(dir, "out.jsonl", "an earlier trace\n");
        ImportOptions options;
        options.format = ImportFormat(format);
        const ImportReport r = importTrace(in, out, options);
        const QString problems = QString::fromStdString(formatTraceProblems("in", r.problems));
        QVERIFY2(!r.ok, qPrintable(problems));
        QVERIFY2(problems.contains(message), qPrintable(problems));
        QFile kept(QString::fromStdString(out));
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), QByteArray("an earlier trace\n"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestTraceImport)
#include "tst_trace_import.moc"

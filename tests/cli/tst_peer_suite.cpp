// The peer libraries' own tests, run as scenarios through the command line.
//
// Each row of tests/data/peer/breakers.json and backoffs.json is a case from a library's test
// file (resilience4j, Polly, tenacity, gRPC, failsafe), naming the repository, file and test it
// comes from. A breaker row is a breaker and a sequence of calls: the calls become a trace
// workload (their start times) and a trace endpoint in sequence mode (the outcome and latency of
// each call the row expects to be admitted), the scenario runs through `resilience-lab run`, and
// what the attempts file and the summary say — which calls were let through, and every
// transition with its instant — must be what the library's test asserts. A backoff row is a
// retry strategy: `resilience-lab schedule` prints its delays, which must equal the library's
// (or, when jittered, lie in its range and spread over it).
//
// Going through the CLI checks the whole path: the scenario reader (the preset, every key),
// the pipeline, the trace replay and the reports, not only the state machine.

#include "cli_testing.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>
#include <map>

using namespace reslab::testing;

namespace {

QJsonArray rowsOf(const char* file)
{
    const QByteArray text = readFile(QStringLiteral(RESLAB_TEST_DATA_DIR "/peer/") + file);
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (doc.isNull()) qFatal("%s: %s", file, qPrintable(error.errorString()));
    return doc.object().value("rows").toArray();
}

QByteArray line(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

constexpr const char* kTraceHeader =
    R"({"format": "resilience-lab.trace/1", "source": "resilience-lab run"})"
    "\n";

// One QtTest row per row of the file, named as the file names it.
void addRows(const char* file)
{
    QTest::addColumn<QJsonObject>("row");
    const QJsonArray rows = rowsOf(file);
    QVERIFY(rows.size() >= 20);
    for (const QJsonValue& r : rows)
        QTest::addRow("%s", qPrintable(r.toObject().value("name").toString())) << r.toObject();
}

// Every row names where it comes from.
void checkSource(const QJsonObject& row)
{
    const QJsonObject src = row.value("source").toObject();
    for (const char* key : {"repository", "file", "test"})
        QVERIFY2(!src.value(key).toString().isEmpty(),
                 qPrintable(QStringLiteral("source.%1 missing").arg(key)));
}

// request number → the outcome of its (only) attempt, from the attempts CSV.
std::map<int, QString> outcomesByRequest(const QByteArray& csv)
{
    std::map<int, QString> out;
    const QList<QByteArray> lines = csv.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QList<QByteArray> f = lines[i].split(',');
        if (f.size() < 6) continue;
        out[f[0].toInt()] = QString::fromUtf8(f[5]);
    }
    return out;
}

} // namespace

class TestPeerSuite : public QObject
{
    Q_OBJECT
private slots:
    void breakers_data() { addRows("breakers.json"); }

    void breakers()
    {
        QFETCH(QJsonObject, row);
        checkSource(row);
        const QJsonArray calls = row.value("calls").toArray();
        const QJsonObject expect = row.value("expect").toObject();
        const QJsonArray admitted = expect.value("admitted").toArray();
        QCOMPARE(admitted.size(), calls.size());

        QTemporaryDir dir;
        QByteArray arrivals = kTraceHeader;
        QByteArray outcomes = kTraceHeader;
        double lastMs = 0.0, lastStart = 0.0;
        int served = 0;
        for (qsizetype i = 0; i < calls.size(); ++i) {
            const QJsonObject c = calls[i].toObject();
            const double t = c.value("t_ms").toDouble();
            const double latency = c.value("latency_ms").toDouble();
            QVERIFY2(t >= lastStart, "calls must start in time order");
            lastStart = t;
            lastMs = std::max(lastMs, t + latency);
            arrivals += line({{"t_ms", t}, {"latency_ms", 0}, {"outcome", "ok"}});
            if (admitted[i].toBool())
                outcomes += line({{"t_ms", t},
                                  {"latency_ms", latency},
                                  {"outcome", c.value("outcome").toString()},
                                  {"call", ++served}});
        }
        if (served == 0) // a trace endpoint needs a call to answer from; none will be asked
            outcomes += line({{"t_ms", 0}, {"latency_ms", 0}, {"outcome", "ok"}, {"call", 1}});
        writeTempFile(dir, "arrivals.jsonl", arrivals);
        writeTempFile(dir, "outcomes.jsonl", outcomes);
        QJsonObject breaker = row.value("breaker").toObject();
        breaker.insert("type", "circuit_breaker");
        const QJsonObject scenario{
            {"format", "resilience-lab.scenario/1"},
            {"name", row.value("name")},
            {"seed", 1},
            {"duration_s", std::ceil(lastMs / 1000.0) + 1.0},
            {"drain_s", 1},
            {"workload", QJsonObject{{"type", "trace"}, {"file", "arrivals.jsonl"}}},
            {"target", "svc"},
            {"pipeline", QJsonArray{breaker}},
            {"endpoints", QJsonObject{{"svc", QJsonObject{{"kind", "trace"},
                                                          {"file", "outcomes.jsonl"},
                                                          {"mode", "sequence"}}}}}};
        const QString path = writeTempFile(dir, "s.json", QJsonDocument(scenario).toJson());
        const CliResult r = runCli({"run", path, "--json", "--attempts", dir.filePath("a.csv")});
        QVERIFY2(r.exitCode == 0, r.err.constData());

        // What the CLI says: which calls were let through, every transition at its instant, and
        // the state it ends in — one text, so a row with a known difference is one expected
        // failure.
        const std::map<int, QString> byRequest = outcomesByRequest(readFile(dir.filePath("a.csv")));
        QCOMPARE(int(byRequest.size()), int(calls.size()));
        const QJsonObject summary = QJsonDocument::fromJson(r.out).object();
        const QJsonArray breakers = summary.value("breakers").toArray();
        QCOMPARE(breakers.size(), 1);
        const QJsonArray got = breakers[0].toObject().value("transitions").toArray();
        const auto describe = [&](const std::vector<bool>& admittedCalls, const QJsonArray& moves,
                                  const QString& last) {
            QString text = "admitted ";
            for (bool a : admittedCalls)
                text += a ? '1' : '0';
            if (expect.contains("transitions")) {
                text += " | transitions";
                for (const QJsonValue& t : moves)
                    text += QStringLiteral(" %1@%2")
                                .arg(t.toObject().value("to").toString())
                                .arg(t.toObject().value("t_ms").toDouble(), 0, 'f', 3);
            }
            if (!last.isEmpty()) text += " | ends " + last;
            return text;
        };
        std::vector<bool> gotAdmitted, wantAdmitted;
        for (const auto& [request, outcome] : byRequest)
            gotAdmitted.push_back(outcome != "breaker_open");
        for (const QJsonValue& a : admitted)
            wantAdmitted.push_back(a.toBool());
        const QString wantLast = expect.value("final_state").toString();
        const QString gotLast = wantLast.isEmpty() ? QString()
                                : got.isEmpty()    ? QStringLiteral("closed")
                                                   : got.last().toObject().value("to").toString();
        const QString gotText = describe(gotAdmitted, got, gotLast);
        const QString wantText =
            describe(wantAdmitted, expect.value("transitions").toArray(), wantLast);
        if (row.contains("known_difference"))
            QEXPECT_FAIL("", qPrintable(row.value("known_difference").toString()), Abort);
        QCOMPARE(gotText, wantText);
        // The admitted calls met the outcomes the row gave them (the trace replay's plumbing).
        int k = 0;
        for (const auto& [request, outcome] : byRequest) {
            if (outcome != "breaker_open")
                QCOMPARE(outcome, calls[k].toObject().value("outcome").toString());
            ++k;
        }
    }

    void backoffs_data() { addRows("backoffs.json"); }

    void backoffs()
    {
        QFETCH(QJsonObject, row);
        checkSource(row);
        QJsonObject retry = row.value("retry").toObject();
        retry.insert("type", "retry");
        const QJsonObject expect = row.value("expect").toObject();
        const bool exact = expect.contains("delays_ms");
        const QJsonArray want = expect.value(exact ? "delays_ms" : "ranges_ms").toArray();
        QCOMPARE(retry.value("max_attempts").toInt() - 1, int(want.size()));

        QTemporaryDir dir;
        const QJsonObject scenario{{"format", "resilience-lab.scenario/1"},
                                   {"name", row.value("name")},
                                   {"seed", 1},
                                   {"duration_s", 1},
                                   {"workload", QJsonObject{{"type", "open"}, {"rate_per_s", 1}}},
                                   {"target", "api"},
                                   {"pipeline", QJsonArray{retry}},
                                   {"endpoints", QJsonObject{{"api", QJsonObject{}}}}};
        const QString path = writeTempFile(dir, "s.json", QJsonDocument(scenario).toJson());
        // Jittered rows: enough callers that every part of the range is drawn.
        const int samples = exact ? 1 : 2000;
        const CliResult r = runCli({"schedule", path, "--samples", QString::number(samples)});
        QVERIFY2(r.exitCode == 0, r.err.constData());

        std::vector<double> lo(std::size_t(want.size()), INFINITY), hi(lo.size(), -INFINITY);
        const QList<QByteArray> lines = r.out.split('\n');
        int rowsRead = 0;
        QString problems; // every delay outside what the library gives, and ranges not covered
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QList<QByteArray> f = lines[i].split(',');
            if (f.size() != 3) continue;
            const int retryNo = f[1].toInt();
            const double d = f[2].toDouble();
            QVERIFY(retryNo >= 1 && retryNo <= want.size());
            const QJsonArray range = want[retryNo - 1].toArray();
            const double wantLo = exact ? want[retryNo - 1].toDouble() : range[0].toDouble();
            const double wantHi = exact ? wantLo : range[1].toDouble();
            // Delays are printed in ms with up to six decimals (whole nanoseconds).
            const double tolerance = 1e-6 + 1e-12 * std::abs(wantHi);
            if ((d < wantLo - tolerance || d > wantHi + tolerance) && problems.size() < 400)
                problems += QStringLiteral("retry %1: %2 ms, expected %3 … %4; ")
                                .arg(retryNo)
                                .arg(d, 0, 'g', 12)
                                .arg(wantLo, 0, 'g', 12)
                                .arg(wantHi, 0, 'g', 12);
            lo[std::size_t(retryNo - 1)] = std::min(lo[std::size_t(retryNo - 1)], d);
            hi[std::size_t(retryNo - 1)] = std::max(hi[std::size_t(retryNo - 1)], d);
            ++rowsRead;
        }
        QCOMPARE(rowsRead, samples * int(want.size()));
        // A jittered delay must really spread over its range, or a missing jitter would pass:
        // of 2000 uniform draws the extremes lie within 0.5 % of the ends but for a chance of
        // 2·(0.995)²⁰⁰⁰ ≈ 9e-5, and the seed is fixed.
        for (qsizetype n = 0; n < want.size() && !exact; ++n) {
            const double wantLo = want[n].toArray()[0].toDouble();
            const double wantHi = want[n].toArray()[1].toDouble();
            const double slack = 0.005 * (wantHi - wantLo) + 1e-6;
            if (lo[std::size_t(n)] > wantLo + slack || hi[std::size_t(n)] < wantHi - slack)
                problems += QStringLiteral("retry %1 drew only %2 … %3 of %4 … %5; ")
                                .arg(n + 1)
                                .arg(lo[std::size_t(n)])
                                .arg(hi[std::size_t(n)])
                                .arg(wantLo)
                                .arg(wantHi);
        }
        if (row.contains("known_difference"))
            QEXPECT_FAIL("", qPrintable(row.value("known_difference").toString()), Abort);
        QCOMPARE(problems, QString());
    }
};

QTEST_GUILESS_MAIN(TestPeerSuite)
#include "tst_peer_suite.moc"

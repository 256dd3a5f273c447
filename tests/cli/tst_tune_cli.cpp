// `resilience-lab tune` against answers known in closed form: independent failures with p = 0.2
// need 3 attempts for 99 % (1 − 0.2ⁿ ≥ 0.99) and the fewest attempts per request is there; an
// M/M/1 server (μ = 100/s) keeps its mean response time 1/(μ − λ) under 45 ms up to λ ≈ 77.8/s,
// so the busiest rate on a grid of 5/s that provably meets it is 75/s. An M/M/c/c pool (no queue)
// offered a = 5 erlangs rejects the fraction Erlang-B(c, a) of its arrivals, so the busiest pool
// (highest utilisation) that serves 99 % is the smallest c with B(c, 5) ≤ 1 %: 11 workers
// (B = 0.83 %; 10 workers reject 1.84 %). With no feasible point it
// says so and shows the closest; --out writes the winner as a scenario that validates.

#include "cli/cli_testing.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace reslab::testing;

namespace {

QByteArray independentFailures(const QByteArray& expect)
{
    return R"({"format": "resilience-lab.scenario/1", "name": "p = 0.2", "seed": 1,
  "duration_s": 100, "workload": {"type": "open", "rate_per_s": 100}, "target": "api",
  "pipeline": [{"type": "retry", "max_attempts": 1, "backoff": {"type": "constant", "delay_ms": 10}}],
  "endpoints": {"api": {"latency": {"dist": "constant", "ms": 20}, "failures": {"error": 0.2}}},
  "expect": )" +
           expect + "}";
}

QByteArray mm1()
{
    return R"({"format": "resilience-lab.scenario/1", "name": "M/M/1, mu = 100/s", "seed": 1,
  "duration_s": 300, "workload": {"type": "open", "rate_per_s": 50}, "target": "server",
  "pipeline": [],
  "endpoints": {"server": {"latency": {"dist": "exponential", "mean_ms": 10},
                           "capacity": {"workers": 1}}},
  "expect": {"latency_ms.mean": {"max": 45}}})";
}

QByteArray erlangPool()
{
    return R"({"format": "resilience-lab.scenario/1", "name": "M/M/c/c, a = 5 erlangs", "seed": 1,
  "duration_s": 20000, "workload": {"type": "open", "rate_per_s": 5}, "target": "pool",
  "pipeline": [],
  "endpoints": {"pool": {"latency": {"dist": "exponential", "mean_ms": 1000},
                         "capacity": {"workers": 8, "queue": 0}}},
  "expect": {"success_rate": {"min": 0.99}}})";
}

double erlangB(int c, double a)
{
    // The stable recurrence B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)).
    double b = 1.0;
    for (int k = 1; k <= c; ++k)
        b = a * b / (k + a * b);
    return b;
}

} // namespace

class TestTuneCli : public QObject
{
    Q_OBJECT
private slots:
    void fewestAttemptsForNinetyNinePercent()
    {
        QTemporaryDir dir;
        const QString s = writeTempFile(dir, "p02.json",
                                        independentFailures(R"({"success_rate": {"min": 0.99}})"));
        const QString best = dir.filePath("best.json");
        const CliResult r = runCli({"tune", s, "--param", "pipeline[0].max_attempts=1..10/10",
                                    "--minimize", "attempts.per_request", "--out", best});
        QVERIFY2(r.exitCode == 0, (r.out + r.err).constData());
        QVERIFY2(r.out.contains("best (16 seeds):\n  pipeline[0].max_attempts=3\n"),
                 r.out.constData());
        QVERIFY2(r.out.contains("round 1: 10 × 2 seeds"), r.out.constData());
        QVERIFY(r.out.contains("Pareto front"));
        // The winner, written out, is a scenario with that value, and it validates.
        const QJsonObject written = QJsonDocument::fromJson(readFile(best)).object();
        QCOMPARE(written.value("pipeline").toArray().at(0).toObject().value("max_attempts").toInt(),
                 3);
        QCOMPARE(runCli({"validate", best}).exitCode, 0);
    }

    void busiestRateAnMM1ServerCanTake()
    {
        QTemporaryDir dir;
        const CliResult r = runCli({"tune", writeTempFile(dir, "mm1.json", mm1()), "--param",
                                    "workload.rate_per_s=50..95/10", "--maximize",
                                    "workload.rate_per_s", "--no-refine", "--seeds", "8"});
        QVERIFY2(r.exitCode == 2,
                 (r.out + r.err).constData()); // the rate is a parameter, not a metric
        QVERIFY2(r.err.contains("\"workload.rate_per_s\" is not a metric"), r.err.constData());
        const CliResult t = runCli({"tune", writeTempFile(dir, "mm1.json", mm1()), "--param",
                                    "workload.rate_per_s=50..95/10", "--maximize",
                                    "endpoints.server.utilization", "--no-refine"});
        QVERIFY2(t.exitCode == 0, (t.out + t.err).constData());
        QVERIFY2(t.out.contains("best (16 seeds):\n  workload.rate_per_s=75\n"), t.out.constData());
    }

    void fewestWorkersForErlangBBlocking()
    {
        constexpr double kOffered = 5.0; // erlangs: 5 arrivals/s × 1 s of service
        constexpr double kMaxBlocking = 0.01;
        int answer = 1;
        while (erlangB(answer, kOffered) > kMaxBlocking)
            ++answer;
        QCOMPARE(answer, 11); // the theory's answer; the grid below holds it and both neighbours

        QTemporaryDir dir;
        const CliResult r = runCli({"tune", writeTempFile(dir, "pool.json", erlangPool()),
                                    "--param", "endpoints.pool.capacity.workers=6..16/11",
                                    "--maximize", "endpoints.pool.utilization"});
        QVERIFY2(r.exitCode == 0, (r.out + r.err).constData());
        QVERIFY2(r.out.contains("best (16 seeds):\n  endpoints.pool.capacity.workers=11\n"),
                 r.out.constData());
        // The winner's measured success rate brackets 1 − B(11, 5).
        const QRegularExpressionMatch m =
            QRegularExpression(R"(success_rate ≥ 0.99: [0-9.]+ \[([0-9.]+), ([0-9.]+)\]  pass)")
                .match(QString::fromUtf8(r.out));
        QVERIFY2(m.hasMatch(), r.out.constData());
        const double theory = 1.0 - erlangB(answer, kOffered);
        QVERIFY2(m.captured(1).toDouble() <= theory && theory <= m.captured(2).toDouble(),
                 qPrintable(QString("1 − B(11, 5) = %1 outside the interval").arg(theory)));
    }

    void refinementTriesTheMidpoints()
    {
        QTemporaryDir dir;
        const CliResult r =
            runCli({"tune", writeTempFile(dir, "mm1.json", mm1()), "--param",
                    "workload.rate_per_s=50..90/5", "--maximize", "endpoints.server.utilization"});
        QVERIFY2(r.exitCode == 0, (r.out + r.err).constData());
        QVERIFY2(r.out.contains("refinement: 2 midpoints around the winner"), r.out.constData());
    }

    void noFeasibleConfiguration()
    {
        QTemporaryDir dir;
        const QString s = writeTempFile(
            dir, "p02.json", independentFailures(R"({"success_rate": {"min": 0.9999999}})"));
        const CliResult r = runCli({"tune", s, "--param", "pipeline[0].max_attempts=1,2,3",
                                    "--minimize", "attempts.per_request"});
        QCOMPARE(r.exitCode, 4); // ran; nothing is feasible
        QVERIFY2(r.out.contains("no configuration meets the expectations; the closest:\n  "
                                "pipeline[0].max_attempts=3"),
                 r.out.constData());
    }

    void badInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        const QString p = "pipeline[0].max_attempts=1,2";
        QTest::addRow("no objective") << QStringList{"--param", p} << "needs one of --minimize";
        QTest::addRow("two objectives")
            << QStringList{"--param", p, "--minimize", "success_rate", "--maximize", "success_rate"}
            << "needs one of --minimize";
        QTest::addRow("unknown metric")
            << QStringList{"--param", p, "--minimize", "cost"} << "\"cost\" is not a metric";
        QTest::addRow("one seed") << QStringList{"--param",      p,         "--minimize",
                                                 "success_rate", "--seeds", "1"}
                                  << "--seeds must be a whole number from 2 to 10000, got \"1\"";
        QTest::addRow("no parameter")
            << QStringList{"--minimize", "success_rate"} << "needs at least one --param";
        // Without the check tune "found a winner" among points that were all the same.
        QTest::addRow("endpoint that does not exist")
            << QStringList{"--param", "endpoints.apii.failures.error=0.1,0.5", "--minimize",
                           "success_rate"}
            << "the scenario has no endpoint \"apii\" (did you mean api?)";
    }
    void badInput()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString s = writeTempFile(dir, "p02.json",
                                        independentFailures(R"({"success_rate": {"min": 0.99}})"));
        const CliResult r = runCli(QStringList{"tune", s} + args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(expected), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestTuneCli)
#include "tst_tune_cli.moc"

// Bulk requests (workload "bulk", run/bulk_requests.h) against the binomial formula.
//
// A request of N items, each failing independently with probability p, R rounds, threshold t.
// An item that has failed in every one of its rounds is one that failed R times in a row, so an
// item is a success by the end with probability q = 1 − p^R, independently of the others. The
// bulk stops resending once the share of successes reaches t — but stopping then cannot change
// whether the request succeeds (more rounds would only add successes), so
//     P(success) = Σ_{k : k/N ≥ t} C(N, k) · q^k · (1 − q)^(N−k).
// The item calls a request makes do depend on the stopping; a dynamic programme over the rounds
// (successes so far, calls so far) gives their mean and variance exactly, and its success
// probability must equal the closed form above. Tolerances are 5 standard errors (kSigmas).

#include "scenario/scenario_io.h"
#include "testing.h"

#include <QTest>
#include <map>

using namespace reslab;
using namespace reslab::testing;

namespace {
double choose(int n, int k)
{
    return std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0));
}

bool meets(int successes, int n, double t)
{
    return static_cast<double>(successes) / n >= t;
}

double closedForm(int n, double p, int rounds, double t)
{
    const double q = 1.0 - std::pow(p, rounds);
    double sum = 0.0;
    for (int k = 0; k <= n; ++k)
        if (meets(k, n, t)) sum += choose(n, k) * std::pow(q, k) * std::pow(1.0 - q, n - k);
    return sum;
}

struct Exact
{
    double success = 0, meanCalls = 0, varCalls = 0;
};

// Rounds one by one: the chance of each (successes so far, calls so far) still going on.
Exact dynamicProgramme(int n, double p, int rounds, double t)
{
    std::map<std::pair<int, int>, double> going{{{0, 0}, 1.0}};
    Exact e;
    double second = 0.0;
    for (int r = 1; r <= rounds && !going.empty(); ++r) {
        std::map<std::pair<int, int>, double> next;
        for (const auto& [state, chance] : going) {
            const auto [s, c] = state;
            const int sent = n - s;
            for (int k = 0; k <= sent; ++k) {
                const double w =
                    chance * choose(sent, k) * std::pow(1.0 - p, k) * std::pow(p, sent - k);
                const int s2 = s + k, c2 = c + sent;
                if (meets(s2, n, t) || r == rounds) {
                    if (meets(s2, n, t)) e.success += w;
                    e.meanCalls += w * c2;
                    second += w * c2 * c2;
                } else {
                    next[{s2, c2}] += w;
                }
            }
        }
        going = std::move(next);
    }
    e.varCalls = std::max(0.0, second - e.meanCalls * e.meanCalls);
    return e;
}
} // namespace

class TestBulk : public QObject
{
    Q_OBJECT
private slots:
    void successMatchesTheBinomial_data()
    {
        QTest::addColumn<double>("p");
        QTest::addColumn<int>("items");
        QTest::addColumn<double>("threshold");
        QTest::addColumn<int>("rounds");
        // The seed's BulkRetryManager: 3 attempts, threshold 0.8.
        QTest::addRow("zenoo defaults, 10 items, p 0.3") << 0.3 << 10 << 0.8 << 3;
        QTest::addRow("one round: the plain binomial") << 0.3 << 10 << 0.8 << 1;
        QTest::addRow("p 0.5, 20 items, half, 2 rounds") << 0.5 << 20 << 0.5 << 2;
        QTest::addRow("all 5 items must succeed, p 0.1") << 0.1 << 5 << 1.0 << 3;
        QTest::addRow("7 of 10 meets 0.7 (no ceil in floating point)") << 0.4 << 10 << 0.7 << 2;
        QTest::addRow("p 0.8, 4 rounds: mostly failing") << 0.8 << 10 << 0.8 << 4;
    }

    void successMatchesTheBinomial()
    {
        QFETCH(double, p);
        QFETCH(int, items);
        QFETCH(double, threshold);
        QFETCH(int, rounds);
        constexpr int kRequests = 40'000;
        const std::string bulk = R"({"items": )" + std::to_string(items) +
                                 R"(, "partial_success_threshold": )" + std::to_string(threshold) +
                                 R"(, "max_attempts": )" + std::to_string(rounds) +
                                 R"(, "backoff": {"type": "constant", "delay_ms": 20}})";
        const Scenario s = scenarioFromJson(
            scenarioJson(R"({"type": "open", "rate_per_s": 100, "max_requests": )" +
                             std::to_string(kRequests) + R"(, "bulk": )" + bulk + "}",
                         "[]",
                         R"({"latency": {"dist": "constant", "ms": 5}, "failures": {"error": )" +
                             std::to_string(p) + "}}",
                         100000, 11));
        const Summary r = runScenario(s);
        QCOMPARE(r.requests, std::uint64_t(kRequests));
        QCOMPARE(r.unfinished, std::uint64_t(0));
        QVERIFY(r.bulk);

        const Exact exact = dynamicProgramme(items, p, rounds, threshold);
        RESLAB_COMPARE_WITHIN(exact.success, closedForm(items, p, rounds, threshold), 1e-9);
        RESLAB_COMPARE_WITHIN(r.successRate(), exact.success,
                              kSigmas * proportionStdError(exact.success, kRequests) + 1e-12);
        const double calls = double(r.bulk->itemCalls) / kRequests;
        RESLAB_COMPARE_WITHIN(calls, exact.meanCalls,
                              kSigmas * std::sqrt(exact.varCalls / kRequests) + 1e-12);
        // No retry in the pipeline: every item call is one attempt.
        QCOMPARE(r.attempts, r.bulk->itemCalls);
        // A failed bulk ends with the outcome its failed items ended with.
        QCOMPARE(r.requestsByOutcome[std::size_t(Outcome::Error)], r.failed);
    }

    // A round begins when the last call of the one before has ended and the backoff has passed:
    // with 5 ms calls and 20 ms between rounds, a request that took k rounds took 25k − 20 ms.
    void roundsWaitForTheirBackoff()
    {
        const Scenario s = scenarioFromJson(scenarioJson(
            R"({"type": "open", "rate_per_s": 10, "max_requests": 2000,
                "bulk": {"items": 4, "partial_success_threshold": 1, "max_attempts": 3,
                         "backoff": {"type": "constant", "delay_ms": 20}, "jitter": "none"}})",
            "[]", R"({"latency": {"dist": "constant", "ms": 5}, "failures": {"error": 0.3}})", 1000,
            5));
        Simulation sim(s);
        RequestLog log;
        sim.addObserver(&log);
        sim.run();
        QCOMPARE(log.requests.size(), std::size_t(2000));
        std::array<int, 4> byRounds{};
        for (const RequestRecord& rec : log.requests) {
            const double ms = toMillis(rec.end - rec.start);
            const int k = static_cast<int>(std::lround((ms + 20.0) / 25.0));
            QVERIFY2(k >= 1 && k <= 3 && std::abs(ms - (25.0 * k - 20.0)) < 1e-6,
                     qPrintable(QString("a request took %1 ms").arg(ms)));
            ++byRounds[k];
        }
        QVERIFY(byRounds[1] > 0 && byRounds[2] > 0 && byRounds[3] > 0);
    }

    void readsAndWritesItsKeys()
    {
        const std::string json = scenarioJson(
            R"({"type": "closed", "clients": 3, "think": {"dist": "constant", "ms": 100},
                "bulk": {"items": 100}})",
            "[]", R"({"latency": {"dist": "constant", "ms": 5}})", 10, 1);
        const Scenario s = scenarioFromJson(json);
        QVERIFY(s.workload.bulk);
        QCOMPARE(s.workload.bulk->items, 100);
        QCOMPARE(s.workload.bulk->maxAttempts, kBulkMaxAttempts);
        QCOMPARE(s.workload.bulk->partialSuccessThreshold, kBulkPartialSuccessThreshold);
        QCOMPARE(s.workload.bulk->backoff.initialMs, kBulkInitialMs);
        QVERIFY(s.workload.bulk->jitter.kind == JitterSpec::Kind::Full);
        const Scenario again = scenarioFromJson(scenarioToJson(s));
        QVERIFY(again.workload == s.workload);
    }

    void badBulksAreRefused_data()
    {
        QTest::addColumn<QString>("bulk");
        QTest::addColumn<QString>("message");
        QTest::addRow("no items") << R"({})"
                                  << "workload.bulk.items";
        QTest::addRow("zero items") << R"({"items": 0})"
                                    << "workload.bulk.items";
        QTest::addRow("threshold above 1") << R"({"items": 3, "partial_success_threshold": 1.5})"
                                           << "workload.bulk.partial_success_threshold";
        QTest::addRow("adaptive backoff") << R"({"items": 3, "backoff": {"type": "adaptive"}})"
                                          << "cannot be adaptive";
        QTest::addRow("unknown key") << R"({"items": 3, "size": 4})"
                                     << "workload.bulk.size";
    }

    void badBulksAreRefused()
    {
        QFETCH(QString, bulk);
        QFETCH(QString, message);
        const ScenarioLoad load = parseWithTraces(
            scenarioJson(R"({"type": "open", "rate_per_s": 1, "bulk": )" + bulk.toStdString() + "}",
                         "[]", R"({"latency": {"dist": "constant", "ms": 5}})", 10, 1));
        QVERIFY(!load.scenario);
        QString all;
        for (const auto& d : load.diagnostics)
            all += QString::fromStdString(d.path + ": " + d.message) + "\n";
        QVERIFY2(all.contains(message), qPrintable(all));
    }
};

QTEST_GUILESS_MAIN(TestBulk)
#include "tst_bulk.moc"

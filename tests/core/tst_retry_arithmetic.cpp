// Retry arithmetic: with independent failure probability p and n attempts, a request succeeds
// with probability 1 − pⁿ and makes (1 − pⁿ)/(1 − p) attempts on average. Tolerances are 5
// standard errors from the exact variances (requests are independent here: no capacity limit).

#include "testing.h"

#include <QTest>

using namespace reslab;
using namespace reslab::testing;

class TestRetryArithmetic : public QObject
{
    Q_OBJECT
private slots:
    void successAndAttempts_data()
    {
        QTest::addColumn<double>("p");
        QTest::addColumn<int>("n");
        QTest::addRow("p=0.1 n=1") << 0.1 << 1;
        QTest::addRow("p=0.1 n=4") << 0.1 << 4;
        QTest::addRow("p=0.3 n=3") << 0.3 << 3;
        QTest::addRow("p=0.5 n=5") << 0.5 << 5;
        QTest::addRow("p=0.9 n=10") << 0.9 << 10;
    }

    void successAndAttempts()
    {
        QFETCH(double, p);
        QFETCH(int, n);
        constexpr int kRequests = 100'000;
        const std::string json =
            R"({"format": "resilience-lab.scenario/1", "seed": 3, "duration_s": 100000,
            "workload": {"type": "open", "rate_per_s": 100, "max_requests": )" +
            std::to_string(kRequests) + R"(},
            "target": "api",
            "pipeline": [{"type": "retry", "max_attempts": )" +
            std::to_string(n) + R"(,
                          "backoff": {"type": "constant", "delay_ms": 10}}],
            "endpoints": {"api": {"latency": {"dist": "constant", "ms": 5},
                                  "failures": {"error": )" +
            std::to_string(p) + R"(}}}})";
        const Summary s = runScenario(scenarioFromJson(json));
        QCOMPARE(s.requests, std::uint64_t(kRequests));
        QCOMPARE(s.unfinished, std::uint64_t(0));

        const double success = 1.0 - std::pow(p, n);
        RESLAB_COMPARE_WITHIN(s.successRate(), success,
                              kSigmas * proportionStdError(success, kRequests));

        // A = min(G, n), G geometric: E[A] = Σₖ₌₀ⁿ⁻¹ pᵏ, E[A²] = Σₖ₌₁ⁿ (2k − 1)·pᵏ⁻¹.
        double mean = 0, second = 0;
        for (int k = 1; k <= n; ++k) {
            mean += std::pow(p, k - 1);
            second += (2 * k - 1) * std::pow(p, k - 1);
        }
        RESLAB_COMPARE_WITHIN((1.0 - std::pow(p, n)) / (1.0 - p), mean, 1e-12);
        const double sd = std::sqrt(std::max(0.0, second - mean * mean));
        RESLAB_COMPARE_WITHIN(s.attemptsPerRequest(), mean,
                              kSigmas * sd / std::sqrt(double(kRequests)) + 1e-12);
        // Every failed request used all n attempts and ended with the endpoint's error.
        QCOMPARE(s.requestsByOutcome[std::size_t(Outcome::Error)], s.failed);
    }
};

QTEST_GUILESS_MAIN(TestRetryArithmetic)
#include "tst_retry_arithmetic.moc"

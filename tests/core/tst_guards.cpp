// Bulkhead, fallback and the retry-storm guards, each against its anchor's rule on scenarios
// whose numbers can be worked out by hand.

#include "policy/retry_guards.h"
#include "testing.h"

#include <QTest>

using namespace reslab;
using namespace reslab::testing;

namespace {
std::string scenario(const std::string& workload, const std::string& pipeline,
                     const std::string& endpoint, double durationS = 60)
{
    return scenarioJson(workload, pipeline, endpoint, durationS, 12);
}
std::uint64_t count(const Summary& s, Outcome o)
{
    return s.attemptsByOutcome[std::size_t(o)];
}
} // namespace

class TestGuards : public QObject
{
    Q_OBJECT
private slots:
    void bulkhead_data()
    {
        QTest::addColumn<QString>("bulkhead");
        QTest::addColumn<int>("served");
        QTest::addColumn<double>("endMs");
        // Ten callers at t = 0, calls of 100 ms, three slots.
        QTest::addRow("no waiting: 7 rejected at once") << R"("max_concurrent": 3)" << 3 << 100.0;
        QTest::addRow("waiting: all served in 4 rounds")
            << R"("max_concurrent": 3, "max_wait_ms": 1000)" << 10 << 400.0;
        QTest::addRow("2 may wait")
            << R"("max_concurrent": 3, "max_wait_ms": 1000, "max_queue": 2)" << 5 << 200.0;
        QTest::addRow("waiting 150 ms: one more round")
            << R"("max_concurrent": 3, "max_wait_ms": 150)" << 6 << 200.0;
    }

    void bulkhead()
    {
        QFETCH(QString, bulkhead);
        QFETCH(int, served);
        QFETCH(double, endMs);
        const Summary s = runScenario(
            scenarioFromJson(scenario(R"({"type": "batch", "clients": 10})",
                                      R"([{"type": "bulkhead", )" + bulkhead.toStdString() + "}]",
                                      R"({"latency": {"dist": "constant", "ms": 100}})")));
        QCOMPARE(int(s.succeeded), served);
        QCOMPARE(int(count(s, Outcome::BulkheadFull)), 10 - served);
        QCOMPARE(s.endMs, endMs);
    }

    void rateLimiter_data()
    {
        QTest::addColumn<QString>("limiter");
        QTest::addColumn<QList<int>>("startsMs"); // when the admitted calls start, in order
        // Ten callers at t = 0.
        QTest::addRow("token bucket, no waiting")
            << R"("rate_per_s": 5, "burst": 2)" << QList<int>{0, 0};
        QTest::addRow("token bucket, waiting")
            << R"("rate_per_s": 5, "burst": 2, "max_wait_ms": 10000)"
            << QList<int>{0, 0, 200, 400, 600, 800, 1000, 1200, 1400, 1600};
        QTest::addRow("token bucket, waiting up to 500 ms")
            << R"("rate_per_s": 5, "burst": 2, "max_wait_ms": 500)" << QList<int>{0, 0, 200, 400};
        // resilience4j: 2 permits per 1 s cycle; reservations push later callers to later cycles.
        QTest::addRow("resilience4j cycles")
            << R"("kind": "cycles", "limit_for_period": 2, "refresh_period_ms": 1000)"
            << QList<int>{0, 0, 1000, 1000, 2000, 2000, 3000, 3000, 4000, 4000};
        QTest::addRow("resilience4j cycles, timeout 2.5 s")
            << R"("kind": "cycles", "limit_for_period": 2, "refresh_period_ms": 1000, "max_wait_ms": 2500)"
            << QList<int>{0, 0, 1000, 1000, 2000, 2000};
    }

    void rateLimiter()
    {
        QFETCH(QString, limiter);
        QFETCH(QList<int>, startsMs);
        Simulation sim(scenarioFromJson(
            scenario(R"({"type": "batch", "clients": 10})",
                     R"([{"type": "rate_limiter", )" + limiter.toStdString() + "}]", "{}")));
        RequestLog log;
        sim.addObserver(&log);
        sim.run();
        QList<int> starts;
        int throttled = 0;
        for (const auto& a : log.attempts) {
            if (a.result.outcome == Outcome::Throttled)
                ++throttled;
            else
                starts.push_back(int(a.start / kNanosPerMilli));
        }
        std::sort(starts.begin(), starts.end());
        QCOMPARE(starts, startsMs);
        QCOMPARE(throttled, 10 - int(startsMs.size()));
    }

    void hedging_data()
    {
        QTest::addColumn<QString>("hedge");
        QTest::addColumn<QString>(
            "latencies"); // service time of calls 0, 1, 2 (ms), as an empirical sequence
        QTest::addColumn<double>("endMs");
        QTest::addColumn<int>("cancelled");
        // One request. Sequential modes: the k-th call starts in the k-th 100 ms phase, which gives
        // it the k-th latency.
        QTest::addRow("the hedge wins") << R"("max_hedged_attempts": 1, "delay_ms": 100)"
                                        << "1000,50" << 150.0 << 1;
        QTest::addRow("the first call wins before the hedge")
            << R"("max_hedged_attempts": 1, "delay_ms": 100)"
            << "80,50" << 80.0 << 0;
        QTest::addRow("parallel: the fastest of three")
            << R"("max_hedged_attempts": 2, "delay_ms": 0)"
            << "300,200,100" << 100.0 << 2;
        QTest::addRow("fallback mode waits for a failure")
            << R"("max_hedged_attempts": 1, "delay_ms": -1)"
            << "1000,50" << 1000.0 << 0;
    }

    void hedging()
    {
        QFETCH(QString, hedge);
        QFETCH(QString, latencies);
        QFETCH(double, endMs);
        QFETCH(int, cancelled);
        // Each call's latency comes from a phase in which it starts: calls start at 0, delay,
        // 2·delay.
        const QStringList ms = latencies.split(',');
        const bool parallel = hedge.contains("\"delay_ms\": 0");
        std::string phases;
        for (int i = 0; i < ms.size(); ++i) {
            if (parallel) break;
            const double start = i * 0.1, end = (i + 1) * 0.1;
            phases += (i ? "," : "") + std::string(R"({"start_s": )") + std::to_string(start) +
                      R"(, "end_s": )" + std::to_string(end) +
                      R"(, "latency": {"dist": "constant", "ms": )" + ms[i].toStdString() + "}}";
        }
        std::string latency = R"({"dist": "constant", "ms": )" + ms[0].toStdString() + "}";
        if (parallel) {
            // All three start at the same instant, so phases cannot tell them apart: each call
            // draws its latency from the three values, and the winner must be the one that drew
            // least.
            latency = R"({"dist": "empirical", "values_ms": [)" + latencies.toStdString() + "]}";
        }
        Simulation sim(scenarioFromJson(
            scenario(R"({"type": "batch", "clients": 1})",
                     R"([{"type": "hedge", )" + hedge.toStdString() + "}]",
                     R"({"latency": )" + latency +
                         (phases.empty() ? "" : R"(, "phases": [)" + phases + "]") + "}")));
        RequestLog log;
        sim.addObserver(&log);
        sim.run();
        int wasCancelled = 0;
        Time fastest = kTimeNever;
        for (const auto& a : log.attempts) {
            wasCancelled += a.result.outcome == Outcome::Cancelled;
            if (a.result.ok()) fastest = std::min(fastest, a.end);
        }
        QCOMPARE(log.requests.size(), std::size_t(1));
        QVERIFY(log.requests.front().result.ok());
        if (parallel) {
            QCOMPARE(log.requests.front().end,
                     fastest); // whichever call drew the shortest time won
            QCOMPARE(int(log.attempts.size()), 3);
        } else {
            QCOMPARE(toMillis(log.requests.front().end), endMs);
        }
        QCOMPARE(wasCancelled, parallel ? int(log.attempts.size()) - 1 : cancelled);
    }

    void hedgeAfterAFailureGoesAtOnce()
    {
        // The first call fails at 10 ms: the hedge goes then, not at the 500 ms delay.
        const Summary s = runScenario(scenarioFromJson(
            scenario(R"({"type": "batch", "clients": 1})",
                     R"([{"type": "hedge", "max_hedged_attempts": 1, "delay_ms": 500}])",
                     R"({"latency": {"dist": "constant", "ms": 10},
                "phases": [{"start_s": 0, "end_s": 0.005, "failures": {"error": 1}}]})")));
        QCOMPARE(s.succeeded, std::uint64_t(1));
        QCOMPARE(s.endMs, 20.0);
    }

    void fixedFallbackAnswersFailures()
    {
        const Summary s = runScenario(scenarioFromJson(scenario(
            R"({"type": "batch", "clients": 5})", R"([{"type": "fallback", "handles": ["error"]}])",
            R"({"failures": {"error": 1}})")));
        QCOMPARE(s.succeeded, std::uint64_t(5));
        QCOMPARE(s.fallbacks, std::uint64_t(5));
        QCOMPARE(count(s, Outcome::Error), std::uint64_t(5)); // the attempts still failed
        const Summary fatal = runScenario(scenarioFromJson(scenario(
            R"({"type": "batch", "clients": 5})", R"([{"type": "fallback", "handles": ["error"]}])",
            R"({"failures": {"fatal": 1}})")));
        QCOMPARE(fatal.fallbacks, std::uint64_t(0)); // not an outcome it handles
    }

    void cachedFallbackNeedsAWarmCache()
    {
        // Calls succeed for 10 s, then fail for 20 s. The cache serves while its value is at most
        // 5 s old: requests in [10 s, 15 s] are answered, later ones fail.
        const std::string endpoint = R"({"latency": {"dist": "constant", "ms": 1},
                                         "phases": [{"start_s": 10, "end_s": 30, "failures": {"error": 1}}]})";
        Simulation sim(scenarioFromJson(scenario(
            R"({"type": "open", "rate_per_s": 20})",
            R"([{"type": "fallback", "kind": "cached", "max_age_ms": 5000}])", endpoint, 30)));
        RequestLog log;
        sim.addObserver(&log);
        sim.run();
        Time lastSuccess = 0;
        for (const auto& r : log.requests) {
            if (r.result.ok() && !r.result.fallback) lastSuccess = std::max(lastSuccess, r.end);
        }
        for (const auto& r : log.requests) {
            if (r.start < 10 * kNanosPerSecond)
                QVERIFY(r.result.ok() && !r.result.fallback);
            else
                QCOMPARE(r.result.fallback, r.end - lastSuccess <= 5 * kNanosPerSecond);
        }
        QVERIFY(sim.summary().fallbacks > 50);
        // A cold cache cannot answer.
        const Summary cold = runScenario(scenarioFromJson(scenario(
            R"({"type": "batch", "clients": 3})", R"([{"type": "fallback", "kind": "cached"}])",
            R"({"failures": {"error": 1}})")));
        QCOMPARE(cold.fallbacks, std::uint64_t(0));
    }

    void grpcThrottleRetriesOnlyAboveHalfTheTokens()
    {
        // max_tokens 10, ratio 0.1, every call fails, one request at a time, 5 attempts each.
        // Request 1: tokens 10 → 9 → 8 → 7 → 6 → 5 over its 5 attempts (each retry saw > 5).
        // Every later request: its first attempt goes (tokens fall further), its retry needs > 5.
        const int requests = 20;
        const Summary s = runScenario(scenarioFromJson(scenario(
            R"({"type": "batch", "clients": 1, "requests_per_client": )" +
                std::to_string(requests) + "}",
            R"([{"type": "retry", "max_attempts": 5, "backoff": {"type": "constant", "delay_ms": 10}},
                {"type": "retry_throttle", "max_tokens": 10, "token_ratio": 0.1}])",
            R"({"latency": {"dist": "constant", "ms": 5}, "failures": {"error": 1}})")));
        QCOMPARE(int(s.endpoints.front().attempts), 5 + (requests - 1));
        QCOMPARE(int(count(s, Outcome::Throttled)), requests - 1);
    }

    void grpcThrottleRecovers()
    {
        // With successes the tokens climb back by token_ratio each: after a run of failures has
        // throttled retries, later retries reach the endpoint again.
        Simulation sim(scenarioFromJson(scenario(
            R"({"type": "batch", "clients": 1, "requests_per_client": 2000})",
            R"([{"type": "retry", "max_attempts": 2, "backoff": {"type": "constant", "delay_ms": 1}},
                {"type": "retry_throttle", "max_tokens": 10, "token_ratio": 0.5}])",
            R"({"latency": {"dist": "constant", "ms": 1}, "failures": {"error": 0.3}})")));
        RequestLog log;
        sim.addObserver(&log);
        sim.run();
        std::size_t firstThrottled = log.attempts.size(), retriesAfter = 0;
        for (std::size_t i = 0; i < log.attempts.size(); ++i) {
            const auto& a = log.attempts[i];
            if (a.result.outcome == Outcome::Throttled)
                firstThrottled = std::min(firstThrottled, i);
            else if (a.attempt == 2 && i > firstThrottled)
                ++retriesAfter;
        }
        QVERIFY(firstThrottled < log.attempts.size());
        QVERIFY(retriesAfter > 100);
    }

    void grpcMilliTokens_data()
    {
        QTest::addColumn<double>("tokens");
        QTest::addColumn<qlonglong>("milli");
        // grpc/proposal A6-client-retries.md (retryThrottling): tokenRatio's digits past the
        // third decimal are ignored, "0.5466 will be treated as 0.546"; gRPC core keeps the
        // tokens in thousandths (retry_throttle.cc milli_tokens_).
        QTest::addRow("A6: 0.5466 is 0.546") << 0.5466 << qlonglong(546);
        QTest::addRow("0.546") << 0.546 << qlonglong(546);
        QTest::addRow("0.1") << 0.1 << qlonglong(100);
        QTest::addRow("the smallest, 0.001") << 0.001 << qlonglong(1);
        QTest::addRow("0.0009 is 0 (the reader refuses it)") << 0.0009 << qlonglong(0);
        QTest::addRow("max_tokens 1000") << 1000.0 << qlonglong(1'000'000);
    }

    void grpcMilliTokens()
    {
        QFETCH(double, tokens);
        QFETCH(qlonglong, milli);
        QCOMPARE(qlonglong(RetryThrottleStage::milliTokens(tokens)), milli);
    }

    void envoyBudgetBoundsConcurrentRetries()
    {
        // Ten callers fail at t = 100 ms together and retry at once. Calls in flight then: none,
        // so retries allowed = max(min_retry_concurrency 3, 20 % × in flight) = 3.
        const Summary s = runScenario(scenarioFromJson(scenario(
            R"({"type": "batch", "clients": 10})",
            R"([{"type": "retry", "max_attempts": 2, "backoff": {"type": "constant", "delay_ms": 0}},
                {"type": "retry_budget", "budget_percent": 20, "min_retry_concurrency": 3}])",
            R"({"latency": {"dist": "constant", "ms": 100}, "failures": {"error": 1}})")));
        QCOMPARE(int(s.endpoints.front().attempts), 13);
        QCOMPARE(int(count(s, Outcome::BudgetExhausted)), 7);
    }

    void envoyBudgetCountsCallsInFlightWhenRetriesStart()
    {
        // 100 calls in flight when the retries come: 20 % of them may retry concurrently.
        const Summary s = runScenario(scenarioFromJson(scenario(
            R"({"type": "batch", "clients": 200})",
            R"([{"type": "retry", "max_attempts": 2, "backoff": {"type": "constant", "delay_ms": 0}},
                {"type": "retry_budget", "budget_percent": 20, "min_retry_concurrency": 3}])",
            R"({"latency": {"dist": "constant", "ms": 100},
                "phases": [{"start_s": 0, "end_s": 0.05, "failures": {"error": 1}},
                           {"start_s": 0.05, "end_s": 1000, "latency": {"dist": "constant", "ms": 1000}}]})")));
        // The first 200 attempts fail at 100 ms; retries enter one after another while the
        // earlier ones are still in flight: allowed = max(3, 0.2 × active) with active = retries
        // in flight, so it stays at 3.
        QCOMPARE(int(s.endpoints.front().attempts), 203);
    }

    void awsQuotaCostsTokensPerRetry_data()
    {
        QTest::addColumn<QString>("failure");
        QTest::addColumn<int>("expectedAttempts");
        // Every call fails; one request at a time, 3 attempts each (2 retries). 500 tokens:
        // errors cost 5 per retry, so 50 requests get both retries (100 × 5 = 500) and the other
        // 10 none: 60 + 100 = 160 attempts. Timeouts cost 10: 25 requests get both: 60 + 50.
        QTest::addRow("errors: 5 per retry") << R"("failures": {"error": 1})" << 160;
        QTest::addRow("timeouts: 10 per retry") << R"("failures": {"timeout": 1})" << 110;
    }

    void awsQuotaCostsTokensPerRetry()
    {
        QFETCH(QString, failure);
        QFETCH(int, expectedAttempts);
        const Summary s = runScenario(scenarioFromJson(scenario(
            R"({"type": "batch", "clients": 1, "requests_per_client": 60})",
            R"([{"type": "retry", "max_attempts": 3, "backoff": {"type": "constant", "delay_ms": 1}},
                {"type": "retry_quota"}, {"type": "timeout", "timeout_ms": 100}])",
            R"({"latency": {"dist": "constant", "ms": 1}, )" + failure.toStdString() + "}")));
        QCOMPARE(int(s.endpoints.front().attempts), expectedAttempts);
    }

    void awsQuotaFollowsItsLedger()
    {
        // A mix of successes, errors and timeouts, one request at a time: replay the AWS SDK's
        // ledger over the attempts log and check that every retry was refused exactly when the
        // tokens were short — with refunds (1 for a success without retry, the retry's cost for a
        // success after one) keeping the quota alive.
        Simulation sim(scenarioFromJson(scenario(
            R"({"type": "batch", "clients": 1, "requests_per_client": 3000})",
            R"([{"type": "retry", "max_attempts": 3, "backoff": {"type": "constant", "delay_ms": 1}},
                {"type": "retry_quota", "capacity": 50}, {"type": "timeout", "timeout_ms": 100}])",
            R"({"latency": {"dist": "constant", "ms": 1}, "failures": {"error": 0.3, "timeout": 0.1}})")));
        RequestLog log;
        sim.addObserver(&log);
        sim.run();
        double tokens = 50;
        Outcome previous = Outcome::Ok;
        std::uint64_t refused = 0, granted = 0;
        for (const auto& a : log.attempts) {
            double cost = 0;
            if (a.attempt > 1) {
                cost = previous == Outcome::Timeout ? 10 : 5;
                if (a.result.outcome == Outcome::BudgetExhausted) {
                    QVERIFY(tokens < cost);
                    ++refused;
                    previous = a.result.outcome;
                    continue;
                }
                QVERIFY(tokens >= cost);
                tokens -= cost;
                ++granted;
            }
            if (a.result.ok()) tokens = std::min(50.0, tokens + (a.attempt == 1 ? 1.0 : cost));
            previous = a.result.outcome;
        }
        QVERIFY(refused > 10);
        QVERIFY(granted > 100);
    }

    void finagleBudgetAllowsReservePlusPercent()
    {
        // 100 requests/s, each failing once and retrying once. Finagle allows, per 10 s ttl,
        // min_retries_per_s × ttl = 100 retries from the reserve plus 20 % of the 1000 requests:
        // 300 per 10 s, 30 retries/s in the steady state (out of 100 wanted).
        Simulation sim(scenarioFromJson(scenario(
            R"({"type": "open", "rate_per_s": 100})",
            R"([{"type": "retry", "max_attempts": 2, "backoff": {"type": "constant", "delay_ms": 1}},
                {"type": "finagle_budget", "ttl_s": 10, "min_retries_per_s": 10, "percent_can_retry": 0.2}])",
            R"({"latency": {"dist": "constant", "ms": 1}, "failures": {"error": 1}})", 80)));
        RequestLog log;
        sim.addObserver(&log);
        sim.run();
        double retries = 0, requests = 0;
        for (const auto& a : log.attempts) {
            if (a.start < 20 * kNanosPerSecond || a.start >= 80 * kNanosPerSecond) continue;
            if (a.attempt == 1)
                ++requests;
            else if (a.result.outcome != Outcome::BudgetExhausted)
                ++retries;
        }
        // Expected retries over these 60 s: 10/s from the reserve + 0.2 × the requests.
        const double expected = 10.0 * 60 + 0.2 * requests;
        RESLAB_COMPARE_WITHIN(retries, expected, 0.05 * expected);
    }

    void sreThrottleConvergesToKTimesAccepts()
    {
        // Demand (1000/s) far above what the backend accepts (a 100/s token bucket, which takes
        // about half that from random arrivals): the client forwards about K × accepts, since
        // forwarded = R·(1 − p) = R − (R − K·A) = K·A. Measured from 30 s on, once the 10 s window
        // is full; the tolerance covers the window's lag and the binomial noise of ~3000 accepts.
        Simulation sim(scenarioFromJson(scenario(
            R"({"type": "open", "rate_per_s": 1000})",
            R"([{"type": "adaptive_throttle", "k": 2, "window_s": 10}])",
            R"({"latency": {"dist": "constant", "ms": 5}, "rate_limit": {"rate_per_s": 100, "burst": 1}})",
            90)));
        RequestLog log;
        sim.addObserver(&log);
        sim.run();
        double forwarded = 0, accepted = 0;
        for (const auto& a : log.attempts) {
            if (a.start < 30 * kNanosPerSecond) continue;
            if (a.result.outcome != Outcome::Throttled) ++forwarded;
            if (a.result.outcome == Outcome::Ok) ++accepted;
        }
        QVERIFY(accepted > 2000);
        RESLAB_COMPARE_WITHIN(forwarded / accepted, 2.0, 0.1);
    }
};

QTEST_GUILESS_MAIN(TestGuards)
#include "tst_guards.moc"

// The retry strategy in Envoy mode in whole runs, and its keys in the scenario format: what
// Envoy's router does with a request's attempts (retry_state_impl.cc, router.cc), its retry
// circuit breaker under load (resource_manager_impl.h), the reader's refusals and the round trip.
// The arithmetic itself is pinned to Envoy's tests in tst_envoy_retry.cpp.

#include "policy/envoy_retry.h"
#include "testing.h"

#include <QTest>
#include <algorithm>
#include <cmath>

using namespace reslab;
using namespace reslab::testing;

namespace {
std::string oneEndpoint(const std::string& workload, const std::string& pipeline,
                        const std::string& endpoint, double durationS = 60)
{
    return scenarioJson(workload, pipeline, endpoint, durationS, 12);
}

// The attempts sent to the endpoint (not the strategy's own refusals).
std::vector<AttemptRecord> sent(const std::vector<AttemptRecord>& attempts)
{
    std::vector<AttemptRecord> out;
    for (const auto& a : attempts)
        if (!isClientMade(a.result.outcome)) out.push_back(a);
    return out;
}

// The most retry attempts (attempt > 1) in flight at once.
std::size_t peakRetriesInFlight(const std::vector<AttemptRecord>& attempts)
{
    std::vector<std::pair<Time, int>> edges;
    for (const auto& a : sent(attempts))
        if (a.attempt > 1) {
            edges.emplace_back(a.start, +1);
            edges.emplace_back(a.end, -1);
        }
    std::sort(edges.begin(), edges.end()); // an end before a start at the same instant
    int now = 0, peak = 0;
    for (const auto& [t, d] : edges)
        peak = std::max(peak, now += d);
    return static_cast<std::size_t>(peak);
}

struct LoadRun
{
    std::uint64_t retriesSent = 0;
    std::uint64_t overflows = 0; // upstream_rq_retry_overflow: the budget_exhausted refusals
    std::size_t peakInFlight = 0;
};

LoadRun runUnderLoad(int ratePerS, const std::string& breakers)
{
    // Half of all answers are 503s of 50 ms; Istio's two retries on 5xx.
    const std::string pipeline = R"([{"type": "retry", "retry_on": "5xx", "num_retries": 2)" +
                                 (breakers.empty() ? "" : ", " + breakers) + "}]";
    Simulation sim(scenarioFromJson(
        oneEndpoint(R"({"type": "open", "rate_per_s": )" + std::to_string(ratePerS) + "}", pipeline,
                    R"({"latency": {"dist": "constant", "ms": 50}, "failures": {"error": 0.5},
            "statuses": {"error": 503}})",
                    30)));
    RequestLog log;
    sim.addObserver(&log);
    sim.run();
    LoadRun out;
    for (const auto& a : log.attempts) {
        if (a.result.outcome == Outcome::BudgetExhausted)
            ++out.overflows;
        else if (a.attempt > 1)
            ++out.retriesSent;
    }
    out.peakInFlight = peakRetriesInFlight(log.attempts);
    return out;
}
} // namespace

class TestEnvoyRetryRuns : public QObject
{
    Q_OBJECT
private slots:
    // ---- the strategy in a run
    // -------------------------------------------------------------------

    void attempts_data()
    {
        QTest::addColumn<QString>("retry");    // the retry's keys after "type"
        QTest::addColumn<QString>("endpoint"); // failures and statuses
        QTest::addColumn<int>("attempts");     // of the one request
        QTest::addColumn<QString>("outcome");  // its end
        const QString failing503 = R"("failures": {"error": 1}, "statuses": {"error": 503})";
        // route_components.proto: num_retries defaults to 1.
        QTest::addRow("num_retries 1 by default")
            << R"("retry_on": "5xx")" << failing503 << 2 << "error";
        QTest::addRow("num_retries 3")
            << R"("retry_on": "5xx", "num_retries": 3)" << failing503 << 4 << "error";
        QTest::addRow("503 not retried by Istio's default")
            << R"("retry_on": "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes", "num_retries": 2)"
            << failing503 << 1 << "error";
        QTest::addRow("a refused connection retried by Istio's default")
            << R"("retry_on": "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes", "num_retries": 2)"
            << R"("failures": {"reset": 1})" << 3 << "reset";
        QTest::addRow("serve's reset (after the request) not by Istio's default")
            << R"("retry_on": "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes", "num_retries": 2, "reset_reason": "remote_reset")"
            << R"("failures": {"reset": 1})" << 1 << "reset";
        QTest::addRow("max_retries 0: overflow at once")
            << R"("retry_on": "5xx", "circuit_breakers": {"max_retries": 0})" << failing503 << 2
            << "budget_exhausted";
        QTest::addRow("max_requests 0: refused, never retried")
            << R"("retry_on": "5xx,reset", "circuit_breakers": {"max_requests": 0})" << failing503
            << 1 << "bulkhead_full";
    }

    void attempts()
    {
        QFETCH(QString, retry);
        QFETCH(QString, endpoint);
        QFETCH(int, attempts);
        QFETCH(QString, outcome);
        Simulation sim(
            scenarioFromJson(oneEndpoint(R"({"type": "batch", "clients": 1})",
                                         R"([{"type": "retry", )" + retry.toStdString() + "}]",
                                         "{" + endpoint.toStdString() + "}", 10)));
        RequestLog log;
        sim.addObserver(&log);
        sim.run();
        QCOMPARE(int(log.requests.size()), 1);
        QCOMPARE(int(log.attempts.size()), attempts);
        QCOMPARE(QString::fromStdString(std::string(outcomeName(log.requests[0].result.outcome))),
                 outcome);
        // Each retry waited Envoy's default back-off: whole ms below 25, 50, 100 ….
        for (const auto& a : log.attempts) {
            if (a.attempt < 2 || isClientMade(a.result.outcome)) continue;
            const double waitMs = double(a.wait) / kNanosPerMilli;
            QCOMPARE(waitMs, std::floor(waitMs));
            QVERIFY(waitMs < envoyIntervalMs(25, 250, int(a.attempt) - 1));
        }
    }

    // router.cc onPerTryTimeoutCommon: a per-try timeout (a timeout inside the retry) is a local
    // reset with the request sent, retried under 5xx, gateway-error and reset only.
    void perTryTimeoutRetried_data()
    {
        QTest::addColumn<QString>("retryOn");
        QTest::addColumn<int>("attempts");
        QTest::addRow("5xx") << "5xx" << 3;
        QTest::addRow("gateway-error") << "gateway-error" << 3;
        QTest::addRow("reset") << "reset" << 3;
        QTest::addRow("Istio's default") << "connect-failure,refused-stream,unavailable,cancelled,"
                                            "retriable-status-codes"
                                         << 1;
        QTest::addRow("reset-before-request") << "reset-before-request" << 1;
        QTest::addRow("retriable-4xx") << "retriable-4xx" << 1;
    }

    void perTryTimeoutRetried()
    {
        QFETCH(QString, retryOn);
        QFETCH(int, attempts);
        Simulation sim(scenarioFromJson(
            oneEndpoint(R"({"type": "batch", "clients": 1})",
                        R"([{"type": "retry", "retry_on": ")" + retryOn.toStdString() +
                            R"(", "num_retries": 2}, {"type": "timeout", "timeout_ms": 100}])",
                        R"({"latency": {"dist": "constant", "ms": 1000}})", 10)));
        RequestLog log;
        sim.addObserver(&log);
        sim.run();
        QCOMPARE(int(log.attempts.size()), attempts);
        QCOMPARE(log.requests.at(0).result.outcome, Outcome::Timeout);
    }

    // A per-try timeout is a timeout inside the retry; the route timeout one outside it covers
    // every try (router.cc): 3 tries of 100 ms and their back-off end at the 250 ms route timeout.
    void perTryAndRouteTimeouts()
    {
        Simulation sim(
            scenarioFromJson(oneEndpoint(R"({"type": "batch", "clients": 1})",
                                         R"([{"type": "timeout", "timeout_ms": 250},
                {"type": "retry", "retry_on": "5xx", "num_retries": 5},
                {"type": "timeout", "timeout_ms": 100}])",
                                         R"({"latency": {"dist": "constant", "ms": 1000}})", 10)));
        RequestLog log;
        sim.addObserver(&log);
        sim.run();
        QCOMPARE(int(log.requests.size()), 1);
        QCOMPARE(log.requests[0].result.outcome, Outcome::Timeout);
        QCOMPARE(double(log.requests[0].end - log.requests[0].start) / kNanosPerMilli, 250.0);
        // 100 ms, < 25 ms of back-off, 100 ms, < 50 ms: a third try, if any, is cut short.
        QVERIFY(log.attempts.size() >= 2);
        QCOMPARE(log.attempts[0].result.outcome, Outcome::Timeout);
        QCOMPARE(double(log.attempts[0].end - log.attempts[0].start) / kNanosPerMilli, 100.0);
    }

    // A 429 with Retry-After under rate_limited_retry_back_off waits [I, 1.5 I) of the header's
    // interval (JitteredLowerBoundBackOffStrategy), not the exponential back-off; an interval over
    // the max is not used (parseResetInterval), and the exponential back-off applies.
    void rateLimitedBackOff_data()
    {
        QTest::addColumn<QString>("backOff"); // rate_limited_retry_back_off
        QTest::addColumn<double>("lowMs");
        QTest::addColumn<double>("highMs"); // exclusive
        // Retry-After 1.2 s is "2" on the wire: 2000 ms ≤ wait < 3000 ms.
        QTest::addRow("Retry-After")
            << R"({"reset_headers": [{"name": "Retry-After"}]})" << 2000.0 << 3000.0;
        QTest::addRow("over max_interval: the exponential back-off")
            << R"({"reset_headers": [{"name": "Retry-After"}], "max_interval_ms": 1000})" << 0.0
            << 25.0;
        QTest::addRow("no reset headers configured: the exponential back-off") << "" << 0.0 << 25.0;
    }

    void rateLimitedBackOff()
    {
        QFETCH(QString, backOff);
        QFETCH(double, lowMs);
        QFETCH(double, highMs);
        // Two callers at once: the second finds the bucket empty and gets a 429.
        const std::string extra =
            backOff.isEmpty() ? "" : R"(, "rate_limited_retry_back_off": )" + backOff.toStdString();
        Simulation sim(scenarioFromJson(oneEndpoint(
            R"({"type": "batch", "clients": 2})",
            R"([{"type": "retry", "retry_on": "retriable-status-codes", "retriable_status_codes": [429],
                 "num_retries": 1)" +
                extra + "}]",
            R"({"rate_limit": {"rate_per_s": 0.5, "burst": 1, "retry_after_ms": 1200}})", 30)));
        RequestLog log;
        sim.addObserver(&log);
        sim.run();
        int retried = 0;
        for (const auto& a : log.attempts)
            if (a.attempt == 2) {
                ++retried;
                const double waitMs = double(a.wait) / kNanosPerMilli;
                QVERIFY2(waitMs >= lowMs && waitMs < highMs, qPrintable(QString::number(waitMs)));
            }
        QCOMPARE(retried, 1);
    }

    // The known result: under load, Envoy's default max_retries 3 caps the retries outstanding at
    // once (decided and not yet answered), so the retries sent stop growing with the load and the
    // rest overflow; a retry budget (20 % of the requests in flight, at least 3) grows with it
    // once 20 % of the requests in flight is more than 3 (below, both allow 3).
    void maxRetriesCapsWhileBudgetScales()
    {
        const std::string budget =
            R"("circuit_breakers": {"retry_budget": {"budget_percent": 20, "min_retry_concurrency": 3}})";
        const LoadRun capped400 = runUnderLoad(400, "");
        const LoadRun capped1600 = runUnderLoad(1600, "");
        const LoadRun budget400 = runUnderLoad(400, budget);
        const LoadRun budget1600 = runUnderLoad(1600, budget);
        const auto u = [](std::uint64_t v) { return static_cast<unsigned long long>(v); };
        qInfo("max_retries 3: %llu / %llu retries sent, %llu / %llu overflows at 400 / 1600 per s",
              u(capped400.retriesSent), u(capped1600.retriesSent), u(capped400.overflows),
              u(capped1600.overflows));
        qInfo("budget 20 pct: %llu / %llu retries sent, %llu / %llu overflows at 400 / 1600 per s",
              u(budget400.retriesSent), u(budget1600.retriesSent), u(budget400.overflows),
              u(budget1600.overflows));
        // Never more than 3 retries in flight (they are held through their back-off too).
        QCOMPARE(capped400.peakInFlight, std::size_t(3));
        QCOMPARE(capped1600.peakInFlight, std::size_t(3));
        QVERIFY(budget1600.peakInFlight > 3 * budget400.peakInFlight / 2);
        // Four times the load: the capped retries grow by less than a tenth, the budget's more
        // than threefold; most retries overflow under the cap.
        QVERIFY(double(capped1600.retriesSent) < 1.1 * double(capped400.retriesSent));
        QVERIFY(double(budget1600.retriesSent) > 3.0 * double(budget400.retriesSent));
        QVERIFY(capped1600.overflows > 10 * capped1600.retriesSent);
    }

    // ---- the scenario format
    // -----------------------------------------------------------------------

    void readerErrors_data()
    {
        QTest::addColumn<QString>("retry");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("message"); // a part of it
        QTest::addRow("unknown class") << R"("retry_on": "5xx,bogus")"
                                       << "pipeline[0].retry_on"
                                       << "unknown Envoy retry_on class";
        QTest::addRow("an outcome in a string") << R"("retry_on": "error")"
                                                << "pipeline[0].retry_on"
                                                << "is an outcome";
        QTest::addRow("retriable-headers") << R"("retry_on": "retriable-headers")"
                                           << "pipeline[0].retry_on"
                                           << "header matchers";
        QTest::addRow("empty") << R"("retry_on": " , ")"
                               << "pipeline[0].retry_on"
                               << "names no class";
        QTest::addRow("codes without the class")
            << R"("retry_on": "5xx", "retriable_status_codes": [503])"
            << "pipeline[0].retriable_status_codes"
            << "has no effect";
        QTest::addRow("outcome codes key") << R"("retry_on": "5xx", "retry_on_status": [503])"
                                           << "pipeline[0].retry_on_status"
                                           << "retriable_status_codes";
        QTest::addRow("another backoff")
            << R"("retry_on": "5xx", "backoff": {"type": "exponential", "initial_ms": 10})"
            << "pipeline[0].backoff"
            << "must be {\"type\": \"envoy\"";
        QTest::addRow("jitter") << R"("retry_on": "5xx", "jitter": "full")"
                                << "pipeline[0].jitter"
                                << "not part of Envoy";
        QTest::addRow("both counts") << R"("retry_on": "5xx", "num_retries": 2, "max_attempts": 3)"
                                     << "pipeline[0].num_retries"
                                     << "not both";
        QTest::addRow("max below base")
            << R"("retry_on": "5xx", "backoff": {"type": "envoy", "initial_ms": 100, "max_ms": 50})"
            << "pipeline[0].backoff.max_ms"
            << "must be ≥ initial_ms";
        QTest::addRow("fractional base")
            << R"("retry_on": "5xx", "backoff": {"type": "envoy", "initial_ms": 2.5})"
            << "pipeline[0].backoff.initial_ms"
            << "whole number";
        QTest::addRow("fixed first waits")
            << R"("retry_on": "5xx", "backoff": {"type": "envoy", "steps_ms": [10]})"
            << "pipeline[0].backoff"
            << "steps_ms";
        QTest::addRow("max_connections")
            << R"("retry_on": "5xx", "circuit_breakers": {"max_connections": 10})"
            << "pipeline[0].circuit_breakers.max_connections"
            << "bulkhead";
        QTest::addRow("budget percent")
            << R"("retry_on": "5xx", "circuit_breakers": {"retry_budget": {"budget_percent": 120}})"
            << "pipeline[0].circuit_breakers.retry_budget.budget_percent"
            << "100";
        QTest::addRow("reset header without a name")
            << R"("retry_on": "retriable-status-codes", "retriable_status_codes": [429], "rate_limited_retry_back_off": {"reset_headers": [{"format": "SECONDS"}]})"
            << "pipeline[0].rate_limited_retry_back_off.reset_headers[0].name"
            << "";
        QTest::addRow("reset header format")
            << R"("retry_on": "retriable-status-codes", "retriable_status_codes": [429], "rate_limited_retry_back_off": {"reset_headers": [{"name": "Retry-After", "format": "MS"}]})"
            << "pipeline[0].rate_limited_retry_back_off.reset_headers[0].format"
            << "SECONDS";
        QTest::addRow("reset_reason") << R"("retry_on": "reset", "reset_reason": "rst")"
                                      << "pipeline[0].reset_reason"
                                      << "remote_reset";
    }

    void readerErrors()
    {
        QFETCH(QString, retry);
        QFETCH(QString, path);
        QFETCH(QString, message);
        const ScenarioLoad load = parseScenario(QByteArray::fromStdString(
            oneEndpoint(R"({"type": "batch", "clients": 1})",
                        R"([{"type": "retry", )" + retry.toStdString() + "}]", "{}")));
        QVERIFY(!load.scenario);
        bool found = false;
        QStringList all;
        for (const auto& d : load.diagnostics) {
            all << QString::fromStdString(d.path + ": " + d.message);
            if (QString::fromStdString(d.path) == path &&
                QString::fromStdString(d.message).contains(message))
                found = true;
        }
        QVERIFY2(found, qPrintable(all.join("\n")));
    }

    // What the writer writes the reader reads back, equal.
    void roundTrip_data()
    {
        QTest::addColumn<QString>("retry");
        QTest::addRow("defaults") << R"("retry_on": "5xx")";
        QTest::addRow("everything")
            << R"("retry_on": "gateway-error,reset,retriable-status-codes,envoy-ratelimited", "num_retries": 4,
                  "retriable_status_codes": [429, 409], "backoff": {"type": "envoy", "initial_ms": 10, "max_ms": 1000},
                  "reset_reason": "refused_stream", "x_envoy_ratelimited": true,
                  "rate_limited_retry_back_off": {"reset_headers": [{"name": "Retry-After"},
                      {"name": "X-RateLimit-Reset", "format": "UNIX_TIMESTAMP"}], "max_interval_ms": 60000},
                  "circuit_breakers": {"max_retries": 10, "max_requests": 100,
                      "retry_budget": {"budget_percent": 25, "min_retry_concurrency": 5}})";
    }

    void roundTrip()
    {
        QFETCH(QString, retry);
        const Scenario first = scenarioFromJson(
            oneEndpoint(R"({"type": "batch", "clients": 1})",
                        R"([{"type": "retry", )" + retry.toStdString() + "}]", "{}"));
        const std::string written = scenarioToJson(first);
        const Scenario second = scenarioFromJson(written);
        QVERIFY(first.pipeline == second.pipeline);
        QVERIFY(std::get<RetrySpec>(second.pipeline[0]).envoy.has_value());
    }
};

QTEST_GUILESS_MAIN(TestEnvoyRetryRuns)
#include "tst_envoy_retry_runs.moc"

// Envoy's retry policy and retry circuit breaker (the retry strategy's Envoy mode), pinned to
// Envoy's own numbers. Rows ported from Envoy's tests cite repository, file and test; the others
// are worked out from the code they name (docs/semantics.md, "Envoy").

#include "policy/envoy_retry.h"
#include "policy/envoy_retry_stage.h"
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

class TestEnvoyRetry : public QObject
{
    Q_OBJECT
private slots:
    // ---- back-off ------------------------------------------------------------------------------

    void exponentialBackOff_data()
    {
        QTest::addColumn<int>("base");
        QTest::addColumn<int>("max");
        QTest::addColumn<QList<qulonglong>>("randoms"); // random() for each retry in turn
        QTest::addColumn<QList<int>>("delays");         // nextBackOffMs(), ms
        // envoyproxy/envoy test/common/common/backoff_strategy_test.cc
        // JitteredBackOffBasicFlow: 27 % 25, then (25 ≥ 30/2) the max, 27 % 30.
        QTest::addRow("backoff_strategy_test JitteredBackOffBasicFlow")
            << 25 << 30 << QList<qulonglong>{27, 27} << QList<int>{2, 27};
        // … JitteredBackOffWithMaxInterval: 9999 % 5, 10, 20, 40, 80, then 100.
        QTest::addRow("backoff_strategy_test JitteredBackOffWithMaxInterval")
            << 5 << 100 << QList<qulonglong>{9999, 9999, 9999, 9999, 9999, 9999, 9999}
            << QList<int>{4, 9, 19, 39, 79, 99, 99};
        // envoyproxy/envoy test/common/router/retry_state_impl_test.cc Backoff: the router's
        // defaults, base 25 ms and 10 × base.
        QTest::addRow("retry_state_impl_test Backoff")
            << 25 << 250 << QList<qulonglong>{190, 190, 190} << QList<int>{15, 40, 90};
        // … CustomBackOffInterval: base 100, max 1200 (800 ≥ 600: the max).
        QTest::addRow("retry_state_impl_test CustomBackOffInterval")
            << 100 << 1200 << QList<qulonglong>{149, 350, 751, 2399, 2399}
            << QList<int>{49, 150, 351, 799, 1199};
        // … CustomBackOffIntervalDefaultMax: base 100, max 10 × 100.
        QTest::addRow("retry_state_impl_test CustomBackOffIntervalDefaultMax")
            << 100 << 1000 << QList<qulonglong>{149, 350, 751, 2999, 2999}
            << QList<int>{49, 150, 351, 599, 999};
        // Worked out from backoff_strategy.cc: an odd max, doubling_limit = 11 / 2 = 5, so the
        // interval 5 is followed by the max 11, not 10.
        QTest::addRow("odd max: 5 is not below 11 / 2")
            << 5 << 11 << QList<qulonglong>{1000, 1000, 1000} << QList<int>{0, 10, 10};
    }

    void exponentialBackOff()
    {
        QFETCH(int, base);
        QFETCH(int, max);
        QFETCH(QList<qulonglong>, randoms);
        QFETCH(QList<int>, delays);
        double next = -1.0;
        QList<int> got;
        for (qulonglong r : randoms)
            got.push_back(int(envoyBackoffMs(base, max, next, r)));
        QCOMPARE(got, delays);
    }

    void lowerBoundBackOff_data()
    {
        QTest::addColumn<qulonglong>("minMs");
        QTest::addColumn<qulonglong>("random");
        QTest::addColumn<qulonglong>("delay");
        // envoyproxy/envoy test/common/common/backoff_strategy_test.cc
        QTest::addRow("backoff_strategy_test JitteredBackOffWithLowRandomValue")
            << qulonglong(500) << qulonglong(22) << qulonglong(522);
        QTest::addRow("backoff_strategy_test JitteredBackOffWithHighRandomValue")
            << qulonglong(500) << qulonglong(9999) << qulonglong(749);
    }

    void lowerBoundBackOff()
    {
        QFETCH(qulonglong, minMs);
        QFETCH(qulonglong, random);
        QFETCH(qulonglong, delay);
        QCOMPARE(qulonglong(envoyLowerBoundBackoffMs(minMs, random)), delay);
    }

    // The delays of the router's default back-off on a fixed seed: whole ms, uniform on
    // 0 … I − 1 for I = 25, 50, 100, 200, 250, 250, with the mean (I − 1)/2 within 5 standard
    // errors of a discrete uniform's σ = √((I² − 1)/12) over the sample.
    void backOffShape()
    {
        BackoffSpec spec;
        spec.kind = BackoffSpec::Kind::Envoy;
        spec.initialMs = kEnvoyBaseIntervalMs;
        spec.maxMs = kEnvoyBaseIntervalMs * kEnvoyMaxIntervalFactor;
        const JitterSpec none;
        const QList<int> intervals{25, 50, 100, 200, 250, 250};
        constexpr int kRequests = 40'000;
        std::vector<double> sum(6, 0.0), low(6, 1e9), high(6, -1.0);
        Rng rng = Rng::named(12, "envoy-backoff-shape");
        for (int i = 0; i < kRequests; ++i) {
            BackoffState state;
            for (int n = 1; n <= 6; ++n) {
                const double d = nextDelayMs(spec, none, n, state, rng);
                QCOMPARE(d, std::floor(d));
                const auto k = std::size_t(n - 1);
                sum[k] += d;
                low[k] = std::min(low[k], d);
                high[k] = std::max(high[k], d);
            }
        }
        for (int n = 1; n <= 6; ++n) {
            const auto k = std::size_t(n - 1);
            const double interval = intervals[n - 1];
            QCOMPARE(envoyIntervalMs(spec.initialMs, spec.maxMs, n), interval);
            QCOMPARE(baseDelayMs(spec, n), interval);
            QCOMPARE(low[k], 0.0);
            QCOMPARE(high[k], interval - 1);
            const double sigma = std::sqrt((interval * interval - 1.0) / 12.0);
            RESLAB_COMPARE_WITHIN(sum[k] / kRequests, (interval - 1.0) / 2.0,
                                  kSigmas * sigma / std::sqrt(double(kRequests)));
        }
    }

    // ---- retry_on ------------------------------------------------------------------------------

    void parseRetryOn_data()
    {
        QTest::addColumn<QString>("config");
        QTest::addColumn<QString>("classes");
        QTest::addColumn<QString>("unknown");
        // envoyproxy/envoy test/common/router/retry_state_impl_test.cc ParseRetryOn
        QTest::addRow("ParseRetryOn valid") << "5xx,gateway-error,connect-failure"
                                            << "5xx,gateway-error,connect-failure"
                                            << "";
        QTest::addRow("ParseRetryOn unknown") << "xxx,gateway-error,connect-failure"
                                              << "gateway-error,connect-failure"
                                              << "xxx";
        QTest::addRow("ParseRetryOn spaces") << " 5xx,gateway-error ,  connect-failure   "
                                             << "5xx,gateway-error,connect-failure"
                                             << "";
        QTest::addRow("ParseRetryOn inner space") << " 5 xx,gateway-error ,  connect-failure   "
                                                  << "gateway-error,connect-failure"
                                                  << "5 xx";
        // … ParseRetryGrpcOn (the gRPC names share the list here, as in Istio's retryOn).
        QTest::addRow("ParseRetryGrpcOn") << "cancelled,deadline-exceeded,resource-exhausted"
                                          << "cancelled,deadline-exceeded,resource-exhausted"
                                          << "";
        QTest::addRow("Istio's default retryOn")
            << "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes"
            << "connect-failure,refused-stream,retriable-status-codes,cancelled,unavailable"
            << "";
    }

    void parseRetryOn()
    {
        QFETCH(QString, config);
        QFETCH(QString, classes);
        QFETCH(QString, unknown);
        const EnvoyRetryOnParse p = parseEnvoyRetryOn(config.toStdString());
        QCOMPARE(QString::fromStdString(envoyRetryOnText(p.retryOn)), classes);
        QStringList bad;
        for (const auto& u : p.unknown)
            bad << QString::fromStdString(u);
        QCOMPARE(bad.join(','), unknown);
    }

    void decision_data()
    {
        QTest::addColumn<QString>("retryOn");
        QTest::addColumn<QList<int>>("codes");
        QTest::addColumn<QString>("outcome");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("resetAs");
        QTest::addColumn<bool>("xEnvoyRateLimited");
        QTest::addColumn<int>("decision"); // 0 no, 1 with back-off, 2 at once
        const QList<int> none;
        // envoyproxy/envoy test/common/router/retry_state_impl_test.cc, test names as rows:
        QTest::addRow("PolicyRefusedStream")
            << "refused-stream" << none << "reset" << 0 << "refused_stream" << false << 1;
        QTest::addRow("Policy5xxResetOverflow (a strategy's refusal)")
            << "5xx" << none << "bulkhead_full" << 0 << "connect_failure" << false << 0;
        QTest::addRow("Policy5xxRemoteReset")
            << "5xx" << none << "reset" << 0 << "remote_reset" << false << 1;
        QTest::addRow("Policy5xxRemote503")
            << "5xx" << none << "rejected" << 503 << "connect_failure" << false << 1;
        QTest::addRow("PolicyResourceExhaustedRemoteRateLimited (x-envoy-ratelimited)")
            << "resource-exhausted" << none << "rate_limited" << 429 << "connect_failure" << true
            << 0;
        QTest::addRow("PolicyGatewayErrorRemote502")
            << "gateway-error" << none << "error" << 502 << "connect_failure" << false << 1;
        QTest::addRow("PolicyGatewayErrorRemote503")
            << "gateway-error" << none << "rejected" << 503 << "connect_failure" << false << 1;
        QTest::addRow("PolicyGatewayErrorRemote504")
            << "gateway-error" << none << "error" << 504 << "connect_failure" << false << 1;
        QTest::addRow("PolicyGatewayErrorResetOverflow")
            << "gateway-error" << none << "budget_exhausted" << 0 << "connect_failure" << false
            << 0;
        QTest::addRow("PolicyGatewayErrorRemoteReset")
            << "gateway-error" << none << "reset" << 0 << "remote_reset" << false << 1;
        QTest::addRow("Policy5xxRemote200RemoteReset (200 not retried)")
            << "5xx" << none << "ok" << 200 << "connect_failure" << false << 0;
        QTest::addRow("PolicyConnectFailureOtherReset")
            << "connect-failure" << none << "reset" << 0 << "remote_reset" << false << 0;
        QTest::addRow("PolicyConnectFailureResetConnectFailure")
            << "connect-failure" << none << "reset" << 0 << "connect_failure" << false << 1;
        QTest::addRow("PolicyRetriable4xxRetry")
            << "retriable-4xx" << none << "conflict" << 409 << "connect_failure" << false << 1;
        QTest::addRow("PolicyRetriable4xxNoRetry")
            << "retriable-4xx" << none << "fatal" << 400 << "connect_failure" << false << 0;
        QTest::addRow("PolicyRetriable4xxReset")
            << "retriable-4xx" << none << "reset" << 0 << "remote_reset" << false << 0;
        QTest::addRow("RetriableStatusCodes")
            << "retriable-status-codes" << QList<int>{409} << "conflict" << 409 << "connect_failure"
            << false << 1;
        QTest::addRow("RetriableStatusCodesUpstreamReset")
            << "retriable-status-codes" << QList<int>{409} << "reset" << 0 << "remote_reset"
            << false << 0;
        QTest::addRow("RetriableStatusCodesHeader (200 listed)")
            << "retriable-status-codes" << QList<int>{418, 200} << "ok" << 200 << "connect_failure"
            << false << 1;
        QTest::addRow("PolicyResetRemoteReset")
            << "reset" << none << "reset" << 0 << "remote_reset" << false << 1;
        // Worked out from retry_state_impl.cc (wouldRetryFromHeaders, wouldRetryFromReset) and
        // router.cc (onPerTryTimeoutCommon → maybeRetryReset(LocalReset), request sent):
        QTest::addRow("per-try timeout under 5xx")
            << "5xx" << none << "timeout" << 0 << "connect_failure" << false << 1;
        QTest::addRow("per-try timeout under gateway-error")
            << "gateway-error" << none << "timeout" << 0 << "connect_failure" << false << 1;
        QTest::addRow("per-try timeout under reset")
            << "reset" << none << "timeout" << 0 << "connect_failure" << false << 1;
        QTest::addRow("per-try timeout not under connect-failure")
            << "connect-failure,refused-stream,retriable-status-codes" << QList<int>{504}
            << "timeout" << 0 << "connect_failure" << false << 0;
        QTest::addRow("per-try timeout not under reset-before-request (request sent)")
            << "reset-before-request" << none << "timeout" << 0 << "connect_failure" << false << 0;
        QTest::addRow("connect failure under reset-before-request (nothing sent)")
            << "reset-before-request" << none << "reset" << 0 << "connect_failure" << false << 1;
        QTest::addRow("connect failure falls through to 5xx")
            << "5xx" << none << "reset" << 0 << "connect_failure" << false << 1;
        QTest::addRow("refused stream under 5xx")
            << "5xx" << none << "reset" << 0 << "refused_stream" << false << 1;
        QTest::addRow("remote reset not under refused-stream")
            << "refused-stream" << none << "reset" << 0 << "remote_reset" << false << 0;
        QTest::addRow("500 not a gateway error")
            << "gateway-error" << none << "error" << 500 << "connect_failure" << false << 0;
        QTest::addRow("429 under 5xx: no")
            << "5xx" << none << "rate_limited" << 429 << "connect_failure" << false << 0;
        QTest::addRow("429 in the codes")
            << "retriable-status-codes" << QList<int>{429} << "rate_limited" << 429
            << "connect_failure" << false << 1;
        QTest::addRow("429 with x-envoy-ratelimited: codes do not apply")
            << "retriable-status-codes" << QList<int>{429} << "rate_limited" << 429
            << "connect_failure" << true << 0;
        QTest::addRow("429 with x-envoy-ratelimited under envoy-ratelimited")
            << "envoy-ratelimited" << none << "rate_limited" << 429 << "connect_failure" << true
            << 1;
        QTest::addRow("codes listed without the class: no")
            << "5xx" << QList<int>{409} << "conflict" << 409 << "connect_failure" << false << 0;
        QTest::addRow("425 Too Early: at once")
            << "retriable-status-codes" << QList<int>{425} << "fatal" << 425 << "connect_failure"
            << false << 2;
        QTest::addRow("Istio's default: no 503 (Istio 1.24+)")
            << "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes" << none
            << "rejected" << 503 << "connect_failure" << false << 0;
        QTest::addRow("Istio's default: a refused connection")
            << "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes" << none
            << "reset" << 0 << "connect_failure" << false << 1;
        QTest::addRow("Istio ≤ 1.23: 503 listed")
            << "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes"
            << QList<int>{503} << "rejected" << 503 << "connect_failure" << false << 1;
    }

    void decision()
    {
        QFETCH(QString, retryOn);
        QFETCH(QList<int>, codes);
        QFETCH(QString, outcome);
        QFETCH(int, status);
        QFETCH(QString, resetAs);
        QFETCH(bool, xEnvoyRateLimited);
        QFETCH(int, decision);
        EnvoyRetryPolicy p;
        p.retryOn = parseEnvoyRetryOn(retryOn.toStdString()).retryOn;
        p.resetAs = *kEnvoyResetAsNames.find(resetAs.toStdString());
        p.xEnvoyRateLimited = xEnvoyRateLimited;
        Result r = Result::of(*outcomeFromName(outcome.toStdString()));
        r.status = static_cast<std::int16_t>(status);
        const std::vector<int> list(codes.begin(), codes.end());
        QCOMPARE(int(envoyRetryDecision(p, list, r)), decision);
    }

    // ---- the retry circuit breaker
    // ---------------------------------------------------------------

    void budget_data()
    {
        QTest::addColumn<double>("percent");
        QTest::addColumn<int>("minConcurrency");
        QTest::addColumn<int>("active");
        QTest::addColumn<int>("allowed"); // retries outstanding at once
        // envoyproxy/envoy test/common/router/retry_state_impl_test.cc
        // BudgetVerifyMinimumConcurrency: 2 outstanding may take a 3rd, 3 may not; with 20
        // requests a 4th; at 100 % (runtime override) 20.
        QTest::addRow("BudgetVerifyMinimumConcurrency: no requests") << 20.0 << 3 << 0 << 3;
        QTest::addRow("BudgetVerifyMinimumConcurrency: 20 requests") << 20.0 << 3 << 20 << 4;
        QTest::addRow("BudgetVerifyMinimumConcurrency: 100 %%") << 100.0 << 3 << 20 << 20;
        QTest::addRow("BudgetNoAvailableRetries") << 0.0 << 0 << 20 << 0;
        QTest::addRow("BudgetAvailableRetries") << 20.0 << 3 << 0 << 3;
        // resource_manager_impl.h: the share is truncated (0.2 · 24 = 4.8 → 4).
        QTest::addRow("truncated share") << 20.0 << 3 << 24 << 4;
        QTest::addRow("share above the minimum") << 20.0 << 3 << 100 << 20;
    }

    void budget()
    {
        QFETCH(double, percent);
        QFETCH(int, minConcurrency);
        QFETCH(int, active);
        QFETCH(int, allowed);
        QCOMPARE(int(envoyRetryBudgetMax(percent, minConcurrency, std::uint64_t(active))), allowed);
    }

    void resetInterval_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<double>("retryAfterMs");
        QTest::addColumn<double>("nowMs");
        QTest::addColumn<double>("maxMs");
        QTest::addColumn<int>("intervalMs"); // −1: none
        // reset_header_parser.cc parseInterval: SECONDS is whole seconds × 1000 (serve writes
        // Retry-After rounded up); UNIX_TIMESTAMP is the reset second less now's whole second.
        QTest::addRow("seconds") << "SECONDS" << 1500.0 << 0.0 << 300000.0 << 2000;
        QTest::addRow("seconds over the max") << "SECONDS" << 400000.0 << 0.0 << 300000.0 << -1;
        QTest::addRow("unix timestamp")
            << "UNIX_TIMESTAMP" << 1500.0 << 10'700.0 << 300000.0 << 3000; // reset 13 − now 10
        QTest::addRow("unix timestamp, whole")
            << "UNIX_TIMESTAMP" << 2000.0 << 10'000.0 << 300000.0 << 2000;
    }

    void resetInterval()
    {
        QFETCH(QString, format);
        QFETCH(double, retryAfterMs);
        QFETCH(double, nowMs);
        QFETCH(double, maxMs);
        QFETCH(int, intervalMs);
        EnvoyRetryPolicy p;
        p.resetHeaders.push_back({"x-ratelimit-reset", format == "UNIX_TIMESTAMP"});
        p.resetMaxIntervalMs = maxMs;
        Result r = Result::of(Outcome::RateLimited);
        r.retryAfter = fromMillis(retryAfterMs);
        const auto got = envoyResetIntervalMs(p, r, fromMillis(nowMs));
        QCOMPARE(got ? int(*got) : -1, intervalMs);
    }

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

QTEST_GUILESS_MAIN(TestEnvoyRetry)
#include "tst_envoy_retry.moc"

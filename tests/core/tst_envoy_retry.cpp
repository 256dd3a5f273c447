// Envoy's retry arithmetic (the retry strategy's Envoy mode), pinned to Envoy's own numbers: the
// back-off, the retry_on classes and their decisions, the retry budget, the reset headers. Rows
// ported from Envoy's tests cite repository, file and test; the others are worked out from the
// code they name (docs/semantics.md, "Envoy"). Whole runs: tst_envoy_retry_runs.cpp.

#include "policy/envoy_retry.h"
#include "testing.h"

#include <QTest>
#include <cmath>

using namespace reslab;
using namespace reslab::testing;

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
};

QTEST_GUILESS_MAIN(TestEnvoyRetry)
#include "tst_envoy_retry.moc"

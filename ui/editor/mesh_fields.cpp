#include "mesh_fields.h"

#include "field_helpers.h"
#include "model/endpoint_spec.h"
#include "policy/backoff.h"
#include "policy/envoy_retry_spec.h"
#include "policy/guard_specs.h"
#include "policy/load_balancer_spec.h"

namespace reslab::ui {

using namespace specs;

namespace {
// The endpoint kinds that may be fleets: a trace answers from its recording, a versioned record
// is one record (model/endpoint_spec.h).
const QStringList kFleetKinds{"", "service", "proxy"};

// Envoy's RateLimitedRetryBackOff.ResetHeader formats, as policy/envoy_retry_io.cpp reads them
// (the engine keeps them as that reader's choice list, not a name table).
const QStringList kResetHeaderFormats{"SECONDS", "UNIX_TIMESTAMP"};

QStringList envoyRetryOnNames()
{
    QStringList out;
    for (const auto& [bit, name] : kEnvoyRetryOnNames)
        out << QString::fromUtf8(name.data(), qsizetype(name.size()));
    return out;
}

QString percent(double v)
{
    return number(v);
}

FieldSpecs outlierDetectionFields()
{
    const QString od = QStringLiteral("outlier_detection");
    const auto key = [&](const char* k) { return od + '.' + QLatin1String(k); };
    const QString ejection = od + QStringLiteral("#ejection");
    const QString consecutive = od + QStringLiteral("#consecutive");
    const QString successRate = od + QStringLiteral("#success_rate");
    const QString failurePercentage = od + QStringLiteral("#failure_percentage");
    // The local-origin counters are separate only with split_external_local_origin_errors.
    const QString split = key("split_external_local_origin_errors");
    const auto local = [&](FieldSpec f) { return when(std::move(f), split, {"true"}); };

    FieldSpecs f;
    f << group(od, "Outlier detection",
               "Envoy outlier_detection (Istio DestinationRule outlierDetection): ejects hosts "
               "from this client's choice. Ticked with no keys, Envoy's defaults apply.");
    f << in(od, {section(ejection, "Sweep and ejection")});
    f << in(ejection,
            {number(key("interval_ms"), "Interval", "ms", "≥ 1", number(kEnvoyOdIntervalMs),
                    "Envoy interval: how often hosts are judged (Istio interval)."),
             number(key("base_ejection_time_ms"), "Base ejection time", "ms", "≥ 0",
                    number(kEnvoyOdBaseEjectionTimeMs),
                    "Envoy base_ejection_time: an ejection lasts base × times ejected "
                    "(Istio baseEjectionTime)."),
             number(key("max_ejection_time_ms"), "Max ejection time", "ms", "≥ base",
                    number(kEnvoyOdMaxEjectionTimeMs), // or the base, if longer (tooltip)
                    "Envoy max_ejection_time: the cap on base × times ejected (unset: the "
                    "larger of 300000 and the base ejection time)."),
             number(key("max_ejection_time_jitter_ms"), "Ejection jitter", "ms", "≥ 0", "0",
                    "Envoy max_ejection_time_jitter: a random 0 … this added to each ejection."),
             number(key("max_ejection_percent"), "Max ejected", "%", "0 … 100",
                    percent(kEnvoyOdMaxEjectionPercent),
                    "Envoy max_ejection_percent (Istio maxEjectionPercent): a host is ejected only "
                    "if 100 · (ejected + 1) ÷ hosts ≤ this — with 10 %, a fleet of fewer than 10 "
                    "hosts never ejects one."),
             boolean(key("always_eject_one_host"), "Always eject one",
                     "Envoy always_eject_one_host: one host may be ejected whatever the "
                     "percentage.")});
    f << in(od, {section(consecutive, "Consecutive failures")});
    f << in(consecutive,
            {integer(key("consecutive_5xx"), "5xx in a row", "answers", "≥ 1",
                     number(kEnvoyOdConsecutive5xx),
                     "Envoy consecutive_5xx (Istio consecutive5xxErrors): 5xx answers, resets "
                     "and timeouts in a row that eject a host."),
             integer(key("enforcing_consecutive_5xx"), "    enforced", "%", "0 … 100",
                     number(kEnvoyOdEnforcingConsecutive5xx),
                     "Envoy enforcing_consecutive_5xx: the chance a detection ejects."),
             integer(key("consecutive_gateway_failure"), "Gateway errors", "answers", "≥ 1",
                     number(kEnvoyOdConsecutiveGatewayFailure),
                     "Envoy consecutive_gateway_failure (Istio consecutiveGatewayErrors): 502, "
                     "503, 504 in a row."),
             integer(key("enforcing_consecutive_gateway_failure"), "    enforced", "%", "0 … 100",
                     number(kEnvoyOdEnforcingConsecutiveGatewayFailure),
                     "Envoy enforcing_consecutive_gateway_failure: 0 by default, so gateway "
                     "errors alone never eject unless this is raised (Istio sets 100 with "
                     "consecutiveGatewayErrors)."),
             boolean(split, "Split local origin",
                     "Envoy split_external_local_origin_errors: resets and timeouts (local "
                     "origin) count apart from the host's answers."),
             local(integer(key("consecutive_local_origin_failure"), "Local failures", "calls",
                           "≥ 1", number(kEnvoyOdConsecutiveLocalOriginFailure),
                           "Envoy consecutive_local_origin_failure: resets and timeouts in a "
                           "row.")),
             local(integer(key("enforcing_consecutive_local_origin_failure"), "    enforced", "%",
                           "0 … 100", number(kEnvoyOdEnforcingConsecutiveLocalOriginFailure),
                           "Envoy enforcing_consecutive_local_origin_failure."))});
    f << in(od, {section(successRate, "Success rate")});
    f << in(successRate,
            {integer(key("success_rate_minimum_hosts"), "Minimum hosts", "hosts", "≥ 1",
                     number(kEnvoyOdSuccessRateMinimumHosts),
                     "Envoy success_rate_minimum_hosts: hosts with enough requests for the "
                     "check to run."),
             integer(key("success_rate_request_volume"), "Request volume", "requests", "≥ 1",
                     number(kEnvoyOdSuccessRateRequestVolume),
                     "Envoy success_rate_request_volume: a host's requests in an interval to "
                     "be judged."),
             integer(key("success_rate_stdev_factor"), "Stdev factor", "÷ 1000", "≥ 1",
                     number(kEnvoyOdSuccessRateStdevFactor),
                     "Envoy success_rate_stdev_factor: ejected below mean − factor/1000 · "
                     "stdev (1900: 1.9 standard deviations)."),
             integer(key("enforcing_success_rate"), "    enforced", "%", "0 … 100",
                     number(kEnvoyOdEnforcingSuccessRate), "Envoy enforcing_success_rate."),
             local(integer(key("enforcing_local_origin_success_rate"), "    local enforced", "%",
                           "0 … 100", number(kEnvoyOdEnforcingLocalOriginSuccessRate),
                           "Envoy enforcing_local_origin_success_rate."))});
    f << in(od, {section(failurePercentage, "Failure percentage")});
    f << in(failurePercentage,
            {integer(key("failure_percentage_threshold"), "Threshold", "%", "0 … 100",
                     number(kEnvoyOdFailurePercentageThreshold),
                     "Envoy failure_percentage_threshold: a host failing more than this share "
                     "of its requests is ejected."),
             integer(key("failure_percentage_minimum_hosts"), "Minimum hosts", "hosts", "≥ 1",
                     number(kEnvoyOdFailurePercentageMinimumHosts),
                     "Envoy failure_percentage_minimum_hosts."),
             integer(key("failure_percentage_request_volume"), "Request volume", "requests", "≥ 1",
                     number(kEnvoyOdFailurePercentageRequestVolume),
                     "Envoy failure_percentage_request_volume."),
             integer(key("enforcing_failure_percentage"), "    enforced", "%", "0 … 100",
                     number(kEnvoyOdEnforcingFailurePercentage),
                     "Envoy enforcing_failure_percentage: 0 by default, so this check only "
                     "counts until it is raised."),
             local(integer(key("enforcing_failure_percentage_local_origin"), "    local enforced",
                           "%", "0 … 100", number(kEnvoyOdEnforcingFailurePercentageLocalOrigin),
                           "Envoy enforcing_failure_percentage_local_origin."))});
    return f;
}

FieldSpecs failureAccrualFields()
{
    const QString fa = QStringLiteral("failure_accrual");
    const auto key = [&](const char* k) { return fa + '.' + QLatin1String(k); };
    FieldSpecs f;
    f << group(fa, "Failure accrual",
               "Linkerd's consecutive-failures breaker per host "
               "(balancer.linkerd.io/failure-accrual: consecutive).");
    f << in(fa,
            {integer(key("consecutive_failures"), "Failures in a row", "calls", "≥ 1",
                     number(kLinkerdConsecutiveFailures),
                     "failure-accrual-consecutive-max-failures: 5xx, timeouts and resets in "
                     "a row that shut the host."),
             number(key("min_penalty_ms"), "Min penalty", "ms", "≥ 0", number(kLinkerdMinPenaltyMs),
                    "failure-accrual-consecutive-min-penalty: the first shut time; each "
                    "further one doubles."),
             number(key("max_penalty_ms"), "Max penalty", "ms", "> 0, ≥ min",
                    number(kLinkerdMaxPenaltyMs),
                    "failure-accrual-consecutive-max-penalty: the cap on the doubling."),
             number(key("jitter_ratio"), "Jitter ratio", {}, "0 … 100", number(kLinkerdJitterRatio),
                    "failure-accrual-consecutive-jitter-ratio: each penalty is stretched by "
                    "up to this share.")});
    return f;
}
} // namespace

bool isEnvoyRetry(const QJsonObject& strategy)
{
    // As policy/envoy_retry_io.cpp's isEnvoyRetry: a string retry_on is Envoy's classes.
    return strategy.value("type").toString() == QLatin1String("retry") &&
           strategy.value("retry_on").isString();
}

FieldSpecs fleetFields()
{
    FieldSpecs f;
    f << when(integer("replicas", "Replicas", "hosts", QStringLiteral("1 … %1").arg(kMaxReplicas),
                      "1",
                      "A fleet: this many hosts behind the endpoint's name, each with its own "
                      "workers, queue and random streams (a Deployment's replicas). A client "
                      "reaches them through a load_balancer strategy, or the fleet's round robin."),
              "kind", kFleetKinds);
    f << when(names("zones", "Zones", "none",
                    "Zone names, comma-separated: host h is in zones[h mod n] unless a host "
                    "override names its own. Phases and balancers see them."),
              "kind", kFleetKinds);
    const QString probe = QStringLiteral("readiness");
    f << when(group(probe, "Readiness probe",
                    "A Kubernetes readiness probe on every host (replicas ≥ 2): failing hosts "
                    "leave every balancer until they pass again — a slow, coarse ejector."),
              "kind", kFleetKinds);
    f << in(probe,
            {number("readiness.period_s", "Period", "s", "> 0", number(kK8sProbePeriodS),
                    "periodSeconds: each host is probed this often, from its own offset."),
             integer("readiness.failure_threshold", "Failures to remove", "probes", "≥ 1",
                     number(kK8sProbeFailureThreshold),
                     "failureThreshold: failed probes in a row that take a host out."),
             integer("readiness.success_threshold", "Passes to return", "probes", "≥ 1",
                     number(kK8sProbeSuccessThreshold),
                     "successThreshold: passed probes in a row that bring it back."),
             number("readiness.timeout_s", "Timeout", "s", "≥ 0", number(kK8sProbeTimeoutS),
                    "timeoutSeconds: a probe passes when the host would answer ok within this."),
             number("readiness.initial_delay_s", "Initial delay", "s", "≥ 0", "0",
                    "initialDelaySeconds: no probe before this.")});
    return f;
}

FieldSpecs phaseHostFields(const QStringList& zones)
{
    FieldSpecs f;
    f << list("hosts", "Hosts", "every host",
              "A fleet's hosts the phase hits, by index (0, 1, …), comma-separated.");
    f << choice("zone", "Zone", zones, "every zone",
                "Only the hosts of this zone (with Hosts: the listed hosts in it).");
    return f;
}

FieldSpecs hostEjectionFields()
{
    return outlierDetectionFields() << failureAccrualFields();
}

FieldSpecs envoyRetryFields()
{
    FieldSpecs f;
    f << flags("retry_on", "Retry on", envoyRetryOnNames(), "required",
               "Envoy retry_on (and x-envoy-retry-grpc-on) classes. gateway-error: 502, 503, "
               "504; retriable-4xx: 409; connect-failure and reset-before-request: a reset "
               "before the request was sent. The gRPC classes read a grpc-status header the "
               "model's answers never carry.");
    f << integer("num_retries", "Retries", {}, "≥ 0", number(kEnvoyDefaultNumRetries),
                 "Envoy num_retries (Istio attempts). Give this or Max attempts, not both.");
    f << integer("max_attempts", "    or max attempts", {}, "≥ 1", "retries + 1",
                 "The first call counted: num_retries + 1.");
    f << list("retriable_status_codes", "Retriable statuses", "none",
              "Envoy retriable_status_codes, e.g. 503, 429: retried under retriable-status-codes "
              "only.");
    FieldSpec base =
        integer("backoff.initial_ms", "Back-off base", "ms", "≥ 1", number(kEnvoyBaseIntervalMs),
                "Envoy retry_back_off.base_interval: retry n waits random() % Iₙ, "
                "I₁ = base, doubling up to the max.");
    base.alongside = {{QStringLiteral("backoff.type"), QStringLiteral("envoy")}};
    FieldSpec max = integer("backoff.max_ms", "    max", "ms", "≥ base",
                            QStringLiteral("%1 × base").arg(number(kEnvoyMaxIntervalFactor)),
                            "Envoy retry_back_off.max_interval.");
    max.alongside = base.alongside;
    f << base << max;
    f << choice("reset_reason", "A reset is", namesOf(kEnvoyResetAsNames), "connect_failure",
                "What the endpoint's reset is to Envoy: connect_failure (refused before any "
                "request byte), remote_reset (after the request was sent, as serve sends it), "
                "refused_stream (HTTP/2 REFUSED_STREAM).");
    f << boolean("x_envoy_ratelimited", "429s from Envoy",
                 "The endpoint's 429s carry x-envoy-ratelimited: retried under envoy-ratelimited "
                 "only, never as a retriable status.");
    const QString rl = QStringLiteral("rate_limited_retry_back_off");
    f << group(
        rl, "Rate-limited back-off",
        "Envoy rate_limited_retry_back_off: a retried answer whose reset header gives an "
        "interval I waits [I, 1.5·I) instead of the back-off. Further headers: the JSON "
        "tab.",
        QStringLiteral(R"({"reset_headers": [{"name": "Retry-After", "format": "SECONDS"}]})"));
    f << in(rl, {text(rl + ".reset_headers[0].name", "Reset header", {},
                      "The header with the time to wait (the model's answers carry one: a "
                      "429's Retry-After)."),
                 choice(rl + ".reset_headers[0].format", "    format", kResetHeaderFormats,
                        "SECONDS", "SECONDS: a wait; UNIX_TIMESTAMP: the second to retry at."),
                 number(rl + ".max_interval_ms", "Max interval", "ms", "> 0",
                        number(kEnvoyResetMaxIntervalMs),
                        "A longer reset interval is ignored (the back-off applies).")});
    const QString cb = QStringLiteral("circuit_breakers");
    f << section(cb, "Cluster circuit breaker");
    f << in(cb, {integer(cb + ".max_retries", "Max retries", "at once", "≥ 0",
                         number(double(kEnvoyDefaultMaxRetries)),
                         "Envoy max_retries: retries outstanding at once; one more overflows "
                         "(upstream_rq_retry_overflow) — the limit that stops retries under "
                         "load. A retry budget replaces it."),
                 integer(cb + ".max_requests", "Max requests", "in flight", "≥ 0",
                         number(double(kEnvoyDefaultMaxRequests)),
                         "Envoy max_requests: attempts in flight; one more is refused "
                         "(bulkhead_full). max_connections and max_pending_requests: a Bulkhead "
                         "strategy below the retry."),
                 group(cb + ".retry_budget", "Retry budget",
                       "Envoy retry_budget: replaces max_retries; retries outstanding < "
                       "max(budget % of the requests in flight, min retry concurrency).")});
    f << in(cb + ".retry_budget",
            {number(cb + ".retry_budget.budget_percent", "Budget", "%", "0 … 100",
                    number(kEnvoyBudgetPercent), "Envoy budget_percent (Istio's default too)."),
             integer(cb + ".retry_budget.min_retry_concurrency", "Min concurrency", "retries",
                     "≥ 0", number(kEnvoyMinRetryConcurrency), "Envoy min_retry_concurrency.")});
    return f;
}

} // namespace reslab::ui

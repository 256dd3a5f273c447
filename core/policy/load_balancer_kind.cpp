// The "load_balancer" strategy: Envoy's cluster load balancers and outlier detection
// (policy/load_balancer_stage.h).

#include "policy/load_balancer_stage.h"
#include "policy/spec_io.h"
#include "policy/strategy_kind.h"

namespace reslab {

namespace {
const NumberRule kPercentRule = NumberRule::between(0.0, 100.0);

int percent(ObjectReader& r, std::string_view key, int fallback)
{
    return static_cast<int>(r.integer(key, 0, 100).value_or(fallback));
}

std::optional<OutlierDetectionSpec> readOutlierDetection(ObjectReader& r)
{
    OutlierDetectionSpec s;
    const auto ms = [&](std::string_view key, double fallback, double min) {
        return r.number(key, fallback, NumberRule::between(min, kMaxDurationMs));
    };
    s.intervalMs = ms("interval_ms", s.intervalMs, 1.0);
    s.baseEjectionTimeMs = ms("base_ejection_time_ms", s.baseEjectionTimeMs, 0.0);
    s.maxEjectionTimeMs = r.number("max_ejection_time_ms", kDurationMsRule);
    s.maxEjectionTimeJitterMs = ms("max_ejection_time_jitter_ms", 0.0, 0.0);
    s.maxEjectionPercent = r.number("max_ejection_percent", s.maxEjectionPercent, kPercentRule);
    s.alwaysEjectOneHost = r.boolean("always_eject_one_host").value_or(false);
    const auto count = [&](std::string_view key, int fallback) {
        return static_cast<int>(r.integer(key, 1, 1'000'000).value_or(fallback));
    };
    s.consecutive5xx = count("consecutive_5xx", s.consecutive5xx);
    s.consecutiveGatewayFailure = count("consecutive_gateway_failure", s.consecutiveGatewayFailure);
    s.consecutiveLocalOriginFailure =
        count("consecutive_local_origin_failure", s.consecutiveLocalOriginFailure);
    s.enforcingConsecutive5xx = percent(r, "enforcing_consecutive_5xx", s.enforcingConsecutive5xx);
    s.enforcingConsecutiveGatewayFailure =
        percent(r, "enforcing_consecutive_gateway_failure", s.enforcingConsecutiveGatewayFailure);
    s.enforcingConsecutiveLocalOriginFailure = percent(
        r, "enforcing_consecutive_local_origin_failure", s.enforcingConsecutiveLocalOriginFailure);
    s.enforcingSuccessRate = percent(r, "enforcing_success_rate", s.enforcingSuccessRate);
    s.enforcingLocalOriginSuccessRate =
        percent(r, "enforcing_local_origin_success_rate", s.enforcingLocalOriginSuccessRate);
    s.enforcingFailurePercentage =
        percent(r, "enforcing_failure_percentage", s.enforcingFailurePercentage);
    s.enforcingFailurePercentageLocalOrigin = percent(
        r, "enforcing_failure_percentage_local_origin", s.enforcingFailurePercentageLocalOrigin);
    s.successRateMinimumHosts = count("success_rate_minimum_hosts", s.successRateMinimumHosts);
    s.successRateRequestVolume = count("success_rate_request_volume", s.successRateRequestVolume);
    s.successRateStdevFactor = count("success_rate_stdev_factor", s.successRateStdevFactor);
    s.failurePercentageThreshold =
        percent(r, "failure_percentage_threshold", s.failurePercentageThreshold);
    s.failurePercentageMinimumHosts =
        count("failure_percentage_minimum_hosts", s.failurePercentageMinimumHosts);
    s.failurePercentageRequestVolume =
        count("failure_percentage_request_volume", s.failurePercentageRequestVolume);
    s.splitExternalLocalOriginErrors =
        r.boolean("split_external_local_origin_errors").value_or(false);
    if (s.maxEjectionTimeMs && *s.maxEjectionTimeMs < s.baseEjectionTimeMs)
        r.error("max_ejection_time_ms", "cannot be smaller than base_ejection_time_ms");
    r.rejectUnknown();
    return s;
}

std::optional<StrategySpec> read(ObjectReader& r)
{
    Diagnostics& d = r.diagnostics();
    const std::size_t before = d.size();
    LoadBalancerSpec s;
    if (r.has("policy"))
        if (const auto p = r.choice("policy", kLbPolicyNames)) s.policy = *p;
    s.choiceCount =
        static_cast<int>(r.integer("choice_count", 2, kMaxChoiceCount).value_or(s.choiceCount));
    s.activeRequestBias =
        r.number("active_request_bias", s.activeRequestBias, NumberRule::between(0.0, 100.0));
    if (const auto k = r.integer("hash_keys", 1, 1'000'000'000)) s.hashKeys = static_cast<int>(*k);
    s.healthyPanicThreshold =
        r.number("healthy_panic_threshold", s.healthyPanicThreshold, kPercentRule);
    if (r.has("retry_host_predicate")) {
        const auto pred = r.choice("retry_host_predicate",
                                   std::vector<std::string_view>{"none", "previous_hosts"});
        s.previousHosts = pred && *pred == "previous_hosts";
    }
    s.hostSelectionRetryMaxAttempts =
        static_cast<int>(r.integer("host_selection_retry_max_attempts", 0, 100)
                             .value_or(s.hostSelectionRetryMaxAttempts));
    for (const char* key : {"choice_count", "active_request_bias"})
        if (r.has(key) && s.policy != LbPolicy::LeastRequest)
            r.error(key, "applies to policy least_request only");
    if (r.has("hash_keys") && s.policy != LbPolicy::RingHash && s.policy != LbPolicy::Maglev)
        r.error("hash_keys", "applies to policies ring_hash and maglev only");
    if (r.has("outlier_detection")) {
        ObjectReader o(r.value("outlier_detection"), r.pathOf("outlier_detection"), d);
        if (o.valid()) s.outlierDetection = readOutlierDetection(o);
    }
    if (r.has("failure_accrual")) {
        ObjectReader a(r.value("failure_accrual"), r.pathOf("failure_accrual"), d);
        if (a.valid()) {
            FailureAccrualSpec f;
            f.consecutiveFailures = static_cast<int>(
                a.integer("consecutive_failures", 1, 1'000'000).value_or(f.consecutiveFailures));
            f.minPenaltyMs = a.number("min_penalty_ms", f.minPenaltyMs,
                                      NumberRule::between(0.0, kMaxDurationMs));
            f.maxPenaltyMs =
                a.number("max_penalty_ms", f.maxPenaltyMs, NumberRule{0.0, kMaxDurationMs, true});
            f.jitterRatio =
                a.number("jitter_ratio", f.jitterRatio, NumberRule::between(0.0, 100.0));
            // parse_consecutive_params: min ≤ max, max > 0.
            if (f.minPenaltyMs > f.maxPenaltyMs)
                a.error("min_penalty_ms", "must not be above max_penalty_ms");
            a.rejectUnknown();
            s.failureAccrual = f;
        }
    }
    if (d.size() != before) return std::nullopt;
    return s;
}

void writeOutlierDetection(JsonWriter& w, const OutlierDetectionSpec& s)
{
    const OutlierDetectionSpec def;
    w.beginObject();
    const auto num = [&](const char* key, double v, double dv) {
        if (v != dv) w.key(key).value(v);
    };
    const auto integer = [&](const char* key, int v, int dv) {
        if (v != dv) w.key(key).value(v);
    };
    num("interval_ms", s.intervalMs, def.intervalMs);
    num("base_ejection_time_ms", s.baseEjectionTimeMs, def.baseEjectionTimeMs);
    if (s.maxEjectionTimeMs) w.key("max_ejection_time_ms").value(*s.maxEjectionTimeMs);
    num("max_ejection_time_jitter_ms", s.maxEjectionTimeJitterMs, def.maxEjectionTimeJitterMs);
    num("max_ejection_percent", s.maxEjectionPercent, def.maxEjectionPercent);
    if (s.alwaysEjectOneHost) w.key("always_eject_one_host").value(true);
    integer("consecutive_5xx", s.consecutive5xx, def.consecutive5xx);
    integer("consecutive_gateway_failure", s.consecutiveGatewayFailure,
            def.consecutiveGatewayFailure);
    integer("consecutive_local_origin_failure", s.consecutiveLocalOriginFailure,
            def.consecutiveLocalOriginFailure);
    integer("enforcing_consecutive_5xx", s.enforcingConsecutive5xx, def.enforcingConsecutive5xx);
    integer("enforcing_consecutive_gateway_failure", s.enforcingConsecutiveGatewayFailure,
            def.enforcingConsecutiveGatewayFailure);
    integer("enforcing_consecutive_local_origin_failure", s.enforcingConsecutiveLocalOriginFailure,
            def.enforcingConsecutiveLocalOriginFailure);
    integer("enforcing_success_rate", s.enforcingSuccessRate, def.enforcingSuccessRate);
    integer("enforcing_local_origin_success_rate", s.enforcingLocalOriginSuccessRate,
            def.enforcingLocalOriginSuccessRate);
    integer("enforcing_failure_percentage", s.enforcingFailurePercentage,
            def.enforcingFailurePercentage);
    integer("enforcing_failure_percentage_local_origin", s.enforcingFailurePercentageLocalOrigin,
            def.enforcingFailurePercentageLocalOrigin);
    integer("success_rate_minimum_hosts", s.successRateMinimumHosts, def.successRateMinimumHosts);
    integer("success_rate_request_volume", s.successRateRequestVolume,
            def.successRateRequestVolume);
    integer("success_rate_stdev_factor", s.successRateStdevFactor, def.successRateStdevFactor);
    integer("failure_percentage_threshold", s.failurePercentageThreshold,
            def.failurePercentageThreshold);
    integer("failure_percentage_minimum_hosts", s.failurePercentageMinimumHosts,
            def.failurePercentageMinimumHosts);
    integer("failure_percentage_request_volume", s.failurePercentageRequestVolume,
            def.failurePercentageRequestVolume);
    if (s.splitExternalLocalOriginErrors) w.key("split_external_local_origin_errors").value(true);
    w.endObject();
}

void write(JsonWriter& w, const StrategySpec& spec, const std::string&)
{
    const auto& s = std::get<LoadBalancerSpec>(spec);
    const LoadBalancerSpec def;
    w.key("policy").value(kLbPolicyNames.name(s.policy));
    if (s.policy == LbPolicy::LeastRequest) {
        if (s.choiceCount != def.choiceCount) w.key("choice_count").value(s.choiceCount);
        if (s.activeRequestBias != def.activeRequestBias)
            w.key("active_request_bias").value(s.activeRequestBias);
    }
    if (s.hashKeys) w.key("hash_keys").value(*s.hashKeys);
    if (s.healthyPanicThreshold != def.healthyPanicThreshold)
        w.key("healthy_panic_threshold").value(s.healthyPanicThreshold);
    if (s.previousHosts) w.key("retry_host_predicate").value("previous_hosts");
    if (s.hostSelectionRetryMaxAttempts != def.hostSelectionRetryMaxAttempts)
        w.key("host_selection_retry_max_attempts").value(s.hostSelectionRetryMaxAttempts);
    if (s.outlierDetection) {
        w.key("outlier_detection");
        writeOutlierDetection(w, *s.outlierDetection);
    }
    if (s.failureAccrual) {
        const FailureAccrualSpec& f = *s.failureAccrual;
        w.key("failure_accrual").beginObject();
        w.key("consecutive_failures").value(f.consecutiveFailures);
        w.key("min_penalty_ms").value(f.minPenaltyMs).key("max_penalty_ms").value(f.maxPenaltyMs);
        w.key("jitter_ratio").value(f.jitterRatio).endObject();
    }
}

std::unique_ptr<Stage> makeStage(const StrategySpec& spec, const StageContext& c,
                                 const std::string& stream)
{
    return std::make_unique<LoadBalancerStage>(
        std::get<LoadBalancerSpec>(spec), c.target, Rng::named(c.seed, stream + "/pick"),
        Rng::named(c.seed, stream + "/outlier"), c.scheduler.now());
}

FieldSpecs editorFields()
{
    using namespace reslab::fields;
    return {
        choice("policy", "Policy", kLbPolicyNames, "round_robin",
               "Envoy lb_policy: how the client picks each attempt's host."),
        when(integer("choice_count", "Choices", "hosts", "≥ 2", text(kEnvoyLeastRequestChoiceCount),
                     "Envoy least_request choice_count: hosts drawn, fewest active wins."),
             "policy", {"least_request"}),
        when(number("active_request_bias", "Active request bias", "", "≥ 0",
                    text(kEnvoyActiveRequestBias),
                    "Envoy: weight ÷ (active + 1)^bias when weights differ."),
             "policy", {"least_request"}),
        when(integer("hash_keys", "Hash keys", "keys", "≥ 1", "one per request",
                     "Requests map to this many keys (users, sessions)."),
             "policy", {"ring_hash", "maglev"}),
        number("healthy_panic_threshold", "Panic threshold", "%", "0–100",
               text(kEnvoyHealthyPanicThreshold),
               "Envoy healthy_panic_threshold: below this share of healthy hosts, route to "
               "all. Istio sets it to minHealthPercent (0: never)."),
        choice("retry_host_predicate", "Retry host predicate", {"none", "previous_hosts"}, "none",
               "Envoy previous_hosts: a retry avoids the hosts already tried."),
        integer("host_selection_retry_max_attempts", "Host re-picks", "picks", "≥ 0",
                text(kEnvoyHostSelectionRetryMaxAttempts),
                "Envoy host_selection_retry_max_attempts (Istio sets 5).")};
}
} // namespace

const StrategyKind LoadBalancerSpec::descriptor{
    "load_balancer", "Load balancer", R"({"policy": "round_robin"})", read, write,
    makeStage,       editorFields};

} // namespace reslab

// The "load_balancer" strategy: Envoy's cluster load balancers and outlier detection
// (policy/load_balancer_stage.h).

#include "policy/load_balancer_stage.h"
#include "policy/outlier_detection_fields.h"
#include "policy/spec_io.h"
#include "policy/strategy_kind.h"

namespace reslab {

namespace {
const NumberRule kPercentRule = NumberRule::between(0.0, 100.0);

// Each field of the table (policy/outlier_detection_fields.h) by its kind: durations in ms
// (interval at least 1 ms), percentages 0–100, counts ≥ 1, flags; whole numbers where the spec
// holds an int.
std::optional<OutlierDetectionSpec> readOutlierDetection(ObjectReader& r)
{
    OutlierDetectionSpec s;
    for (const OutlierDetectionField& f : kOutlierDetectionFields) {
        std::optional<double> v;
        if (f.kind == OutlierDetectionField::Kind::Flag) {
            if (const auto b = r.boolean(f.key)) v = *b ? 1.0 : 0.0;
        } else if (f.isInteger()) {
            const std::int64_t max =
                f.kind == OutlierDetectionField::Kind::Percent ? 100 : 1'000'000;
            if (const auto n = r.integer(f.key, static_cast<std::int64_t>(f.minimum), max))
                v = static_cast<double>(*n);
        } else {
            const double max =
                f.kind == OutlierDetectionField::Kind::Duration ? kMaxDurationMs : 100.0;
            v = r.number(f.key, NumberRule::between(f.minimum, max));
        }
        if (v) f.set(s, *v);
    }
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
    s.defaultRttMs = r.number("default_rtt_ms", s.defaultRttMs, kPositiveMsRule);
    s.decayMs = r.number("decay_ms", s.decayMs, kPositiveMsRule);
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
    for (const char* key : {"default_rtt_ms", "decay_ms"})
        if (r.has(key) && s.policy != LbPolicy::PeakEwma)
            r.error(key, "applies to policy peak_ewma only");
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

// The fields that differ from Envoy's defaults.
void writeOutlierDetection(JsonWriter& w, const OutlierDetectionSpec& s)
{
    w.beginObject();
    for (const OutlierDetectionField& f : kOutlierDetectionFields) {
        const std::optional<double> v = f.get(s);
        if (!v || f.isDefault(s)) continue;
        w.key(f.key);
        if (f.kind == OutlierDetectionField::Kind::Flag)
            w.value(*v != 0.0);
        else if (f.isInteger())
            w.value(static_cast<int>(*v));
        else
            w.value(*v);
    }
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
    if (s.policy == LbPolicy::PeakEwma) {
        if (s.defaultRttMs != def.defaultRttMs) w.key("default_rtt_ms").value(s.defaultRttMs);
        if (s.decayMs != def.decayMs) w.key("decay_ms").value(s.decayMs);
    }
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
               "Envoy lb_policy (peak_ewma: Linkerd's): how the client picks each attempt's host."),
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
        when(number("default_rtt_ms", "Default RTT", "ms", "> 0", text(kLinkerdEwmaDefaultRttMs),
                    "Linkerd: a host's latency estimate before its first answer."),
             "policy", {"peak_ewma"}),
        when(number("decay_ms", "Decay", "ms", "> 0", text(kLinkerdEwmaDecayMs),
                    "Linkerd: the time over which a peak in latency fades."),
             "policy", {"peak_ewma"}),
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

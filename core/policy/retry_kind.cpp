// The "retry" strategy: tenacity / resilience4j / Polly / gRPC retries (policy/retry_stage.h).

#include "policy/envoy_retry_io.h"
#include "policy/envoy_retry_stage.h"
#include "policy/retry_stage.h"
#include "policy/spec_io.h"
#include "policy/strategy_kind.h"

namespace reslab {

namespace {
// Attempts beyond this are a configuration mistake, not a policy (tenacity's stop_never aside).
constexpr std::int64_t kMaxAttemptsLimit = 100'000;

// "linkerd_budget": {"retry_ratio": 0.2, "min_retries_per_s": 10, "ttl_s": 10}, each key
// defaulting to Linkerd's, each held to TpsBudget::new's assertions.
std::optional<LinkerdBudgetSpec> readLinkerdBudget(ObjectReader& parent)
{
    Diagnostics& d = parent.diagnostics();
    ObjectReader r(parent.value("linkerd_budget"), parent.pathOf("linkerd_budget"), d);
    if (!r.valid()) return std::nullopt;
    const std::size_t before = d.size();
    LinkerdBudgetSpec b;
    b.retryRatio =
        r.number("retry_ratio", b.retryRatio, NumberRule::between(0.0, kTpsBudgetMaxRatio));
    b.minRetriesPerS =
        r.integer("min_retries_per_s", 0, kTpsBudgetMaxMinPerSec).value_or(b.minRetriesPerS);
    b.ttlS = r.number("ttl_s", b.ttlS, NumberRule::between(kTpsBudgetMinTtlS, kTpsBudgetMaxTtlS));
    r.rejectUnknown();
    return d.size() == before ? std::optional(b) : std::nullopt;
}

std::optional<StrategySpec> read(ObjectReader& r)
{
    if (isEnvoyRetry(r)) {
        auto envoy = readEnvoyRetry(r);
        if (r.has("linkerd_budget")) {
            r.error("linkerd_budget",
                    "belongs to a retry whose retry_on is a list of outcomes; Envoy's retries "
                    "are bounded by circuit_breakers.retry_budget");
            return std::nullopt;
        }
        return envoy;
    }
    Diagnostics& d = r.diagnostics();
    const std::size_t before = d.size();
    RetrySpec s;
    s.maxAttempts = static_cast<int>(
        r.integer("max_attempts", 1, kMaxAttemptsLimit).value_or(kDefaultMaxAttempts));
    s.maxElapsedMs = r.number("max_elapsed_ms", kDurationMsRule);
    s.stopBeforeDelayMs = r.number("stop_before_delay_ms", kDurationMsRule);
    if (r.has("backoff")) {
        if (auto b = readBackoff(r.value("backoff"), r.pathOf("backoff"), d)) s.backoff = *b;
    } else {
        r.error(
            "backoff",
            "is required (for immediate retries write {\"type\": \"constant\", \"delay_ms\": 0})");
    }
    if (r.has("jitter")) {
        if (auto j = readJitter(r.value("jitter"), r.pathOf("jitter"), d)) s.jitter = *j;
    }
    if (JitterSpec::isInherentlyRandom(s.backoff.kind) && s.jitter.kind != JitterSpec::Kind::None)
        r.error("jitter", "must be none (or absent): this backoff type is random by itself");
    if (r.has("retry_on")) {
        if (auto set = readOutcomes(r, "retry_on")) s.retryOn = *set;
    }
    if (const auto codes = r.array("retry_on_status")) {
        for (qsizetype i = 0; i < codes->size(); ++i) {
            const QJsonValue x = codes->at(i);
            const double c = x.toDouble(-1);
            if (!x.isDouble() || c != static_cast<int>(c) || c < 100 || c > 599) {
                d.push_back({indexPath(r.pathOf("retry_on_status"), static_cast<std::size_t>(i)),
                             "must be an HTTP status code (100–599)"});
                continue;
            }
            s.retryOnStatus.push_back(static_cast<int>(c));
        }
    }
    s.honorRetryAfter = r.boolean("honor_retry_after").value_or(false);
    s.retryAfterMaxMs = r.number("retry_after_max_ms", kDurationMsRule);
    if (s.retryAfterMaxMs && !s.honorRetryAfter)
        r.error("retry_after_max_ms", "has no effect unless honor_retry_after is true");
    if (r.has("linkerd_budget")) s.linkerdBudget = readLinkerdBudget(r);
    if (d.size() != before) return std::nullopt;
    return s;
}

void write(JsonWriter& w, const StrategySpec& spec, const std::string&)
{
    const auto& s = std::get<RetrySpec>(spec);
    if (s.envoy) {
        writeEnvoyRetry(w, s);
        return;
    }
    w.key("max_attempts").value(s.maxAttempts);
    if (s.maxElapsedMs) w.key("max_elapsed_ms").value(*s.maxElapsedMs);
    if (s.stopBeforeDelayMs) w.key("stop_before_delay_ms").value(*s.stopBeforeDelayMs);
    w.key("backoff");
    writeBackoff(w, s.backoff);
    w.key("jitter");
    writeJitter(w, s.jitter);
    w.key("retry_on").inlineArray(outcomeNames(s.retryOn));
    if (!s.retryOnStatus.empty()) {
        std::vector<double> codes(s.retryOnStatus.begin(), s.retryOnStatus.end());
        w.key("retry_on_status").inlineArray(codes);
    }
    if (s.honorRetryAfter) w.key("honor_retry_after").value(true);
    if (s.retryAfterMaxMs) w.key("retry_after_max_ms").value(*s.retryAfterMaxMs);
    if (const auto& b = s.linkerdBudget) {
        w.key("linkerd_budget").beginObject();
        w.key("retry_ratio").value(b->retryRatio);
        w.key("min_retries_per_s").value(b->minRetriesPerS);
        w.key("ttl_s").value(b->ttlS);
        w.endObject();
    }
}

std::unique_ptr<Stage> makeStage(const StrategySpec& spec, const StageContext& c,
                                 const std::string& stream)
{
    const auto& s = std::get<RetrySpec>(spec);
    if (s.envoy)
        return std::make_unique<EnvoyRetryStage>(s, Rng::named(c.seed, stream + "/jitter"));
    return std::make_unique<RetryStage>(s, Rng::named(c.seed, stream + "/jitter"),
                                        c.scheduler.now());
}

FieldSpecs editorFields()
{
    using namespace reslab::fields;
    FieldSpecs f;
    f.push_back(integer("max_attempts", "Max attempts", {}, "≥ 1", text(kDefaultMaxAttempts),
                        "Counts the first call: tenacity stop_after_attempt, resilience4j "
                        "maxAttempts, Polly MaxRetryAttempts + 1."));
    f.push_back(number("max_elapsed_ms", "Give up after", "ms", "> 0", "never",
                       "tenacity stop_after_delay."));
    f.push_back(number("stop_before_delay_ms", "Stop before", "ms", "> 0", "never",
                       "tenacity stop_before_delay: stop if the next sleep would end past this."));
    addBackoffFields(f);
    addJitterFields(f);
    f.push_back(list("retry_on", "Retry on", outcomeList(RetrySpec{}.retryOn),
                     "Outcomes that are retried (tenacity retry_if_exception_type, resilience4j "
                     "retryExceptions). A string of Envoy's classes instead (\"5xx,reset\") is "
                     "Envoy's route retry policy, with its own keys (docs/scenario-format.md)."));
    f.push_back(
        list("retry_on_status", "Retry on status", "none",
             "HTTP statuses retried as well, e.g. 429, 503, 504 (gRPC retryableStatusCodes)."));
    f.push_back(boolean("honor_retry_after", "Honour Retry-After",
                        "A 429's Retry-After replaces the computed delay (Polly, urllib3 "
                        "respect_retry_after_header)."));
    f.push_back(number("retry_after_max_ms", "    Retry-After cap", "ms", "≥ 0", "none",
                       "A longer Retry-After is clamped to this."));
    FieldSpec budget;
    budget.key = "linkerd_budget";
    budget.label = "Linkerd retry budget";
    budget.kind = FieldSpec::Kind::Group;
    budget.tooltip = "A ServiceProfile's retryBudget, as Linkerd's proxy applies it (tower "
                     "TpsBudget): every answer not retried deposits, every retry withdraws, "
                     "over a ttl; a refused retry returns the answer as it is.";
    f.push_back(budget);
    const auto in = [](FieldSpec x) {
        x.parent = "linkerd_budget";
        return x;
    };
    f.push_back(in(number("linkerd_budget.retry_ratio", "Retry ratio", "per answer", "0 … 1000",
                          text(kLinkerdRetryRatio),
                          "Linkerd retryBudget.retryRatio: retries per answer not retried "
                          "(0.2: one per five; above 1, several).")));
    f.push_back(in(integer("linkerd_budget.min_retries_per_s", "Min retries", "per s",
                           "0 … 2147483646", text(double(kLinkerdMinRetriesPerSecond)),
                           "Linkerd retryBudget.minRetriesPerSecond: a reserve of this × the "
                           "ttl's whole seconds retries, always there.")));
    f.push_back(in(number("linkerd_budget.ttl_s", "TTL", "s", "1 … 60", text(kLinkerdRetryTtlS),
                          "Linkerd retryBudget.ttl: how long a deposit or withdrawal counts "
                          "(ten slots of ttl / 10).")));
    return f;
}
} // namespace

const StrategyKind RetrySpec::descriptor{
    "retry",
    "Retry",
    R"({"max_attempts": 3, "backoff": {"type": "exponential", "initial_ms": 100, "multiplier": 2, "max_ms": 10000}, "jitter": "full"})",
    read,
    write,
    makeStage,
    editorFields};

} // namespace reslab

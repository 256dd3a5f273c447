#include "policy/envoy_retry_io.h"

#include "policy/envoy_retry.h"
#include "policy/spec_io.h"

#include <cmath>

namespace reslab {

namespace {
// Attempts beyond this are a configuration mistake (the retry strategy's own bound).
constexpr std::int64_t kMaxNumRetries = 99'999;
// The circuit breaker thresholds are UInt32Value in Envoy's proto.
constexpr std::int64_t kMaxThreshold = 4'294'967'295;

std::string expectedClasses()
{
    std::string out;
    for (const auto& entry : kEnvoyRetryOnNames)
        out += (out.empty() ? "" : ", ") + std::string(entry.second);
    return out;
}

std::vector<int> readStatusCodes(ObjectReader& r, std::string_view key)
{
    std::vector<int> codes;
    const auto list = r.array(key);
    if (!list) return codes;
    for (qsizetype i = 0; i < list->size(); ++i) {
        const QJsonValue x = list->at(i);
        const double c = x.toDouble(-1);
        if (!x.isDouble() || c != std::floor(c) || c < 100 || c > 599) {
            r.diagnostics().push_back({indexPath(r.pathOf(key), static_cast<std::size_t>(i)),
                                       "must be an HTTP status code (100–599)"});
            continue;
        }
        codes.push_back(static_cast<int>(c));
    }
    return codes;
}

void readRateLimitedBackOff(ObjectReader& parent, EnvoyRetryPolicy& policy)
{
    Diagnostics& d = parent.diagnostics();
    ObjectReader r(parent.value("rate_limited_retry_back_off"),
                   parent.pathOf("rate_limited_retry_back_off"), d);
    if (!r.valid()) return;
    r.requireKey("reset_headers");
    if (const auto headers = r.array("reset_headers")) {
        if (headers->isEmpty())
            r.error("reset_headers", "needs at least one header (Envoy: min_items 1)");
        for (qsizetype i = 0; i < headers->size(); ++i) {
            ObjectReader h(headers->at(i), indexPath(r.pathOf("reset_headers"), std::size_t(i)), d);
            if (!h.valid()) continue;
            h.requireKey("name");
            EnvoyResetHeader header;
            header.name = h.string("name").value_or("");
            if (h.has("name") && header.name.empty()) h.error("name", "must not be empty");
            if (const auto format = h.choice("format", {"SECONDS", "UNIX_TIMESTAMP"}))
                header.unixTimestamp = *format == "UNIX_TIMESTAMP";
            h.rejectUnknown();
            policy.resetHeaders.push_back(std::move(header));
        }
    }
    // Envoy: max_interval > 0, 300 s when not set; below 1 ms it is 1 ms.
    if (const auto max = r.number("max_interval_ms", kPositiveMsRule))
        policy.resetMaxIntervalMs = std::max(1.0, std::floor(*max));
    r.rejectUnknown();
}

void readCircuitBreakers(ObjectReader& parent, EnvoyRetryPolicy& policy)
{
    Diagnostics& d = parent.diagnostics();
    ObjectReader r(parent.value("circuit_breakers"), parent.pathOf("circuit_breakers"), d);
    if (!r.valid()) return;
    if (const auto v = r.integer("max_retries", 0, kMaxThreshold))
        policy.maxRetries = static_cast<std::uint64_t>(*v);
    if (const auto v = r.integer("max_requests", 0, kMaxThreshold))
        policy.maxRequests = static_cast<std::uint64_t>(*v);
    for (const char* key : {"max_connections", "max_pending_requests"})
        if (r.has(key))
            r.error(key, "is a connection pool's limit, and the model has no connections: an "
                         "HTTP/1.1 pool is a bulkhead below the retry (max_concurrent = "
                         "max_connections, max_queue = max_pending_requests, max_wait_ms = the "
                         "route timeout); see docs/semantics.md, \"Envoy\"");
    if (r.has("retry_budget")) {
        ObjectReader b(r.value("retry_budget"), r.pathOf("retry_budget"), d);
        if (b.valid()) {
            RetryBudgetSpec budget;
            budget.budgetPercent =
                b.number("budget_percent", budget.budgetPercent, NumberRule::between(0.0, 100.0));
            budget.minRetryConcurrency =
                static_cast<int>(b.integer("min_retry_concurrency", 0, 1'000'000)
                                     .value_or(budget.minRetryConcurrency));
            b.rejectUnknown();
            policy.retryBudget = budget;
        }
    }
    r.rejectUnknown();
}
} // namespace

bool isEnvoyRetry(ObjectReader& r)
{
    return r.has("retry_on") && r.value("retry_on").isString();
}

std::optional<StrategySpec> readEnvoyRetry(ObjectReader& r)
{
    Diagnostics& d = r.diagnostics();
    const std::size_t before = d.size();
    RetrySpec s;
    EnvoyRetryPolicy policy;

    const std::string text = r.string("retry_on").value_or("");
    const EnvoyRetryOnParse parsed = parseEnvoyRetryOn(text);
    for (const std::string& token : parsed.unknown) {
        if (token == "retriable-headers")
            r.error("retry_on", "retriable-headers needs response header matchers, which the "
                                "model's answers (a status and a Retry-After) cannot match; use "
                                "retriable-status-codes");
        else if (outcomeFromName(token))
            r.error("retry_on", "\"" + token +
                                    "\" is an outcome: a list of outcomes is an array "
                                    "([\"" +
                                    token + "\", …]); a string is Envoy's classes (" +
                                    expectedClasses() + ")");
        else
            r.error("retry_on", "unknown Envoy retry_on class \"" + token +
                                    "\" (expected one of: " + expectedClasses() + ")");
    }
    if (parsed.retryOn == 0 && parsed.unknown.empty())
        r.error("retry_on", "names no class (for no retries write num_retries 0, or leave the "
                            "retry out)");
    policy.retryOn = parsed.retryOn;

    if (r.has("num_retries") && r.has("max_attempts"))
        r.error("num_retries", "give num_retries or max_attempts, not both");
    if (r.has("max_attempts"))
        s.maxAttempts = static_cast<int>(
            r.integer("max_attempts", 1, kMaxNumRetries + 1).value_or(kEnvoyDefaultNumRetries + 1));
    else
        s.maxAttempts =
            1 + static_cast<int>(
                    r.integer("num_retries", 0, kMaxNumRetries).value_or(kEnvoyDefaultNumRetries));

    if (r.has("retry_on_status"))
        r.error("retry_on_status",
                "with an Envoy retry_on the codes are retriable_status_codes (and retried only "
                "under retriable-status-codes)");
    s.retryOnStatus = readStatusCodes(r, "retriable_status_codes");
    if (!s.retryOnStatus.empty() && !(policy.retryOn & kEnvoyRetryOnRetriableStatusCodes))
        r.error("retriable_status_codes",
                "has no effect unless retry_on has retriable-status-codes");

    s.backoff.kind = BackoffSpec::Kind::Envoy;
    s.backoff.initialMs = kEnvoyBaseIntervalMs;
    s.backoff.maxMs = kEnvoyBaseIntervalMs * kEnvoyMaxIntervalFactor;
    if (r.has("backoff")) {
        if (auto b = readBackoff(r.value("backoff"), r.pathOf("backoff"), d)) {
            if (b->kind != BackoffSpec::Kind::Envoy)
                r.error("backoff", "must be {\"type\": \"envoy\", …} with an Envoy retry_on "
                                   "(Envoy's retry_back_off), or absent for its default");
            else if (!b->stepsMs.empty())
                r.error("backoff", "steps_ms (tenacity's fixed first waits) is not part of "
                                   "Envoy's retry_back_off");
            else
                s.backoff = *b;
        }
    }
    for (const char* key : {"jitter", "max_elapsed_ms", "stop_before_delay_ms", "honor_retry_after",
                            "retry_after_max_ms"})
        if (r.has(key))
            r.error(key, "is not part of Envoy's retry policy (its backoff is random by itself; "
                         "the route timeout is a timeout strategy outside the retry; a reset "
                         "header's wait is rate_limited_retry_back_off)");

    if (const auto as = r.choice("reset_reason", kEnvoyResetAsNames)) policy.resetAs = *as;
    policy.xEnvoyRateLimited = r.boolean("x_envoy_ratelimited").value_or(false);
    if (r.has("rate_limited_retry_back_off")) readRateLimitedBackOff(r, policy);
    if (r.has("circuit_breakers")) readCircuitBreakers(r, policy);

    if (d.size() != before) return std::nullopt;
    s.retryOn = envoyRetriedOutcomes(policy, s.retryOnStatus);
    s.envoy = std::move(policy);
    return s;
}

void writeEnvoyRetry(JsonWriter& w, const RetrySpec& s)
{
    const EnvoyRetryPolicy& p = *s.envoy;
    w.key("retry_on").value(envoyRetryOnText(p.retryOn));
    w.key("num_retries").value(s.maxAttempts - 1);
    if (!s.retryOnStatus.empty()) {
        std::vector<double> codes(s.retryOnStatus.begin(), s.retryOnStatus.end());
        w.key("retriable_status_codes").inlineArray(codes);
    }
    if (s.backoff.initialMs != kEnvoyBaseIntervalMs ||
        s.backoff.maxMs != kEnvoyBaseIntervalMs * kEnvoyMaxIntervalFactor) {
        w.key("backoff");
        writeBackoff(w, s.backoff);
    }
    if (p.resetAs != EnvoyResetAs::ConnectFailure)
        w.key("reset_reason").value(kEnvoyResetAsNames.name(p.resetAs));
    if (p.xEnvoyRateLimited) w.key("x_envoy_ratelimited").value(true);
    if (!p.resetHeaders.empty()) {
        w.key("rate_limited_retry_back_off").beginObject().key("reset_headers").beginArray();
        for (const EnvoyResetHeader& h : p.resetHeaders)
            w.beginObject()
                .key("name")
                .value(h.name)
                .key("format")
                .value(h.unixTimestamp ? "UNIX_TIMESTAMP" : "SECONDS")
                .endObject();
        w.endArray();
        if (p.resetMaxIntervalMs != kEnvoyResetMaxIntervalMs)
            w.key("max_interval_ms").value(p.resetMaxIntervalMs);
        w.endObject();
    }
    const bool defaultBreakers = p.maxRetries == kEnvoyDefaultMaxRetries &&
                                 p.maxRequests == kEnvoyDefaultMaxRequests && !p.retryBudget;
    if (!defaultBreakers) {
        w.key("circuit_breakers").beginObject();
        if (p.maxRetries != kEnvoyDefaultMaxRetries) w.key("max_retries").value(p.maxRetries);
        if (p.maxRequests != kEnvoyDefaultMaxRequests) w.key("max_requests").value(p.maxRequests);
        if (p.retryBudget) {
            w.key("retry_budget").beginObject();
            w.key("budget_percent").value(p.retryBudget->budgetPercent);
            w.key("min_retry_concurrency").value(p.retryBudget->minRetryConcurrency);
            w.endObject();
        }
        w.endObject();
    }
}

} // namespace reslab

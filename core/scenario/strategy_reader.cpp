#include "scenario/readers.h"

#include <cmath>

namespace reslab::detail {

namespace {
const NumberRule kDurationMs = NumberRule::between(0.0, kMaxDurationMs);
const NumberRule kPositiveMs = NumberRule{0.0, kMaxDurationMs, true};
// Attempts beyond this are a configuration mistake, not a policy (tenacity's stop_never aside).
constexpr std::int64_t kMaxAttemptsLimit = 100'000;

constexpr const char* kAvailableTypes =
    "retry, timeout, circuit_breaker, bulkhead, rate_limiter, fallback, hedge, "
    "retry_throttle, retry_budget, retry_quota, finagle_budget, adaptive_throttle";

std::optional<BackoffSpec> readBackoff(const QJsonValue& v, const std::string& path, Diagnostics& d)
{
    ObjectReader r(v, path, d);
    if (!r.valid()) return std::nullopt;
    const std::size_t before = d.size();
    r.requireKey("type");
    const auto type = readChoice(
        r, "type", {"constant", "linear", "exponential", "decorrelated", "polly_decorrelated_v2"});
    if (!type) return std::nullopt;
    BackoffSpec b;
    auto need = [&](std::string_view key, const NumberRule& rule) {
        r.requireKey(key);
        return r.number(key, rule).value_or(0.0);
    };
    if (*type == "constant") {
        b.kind = BackoffSpec::Kind::Constant;
        b.delayMs = need("delay_ms", kDurationMs);
    } else if (*type == "linear") {
        b.kind = BackoffSpec::Kind::Linear;
        b.initialMs = need("initial_ms", kDurationMs);
        b.incrementMs = need("increment_ms", kDurationMs);
        b.minMs = r.number("min_ms", 0.0, kDurationMs);
    } else if (*type == "exponential") {
        b.kind = BackoffSpec::Kind::Exponential;
        b.initialMs = need("initial_ms", kDurationMs);
        b.multiplier = r.number("multiplier", 2.0, NumberRule::between(1.0, 1000.0));
        b.minMs = r.number("min_ms", 0.0, kDurationMs);
    } else if (*type == "decorrelated") {
        b.kind = BackoffSpec::Kind::Decorrelated;
        b.initialMs = need("initial_ms", kPositiveMs);
    } else {
        b.kind = BackoffSpec::Kind::PollyDecorrelatedV2;
        b.initialMs = need("initial_ms", kPositiveMs);
    }
    if (const auto max = r.number("max_ms", kDurationMs)) b.maxMs = *max;
    if (b.maxMs < b.minMs) r.error("max_ms", "must be ≥ min_ms");
    r.rejectUnknown();
    return d.size() == before ? std::optional(b) : std::nullopt;
}

std::optional<JitterSpec> readJitter(const QJsonValue& v, const std::string& path, Diagnostics& d)
{
    JitterSpec j;
    auto kindOf = [](const std::string& s) {
        if (s == "full") return JitterSpec::Kind::Full;
        if (s == "equal") return JitterSpec::Kind::Equal;
        if (s == "proportional") return JitterSpec::Kind::Proportional;
        if (s == "additive") return JitterSpec::Kind::Additive;
        return JitterSpec::Kind::None;
    };
    const auto names = {std::string_view("none"), std::string_view("full"),
                        std::string_view("equal"), std::string_view("proportional"),
                        std::string_view("additive")};
    if (v.isString()) { // shorthand: "jitter": "full"
        const std::string s = v.toString().toStdString();
        bool known = false;
        for (auto n : names)
            known = known || s == n;
        if (!known) {
            d.push_back(
                {path, "unknown value \"" + s +
                           "\" (expected one of: none, full, equal, proportional, additive)"});
            return std::nullopt;
        }
        j.kind = kindOf(s);
        j.capAfterJitter = j.kind == JitterSpec::Kind::Additive;
        return j;
    }
    ObjectReader r(v, path, d);
    if (!r.valid()) return std::nullopt;
    const std::size_t before = d.size();
    r.requireKey("type");
    const auto type = readChoice(r, "type", names);
    if (!type) return std::nullopt;
    j.kind = kindOf(*type);
    if (j.kind == JitterSpec::Kind::Proportional)
        j.factor =
            r.number("factor", kDefaultProportionalJitterFactor, NumberRule::between(0.0, 1.0));
    if (j.kind == JitterSpec::Kind::Additive)
        j.jitterMs = r.number("jitter_ms", kDefaultAdditiveJitterMs, kDurationMs);
    j.capAfterJitter = r.boolean("cap_after_jitter").value_or(j.kind == JitterSpec::Kind::Additive);
    r.rejectUnknown();
    return d.size() == before ? std::optional(j) : std::nullopt;
}

std::optional<OutcomeSet> readOutcomes(ObjectReader& r, std::string_view key)
{
    const auto list = r.array(key);
    if (!list) return std::nullopt;
    OutcomeSet set;
    bool ok = true;
    for (qsizetype i = 0; i < list->size(); ++i) {
        const std::string p = indexPath(r.pathOf(key), static_cast<std::size_t>(i));
        const QJsonValue x = list->at(i);
        const auto o = x.isString() ? outcomeFromName(x.toString().toStdString()) : std::nullopt;
        if (!o || *o == Outcome::Ok) {
            std::string message;
            if (x.isString()) {
                message = "unknown outcome \"";
                message += x.toString().toStdString();
                message += '"';
            } else {
                message = "must be an outcome name, not ";
                message += jsonTypeName(x);
            }
            message += " (expected one of: ";
            for (std::size_t k = 1; k < kOutcomeCount; ++k) {
                if (k > 1) message += ", ";
                message += kOutcomeNames[k];
            }
            message += ')';
            r.diagnostics().push_back({p, std::move(message)});
            ok = false;
            continue;
        }
        set.insert(*o);
    }
    return ok ? std::optional(set) : std::nullopt;
}

std::optional<RetrySpec> readRetry(ObjectReader& r)
{
    Diagnostics& d = r.diagnostics();
    const std::size_t before = d.size();
    RetrySpec s;
    s.maxAttempts = static_cast<int>(
        r.integer("max_attempts", 1, kMaxAttemptsLimit).value_or(kDefaultMaxAttempts));
    s.maxElapsedMs = r.number("max_elapsed_ms", kDurationMs);
    s.stopBeforeDelayMs = r.number("stop_before_delay_ms", kDurationMs);
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
    s.retryAfterMaxMs = r.number("retry_after_max_ms", kDurationMs);
    if (s.retryAfterMaxMs && !s.honorRetryAfter)
        r.error("retry_after_max_ms", "has no effect unless honor_retry_after is true");
    return d.size() == before ? std::optional(s) : std::nullopt;
}

std::optional<BreakerSpec> readBreaker(ObjectReader& r)
{
    Diagnostics& d = r.diagnostics();
    const std::size_t before = d.size();
    BreakerSpec s;
    if (const auto preset = r.string("preset"); preset && !BreakerSpec::applyPreset(*preset, s))
        r.error("preset", "unknown value \"" + *preset +
                              "\" (expected one of: resilience4j, polly, hystrix)");
    s.name = r.string("name").value_or(r.path()); // default: its place, e.g. "pipeline[2]"
    const auto mode = readChoice(r, "mode", {"rate", "consecutive"});
    s.mode = mode == "consecutive" ? BreakerSpec::Mode::Consecutive : BreakerSpec::Mode::Rate;
    if (s.mode == BreakerSpec::Mode::Consecutive && !s.preset.empty())
        r.error("preset",
                "presets describe rate-based breakers; remove it or the consecutive mode");
    const NumberRule rate{0.0, 1.0, true};
    auto count = [&](std::string_view key, std::uint32_t fallback) {
        return static_cast<std::uint32_t>(r.integer(key, 1, 1'000'000).value_or(fallback));
    };
    if (s.mode == BreakerSpec::Mode::Rate) {
        if (r.has("window")) {
            ObjectReader w(r.value("window"), r.pathOf("window"), d);
            if (w.valid()) {
                w.requireKey("type");
                const auto type = readChoice(w, "type", {"count", "time"});
                if (type == "count") {
                    s.window = BreakerSpec::Window::CountBased;
                    w.requireKey("size");
                    s.windowSize = static_cast<std::uint32_t>(
                        w.integer("size", 1, 1'000'000).value_or(kR4jWindowSize));
                } else if (type == "time") {
                    s.window = BreakerSpec::Window::TimeBased;
                    w.requireKey("size_s");
                    s.windowS = w.number("size_s", 60.0, NumberRule{0.0, 86400.0, true});
                    // resilience4j: one bucket per second of the window.
                    const auto perSecond =
                        static_cast<std::int64_t>(std::max(1.0, std::ceil(s.windowS)));
                    s.windowBuckets = static_cast<std::uint32_t>(
                        w.integer("buckets", 1, 100'000)
                            .value_or(std::min<std::int64_t>(perSecond, 100'000)));
                }
                w.rejectUnknown();
            }
        }
        s.failureRate = r.number("failure_rate", s.failureRate, rate);
        if (const auto slow = r.number("slow_call_ms", NumberRule{0.0, kMaxDurationMs, true}))
            s.slowCallMs = *slow;
        s.slowCallRate = r.number("slow_call_rate", s.slowCallRate, rate);
        s.minCalls = count("min_calls", s.minCalls);
    } else {
        s.failureThreshold = count("failure_threshold", kDefaultFailureThreshold);
        s.successThreshold = count("success_threshold", 1);
        s.failureWindowS = r.number("failure_window_s", NumberRule{0.0, 86400.0, true});
        s.halfOpenCalls = 1;
    }
    s.openMs = r.number("open_ms", s.openMs, kDurationMs);
    s.openMultiplier = r.number("open_multiplier", 1.0, NumberRule::between(1.0, 1000.0));
    s.openMaxMs = r.number("open_max_ms", kDurationMs);
    s.halfOpenCalls =
        count("half_open_calls",
              s.mode == BreakerSpec::Mode::Consecutive ? s.successThreshold : s.halfOpenCalls);
    s.maxHalfOpenMs = r.number("max_half_open_ms", 0.0, kDurationMs);
    s.automaticHalfOpen = r.boolean("automatic_half_open").value_or(false);
    if (r.has("failure_on")) {
        if (auto set = readOutcomes(r, "failure_on")) s.failureOn = *set;
    }
    if (r.has("ignore")) {
        if (auto set = readOutcomes(r, "ignore")) s.ignore = *set;
    }
    if (const auto force =
            readChoice(r, "force", {"none", "forced_open", "disabled", "metrics_only"})) {
        s.forced = *force == "forced_open"    ? BreakerSpec::Forced::ForcedOpen
                   : *force == "disabled"     ? BreakerSpec::Forced::Disabled
                   : *force == "metrics_only" ? BreakerSpec::Forced::MetricsOnly
                                              : BreakerSpec::Forced::None;
    }
    if (s.mode == BreakerSpec::Mode::Consecutive && s.successThreshold > s.halfOpenCalls)
        r.error("success_threshold", "must be ≤ half_open_calls, or the breaker could never close");
    if (s.openMaxMs && *s.openMaxMs < s.openMs) r.error("open_max_ms", "must be ≥ open_ms");
    return d.size() == before ? std::optional(s) : std::nullopt;
}

std::optional<StrategySpec> readGuard(ObjectReader& r, const std::string& type)
{
    Diagnostics& d = r.diagnostics();
    const std::size_t before = d.size();
    std::optional<StrategySpec> out;
    if (type == "bulkhead") {
        BulkheadSpec s;
        s.maxConcurrent =
            static_cast<int>(r.integer("max_concurrent", 1, 1'000'000).value_or(s.maxConcurrent));
        s.maxWaitMs = r.number("max_wait_ms", 0.0, kDurationMs);
        if (const auto q = r.integer("max_queue", 0, 1'000'000'000))
            s.maxQueue = static_cast<int>(*q);
        if (s.maxQueue && s.maxWaitMs == 0.0)
            r.error("max_queue", "has no effect unless max_wait_ms > 0");
        out = s;
    } else if (type == "fallback") {
        FallbackSpec s;
        const auto kind = readChoice(r, "kind", {"fixed", "cached"});
        s.kind = kind == "cached" ? FallbackSpec::Kind::Cached : FallbackSpec::Kind::Fixed;
        if (r.has("handles")) {
            if (auto set = readOutcomes(r, "handles")) s.handles = *set;
        }
        s.maxAgeMs = r.number("max_age_ms", kPositiveMs);
        if (s.maxAgeMs && s.kind != FallbackSpec::Kind::Cached)
            r.error("max_age_ms", "applies to kind \"cached\" only");
        out = s;
    } else if (type == "retry_throttle") {
        RetryThrottleSpec s;
        s.maxTokens =
            r.number("max_tokens", s.maxTokens, NumberRule{0.0, 1000.0, true}); // gRPC: ≤ 1000
        s.tokenRatio = r.number("token_ratio", s.tokenRatio, NumberRule{0.0, 1000.0, true});
        out = s;
    } else if (type == "retry_budget") {
        RetryBudgetSpec s;
        s.budgetPercent =
            r.number("budget_percent", s.budgetPercent, NumberRule::between(0.0, 100.0));
        s.minRetryConcurrency = static_cast<int>(
            r.integer("min_retry_concurrency", 0, 1'000'000).value_or(s.minRetryConcurrency));
        out = s;
    } else if (type == "hedge") {
        HedgeSpec s;
        s.maxHedgedAttempts =
            static_cast<int>(r.integer("max_hedged_attempts", 1, 9).value_or(s.maxHedgedAttempts));
        s.delayMs = r.number("delay_ms", s.delayMs, NumberRule::between(-1.0, kMaxDurationMs));
        if (r.has("hedge_on")) {
            if (auto set = readOutcomes(r, "hedge_on")) s.hedgeOn = *set;
        }
        out = s;
    } else if (type == "rate_limiter") {
        RateLimiterSpec s;
        const auto kind = readChoice(r, "kind", {"token_bucket", "cycles"});
        if (kind == "cycles") {
            s.kind = RateLimiterSpec::Kind::Cycles;
            s.limitForPeriod =
                r.number("limit_for_period", s.limitForPeriod, NumberRule::atLeast(1.0));
            s.refreshPeriodMs = r.number("refresh_period_ms", s.refreshPeriodMs,
                                         NumberRule{0.0, kMaxDurationMs, true});
            s.maxWaitMs = r.number("max_wait_ms", kR4jRateLimiterTimeoutMs, kDurationMs);
        } else {
            r.requireKey("rate_per_s");
            s.ratePerS = r.number("rate_per_s", s.ratePerS, NumberRule{0.0, 1e9, true});
            s.burst = r.number("burst", 1.0, NumberRule::between(1.0, 1e9));
            s.maxWaitMs = r.number("max_wait_ms", 0.0, kDurationMs);
        }
        out = s;
    } else if (type == "retry_quota") {
        RetryQuotaSpec s;
        s.capacity = r.number("capacity", s.capacity, NumberRule{0.0, 1e9, true});
        s.retryCost = r.number("retry_cost", s.retryCost, NumberRule::between(0.0, 1e9));
        s.timeoutCost = r.number("timeout_cost", s.timeoutCost, NumberRule::between(0.0, 1e9));
        s.noRetryIncrement =
            r.number("no_retry_increment", s.noRetryIncrement, NumberRule::between(0.0, 1e9));
        out = s;
    } else if (type == "finagle_budget") {
        FinagleBudgetSpec s;
        s.ttlS =
            r.number("ttl_s", s.ttlS, NumberRule{1.0, 60.0, false}); // Finagle: 1 s ≤ ttl ≤ 60 s
        s.minRetriesPerS =
            r.number("min_retries_per_s", s.minRetriesPerS, NumberRule::between(0.0, 1e6));
        s.percentCanRetry =
            r.number("percent_can_retry", s.percentCanRetry, NumberRule::between(0.0, 1000.0));
        out = s;
    } else if (type == "adaptive_throttle") {
        AdaptiveThrottleSpec s;
        s.k = r.number("k", s.k, NumberRule::atLeast(1.0));
        s.windowS = r.number("window_s", s.windowS, NumberRule{0.0, 86400.0, true});
        out = s;
    }
    return d.size() == before ? out : std::nullopt;
}

} // namespace

std::optional<StrategySpec> readStrategy(const QJsonValue& v, const std::string& path,
                                         Diagnostics& d)
{
    ObjectReader r(v, path, d);
    if (!r.valid()) return std::nullopt;
    const std::size_t before = d.size();
    r.requireKey("type");
    const auto type = r.string("type");
    if (!type) return std::nullopt;
    std::optional<StrategySpec> out;
    if (*type == "retry") {
        if (auto s = readRetry(r)) out = *s;
    } else if (*type == "circuit_breaker") {
        if (auto s = readBreaker(r)) out = *s;
    } else if (*type == "bulkhead" || *type == "fallback" || *type == "rate_limiter" ||
               *type == "hedge" || *type == "retry_throttle" || *type == "retry_budget" ||
               *type == "retry_quota" || *type == "finagle_budget" ||
               *type == "adaptive_throttle") {
        out = readGuard(r, *type);
    } else if (*type == "timeout") {
        r.requireKey("timeout_ms");
        if (auto t = r.number("timeout_ms", kPositiveMs)) out = TimeoutSpec{*t};
    } else {
        r.error("type", "unknown strategy type \"" + *type +
                            "\" (expected one of: " + kAvailableTypes + ")");
        return std::nullopt;
    }
    r.rejectUnknown();
    return d.size() == before ? out : std::nullopt;
}

} // namespace reslab::detail

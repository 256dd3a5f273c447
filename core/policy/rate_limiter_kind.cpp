// The "rate_limiter" strategy: client-side rate limiting: a token bucket, or resilience4j's
// AtomicRateLimiter cycles (policy/rate_limiter_stage.h).

#include "policy/rate_limiter_stage.h"
#include "policy/spec_io.h"
#include "policy/strategy_kind.h"

namespace reslab {

namespace {
std::optional<StrategySpec> read(ObjectReader& r)
{
    RateLimiterSpec s;
    s.kind = r.choice("kind", kRateLimiterKindNames).value_or(RateLimiterSpec::Kind::TokenBucket);
    if (s.kind == RateLimiterSpec::Kind::Cycles) {
        s.limitForPeriod = r.number("limit_for_period", s.limitForPeriod, NumberRule::atLeast(1.0));
        s.refreshPeriodMs = r.number("refresh_period_ms", s.refreshPeriodMs, kPositiveMsRule);
        s.maxWaitMs = r.number("max_wait_ms", kR4jRateLimiterTimeoutMs, kDurationMsRule);
    } else {
        r.requireKey("rate_per_s");
        s.ratePerS = r.number("rate_per_s", s.ratePerS, NumberRule{0.0, 1e9, true});
        s.burst = r.number("burst", 1.0, NumberRule::between(1.0, 1e9));
        s.maxWaitMs = r.number("max_wait_ms", 0.0, kDurationMsRule);
    }
    return s;
}

void write(JsonWriter& w, const StrategySpec& spec, const std::string&)
{
    const auto& l = std::get<RateLimiterSpec>(spec);
    w.key("kind").value(kRateLimiterKindNames.name(l.kind));
    if (l.kind == RateLimiterSpec::Kind::Cycles) {
        w.key("limit_for_period").value(l.limitForPeriod);
        w.key("refresh_period_ms").value(l.refreshPeriodMs);
    } else {
        w.key("rate_per_s").value(l.ratePerS).key("burst").value(l.burst);
    }
    w.key("max_wait_ms").value(l.maxWaitMs);
}

FieldSpecs editorFields()
{
    using namespace reslab::fields;
    return {choice("kind", "Kind", kRateLimiterKindNames, "token_bucket",
                   "cycles: resilience4j AtomicRateLimiter."),
            when(number("rate_per_s", "Rate", "permits/s", "> 0", {}, "Token refill rate."), "kind",
                 {"token_bucket", ""}),
            when(integer("burst", "Burst", "tokens", "≥ 1", {}, "The bucket's size."), "kind",
                 {"token_bucket", ""}),
            when(integer("limit_for_period", "Limit per period", "permits", "≥ 1",
                         text(kR4jLimitForPeriod), "resilience4j limitForPeriod."),
                 "kind", {"cycles"}),
            when(number("refresh_period_ms", "Refresh period", "ms", "> 0",
                        text(kR4jRefreshPeriodMs), "resilience4j limitRefreshPeriod."),
                 "kind", {"cycles"}),
            number("max_wait_ms", "Max wait", "ms", "≥ 0", "0 / " + text(kR4jRateLimiterTimeoutMs),
                   "resilience4j timeoutDuration: how long a caller may wait for a permit.")};
}
} // namespace

const StrategyKind RateLimiterSpec::descriptor{
    "rate_limiter", "Rate limiter", R"({"rate_per_s": 100, "burst": 10})",
    read,           write,          makeStageFromSpec<RateLimiterStage, RateLimiterSpec>,
    editorFields};

} // namespace reslab

// The "retry_throttle" strategy: gRPC retryThrottling: a token bucket that stops retries while most
// calls fail (policy/retry_guards.h).

#include "policy/retry_guards.h"
#include "policy/spec_io.h"
#include "policy/strategy_kind.h"

namespace reslab {

namespace {
std::optional<StrategySpec> read(ObjectReader& r)
{
    // gRPC A6 retryThrottling: maxTokens an integer in (0, 1000]; tokenRatio > 0, read to three
    // decimals (the digits past the third are ignored, so 0.5466 acts as 0.546).
    RetryThrottleSpec s;
    s.maxTokens = static_cast<double>(r.integer("max_tokens", 1, kGrpcMaxTokensLimit)
                                          .value_or(static_cast<std::int64_t>(s.maxTokens)));
    s.tokenRatio = r.number("token_ratio", s.tokenRatio, NumberRule{0.0, 1000.0, true});
    if (RetryThrottleStage::milliTokens(s.tokenRatio) < 1)
        r.error("token_ratio", "must be at least 0.001: gRPC reads it to three decimals, and "
                               "below that it is 0");
    return s;
}

void write(JsonWriter& w, const StrategySpec& spec, const std::string&)
{
    const auto& t = std::get<RetryThrottleSpec>(spec);
    w.key("max_tokens").value(t.maxTokens).key("token_ratio").value(t.tokenRatio);
}

FieldSpecs editorFields()
{
    using namespace reslab::fields;
    return {integer("max_tokens", "Max tokens", {}, "1 … 1000", text(kGrpcExampleMaxTokens),
                    "gRPC retryThrottling.maxTokens (an integer, at most 1000)."),
            number("token_ratio", "Token ratio", {}, "≥ 0.001", text(kGrpcExampleTokenRatio),
                   "gRPC retryThrottling.tokenRatio, read to three decimals.")};
}
} // namespace

const StrategyKind RetryThrottleSpec::descriptor{
    "retry_throttle",
    "gRPC retry throttling",
    R"({})",
    read,
    write,
    makeStageFromSpec<RetryThrottleStage, RetryThrottleSpec>,
    editorFields};

} // namespace reslab

// The "retry_throttle" strategy: gRPC retryThrottling: a token bucket that stops retries while most
// calls fail (policy/retry_guards.h).

#include "policy/retry_guards.h"
#include "policy/spec_io.h"
#include "policy/strategy_kind.h"

namespace reslab {

namespace {
std::optional<StrategySpec> read(ObjectReader& r)
{
    RetryThrottleSpec s;
    s.maxTokens =
        r.number("max_tokens", s.maxTokens, NumberRule{0.0, 1000.0, true}); // gRPC: ≤ 1000
    s.tokenRatio = r.number("token_ratio", s.tokenRatio, NumberRule{0.0, 1000.0, true});
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
    return {number("max_tokens", "Max tokens", {}, "1 … 1000", text(kGrpcExampleMaxTokens),
                   "gRPC retryThrottling.maxTokens."),
            number("token_ratio", "Token ratio", {}, "> 0", text(kGrpcExampleTokenRatio),
                   "gRPC retryThrottling.tokenRatio.")};
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

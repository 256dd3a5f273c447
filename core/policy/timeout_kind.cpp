// The "timeout" strategy: Polly Timeout, resilience4j TimeLimiter (policy/timeout_stage.h).

#include "policy/spec_io.h"
#include "policy/strategy_kind.h"
#include "policy/timeout_stage.h"

namespace reslab {

namespace {
std::optional<StrategySpec> read(ObjectReader& r)
{
    r.requireKey("timeout_ms");
    if (auto t = r.number("timeout_ms", kPositiveMsRule)) return TimeoutSpec{*t};
    return std::nullopt;
}

void write(JsonWriter& w, const StrategySpec& spec, const std::string&)
{
    w.key("timeout_ms").value(std::get<TimeoutSpec>(spec).timeoutMs);
}

std::unique_ptr<Stage> makeStage(const StrategySpec& spec, const StageContext&, const std::string&)
{
    return std::make_unique<TimeoutStage>(std::get<TimeoutSpec>(spec));
}

FieldSpecs editorFields()
{
    return {fields::number("timeout_ms", "Timeout", "ms", "> 0", {},
                           "Polly TimeoutStrategy, resilience4j TimeLimiter timeoutDuration; "
                           "before a retry it bounds the request, after it each attempt.")};
}
} // namespace

const StrategyKind TimeoutSpec::descriptor{
    "timeout", "Timeout", R"({"timeout_ms": 1000})", read, write, makeStage, editorFields};

} // namespace reslab

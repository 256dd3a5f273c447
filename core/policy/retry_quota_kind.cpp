// The "retry_quota" strategy: the AWS SDKs' retry quota (standard retry mode)
// (policy/retry_guards.h).

#include "policy/retry_guards.h"
#include "policy/spec_io.h"
#include "policy/strategy_kind.h"

namespace reslab {

namespace {
std::optional<StrategySpec> read(ObjectReader& r)
{
    RetryQuotaSpec s;
    s.capacity = r.number("capacity", s.capacity, NumberRule{0.0, 1e9, true});
    s.retryCost = r.number("retry_cost", s.retryCost, NumberRule::between(0.0, 1e9));
    s.timeoutCost = r.number("timeout_cost", s.timeoutCost, NumberRule::between(0.0, 1e9));
    s.noRetryIncrement =
        r.number("no_retry_increment", s.noRetryIncrement, NumberRule::between(0.0, 1e9));
    return s;
}

void write(JsonWriter& w, const StrategySpec& spec, const std::string&)
{
    const auto& q = std::get<RetryQuotaSpec>(spec);
    w.key("capacity").value(q.capacity).key("retry_cost").value(q.retryCost);
    w.key("timeout_cost").value(q.timeoutCost).key("no_retry_increment").value(q.noRetryIncrement);
}

FieldSpecs editorFields()
{
    using namespace reslab::fields;
    const RetryQuotaSpec d;
    return {
        integer("capacity", "Capacity", "tokens", "≥ 1", text(d.capacity),
                "AWS SDK retry quota (INITIAL_RETRY_TOKENS)."),
        integer("retry_cost", "Retry cost", "tokens", "≥ 0", text(d.retryCost), "AWS RETRY_COST."),
        integer("timeout_cost", "Timeout retry cost", "tokens", "≥ 0", text(d.timeoutCost),
                "AWS RETRY_TIMEOUT_COST."),
        integer("no_retry_increment", "Success refund", "tokens", "≥ 0", text(d.noRetryIncrement),
                "AWS NO_RETRY_INCREMENT.")};
}
} // namespace

const StrategyKind RetryQuotaSpec::descriptor{
    "retry_quota", "AWS retry quota",
    R"({})",       read,
    write,         makeStageFromSpec<RetryQuotaStage, RetryQuotaSpec>,
    editorFields};

} // namespace reslab

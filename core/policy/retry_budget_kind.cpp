// The "retry_budget" strategy: Envoy retry_budget: retries at most a share of the requests in
// flight (policy/retry_guards.h).

#include "policy/retry_guards.h"
#include "policy/spec_io.h"
#include "policy/strategy_kind.h"

namespace reslab {

namespace {
std::optional<StrategySpec> read(ObjectReader& r)
{
    RetryBudgetSpec s;
    s.budgetPercent = r.number("budget_percent", s.budgetPercent, NumberRule::between(0.0, 100.0));
    s.minRetryConcurrency = static_cast<int>(
        r.integer("min_retry_concurrency", 0, 1'000'000).value_or(s.minRetryConcurrency));
    return s;
}

void write(JsonWriter& w, const StrategySpec& spec, const std::string&)
{
    const auto& b = std::get<RetryBudgetSpec>(spec);
    w.key("budget_percent").value(b.budgetPercent);
    w.key("min_retry_concurrency").value(b.minRetryConcurrency);
}

FieldSpecs editorFields()
{
    using namespace reslab::fields;
    return {number("budget_percent", "Budget", "%", "0 … 100", text(kEnvoyBudgetPercent),
                   "Envoy retry_budget.budget_percent."),
            integer("min_retry_concurrency", "Min retry concurrency", {}, "≥ 0",
                    text(kEnvoyMinRetryConcurrency), "Envoy retry_budget.min_retry_concurrency.")};
}
} // namespace

const StrategyKind RetryBudgetSpec::descriptor{
    "retry_budget", "Envoy retry budget",
    R"({})",        read,
    write,          makeStageFromSpec<RetryBudgetStage, RetryBudgetSpec>,
    editorFields};

} // namespace reslab

// The "finagle_budget" strategy: Finagle's RetryBudget: deposits per request, withdrawals per
// retry, over a TTL (policy/retry_guards.h).

#include "policy/retry_guards.h"
#include "policy/spec_io.h"
#include "policy/strategy_kind.h"

namespace reslab {

namespace {
std::optional<StrategySpec> read(ObjectReader& r)
{
    FinagleBudgetSpec s;
    s.ttlS = r.number("ttl_s", s.ttlS, NumberRule{1.0, 60.0, false}); // Finagle: 1 s ≤ ttl ≤ 60 s
    s.minRetriesPerS =
        r.number("min_retries_per_s", s.minRetriesPerS, NumberRule::between(0.0, 1e6));
    s.percentCanRetry =
        r.number("percent_can_retry", s.percentCanRetry, NumberRule::between(0.0, 1000.0));
    return s;
}

void write(JsonWriter& w, const StrategySpec& spec, const std::string&)
{
    const auto& f = std::get<FinagleBudgetSpec>(spec);
    w.key("ttl_s").value(f.ttlS).key("min_retries_per_s").value(f.minRetriesPerS);
    w.key("percent_can_retry").value(f.percentCanRetry);
}

FieldSpecs editorFields()
{
    using namespace reslab::fields;
    const FinagleBudgetSpec d;
    return {number("ttl_s", "TTL", "s", "1 … 60", text(d.ttlS), "Finagle RetryBudget ttl."),
            integer("min_retries_per_s", "Min retries", "per s", "≥ 0", text(d.minRetriesPerS),
                    "Finagle minRetriesPerSec."),
            number("percent_can_retry", "Percent can retry", "fraction", "0 … 1",
                   text(d.percentCanRetry), "Finagle percentCanRetry.")};
}
} // namespace

const StrategyKind FinagleBudgetSpec::descriptor{
    "finagle_budget",
    "Finagle retry budget",
    R"({})",
    read,
    write,
    makeStageFromSpec<FinagleBudgetStage, FinagleBudgetSpec>,
    editorFields};

} // namespace reslab

// The "hedge" strategy: Polly Hedging, gRPC hedgingPolicy (policy/hedge_stage.h).

#include "policy/hedge_stage.h"
#include "policy/spec_io.h"
#include "policy/strategy_kind.h"

namespace reslab {

namespace {
std::optional<StrategySpec> read(ObjectReader& r)
{
    HedgeSpec s;
    s.maxHedgedAttempts =
        static_cast<int>(r.integer("max_hedged_attempts", 1, 9).value_or(s.maxHedgedAttempts));
    s.delayMs = r.number("delay_ms", s.delayMs, NumberRule::between(-1.0, kMaxDurationMs));
    if (r.has("hedge_on")) {
        if (auto set = readOutcomes(r, "hedge_on")) s.hedgeOn = *set;
    }
    return s;
}

void write(JsonWriter& w, const StrategySpec& spec, const std::string&)
{
    const auto& h = std::get<HedgeSpec>(spec);
    w.key("max_hedged_attempts").value(h.maxHedgedAttempts).key("delay_ms").value(h.delayMs);
    if (h.hedgeOn != HedgeSpec{}.hedgeOn) w.key("hedge_on").inlineArray(outcomeNames(h.hedgeOn));
}

FieldSpecs editorFields()
{
    using namespace reslab::fields;
    return {number("delay_ms", "Hedging delay", "ms", "any", text(kPollyHedgingDelayMs),
                   "Polly HedgingDelay, gRPC hedgingDelay; 0 sends all at once, < 0 only after "
                   "a failure."),
            integer("max_hedged_attempts", "Extra attempts", {}, "≥ 1",
                    text(kPollyMaxHedgedAttempts),
                    "Polly MaxHedgedAttempts; gRPC maxAttempts − 1."),
            list("hedge_on", "Hedge on", outcomeList(HedgeSpec{}.hedgeOn),
                 "Handled failures send the next hedge at once.")};
}
} // namespace

const StrategyKind HedgeSpec::descriptor{
    "hedge",     "Hedging", R"({"delay_ms": 200})",
    read,        write,     makeStageFromSpec<HedgeStage, HedgeSpec>,
    editorFields};

} // namespace reslab

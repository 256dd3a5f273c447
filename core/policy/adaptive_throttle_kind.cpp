// The "adaptive_throttle" strategy: the Google SRE book's client-side adaptive throttling
// (policy/retry_guards.h).

#include "policy/retry_guards.h"
#include "policy/spec_io.h"
#include "policy/strategy_kind.h"

namespace reslab {

namespace {
std::optional<StrategySpec> read(ObjectReader& r)
{
    AdaptiveThrottleSpec s;
    s.k = r.number("k", s.k, NumberRule::atLeast(1.0));
    s.windowS = r.number("window_s", s.windowS, NumberRule{0.0, 86400.0, true});
    return s;
}

void write(JsonWriter& w, const StrategySpec& spec, const std::string&)
{
    const auto& a = std::get<AdaptiveThrottleSpec>(spec);
    w.key("k").value(a.k).key("window_s").value(a.windowS);
}

std::unique_ptr<Stage> makeStage(const StrategySpec& spec, const StageContext& c,
                                 const std::string& stream)
{
    return std::make_unique<AdaptiveThrottleStage>(std::get<AdaptiveThrottleSpec>(spec),
                                                   Rng::named(c.seed, stream + "/throttle"));
}

FieldSpecs editorFields()
{
    using namespace reslab::fields;
    return {number("k", "K", {}, "≥ 1", text(kSreK),
                   "Google SRE book, client-side throttling: K multiplier of accepts."),
            number("window_s", "Window", "s", "> 0", text(kSreWindowS),
                   "The history the ratio is taken over (two minutes in the book).")};
}
} // namespace

const StrategyKind AdaptiveThrottleSpec::descriptor{
    "adaptive_throttle", "SRE adaptive throttling", R"({})", read, write, makeStage, editorFields};

} // namespace reslab

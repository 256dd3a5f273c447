// The "fallback" strategy: Polly Fallback, resilience4j fallback methods: a fixed or cached answer
// (policy/fallback_stage.h).

#include "policy/fallback_stage.h"
#include "policy/spec_io.h"
#include "policy/strategy_kind.h"

namespace reslab {

namespace {
std::optional<StrategySpec> read(ObjectReader& r)
{
    FallbackSpec s;
    s.kind = r.choice("kind", kFallbackKindNames).value_or(FallbackSpec::Kind::Fixed);
    if (r.has("handles")) {
        if (auto set = readOutcomes(r, "handles")) s.handles = *set;
    }
    s.maxAgeMs = r.number("max_age_ms", kPositiveMsRule);
    if (s.maxAgeMs && s.kind != FallbackSpec::Kind::Cached)
        r.error("max_age_ms", "applies to kind \"cached\" only");
    return s;
}

void write(JsonWriter& w, const StrategySpec& spec, const std::string&)
{
    const auto& f = std::get<FallbackSpec>(spec);
    w.key("kind").value(kFallbackKindNames.name(f.kind));
    if (f.handles != FallbackSpec{}.handles) w.key("handles").inlineArray(outcomeNames(f.handles));
    if (f.maxAgeMs) w.key("max_age_ms").value(*f.maxAgeMs);
}

FieldSpecs editorFields()
{
    using namespace reslab::fields;
    return {choice("kind", "Kind", kFallbackKindNames, "fixed",
                   "cached: answer with the last success (graceful degradation)."),
            list("handles", "Handles", "every failure",
                 "Outcomes the fallback answers for (Polly ShouldHandle)."),
            when(number("max_age_ms", "Max age", "ms", "> 0", "unlimited",
                        "A cached answer older than this is not used."),
                 "kind", {"cached"})};
}
} // namespace

const StrategyKind FallbackSpec::descriptor{
    "fallback",  "Fallback", R"({})", read, write, makeStageFromSpec<FallbackStage, FallbackSpec>,
    editorFields};

} // namespace reslab

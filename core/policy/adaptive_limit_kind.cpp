// The "adaptive_limit" strategy: Netflix concurrency-limits' limiters and Envoy's gradient
// controller on the client side (policy/adaptive_limit_stage.h).

#include "policy/adaptive_limit_stage.h"
#include "policy/concurrency_limit_io.h"
#include "policy/strategy_kind.h"

namespace reslab {

namespace {
std::optional<StrategySpec> read(ObjectReader& r)
{
    const auto limit = readConcurrencyLimit(r);
    if (!limit) return std::nullopt;
    return AdaptiveLimitSpec{*limit};
}

void write(JsonWriter& w, const StrategySpec& spec, const std::string&)
{
    writeConcurrencyLimit(w, std::get<AdaptiveLimitSpec>(spec).limit);
}

std::unique_ptr<Stage> makeStage(const StrategySpec& spec, const StageContext& c,
                                 const std::string& stream)
{
    return std::make_unique<AdaptiveLimitStage>(std::get<AdaptiveLimitSpec>(spec),
                                                Rng::named(c.seed, stream + "/limit"),
                                                c.scheduler.now(), c.sink, stream);
}

FieldSpecs editorFields()
{
    FieldSpecs f;
    addConcurrencyLimitFields(f);
    return f;
}
} // namespace

const StrategyKind AdaptiveLimitSpec::descriptor{"adaptive_limit",
                                                 "Adaptive concurrency limit",
                                                 R"({"algorithm": "vegas"})",
                                                 read,
                                                 write,
                                                 makeStage,
                                                 editorFields};

} // namespace reslab

#include "policy/strategy_kind.h"

#include <array>
#include <utility>

namespace reslab {

namespace {
template <std::size_t... I>
constexpr std::array<const StrategyKind*, sizeof...(I)> kindTable(std::index_sequence<I...>)
{
    return {&std::variant_alternative_t<I, StrategySpec>::descriptor...};
}
// Constant-initialised (addresses only), so usable from any static initialiser.
constexpr auto kKinds = kindTable(std::make_index_sequence<std::variant_size_v<StrategySpec>>());
} // namespace

std::span<const StrategyKind* const> strategyKinds()
{
    return kKinds;
}

const StrategyKind& strategyKind(const StrategySpec& spec)
{
    return *kKinds[spec.index()];
}

const StrategyKind* strategyKindNamed(std::string_view name)
{
    for (const StrategyKind* k : kKinds)
        if (k->name == name) return k;
    return nullptr;
}

std::optional<StrategySpec> readStrategy(const QJsonValue& v, const std::string& path,
                                         Diagnostics& d)
{
    ObjectReader r(v, path, d);
    if (!r.valid()) return std::nullopt;
    const std::size_t before = d.size();
    r.requireKey("type");
    const auto type = r.string("type");
    if (!type) return std::nullopt;
    const StrategyKind* kind = strategyKindNamed(*type);
    if (!kind) {
        std::string names;
        for (const StrategyKind* k : kKinds)
            names += (names.empty() ? "" : ", ") + std::string(k->name);
        r.error("type", "unknown strategy type \"" + *type + "\" (expected one of: " + names + ")");
        return std::nullopt;
    }
    std::optional<StrategySpec> out = kind->read(r);
    r.rejectUnknown();
    return d.size() == before ? out : std::nullopt;
}

void writeStrategy(JsonWriter& w, const StrategySpec& spec, const std::string& path)
{
    const StrategyKind& kind = strategyKind(spec);
    w.beginObject().key("type").value(kind.name);
    kind.write(w, spec, path);
    w.endObject();
}

std::vector<std::unique_ptr<Stage>> makeStages(const std::vector<StrategySpec>& specs,
                                               const StageContext& context)
{
    std::vector<std::unique_ptr<Stage>> stages;
    stages.reserve(specs.size());
    for (std::size_t i = 0; i < specs.size(); ++i)
        stages.push_back(strategyKind(specs[i]).makeStage(
            specs[i], context, context.owner + "/pipeline[" + std::to_string(i) + "]"));
    return stages;
}

} // namespace reslab

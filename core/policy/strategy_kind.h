#pragma once
// One descriptor per strategy kind, defined next to its stage (policy/<kind>_kind.cpp): its name
// in the scenario format, its title, how it is read, written and built, the editor's fields
// (units, ranges and defaults from the engine's named constants) and what the editor adds.
//
// Adding a strategy: a spec type with `static const StrategyKind descriptor;`, a stage, a
// <kind>_kind.cpp defining the descriptor, and the spec type added to StrategySpec
// (policy/strategy_spec.h) — that list is the registration. Its name is spelled once, here.

#include "policy/pipeline.h"
#include "policy/strategy_spec.h"
#include "util/field_spec.h"
#include "util/json_reader.h"
#include "util/json_writer.h"

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace reslab {

struct StageContext
{
    Scheduler& scheduler;
    RecordSink* sink;
    std::uint64_t seed;
    std::string owner; // names the random streams: "<owner>/pipeline[i]/…"
    // Where the pipeline sends its attempts (a balancer reads its hosts); null in tests that
    // build stages alone.
    const CallTarget* target = nullptr;
};

struct StrategyKind
{
    std::string_view name;    // the scenario's "type": "retry_quota"
    std::string_view title;   // for people: "AWS retry quota"
    std::string_view newJson; // the keys (a JSON object, without "type") the Add menu starts with
    // Reads the keys after "type" (the caller rejects unknown keys); null after a diagnostic.
    std::optional<StrategySpec> (*read)(ObjectReader& r);
    // Writes the keys after "type"; `path` is the strategy's place ("pipeline[2]").
    void (*write)(JsonWriter& w, const StrategySpec& spec, const std::string& path);
    // `stream` names the random streams the stage draws from: "<owner>/pipeline[i]".
    std::unique_ptr<Stage> (*makeStage)(const StrategySpec& spec, const StageContext& context,
                                        const std::string& stream);
    FieldSpecs (*fields)();
};

// makeStage for a stage built from its spec alone.
template <class StageType, class Spec>
std::unique_ptr<Stage> makeStageFromSpec(const StrategySpec& spec, const StageContext&,
                                         const std::string&)
{
    return std::make_unique<StageType>(std::get<Spec>(spec));
}

// Every kind, in the order of StrategySpec (the order the editor's Add menu shows).
std::span<const StrategyKind* const> strategyKinds();
const StrategyKind& strategyKind(const StrategySpec& spec);
const StrategyKind* strategyKindNamed(std::string_view name);

std::optional<StrategySpec> readStrategy(const QJsonValue& v, const std::string& path,
                                         Diagnostics& d);
void writeStrategy(JsonWriter& w, const StrategySpec& spec, const std::string& path);
// Builds a pipeline's stages. Each strategy that draws random numbers gets its own named stream
// ("<owner>/pipeline[i]/…"), so adding a strategy never shifts another's.
std::vector<std::unique_ptr<Stage>> makeStages(const std::vector<StrategySpec>& specs,
                                               const StageContext& context);

} // namespace reslab

#pragma once
// The reference simulator's model read from a scenario document (bench_reference): the numbers
// of the one model it simulates, taken from the same file the engine runs, and a refusal naming
// the JSON path of anything the file says that the reference does not model (another strategy,
// another failure kind, a rate schedule, …), so the two are never compared on different models.
// The document is assumed to have passed the engine's own validation (parseScenario) first.

#include "reference_model.h"

#include <QJsonObject>
#include <optional>
#include <string>

namespace reslab::bench {

// The model, or nullopt with `error` set to "PATH: reason".
std::optional<ReferenceModel> referenceModelOf(const QJsonObject& document, std::string& error);

} // namespace reslab::bench

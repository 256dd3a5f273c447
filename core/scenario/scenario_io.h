#pragma once
// Loading, validating and saving scenario files (docs/scenario-format.md).
// Every problem is reported as a Diagnostic with the JSON path; formatDiagnostics() adds the file.

#include "scenario/scenario.h"
#include "scenario/trace_loading.h"
#include "util/json_reader.h"

#include <QByteArray>
#include <QJsonObject>
#include <optional>
#include <string>

namespace reslab {

// Scenario files are small; anything larger is refused before it is read into memory.
inline constexpr std::int64_t kMaxScenarioFileBytes = 16 * 1024 * 1024;

// Reads a scenario from its JSON text: syntax, every key, and the rules that span keys
// (checkScenario). Pure: it reads no other file, so the trace files a scenario names are not
// loaded yet (scenario/trace_loading.h does that, or loadScenarioFile).
ScenarioLoad parseScenario(const QByteArray& json);
// The same for a document already parsed (the testbench's editor holds one).
ScenarioLoad parseScenario(const QJsonObject& document);
// The rules that span keys: every name refers to an endpoint, the calls form no cycle, a closed
// loop takes time. parseScenario applies them; code that edits a Scenario applies them again.
void checkScenario(const Scenario& scenario, Diagnostics& diagnostics);
// Opens a scenario file: refuses what is not a regular file or is too large, parses it once, then
// loads the traces it names, relative to the file's folder, through `traces`.
ScenarioLoad loadScenarioFile(const std::string& path, TraceCache& traces);

// The bytes of a scenario-sized file: refuses a missing path, one that is not a regular file
// (a directory, a device, a FIFO) and one over kMaxScenarioFileBytes, with the reason.
std::optional<QByteArray> readScenarioBytes(const std::string& path, Diagnostics& diagnostics);

// The file's JSON document, for tools that edit it before reading it as a scenario (a sweep sets
// parameters by path): the checks of readScenarioBytes, then strict JSON syntax, then an object.
std::optional<QJsonObject> readScenarioDocument(const std::string& path, Diagnostics& diagnostics);

// A pipeline on its own (compare's --pipeline-b, the testbench's Compare With Pipeline): a JSON
// array of strategies, or an object (a scenario, say) with a "pipeline" array.
struct PipelineLoad
{
    std::optional<std::vector<StrategySpec>> pipeline; // set only when there are no diagnostics
    Diagnostics diagnostics;
};
PipelineLoad parsePipeline(const QByteArray& json);
PipelineLoad loadPipelineFile(const std::string& path);
// The scenario with its client pipeline replaced, checked again (checkScenario).
ScenarioLoad withPipeline(const Scenario& scenario, std::vector<StrategySpec> pipeline);

// "file.json: pipeline[1].backoff.multiplier: must be ≥ 1, got 0.5", one per line.
std::string formatDiagnostics(const std::string& file, const Diagnostics& diagnostics);

// The scenario as JSON in the file format, keys in a readable order; parseScenario() reads it back
// to an equal Scenario.
std::string scenarioToJson(const Scenario& scenario);
bool saveScenarioFile(const Scenario& scenario, const std::string& path,
                      std::string* error = nullptr);

} // namespace reslab

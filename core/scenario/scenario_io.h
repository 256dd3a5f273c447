#pragma once
// Loading, validating and saving scenario files (design.md "Scenario file").
// Every problem is reported as a Diagnostic with the JSON path; formatDiagnostics() adds the file.

#include "scenario/json_reader.h"
#include "scenario/scenario.h"

#include <QByteArray>
#include <optional>
#include <string>

namespace reslab {

// Scenario files are small; anything larger is refused before it is read into memory.
inline constexpr std::int64_t kMaxScenarioFileBytes = 16 * 1024 * 1024;

struct ScenarioLoad
{
    std::optional<Scenario> scenario; // set only when there are no diagnostics
    Diagnostics diagnostics;
};

// Trace files a scenario names (replay endpoints, trace workloads) are read relative to
// `baseDir` (the scenario file's folder; "" for the working directory).
ScenarioLoad parseScenario(const QByteArray& json, const std::string& baseDir = {});
ScenarioLoad loadScenarioFile(const std::string& path);
// Loads the traces the scenario names into it; problems land on the `file` key's path.
void resolveTraces(Scenario& scenario, const std::string& baseDir, Diagnostics& diagnostics);

// "file.json: pipeline[1].backoff.multiplier: must be ≥ 1, got 0.5", one per line.
std::string formatDiagnostics(const std::string& file, const Diagnostics& diagnostics);

// The scenario as JSON in the file format, keys in a readable order; parseScenario() reads it back
// to an equal Scenario.
std::string scenarioToJson(const Scenario& scenario);
bool saveScenarioFile(const Scenario& scenario, const std::string& path,
                      std::string* error = nullptr);

} // namespace reslab

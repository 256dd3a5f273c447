#pragma once
// Loading the trace files a scenario names (replay endpoints, trace workloads). Parsing a scenario
// never reads another file: this is the explicit second step, with a cache the caller owns, so the
// editor's validation on every keystroke does not re-read a million-line trace.

#include "scenario/scenario.h"
#include "scenario/scenario_load.h"
#include "util/json_reader.h"

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace reslab {

// Traces read once per (absolute path, size, modification time) and shared while anything holds
// them. Thread-safe: the GUI's worker threads load through the window's cache.
class TraceCache
{
public:
    // `file` as the scenario writes it, read relative to `baseDir` ("" for the working directory).
    // On success also sets `resolved` (the absolute path); on failure returns null and sets
    // `error`.
    TraceData load(const std::string& file, const std::string& baseDir, std::string& error,
                   std::string& resolved);

private:
    struct Key
    {
        std::string path;
        std::int64_t size = 0;
        std::int64_t modified = 0;
        auto operator<=>(const Key&) const = default;
    };
    std::mutex m_mutex;
    std::map<Key, std::weak_ptr<const Trace>> m_entries;
};

// Loads the traces the scenario names into it; problems land on the `file` key's path.
void resolveTraces(Scenario& scenario, const std::string& baseDir, TraceCache& cache,
                   Diagnostics& diagnostics);

// When `load` holds a scenario, loads its traces; any problem there is added to the diagnostics
// and unsets the scenario (a ScenarioLoad has a scenario only when it has no diagnostics).
void resolveTraces(ScenarioLoad& load, const std::string& baseDir, TraceCache& cache);

} // namespace reslab

#pragma once
// A failure trace: the calls an endpoint observed, one per line of a JSON Lines file
// (docs/trace-format.md). Recorded by `run --record`, written by `import`, replayed by the
// `trace` endpoint kind and the `trace` workload.

#include "metrics/outcome.h"
#include "sim/time.h"

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace reslab {

inline constexpr const char* kTraceFormat = "resilience-lab.trace/1";
inline constexpr std::uint64_t kNoValue = std::numeric_limits<std::uint64_t>::max();

struct TraceCall
{
    Time t = 0;       // when the call started, relative to the trace's time origin
    Time latency = 0; // how long until its answer (or until the caller gave up)
    Outcome outcome = Outcome::Ok;
    std::int16_t status = 0;
    Time retryAfter = -1;       // from a 429 or 503; −1: none
    std::uint32_t endpoint = 0; // index into Trace::endpoints (0: "" when the source names none)
    std::uint64_t request = kNoValue;
    std::uint32_t attempt = 0;     // 0: unknown
    std::uint64_t call = kNoValue; // the endpoint's call counter, when recorded by a run
};

struct TraceHeader
{
    std::string source;     // "resilience-lab run", "har", "otlp", "csv", …
    std::string timeOrigin; // ISO-8601 UTC of t = 0, when known ("" for a simulated run)
    std::string scenario;   // recorded runs: the scenario's name
};

struct Trace
{
    TraceHeader header;
    std::vector<std::string> endpoints{""}; // [0] is "no endpoint named"
    std::vector<TraceCall> calls;

    std::uint32_t endpointIndex(const std::string& id); // adds it when new
    Time earliest() const;                              // the smallest t (0 when empty)
};

// Shared, immutable once loaded: a scenario's endpoints and workload point at one copy.
using TraceData = std::shared_ptr<const Trace>;

} // namespace reslab

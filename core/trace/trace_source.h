#pragma once
// A trace a scenario replays: the file it names and, once loaded, the shared calls.

#include "trace/trace.h"

#include <string>

namespace reslab {

// A trace to replay (endpoint kind "trace", workload type "trace"): the file as written in the
// scenario, and its calls once loaded (loadScenarioFile / parseScenario resolve the file against
// the scenario's folder).
struct TraceSource
{
    std::string file;
    std::string endpoint; // only the calls recorded for this endpoint ("": the replaying endpoint's
                          // id, or all)
    TraceData data;
    std::string resolved; // where `file` was found (absolute, or ":/…" in the resources)
    // The same trace: the same file found (or, unresolved, the same name), the same endpoint.
    bool operator==(const TraceSource& o) const
    {
        const bool sameFile =
            !resolved.empty() && !o.resolved.empty() ? resolved == o.resolved : file == o.file;
        return sameFile && endpoint == o.endpoint;
    }
};

struct ReplaySpec
{
    enum class Mode
    {
        Sequence,
        Timeline
    };
    TraceSource source;
    Mode mode = Mode::Timeline;
    double windowMs = 1000.0; // timeline: calls recorded within ± this of the call's time
    bool operator==(const ReplaySpec&) const = default;
};

} // namespace reslab

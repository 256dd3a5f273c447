#pragma once
// What a scenario says about where requests come from (model/workload.h runs it).

#include "sim/distribution.h"
#include "trace/trace_source.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace reslab {

struct RatePoint
{
    double atS = 0.0;
    double ratePerS = 0.0;
    bool ramp = false; // true: rises or falls linearly from the previous point to this one
    bool operator==(const RatePoint&) const = default;
};

struct WorkloadSpec
{
    enum class Type
    {
        Open,
        Closed,
        Batch,
        Trace
    };
    Type type = Type::Open;
    TraceSource trace;                                // trace: first attempts are the arrivals
    double ratePerS = 0.0;                            // open
    std::vector<RatePoint> rateSchedule;              // open
    int clients = 0;                                  // closed, batch
    Distribution think = Distribution::constant(0.0); // closed
    int requestsPerClient = 1;                        // batch
    std::optional<std::int64_t> maxRequests;          // stop arriving after this many
    bool operator==(const WorkloadSpec&) const = default;
};

} // namespace reslab

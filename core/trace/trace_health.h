#pragma once
// A trace's own health, to see the bad day before replaying it: calls per second, the share that
// failed, and latency percentiles over time, and the mix of outcomes. Computed once per trace
// (no widgets here; the testbench draws it).

#include "trace/trace.h"

#include <array>
#include <string>
#include <vector>

namespace reslab {

struct TraceHealth
{
    double stepS = 1.0;    // bucket width
    std::vector<double> t; // bucket ends, seconds from the trace's earliest call
    std::vector<double> callsPerS;
    std::vector<double> failurePercent; // calls that were not ok
    std::vector<double> p50, p90, p99;  // latency, ms (buckets without calls are skipped: NaN)
    std::array<std::uint64_t, kOutcomeCount> outcomes{};
    std::uint64_t calls = 0;
    double spanS = 0.0;
};

// Buckets of at least a second, at most `maxBuckets` of them.
TraceHealth traceHealth(const Trace& trace, std::size_t maxBuckets = 600);

} // namespace reslab

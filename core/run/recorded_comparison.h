#pragma once
// A recorded trace — what `serve --record` saw a real client do — beside the simulation of the
// same scenario (`compare SCENARIO --recorded TRACE.jsonl`): per endpoint, the outcome mix and
// the latency percentiles of its answers; per request, when the client named its requests
// (serve's X-Reslab-Request header), attempts per request and success rate. Each difference is
// judged against the tolerance of the recorded sample's size, so "agrees" means "no difference
// the data can see", not "looks close".

#include "scenario/scenario.h"
#include "trace/trace.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace reslab {

// Two-sided, per metric: a false "differs" in about 1 in 1,000 agreeing metrics.
inline constexpr double kComparisonZ = 3.29;

struct ComparedMetric
{
    std::string endpoint; // "" for the request metrics
    std::string metric;   // "outcome.error", "latency_ms.p99", "attempts.per_request", …
    double recorded = 0.0;
    double simulated = 0.0;
    // The range the recorded value may take and still agree with the simulated one.
    double low = 0.0;
    double high = 0.0;
    bool agrees = true;
};

struct RecordedComparison
{
    std::vector<ComparedMetric> metrics;
    std::uint64_t recordedCalls = 0;
    std::uint64_t recordedRequests = 0; // 0 when the trace names none
    std::uint64_t simulatedCalls = 0;
    std::vector<std::uint64_t> seeds;
    std::vector<std::string> notes; // what could not be compared, and why
    bool agrees() const;
};

// Simulates `scenario` on `seeds` consecutive seeds from its own and compares. The scenario must
// have passed validation.
RecordedComparison compareWithRecorded(const Scenario& scenario, const Trace& recorded, int seeds);

} // namespace reslab

#pragma once
// One endpoint of a trace as a fitted model (`fit`, issue 14): its first attempts' arrival rate as
// a piecewise-constant schedule, and its answers as phases — stretches of the trace over which the
// mix of outcomes and the successes' latency stay the same — each with the failure probabilities,
// rate limit and service-time distribution that reproduce it.
//
// Phases are found by the same PELT as the rate (trace/change_points.h) on a cost that is −2 · the
// log-likelihood of two things a bin holds: its calls' outcome groups, multinomial with the
// segment's shares (conditioned on the bin's count, so a change of traffic alone is no phase), and
// the successes' ln latency, normal about the segment's mean with the trace's pooled within-bin
// variance. The penalty is the MBIC for the parameters a change moves (the free shares and the
// mean). A change the test finds but nobody would model — every share within
// kPhaseMinShareChange and the median latency within kPhaseMinLatencyRatio — is merged away.

#include "fit/latency_fit.h"
#include "fit/trace_digest.h"
#include "model/endpoint_spec.h"
#include "model/workload_spec.h"
#include "trace/change_points.h"

#include <string>
#include <vector>

namespace reslab {

inline constexpr double kPhaseMinShareChange = 0.01; // one call in a hundred
inline constexpr double kPhaseMinLatencyRatio = 1.1; // 10 % in the median
inline constexpr std::size_t kMinFitSegmentBins = 2; // a step of one bin is noise
// The highest rate a scenario's workload and rate_limit take (scenario/endpoint_reader.cpp).
inline constexpr double kMaxFitRatePerS = 1e9;

struct FittedSegment
{
    std::size_t begin = 0, end = 0; // bins
    double startS = 0, endS = 0;
    std::uint64_t calls = 0;
    std::array<double, kFitGroupCount> shares{}; // of the calls in it
    double okLogMean = 0, okLogStdError = 0;     // ln latency of its successes
    std::uint64_t okCount = 0;
    bool differs = false;        // from the base: becomes a phase
    bool latencyDiffers = false; // its phase gives a latency of its own
    FailureSpec failures;        // the engine's probabilities that reproduce `shares`
    std::optional<RateLimitSpec> rateLimit;
    LatencyFit latency; // when latencyDiffers (or for the base)
};

struct EndpointFit
{
    std::string id;
    std::uint64_t calls = 0, arrivals = 0, retries = 0;
    std::vector<CountSegment> rate;      // first attempts per bin
    std::vector<FittedSegment> segments; // every segment, in time order
    std::size_t base = 0;                // the segment the endpoint's own blocks describe
    LatencyFit latency;                  // the base latency (over every segment without its own)
    EndpointSpec spec;                   // the endpoint, its phases included
    std::optional<double> timeoutMs;     // the median latency of calls that timed out
    std::vector<std::string> notes;      // what the model leaves out, for the report
};

EndpointFit fitEndpoint(const TraceDigest& digest, const EndpointDigest& endpoint);

// The open workload that sends `fit`'s first attempts: a rate schedule with one point per segment.
WorkloadSpec fittedWorkload(const TraceDigest& digest, const EndpointFit& fit);

} // namespace reslab

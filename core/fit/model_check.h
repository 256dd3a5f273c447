#pragma once
// Holds a fitted scenario to the trace it came from: the scenario is simulated and its target
// endpoint's health, minute by minute — the share of calls that succeeded and the latency p99 —
// is set beside the trace's. A minute is judged when both have at least kMinCheckCalls calls in
// it; its success rate agrees when the two differ by less than kCheckSigmas standard errors of
// the difference of two proportions plus kCheckSuccessSlack (the model is a fit, not the day
// itself), its p99 when the two are within a factor kCheckP99Ratio.

#include "fit/scenario_fit.h"

#include <string>
#include <vector>

namespace reslab {

inline constexpr std::uint64_t kMinCheckCalls = 100;
inline constexpr double kCheckSigmas = 4.0;
inline constexpr double kCheckSuccessSlack = 0.02;
// A p99 of 100 calls is their largest but one: its own spread between two samples of the same
// distribution is tens of percent.
inline constexpr double kCheckP99Ratio = 1.35;

struct MinuteCheck
{
    double startS = 0;
    std::uint64_t traceCalls = 0, modelCalls = 0;
    double traceSuccess = 0, modelSuccess = 0; // shares (NaN without calls)
    double traceP99 = 0, modelP99 = 0;         // ms (NaN without calls)
    bool judged = false, successAgrees = false, p99Agrees = false;
};

struct ModelCheck
{
    std::string endpoint;
    double windowS = kHealthWindowS; // a minute, or wider for a trace over 33 hours
    std::vector<MinuteCheck> minutes;
    std::size_t judged = 0, successAgree = 0, p99Agree = 0;
    double traceSuccess = 0, modelSuccess = 0;                     // over the whole span
    double traceP50 = 0, modelP50 = 0, traceP99 = 0, modelP99 = 0; // ms
    std::uint64_t traceCalls = 0, modelCalls = 0;
    std::string stopped; // why the simulation stopped early, when it did
};

// Simulates fit.scenario (which must be set) with `seed` and compares.
ModelCheck checkFittedModel(const TraceDigest& digest, const ScenarioFit& fit, std::uint64_t seed);

} // namespace reslab

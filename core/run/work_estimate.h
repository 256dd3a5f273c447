#pragma once
// The work a scenario asks for, estimated from the scenario alone before anything runs:
// requests (the workload integrated over its duration), calls at every endpoint through every
// layer (each pipeline's expected attempts against its endpoint's failure rate over time, hedges
// at their most, each layer's calls multiplying the ones below), the events those take, the
// calls in flight at once (Little's law, plus the backlog an unbounded queue builds when
// arrivals outrun its workers) and the memory they hold. A run whose estimate is beyond what
// this machine can do is refused up front with the numbers and the keys that drive them
// (docs/cli.md, "Work limits"); --max-events and --allow-large move the line.

#include "scenario/scenario.h"

#include <optional>
#include <string>
#include <vector>

namespace reslab {

// Events the engine handles per endpoint call and per request (measured: the steady flaky API
// preset runs 6,483 attempts of 6,100 requests in 25,934 events).
inline constexpr double kEventsPerCall = 4.0;
inline constexpr double kEventsPerRequest = 0.5;
// What a call in flight holds (its exec, its event, its queue slot), with room to spare.
inline constexpr double kBytesPerInFlightCall = 512.0;
// The default limit: about three minutes of engine time at the 12 million events per second
// measured in tests/bench (README.md, "Performance").
inline constexpr double kDefaultMaxEvents = 2e9;

struct WorkEstimate
{
    double requests = 0.0;
    double clientAttemptsPerRequest = 0.0;
    double endpointCalls = 0.0; // every layer
    double events = 0.0;
    double peakInFlight = 0.0;
    double memoryBytes = 0.0;
    // What drives the numbers, for the message: "workload.rate_per_s × duration_s: 1e+09
    // requests", "pipeline[0].max_attempts 100000 against api (fails 100 %): …".
    std::vector<std::string> drivers;
};

WorkEstimate estimateWork(const Scenario& scenario);

struct WorkLimits
{
    double maxEvents = kDefaultMaxEvents;
    double maxMemoryBytes = 0.0; // 0: half of this machine's memory
    bool allowLarge = false;     // no limit at all
};

// Why the run is refused (what was estimated, what drives it, how to proceed), or nothing.
std::optional<std::string> workRefusal(const WorkEstimate& estimate, const WorkLimits& limits);

// "1.2 million", "3.5 billion", "4.1e+15": numbers as a person reads them in a message.
std::string readableCount(double n);
std::string readableBytes(double bytes);

} // namespace reslab

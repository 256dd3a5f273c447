#pragma once
// The result of a run, as the summary JSON and the CLI's table show it (docs/cli.md).

#include "metrics/breaker_decision.h"
#include "metrics/breaker_state.h"
#include "metrics/outcome.h"
#include "sim/time.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace reslab {

class Histogram;

struct LatencySummary
{
    double mean = 0, p50 = 0, p90 = 0, p99 = 0, p999 = 0, max = 0; // milliseconds

    static LatencySummary of(const Histogram& latency); // metrics/histogram.cpp
};

// One host of an endpoint with replicas.
struct HostSummary
{
    std::uint64_t attempts = 0;
    std::uint64_t served = 0;
    std::uint64_t failed = 0; // answers other than ok
    std::uint64_t maxQueue = 0;
    double utilization = 0.0;
    std::string zone;
    std::uint64_t ejections = 0;         // by any balancer's outlier detection
    std::uint64_t ejectionsOverflow = 0; // detections max_ejection_percent kept from ejecting
};

struct EndpointSummary
{
    std::string id;
    std::uint64_t attempts = 0;
    std::uint64_t served = 0;
    std::uint64_t maxQueue = 0;
    double utilization = 0.0;
    double amplification = 0.0; // attempts here per client request: how retries multiply by layer
    std::uint64_t shed = 0;     // queued calls its queue discipline or queue timeout dropped (503)
    std::uint64_t refused = 0;  // calls its admission limit turned away (503)
    std::vector<HostSummary> hosts; // an endpoint with replicas: each host
};

struct BreakerTransition
{
    double tMs = 0;
    BreakerState from = BreakerState::Closed;
    BreakerState to = BreakerState::Closed;
    std::string reason;
    BreakerDecision decision;
};

// The summary keeps at most this many transitions per breaker (a flapping breaker in a long run
// could make millions); transition_count says how many there were.
inline constexpr std::size_t kMaxTransitionsKept = 10'000;

struct BreakerSummary
{
    std::string name;
    std::vector<BreakerTransition> transitions;
    std::uint64_t transitionCount = 0;
};

struct Summary
{
    std::string scenario;
    std::uint64_t seed = 0;
    std::uint64_t requests = 0;
    std::uint64_t succeeded = 0;
    std::uint64_t failed = 0;
    std::uint64_t unfinished = 0; // still in flight when the run's time ran out
    std::uint64_t fallbacks = 0;  // succeeded requests a fallback answered
    std::array<std::uint64_t, kOutcomeCount> requestsByOutcome{}; // final outcome of finished ones
    std::uint64_t attempts = 0;
    std::array<std::uint64_t, kOutcomeCount> attemptsByOutcome{};
    // A bulk workload: item calls sent by its rounds (first sends and resends; a retry strategy
    // in the pipeline adds attempts below them) and items that succeeded.
    struct Bulk
    {
        std::uint64_t itemCalls = 0;
        std::uint64_t itemsSucceeded = 0;
    };
    std::optional<Bulk> bulk;
    LatencySummary latency;
    std::vector<BreakerSummary> breakers;
    std::vector<EndpointSummary> endpoints;
    double endMs = 0;
    std::uint64_t events = 0;
    double wallMs = 0;
    // Why the run stopped before its end, if it did ("interrupted", or the engine's reason, e.g.
    // no progress in virtual time): the numbers cover what ran until endMs, and are partial.
    std::string stopped;
    bool partial() const { return !stopped.empty(); }

    double successRate() const
    {
        return requests ? static_cast<double>(succeeded) / static_cast<double>(requests) : 0.0;
    }
    double attemptsPerRequest() const
    {
        return requests ? static_cast<double>(attempts) / static_cast<double>(requests) : 0.0;
    }
};

} // namespace reslab

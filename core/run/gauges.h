#pragma once
// What the live views read of a running model now — each breaker's window, each endpoint's
// workers and queue — for a simulation and for `serve` alike, so both show the same numbers.

#include "metrics/breaker_state.h"
#include "metrics/records.h"
#include "metrics/summary.h"
#include "policy/concurrency_limiter.h"
#include "sim/time.h"

#include <cstdint>
#include <string>
#include <vector>

namespace reslab {

class CircuitBreaker;
class Services;
struct Scenario;

// The live state of a breaker and an endpoint, for the GUI's views (read on the run's thread).
struct BreakerGauge
{
    std::string name;
    BreakerState state = BreakerState::Closed;
    double failureRate = 0.0; // over the current window
    double slowRate = 0.0;
    std::uint32_t calls = 0;
    double failureThreshold = 0.0;
    double slowThreshold = 0.0;
};

struct LimiterGauge
{
    std::string name; // "client/pipeline[1]", "endpoint api"
    int limit = 0;
    int inflight = 0;
};

// The limiters a run reports, in the order they were created.
struct NamedLimiter
{
    std::string name;
    const ConcurrencyLimiter* limiter = nullptr;
};
std::vector<LimiterGauge> limiterGauges(const std::vector<NamedLimiter>& limiters);

struct EndpointGauge
{
    std::string id;
    std::uint64_t inService = 0;
    std::uint64_t queue = 0;
    std::uint64_t workers = 0; // 0: unlimited
};

// `breaker` (named `name`) as its gauge at `now` (its window is brought up to `now`).
BreakerGauge breakerGauge(const std::string& name, CircuitBreaker& breaker, Time now);
// Every endpoint of `services`, built from `scenario`, as its gauge now.
std::vector<EndpointGauge> endpointGauges(const Services& services, const Scenario& scenario);
// Ejections and overflows per endpoint, per host (hosts of endpoints with replicas only).
struct HostEjectionCounts
{
    std::vector<std::vector<std::uint64_t>> ejections, overflow;
    void note(const HostEjectionRecord& r);
};

// Every endpoint's attempts, served calls, longest queue and utilisation until `end`, with its
// attempts per one of `requests` (how retries multiply by layer).
// `ejections` counts the outlier detections' records per endpoint and host.
std::vector<EndpointSummary> endpointSummaries(const Services& services, std::uint64_t requests,
                                               Time end, const HostEjectionCounts& ejections);
// A timeline row's gauges at `now`: every endpoint's busy workers and queue (and the queues'
// sum), every breaker's state, window rates and outcome counts, every limiter's limit. Leaves
// in_flight alone.
void fillRowGauges(TimelineRow& row, const Services& services,
                   const std::vector<CircuitBreaker*>& breakers,
                   const std::vector<NamedLimiter>& limiters, Time now);
// Counts `record` on its breaker's summary in `breakers` and keeps it (up to kMaxTransitionsKept).
void noteTransition(std::vector<BreakerSummary>& breakers, const BreakerTransitionRecord& record);

} // namespace reslab

#pragma once
// A minimal discrete-event simulator of exactly one model, the one tests/bench/engine-1m.json
// describes, written for speed alone: bench_reference runs it beside the engine and prints the
// engine's speed as a ratio to it, so the gap to this floor is measured in one run on any machine.
// It shares nothing with the engine but the random bits (sim/rng.h); its samplers, event heap and
// queue are its own. It gives the same statistics as the engine in distribution (not draw by
// draw: its random streams differ), which bench_reference checks.
//
// The model, with the engine's semantics (docs/scenario-format.md):
//  - open workload: Poisson arrivals at rate_per_s until max_requests or duration_s;
//  - one endpoint: an exponential network delay each way (drawn separately), a FIFO queue in
//    front of `workers` workers (a call arriving to a full queue is answered `rejected`, 503, at
//    once, and travels back), a lognormal service time, and a per-call `error` fate decided with
//    one uniform;
//  - the client's retry: max_attempts attempts, retrying `error` and `rejected` (the engine's
//    default retry_on holds both), waiting before retry n U(0, min(initial · multiplierⁿ⁻¹, max))
//    (exponential backoff with full jitter, capped before the jitter);
//  - a request's latency runs from its arrival to its last answer's arrival at the client.

#include <cstdint>
#include <vector>

namespace reslab::bench {

// The numbers of tests/bench/engine-1m.json (bench_reference refuses to run if the file says
// otherwise) and the scenario defaults it relies on.
struct ReferenceModel
{
    std::uint64_t seed = 1;
    double ratePerS = 2000.0;
    std::uint64_t maxRequests = 1'000'000;
    double durationS = 1000.0;
    double drainS = 300.0; // the scenario default (kDefaultDrainS)
    double networkMeanMs = 1.0;
    double latencyMedianMs = 20.0;
    double latencyP99Ms = 200.0;
    double errorProbability = 0.1;
    int workers = 200;
    int queue = 1000;
    int maxAttempts = 4;
    double backoffInitialMs = 50.0;
    double backoffMultiplier = 2.0;
    double backoffMaxMs = 2000.0;
};

struct ReferenceResult
{
    std::uint64_t requests = 0; // arrived
    std::uint64_t succeeded = 0;
    std::uint64_t failed = 0;
    std::uint64_t unfinished = 0; // still in flight at duration_s + drain_s
    std::uint64_t attempts = 0;   // calls that reached the endpoint's door
    std::uint64_t rejected = 0;   // of them, turned away by a full queue
    std::uint64_t events = 0;     // arrivals plus events taken from the heap
    // One entry each per finished request, in the order they finished (what the statistics'
    // batch means need): its latency, and its attempts with kSucceededBit set if it succeeded.
    std::vector<std::int64_t> latencyNs;
    std::vector<std::uint8_t> outcomes;
    static constexpr std::uint8_t kSucceededBit = 0x80;
    static constexpr int kMaxAttempts = kSucceededBit - 1;
};

// Runs the model once; deterministic for a given model (seed included).
ReferenceResult runReference(const ReferenceModel& model);

} // namespace reslab::bench

// Replays a call sequence through the engine's circuit breaker and prints what it decided, for
// tests/check_opossum_breaker.py, which gives opossum itself the same sequence
// (tests/node/opossum_replay.js) and compares the two outputs line by line.
//
// Input (stdin):
//   breaker MODE FAILURE_RATE MIN_CALLS WINDOW_MS BUCKETS OPEN_MS
//   call START_NS DURATION_NS ok|fail        (one per call, in order of START_NS)
// Output (stdout), in order of virtual time:
//   call INDEX admitted|rejected
//   state T_NS STATE                          (closed, open, half_open)

#include "policy/circuit_breaker.h"

#include <cstdio>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace reslab;

namespace {
struct Call
{
    Time start = 0;
    Time duration = 0;
    bool ok = true;
};

int fail(const std::string& why)
{
    std::cerr << "breaker_replay: " << why << "\n";
    return 2;
}
} // namespace

int main()
{
    std::string line;
    if (!std::getline(std::cin, line)) return fail("no input");
    std::istringstream head(line);
    std::string word, mode;
    BreakerSpec spec;
    double windowMs = 0;
    head >> word >> mode >> spec.failureRate >> spec.minCalls >> windowMs >> spec.windowBuckets >>
        spec.openMs;
    if (!head || word != "breaker") return fail("line 1: expected the breaker line");
    const std::string preset = mode == "fires" ? "opossum" : "resilience4j";
    const BreakerSpec given = spec;
    BreakerSpec::applyPreset(preset, spec);
    spec.failureRate = given.failureRate;
    spec.minCalls = given.minCalls;
    spec.windowBuckets = given.windowBuckets;
    spec.openMs = given.openMs;
    spec.window = BreakerSpec::Window::TimeBased;
    spec.windowS = windowMs / 1000.0;
    if (mode == "rate")
        spec.automaticHalfOpen = true, spec.halfOpenCalls = 1;
    else if (mode != "fires")
        return fail("line 1: mode must be fires or rate");

    std::vector<Call> calls;
    for (std::size_t n = 2; std::getline(std::cin, line); ++n) {
        std::istringstream in(line);
        Call c;
        std::string outcome;
        in >> word >> c.start >> c.duration >> outcome;
        if (!in || word != "call" || (outcome != "ok" && outcome != "fail"))
            return fail("line " + std::to_string(n) + ": expected call START DURATION ok|fail");
        c.ok = outcome == "ok";
        calls.push_back(c);
    }

    CircuitBreaker breaker(spec, [](const BreakerChange& c) {
        std::printf("state %lld %s\n", static_cast<long long>(c.at),
                    std::string(breakerStateName(c.to)).c_str());
    });
    // Admitted calls by the time they end; each holds its index and permit epoch.
    std::multimap<Time, std::pair<std::size_t, std::uint64_t>> ends;
    std::size_t next = 0;
    while (next < calls.size() || !ends.empty()) {
        const Time startAt = next < calls.size() ? calls[next].start : kTimeNever;
        const Time endAt = ends.empty() ? kTimeNever : ends.begin()->first;
        const Time timerAt = breaker.nextTimer();
        if (timerAt <= startAt && timerAt <= endAt) {
            breaker.onTimer(timerAt);
        } else if (endAt <= startAt) {
            const auto [index, epoch] = ends.begin()->second;
            ends.erase(ends.begin());
            const Call& c = calls[index];
            breaker.onResult(endAt, epoch, c.ok ? Outcome::Ok : Outcome::Error, c.duration);
        } else {
            const CircuitBreaker::Permit permit = breaker.tryAcquire(startAt);
            std::printf("call %zu %s\n", next, permit.allowed ? "admitted" : "rejected");
            if (permit.allowed)
                ends.emplace(startAt + calls[next].duration, std::pair{next, permit.epoch});
            ++next;
        }
    }
    return 0;
}

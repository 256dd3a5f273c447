#pragma once
// A circuit breaker driven call by call, as its pipeline stage would drive it: the breaker's one
// timer runs up to each call's instant first, and every transition is kept.

#include "policy/circuit_breaker.h"

#include <vector>

namespace reslab::testing {

struct BreakerHarness
{
    std::vector<BreakerChange> changes;
    CircuitBreaker breaker;
    explicit BreakerHarness(BreakerSpec spec)
        : breaker(std::move(spec), [this](const BreakerChange& c) { changes.push_back(c); })
    {
    }
    // One call at `now` that ends with `outcome` after `duration`; false if rejected.
    bool call(Time now, Outcome outcome, Time duration = 0)
    {
        advance(now);
        const auto permit = breaker.tryAcquire(now);
        if (!permit.allowed) return false;
        breaker.onResult(now + duration, permit.epoch, outcome, duration);
        return true;
    }
    // Runs the breaker's timer up to `now`, as the stage's timer event does.
    void advance(Time now)
    {
        while (breaker.nextTimer() <= now)
            breaker.onTimer(breaker.nextTimer());
    }
};

} // namespace reslab::testing

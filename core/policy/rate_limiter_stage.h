#pragma once
// Client-side rate limiter (resilience4j RateLimiter, token buckets like Guava's or Polly's):
//  - token_bucket: tokens refill continuously at rate_per_s up to burst;
//  - cycles (resilience4j AtomicRateLimiter): time is cut into refresh periods; each period
//    starts with limit_for_period permits, unused ones are not carried over.
// A caller without a permit computes how long until one is free — counting the permits already
// reserved by callers before it (the count goes negative) — and waits that long if it is within
// max_wait_ms, reserving its permit; otherwise it fails at once with `throttled`.

#include "policy/guard_specs.h"
#include "policy/pipeline.h"

namespace reslab {

class RateLimiterStage final : public Stage
{
public:
    explicit RateLimiterStage(const RateLimiterSpec& spec);
    void start(Pipeline& p, ExecId e) override;
    void onTimer(Pipeline& p, ExecId e) override
    {
        p.startChild(e, p.exec(e).wait, Then::Return);
    } // its turn came
    void onChildDone(Pipeline& p, ExecId e, const Result& r) override
    {
        p.finish(e, r, Then::Return);
    }

    // How long a caller arriving at `now` would wait; kTimeNever if it must not (for tests).
    Time reserve(Time now);

private:
    void refill(Time now);

    RateLimiterSpec m_spec;
    Time m_maxWait;
    Time m_period;    // cycles
    double m_permits; // may be negative: reservations
    std::int64_t m_cycle = 0;
    Time m_updated = 0; // token bucket
};

} // namespace reslab

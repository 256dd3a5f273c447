#pragma once
// Retry (tenacity / resilience4j / Polly / gRPC): after a failed attempt, decide whether to retry,
// how long to sleep, and whether a stop condition ends it first. The order follows tenacity:
// retry predicate → compute the upcoming sleep → stop check (which sees the upcoming sleep).
// An adaptive backoff (zenoo_rpc AdaptiveStrategy) also records every attempt's success in the
// stage's window before the sleep is computed, as zenoo's retry loop calls record_attempt first.

#include "policy/adaptive_window.h"
#include "policy/pipeline.h"
#include "policy/retry_spec.h"
#include "sim/rng.h"

namespace reslab {

class RetryStage final : public Stage
{
public:
    RetryStage(RetrySpec spec, Rng jitterStream);

    void start(Pipeline& p, ExecId e) override;
    void onChildDone(Pipeline& p, ExecId e, const Result& r) override;
    void onTimer(Pipeline& p, ExecId e) override;

    bool isRetryable(const Result& r) const;
    const AdaptiveWindow& adaptiveWindow() const { return m_window; }

private:
    RetrySpec m_spec;
    Rng m_rng;
    Time m_maxElapsed;       // kTimeNever when unset
    Time m_stopBefore;       // kTimeNever when unset
    Time m_retryAfterCap;    // kTimeNever when unset
    AdaptiveWindow m_window; // adaptive backoff only
};

} // namespace reslab

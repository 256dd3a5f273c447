#pragma once
// Retry (tenacity / resilience4j / Polly / gRPC): after a failed attempt, decide whether to retry,
// how long to sleep, and whether a stop condition ends it first. The order follows tenacity:
// retry predicate → compute the upcoming sleep → stop check (which sees the upcoming sleep).
// An adaptive backoff (zenoo_rpc AdaptiveStrategy) also records every attempt's success in the
// stage's window before the sleep is computed, as zenoo's retry loop calls record_attempt first.
// With a linkerd_budget, Linkerd's retry policy (linkerd2-proxy outbound/src/http/retry.rs): an
// answer the retry does not retry deposits into tower's TpsBudget; one it would retry withdraws,
// last, once every other stop condition let it through, and a refused withdrawal ends the pass
// with that answer (no deposit, no budget_exhausted).

#include "policy/adaptive_window.h"
#include "policy/pipeline.h"
#include "policy/retry_spec.h"
#include "policy/tps_budget.h"
#include "sim/rng.h"

#include <memory>

namespace reslab {

class RetryStage final : public Stage
{
public:
    // `created`: when the stage is made (a linkerd_budget's first expiry counts from it).
    RetryStage(RetrySpec spec, Rng jitterStream, Time created = 0);

    void start(Pipeline& p, ExecId e) override;
    void onChildDone(Pipeline& p, ExecId e, const Result& r) override;
    void onTimer(Pipeline& p, ExecId e) override;

    bool isRetryable(const Result& r) const;
    const AdaptiveWindow& adaptiveWindow() const { return m_window; }
    const TpsBudget* linkerdBudget() const { return m_linkerdBudget.get(); }

private:
    RetrySpec m_spec;
    Rng m_rng;
    Time m_maxElapsed;       // kTimeNever when unset
    Time m_stopBefore;       // kTimeNever when unset
    Time m_retryAfterCap;    // kTimeNever when unset
    AdaptiveWindow m_window; // adaptive backoff only
    // linkerd_budget only; null otherwise, so a retry without one tests a pointer and no more.
    std::unique_ptr<TpsBudget> m_linkerdBudget;
};

} // namespace reslab

#pragma once
// The retry strategy in Envoy mode: Envoy's router retry state (source/common/router/
// retry_state_impl.cc RetryStateImpl::shouldRetry) with its cluster's retry circuit breaker
// (source/common/upstream/resource_manager_impl.h), so a retry is held, as Envoy holds it, from the
// decision through its backoff until its own answer:
//   1. an answer releases the retry the request held (resetRetry);
//   2. the answer is classified (envoyRetryDecision); not retried → the pass ends with it;
//   3. no retries left (num_retries) → it ends with it (upstream_rq_retry_limit_exceeded);
//   4. retries outstanding ≥ max_retries, or ≥ the retry budget's allowance when one is set →
//      upstream_rq_retry_overflow: the pass ends `budget_exhausted` (where Envoy hands on the
//      last answer; the refusal is recorded so it can be counted, as every retry guard does);
//   5. the retry is held and waits Envoy's backoff (the rate-limited one when a reset header
//      gives an interval), or no time for a 425.
// Every attempt it sends counts as a request in flight (the budget's requests + pending); one sent
// while max_requests are in flight is refused `bulkhead_full` (Envoy's Overflow: never retried).

#include "policy/pipeline.h"
#include "policy/retry_spec.h"
#include "sim/rng.h"

namespace reslab {

class EnvoyRetryStage final : public Stage
{
public:
    // Envoy's cluster statistics of the same names.
    struct Stats
    {
        std::uint64_t retry = 0;              // upstream_rq_retry
        std::uint64_t retrySuccess = 0;       // upstream_rq_retry_success
        std::uint64_t retryOverflow = 0;      // upstream_rq_retry_overflow
        std::uint64_t retryLimitExceeded = 0; // upstream_rq_retry_limit_exceeded
        std::uint64_t backoffExponential = 0; // upstream_rq_retry_backoff_exponential
        std::uint64_t backoffRateLimited = 0; // upstream_rq_retry_backoff_ratelimited
        std::uint64_t requestOverflow = 0;    // max_requests reached (upstream_rq_pending_overflow)
    };

    EnvoyRetryStage(RetrySpec spec, Rng jitterStream);

    void start(Pipeline& p, ExecId e) override;
    void onChildDone(Pipeline& p, ExecId e, const Result& r) override;
    void onTimer(Pipeline& p, ExecId e) override;
    void onCancel(Pipeline& p, ExecId e, Outcome reason) override;

    const Stats& stats() const { return m_stats; }
    std::uint64_t retriesOutstanding() const { return m_retries; }
    std::uint64_t requestsInFlight() const { return m_active; }
    // The most retries outstanding at once so far.
    std::uint64_t peakRetriesOutstanding() const { return m_peakRetries; }
    // ResourceLimit::canCreate of the cluster's retries resource.
    bool canCreateRetry() const;

private:
    void startAttempt(Pipeline& p, ExecId e, Time wait);
    void releaseRetry(Exec& x);

    RetrySpec m_spec;
    Rng m_rng;
    std::uint64_t m_active = 0;  // attempts in flight (requests + pending)
    std::uint64_t m_retries = 0; // retries outstanding: decided and not yet answered
    std::uint64_t m_peakRetries = 0;
    Stats m_stats;
};

} // namespace reslab

#pragma once
// Retry-storm guards: strategies placed between a retry and the call, which let first attempts
// through and decide whether each retry may go. A retry they refuse ends with `throttled`
// (gRPC throttling, SRE adaptive throttling) or `budget_exhausted` (Envoy, AWS, Finagle budgets),
// which a retry strategy does not retry by default.
//  - RetryThrottleStage (gRPC A6 retryThrottling): tokens start at max_tokens; each failed attempt
//    −1, each success +token_ratio, clamped to [0, max_tokens]; a retry goes only while
//    tokens > max_tokens / 2.
//  - RetryBudgetStage (Envoy retry_budget): retries in flight may not exceed
//    max(min_retry_concurrency, budget_percent % of the calls in flight).
//  - RetryQuotaStage (AWS SDK standard mode): a retry costs 5 tokens (10 after a timeout) from a
//    quota of 500; a success refunds 1, or the cost of the retry that succeeded; no tokens, no
//    retry.
//  - FinagleBudgetStage (Finagle RetryBudget): each request deposits, each retry withdraws
//    1 / percent_can_retry deposits; deposits expire after ttl; a reserve of
//    min_retries_per_s × ttl retries.
//  - AdaptiveThrottleStage (Google SRE "Handling Overload"): every attempt, first or retry, is
//    rejected locally with probability max(0, (requests − K·accepts) / (requests + 1)) over the
//    last window_s; accepts are attempts the backend processed (ok, fatal, conflict).

#include "policy/breaker_window.h"
#include "policy/guard_specs.h"
#include "policy/pipeline.h"
#include "sim/rng.h"

#include <vector>

namespace reslab {

// gRPC core keeps the tokens in thousandths (retry_throttle.cc milli_tokens_): max_tokens · 1000,
// −1000 per failure, +token_ratio in thousandths (its digits past the third are dropped) per
// success, clamped to [0, max]; a retry goes while milli_tokens > max_milli_tokens / 2.
class RetryThrottleStage final : public Stage
{
public:
    explicit RetryThrottleStage(const RetryThrottleSpec& spec)
        : m_max(milliTokens(spec.maxTokens)), m_ratio(milliTokens(spec.tokenRatio)), m_tokens(m_max)
    {
    }
    void start(Pipeline& p, ExecId e) override;
    void onChildDone(Pipeline& p, ExecId e, const Result& r) override;
    double tokens() const { return static_cast<double>(m_tokens) / 1000.0; }
    // A number of tokens in thousandths, digits past the third dropped (gRPC's parser reads
    // tokenRatio so; the tiny epsilon keeps 0.546 from becoming 545 through binary rounding).
    static std::int64_t milliTokens(double tokens)
    {
        return static_cast<std::int64_t>(tokens * 1000.0 + 1e-6);
    }

private:
    std::int64_t m_max;
    std::int64_t m_ratio;
    std::int64_t m_tokens;
};

class RetryBudgetStage final : public Stage
{
public:
    explicit RetryBudgetStage(const RetryBudgetSpec& spec) : m_spec(spec) {}
    void start(Pipeline& p, ExecId e) override;
    void onChildDone(Pipeline& p, ExecId e, const Result& r) override;
    void onCancel(Pipeline& p, ExecId e, Outcome reason) override;

private:
    void release(const Exec& x);
    RetryBudgetSpec m_spec;
    std::uint64_t m_active = 0;  // calls in flight through this stage
    std::uint64_t m_retries = 0; // of which retries
};

class RetryQuotaStage final : public Stage
{
public:
    explicit RetryQuotaStage(const RetryQuotaSpec& spec) : m_spec(spec), m_tokens(spec.capacity) {}
    void start(Pipeline& p, ExecId e) override;
    void onChildDone(Pipeline& p, ExecId e, const Result& r) override;
    double tokens() const { return m_tokens; }

private:
    RetryQuotaSpec m_spec;
    double m_tokens;
};

// A sum over a sliding window of time in ten slices (Finagle's WindowedAdder): amounts put in
// expire `span` after.
class WindowedAdder
{
public:
    explicit WindowedAdder(Time span);
    void add(Time now, std::int64_t amount);
    std::int64_t sum(Time now);

private:
    void advance(Time now);
    Time m_slice;
    std::vector<std::int64_t> m_slots;
    std::int64_t m_current = 0; // absolute slice index of the newest slot
    std::int64_t m_sum = 0;
};

class FinagleBudgetStage final : public Stage
{
public:
    explicit FinagleBudgetStage(const FinagleBudgetSpec& spec);
    void start(Pipeline& p, ExecId e) override;
    void onChildDone(Pipeline& p, ExecId e, const Result& r) override
    {
        p.finish(e, r, Then::Return);
    }

private:
    // Finagle's TokenRetryBudget: a request deposits percentCanRetry × 1000, a retry withdraws
    // 1000, and a reserve of minRetriesPerSec × ttl retries is always there.
    static constexpr std::int64_t kScale = 1000;
    std::int64_t m_deposit;
    std::int64_t m_reserve;
    WindowedAdder m_balance;
};

class AdaptiveThrottleStage final : public Stage
{
public:
    AdaptiveThrottleStage(const AdaptiveThrottleSpec& spec, Rng rng);
    void start(Pipeline& p, ExecId e) override;
    void onChildDone(Pipeline& p, ExecId e, const Result& r) override;
    double rejectProbability(Time now);

private:
    AdaptiveThrottleSpec m_spec;
    Rng m_rng;
    TimeWindow m_requests; // every attempt, counted when it starts (also those rejected here)
    TimeWindow m_accepts;  // attempts the backend processed, counted when they end
};

} // namespace reslab

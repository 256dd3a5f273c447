#pragma once
// Envoy's retry decisions, as pure functions of an answer (docs/semantics.md, "Envoy"):
//  - which answers a route's retry_on retries (retry_state_impl.cc wouldRetryFromHeaders,
//    wouldRetryFromReset), with the engine's outcomes read as Envoy sees them: an HTTP answer is
//    its status; `timeout` is a per-try timeout, a local reset after the request was sent, which
//    the router hands to the reset rules (router.cc onPerTryTimeoutCommon); `reset` is what
//    EnvoyRetryPolicy::resetAs says; a strategy's own refusal (breaker_open, bulkhead_full, …) is
//    Envoy's Overflow, never retried;
//  - the retry budget's allowance (resource_manager_impl.h RetryBudgetImpl::max);
//  - the rate-limit reset interval of an answer (retry_state_impl.cc parseResetInterval).

#include "metrics/outcome.h"
#include "policy/envoy_retry_spec.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace reslab {

enum class EnvoyRetryDecision : std::uint8_t
{
    NoRetry,
    RetryWithBackoff,
    RetryImmediately, // a 425 Too Early under retriable-status-codes: the next event-loop turn
};

struct EnvoyRetryOnParse
{
    std::uint32_t retryOn = 0;
    std::vector<std::string> unknown; // tokens Envoy would not accept
};
// Envoy's parseRetryOn + parseRetryGrpcOn over one comma list: tokens are trimmed of spaces,
// empty ones skipped (StringUtil::splitToken(config, ",", false, true)).
EnvoyRetryOnParse parseEnvoyRetryOn(std::string_view list);
// The classes in `retryOn` as Envoy writes them, in parseRetryOn's order.
std::string envoyRetryOnText(std::uint32_t retryOn);

EnvoyRetryDecision envoyRetryDecision(const EnvoyRetryPolicy& policy,
                                      const std::vector<int>& retriableStatusCodes,
                                      const Result& r);

// RetryBudgetImpl::max: max(uint64(budget_percent / 100 · (requests + pending)),
// min_retry_concurrency); a retry may start while the retries outstanding are fewer.
std::uint64_t envoyRetryBudgetMax(double budgetPercent, int minRetryConcurrency,
                                  std::uint64_t activeRequests);

// The interval the first reset header gives that is ≤ the max (parseResetInterval), in whole ms;
// none without reset headers, without a Retry-After, or when every header's is over the max.
// `now` is the virtual clock (its zero is the Unix epoch for UNIX_TIMESTAMP headers).
std::optional<std::uint64_t> envoyResetIntervalMs(const EnvoyRetryPolicy& policy, const Result& r,
                                                  Time now);

// The outcomes Envoy retries when each carries its default status (outcome.h kDefaultStatus):
// what the libraries without Envoy's classes are exported with.
OutcomeSet envoyRetriedOutcomes(const EnvoyRetryPolicy& policy,
                                const std::vector<int>& retriableStatusCodes);

} // namespace reslab

#include "policy/envoy_retry.h"

#include <algorithm>

namespace reslab {

namespace {
constexpr int kTooEarly = 425;
constexpr int kConflict = 409;

// Http::StreamResetReason, as far as the retry rules tell them apart.
enum class ResetReason
{
    ConnectFailure, // Local/RemoteConnectionFailure, ConnectionTimeout
    RefusedStream,  // RemoteRefusedStreamReset
    Other,          // RemoteReset, LocalReset (a per-try timeout), ConnectionTermination
    Overflow,       // a circuit breaker's overflow: never retried
};

std::string_view trimmed(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

EnvoyRetryDecision fromHeaders(const EnvoyRetryPolicy& p, const std::vector<int>& codes,
                               const Result& r)
{
    const std::uint32_t on = p.retryOn;
    // "A response that contains the x-envoy-ratelimited header comes from an upstream envoy. We
    // retry these only when the envoy-ratelimited policy is in effect."
    if (r.outcome == Outcome::RateLimited && p.xEnvoyRateLimited)
        return (on & kEnvoyRetryOnEnvoyRateLimited) ? EnvoyRetryDecision::RetryWithBackoff
                                                    : EnvoyRetryDecision::NoRetry;
    const int status = r.status;
    if ((on & kEnvoyRetryOn5xx) && status >= 500 && status <= 599)
        return EnvoyRetryDecision::RetryWithBackoff;
    // CodeUtility::isGatewayError: 502, 503, 504.
    if ((on & kEnvoyRetryOnGatewayError) && status >= 502 && status <= 504)
        return EnvoyRetryDecision::RetryWithBackoff;
    if ((on & kEnvoyRetryOnRetriable4xx) && status == kConflict)
        return EnvoyRetryDecision::RetryWithBackoff;
    if (on & kEnvoyRetryOnRetriableStatusCodes)
        for (int code : codes)
            if (status == code)
                // A 425 is retried at once when the request was not early data, which no request
                // of this model is.
                return code == kTooEarly ? EnvoyRetryDecision::RetryImmediately
                                         : EnvoyRetryDecision::RetryWithBackoff;
    // retriable-headers needs header matchers (not accepted); the gRPC classes read grpc-status,
    // which an HTTP answer does not carry.
    return EnvoyRetryDecision::NoRetry;
}

EnvoyRetryDecision fromReset(const EnvoyRetryPolicy& p, ResetReason reason,
                             bool upstreamRequestStarted)
{
    const std::uint32_t on = p.retryOn;
    if (reason == ResetReason::Overflow) return EnvoyRetryDecision::NoRetry;
    // A connect failure is retried under connect-failure; otherwise it goes on to the rules below
    // (the HTTP/3 0-RTT case aside: the model has no HTTP/3).
    if (reason == ResetReason::ConnectFailure && (on & kEnvoyRetryOnConnectFailure))
        return EnvoyRetryDecision::RetryWithBackoff;
    if ((on & kEnvoyRetryOnResetBeforeRequest) && !upstreamRequestStarted)
        return EnvoyRetryDecision::RetryWithBackoff;
    if (on & kEnvoyRetryOnReset) return EnvoyRetryDecision::RetryWithBackoff;
    // "Currently we count an upstream reset as a 5xx (since it will result in one)."
    if (on & (kEnvoyRetryOn5xx | kEnvoyRetryOnGatewayError))
        return EnvoyRetryDecision::RetryWithBackoff;
    if ((on & kEnvoyRetryOnRefusedStream) && reason == ResetReason::RefusedStream)
        return EnvoyRetryDecision::RetryWithBackoff;
    return EnvoyRetryDecision::NoRetry;
}
} // namespace

EnvoyRetryOnParse parseEnvoyRetryOn(std::string_view list)
{
    EnvoyRetryOnParse out;
    while (true) {
        const std::size_t comma = list.find(',');
        const std::string_view token = trimmed(list.substr(0, comma));
        if (!token.empty()) {
            const auto* entry =
                std::find_if(std::begin(kEnvoyRetryOnNames), std::end(kEnvoyRetryOnNames),
                             [&](const auto& e) { return e.second == token; });
            if (entry == std::end(kEnvoyRetryOnNames))
                out.unknown.emplace_back(token);
            else
                out.retryOn |= entry->first;
        }
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
    return out;
}

std::string envoyRetryOnText(std::uint32_t retryOn)
{
    std::string out;
    for (const auto& [bit, name] : kEnvoyRetryOnNames)
        if (retryOn & bit) {
            if (!out.empty()) out += ',';
            out += name;
        }
    return out;
}

EnvoyRetryDecision envoyRetryDecision(const EnvoyRetryPolicy& policy,
                                      const std::vector<int>& retriableStatusCodes, const Result& r)
{
    switch (r.outcome) {
    case Outcome::Ok:
    case Outcome::Error:
    case Outcome::Fatal:
    case Outcome::RateLimited:
    case Outcome::Rejected:
    case Outcome::Conflict:
        // An answer with a status (a trace's answer without one reads as a remote reset).
        if (r.status != 0) return fromHeaders(policy, retriableStatusCodes, r);
        return fromReset(policy, ResetReason::Other, true);
    case Outcome::Timeout:
        // The per-try timeout: maybeRetryReset(LocalReset, …, TimeoutRetry::Yes), request sent.
        return fromReset(policy, ResetReason::Other, true);
    case Outcome::Reset:
        switch (policy.resetAs) {
        case EnvoyResetAs::ConnectFailure:
            return fromReset(policy, ResetReason::ConnectFailure, false);
        case EnvoyResetAs::RemoteReset:
            return fromReset(policy, ResetReason::Other, true);
        case EnvoyResetAs::RefusedStream:
            return fromReset(policy, ResetReason::RefusedStream, true);
        }
        return EnvoyRetryDecision::NoRetry;
    default:
        // breaker_open, bulkhead_full, throttled, budget_exhausted, limited, cancelled: the
        // client's own refusal, Envoy's Overflow.
        return fromReset(policy, ResetReason::Overflow, false);
    }
}

std::uint64_t envoyRetryBudgetMax(double budgetPercent, int minRetryConcurrency,
                                  std::uint64_t activeRequests)
{
    // std::max<uint64_t>(budget_percent / 100.0 * current_active, min_retry_concurrency): the
    // double converts to uint64_t by truncation.
    return std::max<std::uint64_t>(
        static_cast<std::uint64_t>(budgetPercent / 100.0 * static_cast<double>(activeRequests)),
        static_cast<std::uint64_t>(std::max(0, minRetryConcurrency)));
}

std::optional<std::uint64_t> envoyResetIntervalMs(const EnvoyRetryPolicy& policy, const Result& r,
                                                  Time now)
{
    if (r.retryAfter < 0) return std::nullopt;
    // The Retry-After as `serve` writes it: whole seconds, rounded up.
    const std::int64_t seconds = (r.retryAfter + kNanosPerSecond - 1) / kNanosPerSecond;
    for (const EnvoyResetHeader& h : policy.resetHeaders) {
        std::int64_t ms = seconds * 1000;
        if (h.unixTimestamp) {
            // The server's reset instant in whole Unix seconds (rounded up), less now in whole
            // seconds (DateUtil::nowToSeconds), times 1000.
            const std::int64_t resetS =
                (now + r.retryAfter + kNanosPerSecond - 1) / kNanosPerSecond;
            ms = (resetS - now / kNanosPerSecond) * 1000;
        }
        if (static_cast<double>(ms) <= policy.resetMaxIntervalMs)
            return static_cast<std::uint64_t>(ms);
    }
    return std::nullopt;
}

OutcomeSet envoyRetriedOutcomes(const EnvoyRetryPolicy& policy,
                                const std::vector<int>& retriableStatusCodes)
{
    OutcomeSet set;
    for (std::size_t i = 1; i < kOutcomeCount; ++i) {
        const auto o = static_cast<Outcome>(i);
        if (envoyRetryDecision(policy, retriableStatusCodes, Result::of(o)) !=
            EnvoyRetryDecision::NoRetry)
            set.insert(o);
    }
    return set;
}

} // namespace reslab

#pragma once
// The outcome of one attempt (docs/architecture.md "Outcomes"). The order is the column order of
// the timeline CSV and of every by-outcome table, so add new outcomes at the end.

#include "sim/time.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace reslab {

enum class Outcome : std::uint8_t
{
    Ok,
    Error,       // retryable server error (5xx)
    Fatal,       // non-retryable (4xx)
    Timeout,     // the client's timer fired first
    RateLimited, // 429, may carry a retry-after
    Rejected,    // server queue full: 503 at once
    Reset,       // connection refused / reset at once
    Conflict,    // optimistic-concurrency write lost (409)
    // Made by the client itself, without calling:
    BreakerOpen,
    BulkheadFull,
    Throttled,
    BudgetExhausted,
    // An attempt the client itself abandoned because another one won (a hedge that lost).
    Cancelled,
    // Made by the client: an adaptive concurrency limit was reached (Netflix's rejected acquire).
    Limited,
};
inline constexpr std::size_t kOutcomeCount = 14;

inline constexpr std::array<std::string_view, kOutcomeCount> kOutcomeNames = {
    "ok",        "error",    "fatal",        "timeout",       "rate_limited", "rejected",
    "reset",     "conflict", "breaker_open", "bulkhead_full", "throttled",    "budget_exhausted",
    "cancelled", "limited"};

inline constexpr std::string_view outcomeName(Outcome o)
{
    return kOutcomeNames[static_cast<std::size_t>(o)];
}
std::optional<Outcome> outcomeFromName(std::string_view name);

// The HTTP status a client sees for each outcome by default; 0 = no response.
inline constexpr std::array<std::int16_t, kOutcomeCount> kDefaultStatus = {
    200, 500, 400, 0, 429, 503, 0, 409, 0, 0, 0, 0, 0, 0};

// Outcomes the client's own strategies make without calling (recorded as attempts that took no
// time; a trace of real calls leaves them out).
inline constexpr bool isClientMade(Outcome o)
{
    return o == Outcome::BreakerOpen || o == Outcome::BulkheadFull || o == Outcome::Throttled ||
           o == Outcome::BudgetExhausted || o == Outcome::Limited;
}

// Result of one attempt, or of a whole pass through a pipeline.
// 16 bytes (the widest field first): results are copied at every step of every attempt.
struct Result
{
    Time retryAfter = -1; // from a 429: how long the server asked us to wait; −1 = none
    std::int16_t status = 200;
    Outcome outcome = Outcome::Ok;
    bool fallback = false; // a fallback strategy answered in place of the call

    constexpr Result() = default;
    constexpr Result(Outcome o, std::int16_t s = 200, Time retry = -1, bool byFallback = false)
        : retryAfter(retry), status(s), outcome(o), fallback(byFallback)
    {
    }

    bool ok() const { return outcome == Outcome::Ok; }
    static Result of(Outcome o)
    {
        return Result{o, kDefaultStatus[static_cast<std::size_t>(o)], -1};
    }
};
static_assert(sizeof(Result) == 16);

// A set of outcomes (e.g. a retry strategy's retry_on) as a bit mask.
class OutcomeSet
{
public:
    constexpr OutcomeSet() = default;
    constexpr OutcomeSet(std::initializer_list<Outcome> list)
    {
        for (Outcome o : list)
            insert(o);
    }
    constexpr void insert(Outcome o) { m_bits |= bit(o); }
    constexpr bool contains(Outcome o) const { return (m_bits & bit(o)) != 0; }
    constexpr bool empty() const { return m_bits == 0; }
    constexpr bool operator==(const OutcomeSet&) const = default;

private:
    static constexpr std::uint32_t bit(Outcome o) { return 1u << static_cast<unsigned>(o); }
    std::uint32_t m_bits = 0;
};

} // namespace reslab

#pragma once
// The numbers that decided a circuit breaker's transition, as values: which rule fired, what the
// window it looked at held at that instant, and the limits it compared them with. The breaker
// fills one only when it changes state (never per call), so its per-call cost does not grow; the
// views answer "why did it open?" from it without parsing the reason text.

#include "util/name_table.h"

#include <cstdint>
#include <string_view>

namespace reslab {

enum class BreakerRule : std::uint8_t
{
    None,             // no rule: forced, or a state set from outside
    FailureRate,      // failures ÷ calls ≥ threshold over at least `minimum` calls
    SlowCallRate,     // slow calls ÷ calls ≥ threshold over at least `minimum` calls
    Consecutive,      // `failures` in a row ≥ threshold
    FailuresInPeriod, // `failures` within the failure window ≥ threshold
    FiresRate,        // opossum: failures ÷ fires > threshold over at least `minimum` fires
    OpenWaitOver,     // the open wait passed: half-open
    ProbesPassed,     // the half-open probes' rates stayed under the thresholds: closed
    ProbesFailed,     // the half-open probes' failure or slow-call rule fired: open again
    HalfOpenTimeLimit // half-open too long without a verdict: open again
};
inline constexpr auto kBreakerRuleNames = makeNameTable<BreakerRule>(
    std::pair{BreakerRule::None, std::string_view("none")},
    std::pair{BreakerRule::FailureRate, std::string_view("failure_rate")},
    std::pair{BreakerRule::SlowCallRate, std::string_view("slow_call_rate")},
    std::pair{BreakerRule::Consecutive, std::string_view("consecutive_failures")},
    std::pair{BreakerRule::FailuresInPeriod, std::string_view("failures_in_period")},
    std::pair{BreakerRule::FiresRate, std::string_view("fires_rate")},
    std::pair{BreakerRule::OpenWaitOver, std::string_view("open_wait_over")},
    std::pair{BreakerRule::ProbesPassed, std::string_view("probes_passed")},
    std::pair{BreakerRule::ProbesFailed, std::string_view("probes_failed")},
    std::pair{BreakerRule::HalfOpenTimeLimit, std::string_view("half_open_time_limit")});
inline std::string_view breakerRuleName(BreakerRule r)
{
    return kBreakerRuleNames.name(r);
}

struct BreakerDecision
{
    BreakerRule rule = BreakerRule::None;
    // The window the rule counted (the closed window, or the half-open probes), at that instant.
    std::uint32_t calls = 0; // fires mode: fires
    std::uint32_t failures = 0;
    std::uint32_t slow = 0;
    std::uint32_t minimum = 0; // calls the rule needs before it may fire (after clamping)
    double failureRate = 0.0;  // the thresholds in force, as fractions
    double slowCallRate = 0.0;
    double slowCallMs = 0.0;            // a call slower than this is slow (infinite: no slow calls)
    std::uint32_t failureThreshold = 0; // consecutive and period rules: failures needed
    bool operator==(const BreakerDecision&) const = default;
};

} // namespace reslab

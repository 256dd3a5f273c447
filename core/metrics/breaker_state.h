#pragma once
// The states a circuit breaker is in (resilience4j's CircuitBreaker.State), one type for the
// breaker itself, its records, the summary, the live gauges and the views.

#include "util/name_table.h"

#include <cstdint>
#include <string_view>

namespace reslab {

enum class BreakerState : std::uint8_t
{
    Closed,
    Open,
    HalfOpen,
    ForcedOpen,
    Disabled,
    MetricsOnly
};
inline constexpr auto kBreakerStateNames = makeNameTable<BreakerState>(
    std::pair{BreakerState::Closed, std::string_view("closed")},
    std::pair{BreakerState::Open, std::string_view("open")},
    std::pair{BreakerState::HalfOpen, std::string_view("half_open")},
    std::pair{BreakerState::ForcedOpen, std::string_view("forced_open")},
    std::pair{BreakerState::Disabled, std::string_view("disabled")},
    std::pair{BreakerState::MetricsOnly, std::string_view("metrics_only")});
inline std::string_view breakerStateName(BreakerState s)
{
    return kBreakerStateNames.name(s);
}
// Open in the sense that calls are refused (by the timer or by force).
inline bool isOpen(BreakerState s)
{
    return s == BreakerState::Open || s == BreakerState::ForcedOpen;
}

} // namespace reslab

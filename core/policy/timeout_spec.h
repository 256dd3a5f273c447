#pragma once
// What a timeout strategy is configured with (the scenario's "timeout").

namespace reslab {

// Polly v8 TimeoutStrategyOptions.Timeout
inline constexpr double kDefaultTimeoutMs = 30'000.0;

struct TimeoutSpec
{
    double timeoutMs = kDefaultTimeoutMs;
    bool operator==(const TimeoutSpec&) const = default;
};

} // namespace reslab

#pragma once
// What a timeout strategy is configured with (the scenario's "timeout").

namespace reslab {

struct StrategyKind;

// Polly v8 TimeoutStrategyOptions.Timeout
inline constexpr double kDefaultTimeoutMs = 30'000.0;

struct TimeoutSpec
{
    double timeoutMs = kDefaultTimeoutMs;
    bool operator==(const TimeoutSpec&) const = default;
    static const StrategyKind descriptor; // policy/timeout_kind.cpp
};

} // namespace reslab

#pragma once
// Virtual time: an integer count of nanoseconds. Integer time makes event ordering exact and
// results identical on every machine; doubles only appear at the edges (milliseconds in files).

#include <cmath>
#include <cstdint>
#include <limits>

namespace reslab {

using Time = std::int64_t; // nanoseconds of virtual time

inline constexpr Time kNanosPerMilli = 1'000'000;
inline constexpr Time kNanosPerSecond = 1'000'000'000;
inline constexpr Time kTimeNever = std::numeric_limits<Time>::max();

// Largest duration accepted from a file: 100 years. Keeps every sum of two durations in range.
inline constexpr double kMaxDurationMs = 100.0 * 365.25 * 86400.0 * 1000.0;

// Milliseconds (as written in scenario files) to nanoseconds, rounded to the nearest nanosecond.
// Callers validate the range; non-finite or negative inputs become 0 here as a last guard.
inline Time fromMillis(double ms)
{
    if (!(ms > 0.0)) return 0;
    if (ms >= kMaxDurationMs) return static_cast<Time>(kMaxDurationMs * 1e6);
    const double ns = ms * 1e6;
    // Round half up; below 2^52 this equals llround for positive values, and it is much cheaper.
    if (ns < 0x1.0p52) return static_cast<Time>(ns + 0.5);
    return static_cast<Time>(std::llround(ns));
}

inline Time fromSeconds(double s)
{
    return fromMillis(s * 1000.0);
}
inline double toMillis(Time t)
{
    return static_cast<double>(t) / 1e6;
}
inline double toSeconds(Time t)
{
    return static_cast<double>(t) / 1e9;
}

} // namespace reslab

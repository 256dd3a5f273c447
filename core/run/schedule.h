#pragma once
// The delays a retry strategy draws, without running anything: what `resilience-lab schedule`
// prints and what the backoff designer plots. Stop conditions that depend on attempt durations
// (max_elapsed_ms, stop_before_delay_ms) and Retry-After are not applied here.

#include "scenario/scenario.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace reslab {

struct ScheduledDelay
{
    int sample = 0; // 1-based: one simulated caller each
    int retry = 0;  // 1-based retry number
    double delayMs = 0.0;
};

// Retries per sample are capped at kMaxScheduledRetries.
inline constexpr int kMaxScheduledRetries = 1000;

std::vector<ScheduledDelay> scheduleDelays(const RetrySpec& retry, int samples, std::uint64_t seed);
// The same delays one at a time, in the same order, in constant memory (`schedule` streams a
// million samples × a thousand retries); `each` returns false to stop.
void forEachScheduledDelay(const RetrySpec& retry, int samples, std::uint64_t seed,
                           const std::function<bool(const ScheduledDelay&)>& each);

} // namespace reslab

#include "run/schedule.h"

#include "policy/backoff.h"
#include "sim/rng.h"

#include <algorithm>

namespace reslab {

void forEachScheduledDelay(const RetrySpec& retry, int samples, std::uint64_t seed,
                           const std::function<bool(const ScheduledDelay&)>& each)
{
    const int retries = std::min(retry.maxAttempts - 1, kMaxScheduledRetries);
    Rng rng = Rng::named(seed, "schedule");
    for (int s = 1; s <= samples; ++s) {
        BackoffState state;
        for (int n = 1; n <= retries; ++n) {
            const double ms = nextDelayMs(retry.backoff, retry.jitter, n, state, rng);
            // Rounded to the nanosecond, exactly as the engine sleeps.
            if (!each(ScheduledDelay{s, n, toMillis(fromMillis(ms))})) return;
        }
    }
}

std::vector<ScheduledDelay> scheduleDelays(const RetrySpec& retry, int samples, std::uint64_t seed)
{
    std::vector<ScheduledDelay> out;
    forEachScheduledDelay(retry, samples, seed, [&out](const ScheduledDelay& d) {
        out.push_back(d);
        return true;
    });
    return out;
}

} // namespace reslab

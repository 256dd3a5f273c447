#include "trace/trace_health.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace reslab {

namespace {
double percentileOf(std::vector<double>& v, double q)
{
    const auto k = static_cast<std::size_t>(std::min<double>(
        static_cast<double>(v.size() - 1), std::ceil(q * static_cast<double>(v.size())) - 1));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return v[k];
}
} // namespace

TraceHealth traceHealth(const Trace& trace, std::size_t maxBuckets)
{
    TraceHealth h;
    h.calls = trace.calls.size();
    if (trace.calls.empty()) return h;
    const Time origin = trace.earliest();
    Time last = origin;
    for (const TraceCall& c : trace.calls)
        last = std::max(last, c.t);
    h.spanS = toSeconds(last - origin);
    h.stepS = std::max(1.0, std::ceil(h.spanS / static_cast<double>(maxBuckets)));
    const auto buckets = static_cast<std::size_t>(h.spanS / h.stepS) + 1;
    std::vector<std::vector<double>> latencies(buckets);
    std::vector<std::uint64_t> failed(buckets, 0);
    for (const TraceCall& c : trace.calls) {
        const auto b =
            std::min(buckets - 1, static_cast<std::size_t>(toSeconds(c.t - origin) / h.stepS));
        latencies[b].push_back(toMillis(c.latency));
        failed[b] += c.outcome != Outcome::Ok;
        ++h.outcomes[static_cast<std::size_t>(c.outcome)];
    }
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t b = 0; b < buckets; ++b) {
        auto& v = latencies[b];
        h.t.push_back(static_cast<double>(b + 1) * h.stepS);
        h.callsPerS.push_back(static_cast<double>(v.size()) / h.stepS);
        h.failurePercent.push_back(v.empty() ? nan
                                             : 100.0 * static_cast<double>(failed[b]) /
                                                   static_cast<double>(v.size()));
        h.p50.push_back(v.empty() ? nan : percentileOf(v, 0.50));
        h.p90.push_back(v.empty() ? nan : percentileOf(v, 0.90));
        h.p99.push_back(v.empty() ? nan : percentileOf(v, 0.99));
    }
    return h;
}

} // namespace reslab

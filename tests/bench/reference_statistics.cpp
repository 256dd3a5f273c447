#include "reference_statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace reslab::bench {

namespace {

// The engine's histogram: a recorded value is known to within 1/128 of itself.
constexpr double kEngineBucketWidth = 1.0 / 128.0;

double ms(std::int64_t ns)
{
    return static_cast<double>(ns) / 1e6;
}

// The nearest-rank q-quantile (the ⌈q·n⌉-th smallest) of sorted values.
std::int64_t nearestRank(const std::vector<std::int64_t>& sorted, double q)
{
    if (sorted.empty()) return 0;
    const auto n = static_cast<double>(sorted.size());
    const auto rank = static_cast<std::size_t>(std::clamp(std::ceil(q * n), 1.0, n));
    return sorted[rank - 1];
}

Check around(const char* name, double engine, double reference, double tolerance)
{
    Check c{name, engine, reference, reference - tolerance, reference + tolerance, false};
    c.ok = engine >= c.low && engine <= c.high;
    return c;
}

Check quantile(const char* name, double q, double engineMs, double ne,
               const std::vector<std::int64_t>& sorted)
{
    const auto nr = static_cast<double>(sorted.size());
    const double spread =
        kAgreementZ * std::sqrt(q * (1.0 - q) * (1.0 / ne + 1.0 / nr)) + 1.0 / ne + 1.0 / nr;
    Check c{name, engineMs, ms(nearestRank(sorted, q)), 0, 0, false};
    // A rank beyond the sample leaves that side unbounded: the sample says nothing past its
    // extremes.
    c.low = (q - spread) * nr < 1.0
                ? 0.0
                : ms(nearestRank(sorted, q - spread)) * (1.0 - kEngineBucketWidth);
    c.high = (q + spread) * nr > nr - 1.0
                 ? std::numeric_limits<double>::infinity()
                 : ms(nearestRank(sorted, q + spread)) * (1.0 + kEngineBucketWidth);
    c.ok = ne > 0 && nr > 0 && engineMs >= c.low && engineMs <= c.high;
    return c;
}

} // namespace

RunStatistics statisticsOf(ReferenceResult& result, double wallS, double cpuS)
{
    RunStatistics s;
    s.requests = result.requests;
    s.finished = result.succeeded + result.failed;
    s.succeeded = result.succeeded;
    s.attempts = result.attempts;
    s.events = result.events;
    s.wallS = wallS;
    s.cpuS = cpuS;
    std::vector<std::int64_t>& v = result.latencyNs;
    std::sort(v.begin(), v.end());
    s.p50Ms = ms(nearestRank(v, 0.50));
    s.p99Ms = ms(nearestRank(v, 0.99));
    if (!v.empty()) {
        const auto n = static_cast<double>(v.size());
        double sum = 0, squares = 0;
        for (std::int64_t ns : v) {
            const double x = ms(ns);
            sum += x;
            squares += x * x;
        }
        s.meanMs = sum / n;
        s.latencySdMs = std::sqrt(std::max(0.0, squares / n - s.meanMs * s.meanMs));
        const double meanAttempts =
            static_cast<double>(result.attempts) / static_cast<double>(result.requests);
        s.attemptsSd =
            std::sqrt(std::max(0.0, result.attemptsSquared / n - meanAttempts * meanAttempts));
    }
    return s;
}

bool sameStatistics(const RunStatistics& a, const RunStatistics& b)
{
    return a.requests == b.requests && a.finished == b.finished && a.succeeded == b.succeeded &&
           a.attempts == b.attempts && a.events == b.events && a.p50Ms == b.p50Ms &&
           a.p99Ms == b.p99Ms && a.meanMs == b.meanMs;
}

std::vector<Check> compareStatistics(const RunStatistics& engine, const RunStatistics& r,
                                     const std::vector<std::int64_t>& sortedLatencyNs)
{
    const double ne = static_cast<double>(engine.requests);
    const double nr = static_cast<double>(r.requests);
    const double both = 1.0 / std::max(ne, 1.0) + 1.0 / std::max(nr, 1.0);
    const double lattice = both / 2.0; // half a count in each sample

    std::vector<Check> checks;
    checks.push_back(around("attempts per request", engine.attemptsPerRequest(),
                            r.attemptsPerRequest(),
                            kAgreementZ * r.attemptsSd * std::sqrt(both) + lattice));
    const double pooled = static_cast<double>(engine.succeeded + r.succeeded) / (ne + nr);
    checks.push_back(around("success rate", engine.successRate(), r.successRate(),
                            kAgreementZ * std::sqrt(pooled * (1.0 - pooled) * both) + lattice));
    const double finishedBoth = 1.0 / std::max<double>(static_cast<double>(engine.finished), 1.0) +
                                1.0 / std::max<double>(static_cast<double>(r.finished), 1.0);
    checks.push_back(around("latency mean (ms)", engine.meanMs, r.meanMs,
                            kAgreementZ * r.latencySdMs * std::sqrt(finishedBoth)));
    const auto fe = static_cast<double>(engine.finished);
    checks.push_back(quantile("latency p50 (ms)", 0.50, engine.p50Ms, fe, sortedLatencyNs));
    checks.push_back(quantile("latency p99 (ms)", 0.99, engine.p99Ms, fe, sortedLatencyNs));
    return checks;
}

} // namespace reslab::bench

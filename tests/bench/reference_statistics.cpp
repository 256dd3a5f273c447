#include "reference_statistics.h"

#include <algorithm>
#include <array>
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
               const std::vector<std::int64_t>& sorted, double z)
{
    const auto nr = static_cast<double>(sorted.size());
    const double spread =
        z * std::sqrt(q * (1.0 - q) * (1.0 / ne + 1.0 / nr)) + 1.0 / ne + 1.0 / nr;
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

// The mean, standard deviation and variance inflation of n values in the order they finished.
template <typename Value> Spread spreadOf(std::size_t n, Value value)
{
    Spread s;
    if (n == 0) return s;
    std::array<double, kBatches> batchMeans{};
    double sum = 0, squares = 0;
    for (std::size_t b = 0; b < kBatches; ++b) {
        const std::size_t begin = n * b / kBatches, end = n * (b + 1) / kBatches;
        double batch = 0;
        for (std::size_t i = begin; i < end; ++i) {
            const double x = value(i);
            batch += x;
            squares += x * x;
        }
        sum += batch;
        batchMeans[b] = end > begin ? batch / static_cast<double>(end - begin) : 0.0;
    }
    const auto count = static_cast<double>(n);
    s.mean = sum / count;
    const double variance = std::max(0.0, squares / count - s.mean * s.mean);
    s.sd = std::sqrt(variance);
    if (n < 2 * kBatches || variance <= 0.0) return s;
    double between = 0;
    for (double m : batchMeans)
        between += (m - s.mean) * (m - s.mean);
    // Var(mean) by batch means, ÷ Var(mean) were the values independent (σ²/n).
    const double batchVarianceOfMean = between / (kBatches - 1.0) / kBatches;
    s.inflation = std::max(1.0, batchVarianceOfMean / (variance / count));
    return s;
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
    const std::vector<std::uint8_t>& o = result.outcomes;
    s.attemptsSpread = spreadOf(o.size(), [&](std::size_t i) {
        return static_cast<double>(o[i] & ~ReferenceResult::kSucceededBit);
    });
    s.successSpread = spreadOf(o.size(), [&](std::size_t i) {
        return (o[i] & ReferenceResult::kSucceededBit) ? 1.0 : 0.0;
    });
    std::vector<std::int64_t>& v = result.latencyNs;
    s.latencySpread = spreadOf(v.size(), [&](std::size_t i) { return ms(v[i]); });
    s.meanMs = s.latencySpread.mean;
    std::sort(v.begin(), v.end()); // after the batch means: they need the order of finishing
    s.p50Ms = ms(nearestRank(v, 0.50));
    s.p99Ms = ms(nearestRank(v, 0.99));
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
    const double attemptsZ = kAgreementZ * std::sqrt(r.attemptsSpread.inflation);
    checks.push_back(around("attempts per request", engine.attemptsPerRequest(),
                            r.attemptsPerRequest(),
                            attemptsZ * r.attemptsSpread.sd * std::sqrt(both) + lattice));
    const double pooled = static_cast<double>(engine.succeeded + r.succeeded) / (ne + nr);
    const double successZ = kAgreementZ * std::sqrt(r.successSpread.inflation);
    checks.push_back(around("success rate", engine.successRate(), r.successRate(),
                            successZ * std::sqrt(pooled * (1.0 - pooled) * both) + lattice));
    const double finishedBoth = 1.0 / std::max<double>(static_cast<double>(engine.finished), 1.0) +
                                1.0 / std::max<double>(static_cast<double>(r.finished), 1.0);
    const double latencyZ = kAgreementZ * std::sqrt(r.latencySpread.inflation);
    checks.push_back(around("latency mean (ms)", engine.meanMs, r.meanMs,
                            latencyZ * r.latencySpread.sd * std::sqrt(finishedBoth)));
    // The quantiles' ranks are widened as the mean latency's variance is.
    const auto fe = static_cast<double>(engine.finished);
    checks.push_back(
        quantile("latency p50 (ms)", 0.50, engine.p50Ms, fe, sortedLatencyNs, latencyZ));
    checks.push_back(
        quantile("latency p99 (ms)", 0.99, engine.p99Ms, fe, sortedLatencyNs, latencyZ));
    return checks;
}

} // namespace reslab::bench

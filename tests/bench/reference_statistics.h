#pragma once
// The figures bench_reference prints for a run of the engine or of the reference, and the test
// that the two simulate the same model. Their random streams differ, so agreement is statistical:
// each figure may differ by kAgreementZ standard errors of the difference of two independent
// estimates (one from each sample), plus the engine's own rounding, as follows.
//  - Rates per request (attempts per request, success rate): SE = √(σ² (1/n_e + 1/n_r)), σ² the
//    per-request variance (the reference's sample variance of attempts; for success, the pooled
//    binomial p̄(1 − p̄)), plus half a count in each sample for the lattice (continuity).
//  - Mean latency: SE from the reference's sample standard deviation the same way (the engine's
//    mean is exact).
//  - Quantiles (p50, p99), distribution-free: at the engine's q-quantile x_e the reference's
//    empirical CDF F_r(x_e) is q ± z √(q (1 − q) (1/n_e + 1/n_r)) (binomial ranks in both
//    samples), plus a rank in each for ties. So x_e must lie between the reference's order
//    statistics at those ranks, widened by 1/128 each way: the engine reports a histogram
//    bucket's midpoint, and its buckets are 1/128 of their value wide (metrics/histogram.h).
// With z = 5 a check fails by chance once in 1.7 million (two-sided normal tail); at 1,000,000
// requests the allowed differences are about 0.2 % of attempts per request, 0.00007 of the
// success rate, 0.8 % of the mean latency, 1.7 % of the median and 3 % of the p99 (each run
// prints them).

#include "reference_model.h"

#include <cstdint>
#include <string>
#include <vector>

namespace reslab::bench {

inline constexpr double kAgreementZ = 5.0;
// Below this many finished requests on either side the normal approximations above (the central
// limit for means, binomial ranks for quantiles) are not to be trusted, so nothing is checked.
inline constexpr std::uint64_t kMinRequestsToCheck = 1000;
// Requests per run are counted in doubles below: exact up to 2⁵³.
inline constexpr std::uint64_t kMaxExactRequests = std::uint64_t{1} << 53;

// Requests are not independent when they share a queue: a slow spell raises the attempts and
// latencies of every request in it, and one run's figures vary more than n independent draws
// would. The variance of a run's mean is therefore also estimated by batch means (the requests
// in the order they finished, cut into kBatches runs of equal size, the mean's variance taken as
// the batch means' variance ÷ kBatches), and every tolerance above is widened by the square root
// of the ratio of that to σ²/n when it exceeds 1 (the variance inflation). The engine's run is
// assumed to inflate as the reference's does: same model, same queue. On engine-1m.json (no
// queueing: about 36 % of the workers busy) the inflation is 1.00; on an overloaded variant (70
// workers, a queue of 20, 200,000 requests) the batch means find about ×110 for attempts per
// request, and indeed the reference's attempts per request over seeds 1–8 spread over 1.63–1.68
// and the engine's over seeds 1–6 over 1.58–1.70, against a standard error of 0.002 were the
// requests independent.
inline constexpr std::size_t kBatches = 32;

// A per-request figure over a run: its mean, standard deviation and variance inflation.
struct Spread
{
    double mean = 0, sd = 0;
    double inflation = 1; // ≥ 1
};

struct RunStatistics
{
    std::uint64_t requests = 0;
    std::uint64_t finished = 0; // requests with a latency (succeeded or failed)
    std::uint64_t succeeded = 0;
    std::uint64_t attempts = 0;
    std::uint64_t events = 0;
    double p50Ms = 0, p99Ms = 0, meanMs = 0;
    double wallS = 0;
    double cpuS =
        0; // the process's CPU time over the run: what a busy shared machine inflates less
    // The reference's per-request spreads (the engine reports none).
    Spread attemptsSpread, successSpread, latencySpread;

    double attemptsPerRequest() const { return ratio(attempts, requests); }
    double successRate() const { return ratio(succeeded, requests); }
    double eventsPerAttempt() const { return ratio(events, attempts); }
    double attemptsPerSecond() const { return perSecond(wallS); }
    double attemptsPerCpuSecond() const { return perSecond(cpuS); }

private:
    double perSecond(double s) const { return s > 0 ? static_cast<double>(attempts) / s : 0.0; }
    static double ratio(std::uint64_t a, std::uint64_t b)
    {
        return b ? static_cast<double>(a) / static_cast<double>(b) : 0.0;
    }
};

// The reference run's figures; sorts result.latencyNs (nearest-rank quantiles, as the engine's).
RunStatistics statisticsOf(ReferenceResult& result, double wallS, double cpuS);

// The same simulated numbers (not the wall time): repeats of a seed must give them.
bool sameStatistics(const RunStatistics& a, const RunStatistics& b);

struct Check
{
    std::string name;
    double engine = 0, reference = 0;
    double low = 0, high = 0; // the engine's figure must lie in [low, high]
    bool ok = false;
};

// The checks above: the engine's figures against the reference's and its latencies, sorted
// (statisticsOf sorts them).
std::vector<Check> compareStatistics(const RunStatistics& engine, const RunStatistics& reference,
                                     const std::vector<std::int64_t>& sortedLatencyNs);

} // namespace reslab::bench

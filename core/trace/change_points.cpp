#include "trace/change_points.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

namespace reslab {

namespace {
// −2 · the Poisson log-likelihood of `sum` counts over `bins` bins at their MLE rate.
double segmentCost(double sum, double bins)
{
    if (sum <= 0.0) return 0.0; // 0 · ln 0 = 0: a silent segment costs nothing
    return -2.0 * (sum * std::log(sum / bins) - sum);
}
} // namespace

std::vector<std::pair<std::size_t, std::size_t>>
peltSegmentation(std::size_t n, const std::function<double(std::size_t, std::size_t)>& cost,
                 double beta, std::size_t minSegment)
{
    if (n == 0) return {};
    minSegment = std::max<std::size_t>(1, minSegment);
    constexpr double kNone = std::numeric_limits<double>::infinity();
    // best[t]: the least penalised cost of bins [0, t); from[t]: where its last segment begins.
    std::vector<double> best(n + 1, kNone);
    std::vector<std::size_t> from(n + 1, 0);
    best[0] = -beta; // the first segment pays no change point
    std::vector<std::size_t> candidates{0};
    std::vector<std::size_t> kept;
    for (std::size_t t = minSegment; t <= n; ++t) {
        for (std::size_t s : candidates) {
            if (t - s < minSegment || best[s] == kNone) continue;
            const double c = best[s] + cost(s, t) + beta;
            if (c < best[t]) {
                best[t] = c;
                from[t] = s;
            }
        }
        // PELT: a start that cannot beat t now never will (the cost is a log-likelihood, so
        // cost(s, u) ≥ cost(s, t) + cost(t, u)). A start that only ties with t goes too: t does
        // at least as well at every later end, so the least cost is the same; keeping the ties
        // made every start inside a silent stretch (cost 0) a candidate to its end, quadratic
        // in the bins: a sparse trace over 20,000 bins took half a minute per endpoint.
        kept.clear();
        for (std::size_t s : candidates)
            if (t - s < minSegment || best[s] + cost(s, t) < best[t]) kept.push_back(s);
        candidates.swap(kept);
        // t may begin a segment once a segmentation of [0, t) exists.
        if (best[t] != kNone && t + minSegment <= n) candidates.push_back(t);
    }
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (std::size_t t = n; t > 0;) {
        const std::size_t s = best[t] == kNone ? 0 : from[t];
        out.emplace_back(s, t);
        t = s;
    }
    std::reverse(out.begin(), out.end());
    return out;
}

double mbicPenalty(std::size_t bins, int parameters)
{
    return (parameters + 2.0) * std::log(static_cast<double>(std::max<std::size_t>(bins, 2)));
}

std::vector<CountSegment> poissonSegments(const std::vector<double>& counts,
                                          const ChangePointOptions& options)
{
    const std::size_t n = counts.size();
    if (n == 0) return {};
    const double beta = options.penalty >= 0.0 ? options.penalty : mbicPenalty(n, 1);
    std::vector<double> prefix(n + 1, 0.0);
    for (std::size_t i = 0; i < n; ++i)
        prefix[i + 1] = prefix[i] + std::max(0.0, counts[i]);
    std::vector<CountSegment> out;
    for (auto [s, t] : peltSegmentation(
             n,
             [&](std::size_t a, std::size_t b) {
                 return segmentCost(prefix[b] - prefix[a], static_cast<double>(b - a));
             },
             beta, options.minSegment))
        out.push_back(CountSegment{s, t, (prefix[t] - prefix[s]) / static_cast<double>(t - s)});
    return out;
}

} // namespace reslab

#pragma once
// Change points in binned counts (the first piece of `fit`, issue 14): where a recorded day's
// arrival rate, or a rate of failures, steps from one level to another. The counts of each bin
// are taken as Poisson with a rate that is constant within a segment; the segmentation is the one
// that minimises the penalised cost
//     Σ_segments C(segment) + β · (number of change points),
//     C = −2 · log-likelihood at the segment's maximum-likelihood rate = −2 (S·ln(S/n) − S)
// (S the segment's total count, n its bins; the Σ ln cᵢ! term is the same for every
// segmentation and is dropped). It is found exactly by PELT (Killick, Fearnhead & Eckley 2012,
// "Optimal detection of changepoints with a linear computational cost"), whose pruning is exact
// for a likelihood cost (K = 0).
//
// The default penalty is the modified BIC, 3·ln(n) (Zhang & Siegmund 2007; the default of R's
// changepoint package, cpt.mean(penalty = "MBIC")): the plain BIC's ln(n) per parameter finds
// spurious steps in long traces, the MBIC's extra term for the change's location does not.

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

namespace reslab {

struct CountSegment
{
    std::size_t begin = 0; // first bin
    std::size_t end = 0;   // one past the last bin
    double rate = 0.0;     // mean count per bin in it (the Poisson MLE)
};

struct ChangePointOptions
{
    double penalty = -1.0;      // β; below 0: the MBIC, 3·ln(bins)
    std::size_t minSegment = 2; // bins; a step shorter than this is not a segment
};

// The segmentation of bins [0, n) into [begin, end) pieces of at least minSegment bins that
// minimises Σ cost(begin, end) + beta · (pieces − 1), exactly, by PELT. `cost` must be −2 · a
// segment's maximised log-likelihood under some model (its pruning relies on a split never
// costing more than the whole, which holds for those).
std::vector<std::pair<std::size_t, std::size_t>>
peltSegmentation(std::size_t n, const std::function<double(std::size_t, std::size_t)>& cost,
                 double beta, std::size_t minSegment);
// The modified BIC for a change of `parameters` parameters among `bins`: (parameters + 2)·ln(n) —
// BIC's ln n per parameter, one ln n for the change's location and MBIC's one more (3·ln n for a
// change of one rate, as R's changepoint package has it).
double mbicPenalty(std::size_t bins, int parameters);

// The segments of `counts`, in order, covering every bin; empty for no bins.
std::vector<CountSegment> poissonSegments(const std::vector<double>& counts,
                                          const ChangePointOptions& options = {});

} // namespace reslab

#pragma once
// The service-time distribution of a trace by maximum likelihood (`fit`, issue 14): every kind the
// engine samples that has a likelihood — exponential, normal, lognormal, Pareto and a two-part
// lognormal mixture — fitted to the same sample, the one with the least BIC chosen, and the
// chosen one's Kolmogorov–Smirnov distance to the sample reported. When even the best is further
// than kEmpiricalKsFloor + 1.36/√n from the sample (no parametric kind fits it), the sample's own
// quantiles are the model (an `empirical` distribution).
//
// BIC = k·ln n − 2·ln L rather than AIC (2k − 2·ln L): on a sample of thousands, AIC's penalty of
// 2 per parameter lets the five-parameter mixture win over the exact kind by chance often
// (an exponential sample is fitted better in likelihood by two lognormals than by itself, by a
// few units); BIC's ln n per parameter does not. AIC is reported beside it.

#include "sim/distribution.h"

#include <string>
#include <vector>

namespace reslab {

// A KS distance this much above its sampling noise (1.36/√n, the 5 % critical value) means the
// parametric model misdescribes the sample by more than a simulation should carry: 3 % of the
// calls on the wrong side of some latency.
inline constexpr double kEmpiricalKsFloor = 0.03;
// An empirical model keeps this many quantiles of the sample (the (i + ½)/n-th), so its KS
// distance to the sample is at most 1/(2·that) plus the sample's ties.
inline constexpr std::size_t kEmpiricalQuantiles = 1000;
// Latencies are floored here for the kinds on (0, ∞) (a recorded 0 ms answer is "under 1 µs").
inline constexpr double kLatencyFloorMs = 1e-3;
// What the scenario reader takes for a lognormal's sigma and a Pareto's shape
// (scenario/distribution_reader.cpp): a fitted model is held to them.
inline constexpr double kMaxLognormalSigma = 20.0;
inline constexpr double kMaxParetoShape = 1e6;

struct LatencyCandidate
{
    Distribution dist;
    int parameters = 0;
    double logLikelihood = 0.0; // of the sample, in ms
    double aic = 0.0;
    double bic = 0.0;
    double ks = 0.0; // sup |F_sample − F_model|
};

struct LatencyFit
{
    std::size_t samples = 0;      // the values fitted (a uniform sample when there were more)
    std::uint64_t population = 0; // the successes they stand for (set by the caller; 0: samples)
    std::vector<LatencyCandidate> candidates; // every kind fitted, in kDistributionKindNames order
    Distribution chosen;                      // the least-BIC candidate, or empirical, or constant
    double ks = 0.0;                          // the chosen model's KS distance
    bool empirical = false;                   // no candidate was close enough
    std::string reason;                       // why the chosen one (for the report)
};

// Fits `samplesMs` (order does not matter; it is sorted in place). An empty sample gives a
// constant 0 ms with the reason "no calls"; identical values a constant.
LatencyFit fitLatency(std::vector<double> samplesMs);

// The model's distribution function at x ms (the kinds fitLatency produces, and uniform).
double distributionCdf(const Distribution& d, double xMs);
// sup |F_sample − F| over a sorted sample.
double ksDistance(const std::vector<double>& sorted, const Distribution& d);

} // namespace reslab

#pragma once
// The recorded latencies of an endpoint's successes outside its phases, binned, beside the share
// of each bin the fitted distribution gives: what `fit --report` and the Trace view draw to show
// how well the latency fits. Bins run from 0 to the sample's 99.5th percentile (the tail beyond
// would squeeze the body into a few pixels; the p99 is in the tables).

#include "fit/endpoint_fit.h"

#include <vector>

namespace reslab {

inline constexpr std::size_t kLatencyHistogramBins = 60;
inline constexpr double kLatencyHistogramTop = 0.995;

struct LatencyHistogram
{
    double binMs = 0;             // width; 0 when there is nothing to draw
    std::vector<double> recorded; // share of the sample in each bin
    std::vector<double> fitted;   // F(high) − F(low) of the fitted distribution
    std::size_t samples = 0;
};

LatencyHistogram latencyHistogram(const EndpointDigest& recorded, const EndpointFit& fit,
                                  std::size_t bins = kLatencyHistogramBins);

} // namespace reslab

#include "fit/latency_histogram.h"

#include <algorithm>

namespace reslab {

LatencyHistogram latencyHistogram(const EndpointDigest& recorded, const EndpointFit& fit,
                                  std::size_t bins)
{
    LatencyHistogram h;
    std::vector<double> sample;
    for (const FittedSegment& s : fit.segments)
        if (!s.latencyDiffers)
            for (const BinnedValue& v : recorded.okLatency.values())
                if (v.bin >= s.begin && v.bin < s.end) sample.push_back(v.ms);
    h.samples = sample.size();
    if (sample.size() < 2 || bins == 0) return h;
    std::sort(sample.begin(), sample.end());
    const double top = sample[static_cast<std::size_t>(kLatencyHistogramTop *
                                                       static_cast<double>(sample.size() - 1))];
    if (!(top > 0)) return h;
    h.binMs = top / static_cast<double>(bins);
    h.recorded.assign(bins, 0.0);
    const double n = static_cast<double>(sample.size());
    for (double v : sample)
        if (v < top) h.recorded[std::min(bins - 1, static_cast<std::size_t>(v / h.binMs))] += 1 / n;
    for (std::size_t i = 0; i < bins; ++i) {
        const double lo = static_cast<double>(i) * h.binMs;
        h.fitted.push_back(distributionCdf(fit.latency.chosen, lo + h.binMs) -
                           distributionCdf(fit.latency.chosen, lo));
    }
    return h;
}

} // namespace reslab

#pragma once
// A log-linear histogram of non-negative durations (nanoseconds), in the spirit of HdrHistogram:
// exact below 256 ns, then 128 sub-buckets per power of two, so any recorded value is known to
// within 1/128 (0.8 %) of itself. Fixed memory whatever the count, which keeps a run of a
// billion requests flat; mean and max are exact.

#include "sim/time.h"

#include <array>
#include <cstdint>
#include <vector>

namespace reslab {

class Histogram
{
public:
    static constexpr int kSubBits = 7;
    static constexpr std::int64_t kSubCount = 1 << kSubBits; // 128
    static constexpr std::size_t kBucketCount = (63 - kSubBits + 1) * kSubCount;

    Histogram();

    void record(Time value);
    void clear();
    void merge(const Histogram& other);

    std::uint64_t count() const { return m_count; }
    Time max() const { return m_max; }
    Time min() const { return m_count ? m_min : 0; }
    double mean() const { return m_count ? m_sum / static_cast<double>(m_count) : 0.0; }
    // Nearest-rank quantile (q in [0,1]): the smallest bucket holding the ⌈q·N⌉-th value, reported
    // as its midpoint and clamped to the observed min and max. 0 when empty.
    Time quantile(double q) const;

    static std::size_t bucketOf(Time value);
    static Time bucketLow(std::size_t index);
    static Time bucketHigh(std::size_t index); // exclusive

private:
    std::vector<std::uint64_t> m_buckets;
    std::uint64_t m_count = 0;
    double m_sum = 0.0;
    Time m_min = 0;
    Time m_max = 0;
    std::size_t m_lowest = kBucketCount; // touched range, so clear() and quantile() stay cheap
    std::size_t m_highest = 0;
};

} // namespace reslab

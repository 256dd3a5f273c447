#include "metrics/histogram.h"

#include "metrics/summary.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace reslab {

Histogram::Histogram() : m_buckets(kBucketCount, 0) {}

std::size_t Histogram::bucketOf(Time value)
{
    const auto v = static_cast<std::uint64_t>(std::max<Time>(value, 0));
    if (v < 2 * kSubCount) return static_cast<std::size_t>(v);
    const int msb = 63 - std::countl_zero(v);
    const int shift = msb - kSubBits;
    return static_cast<std::size_t>((shift + 1) * kSubCount +
                                    static_cast<std::int64_t>(v >> shift) - kSubCount);
}

Time Histogram::bucketLow(std::size_t index)
{
    const auto i = static_cast<std::int64_t>(index);
    if (i < 2 * kSubCount) return i;
    const std::int64_t shift = i / kSubCount - 1;
    const std::int64_t mantissa = i % kSubCount + kSubCount;
    return mantissa << shift;
}

Time Histogram::bucketHigh(std::size_t index)
{
    const auto i = static_cast<std::int64_t>(index);
    if (i < 2 * kSubCount) return i + 1;
    const std::int64_t shift = i / kSubCount - 1;
    const Time low = bucketLow(index);
    const Time width = std::int64_t{1} << shift;
    return low > kTimeNever - width ? kTimeNever : low + width; // the top bucket saturates
}

void Histogram::record(Time value)
{
    value = std::max<Time>(value, 0);
    const std::size_t b = bucketOf(value);
    ++m_buckets[b];
    if (m_count == 0) {
        m_min = m_max = value;
    } else {
        m_min = std::min(m_min, value);
        m_max = std::max(m_max, value);
    }
    ++m_count;
    m_sum += static_cast<double>(value);
    m_lowest = std::min(m_lowest, b);
    m_highest = std::max(m_highest, b);
}

void Histogram::clear()
{
    if (m_count)
        std::fill(m_buckets.begin() + static_cast<std::ptrdiff_t>(m_lowest),
                  m_buckets.begin() + static_cast<std::ptrdiff_t>(m_highest) + 1, 0);
    m_count = 0;
    m_sum = 0.0;
    m_min = m_max = 0;
    m_lowest = kBucketCount;
    m_highest = 0;
}

void Histogram::merge(const Histogram& other)
{
    if (!other.m_count) return;
    for (std::size_t i = other.m_lowest; i <= other.m_highest; ++i)
        m_buckets[i] += other.m_buckets[i];
    m_min = m_count ? std::min(m_min, other.m_min) : other.m_min;
    m_max = m_count ? std::max(m_max, other.m_max) : other.m_max;
    m_count += other.m_count;
    m_sum += other.m_sum;
    m_lowest = std::min(m_lowest, other.m_lowest);
    m_highest = std::max(m_highest, other.m_highest);
}

Time Histogram::quantile(double q) const
{
    if (m_count == 0) return 0;
    q = std::clamp(q, 0.0, 1.0);
    const auto rank = std::max<std::uint64_t>(
        1, static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(m_count))));
    std::uint64_t seen = 0;
    for (std::size_t i = m_lowest; i <= m_highest; ++i) {
        seen += m_buckets[i];
        if (seen >= rank) {
            const Time mid = bucketLow(i) + (bucketHigh(i) - 1 - bucketLow(i)) / 2;
            return std::clamp(mid, m_min, m_max);
        }
    }
    return m_max;
}

LatencySummary LatencySummary::of(const Histogram& latency)
{
    LatencySummary s;
    s.mean = latency.mean() / 1e6;
    s.p50 = toMillis(latency.quantile(0.50));
    s.p90 = toMillis(latency.quantile(0.90));
    s.p99 = toMillis(latency.quantile(0.99));
    s.p999 = toMillis(latency.quantile(0.999));
    s.max = toMillis(latency.max());
    return s;
}

} // namespace reslab

#pragma once
// A small latency histogram for per-minute health (fit/trace_digest.h keeps one per endpoint and
// minute, so a day of a trace holds 1,440 of them): buckets 2 % wide in log scale from 1 µs to
// the 100 years a trace line may take (trace/trace_io.h), 32-bit counts, quantiles to within 1 %.
// metrics/histogram.h is exact to 0.8 % too but takes 58 KB each.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace reslab {

class CoarseHistogram
{
public:
    static constexpr double kLowMs = 1e-3;
    static constexpr double kStep = 1.02;         // bucket i holds [low·step^i, low·step^(i+1))
    static constexpr std::size_t kBuckets = 1810; // 1e-3 · 1.02^1810 ≈ 4e12 ms > 100 years

    void record(double ms)
    {
        if (m_counts.empty()) m_counts.assign(kBuckets, 0);
        ++m_counts[bucketOf(ms)];
        ++m_count;
    }
    void merge(const CoarseHistogram& other)
    {
        if (other.m_count == 0) return;
        if (m_counts.empty()) m_counts.assign(kBuckets, 0);
        for (std::size_t i = 0; i < kBuckets; ++i)
            m_counts[i] += other.m_counts[i];
        m_count += other.m_count;
    }
    std::uint64_t count() const { return m_count; }
    // The nearest-rank quantile, as the geometric middle of its bucket; NaN when empty.
    double quantile(double q) const
    {
        if (m_count == 0) return std::nan("");
        const auto rank =
            static_cast<std::uint64_t>(std::max(1.0, std::ceil(q * static_cast<double>(m_count))));
        std::uint64_t seen = 0;
        for (std::size_t i = 0; i < m_counts.size(); ++i)
            if ((seen += m_counts[i]) >= rank)
                return kLowMs * std::pow(kStep, static_cast<double>(i) + 0.5);
        return kLowMs * std::pow(kStep, kBuckets - 0.5);
    }
    static std::size_t bucketOf(double ms)
    {
        if (!(ms > kLowMs)) return 0;
        const auto i = static_cast<std::size_t>(std::log(ms / kLowMs) / std::log(kStep));
        return i < kBuckets ? i : kBuckets - 1;
    }

private:
    std::vector<std::uint32_t> m_counts; // allocated on the first value: most minutes of
                                         // most endpoints of a long trace may have none
    std::uint64_t m_count = 0;
};

} // namespace reslab

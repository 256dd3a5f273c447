#include "policy/tps_budget.h"

#include <cassert>
#include <cmath>
#include <limits>

namespace reslab {

namespace {
constexpr std::int64_t kTpsIsizeMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kTpsIsizeMin = std::numeric_limits<std::int64_t>::min();

// Rust's `f32 as isize`: truncation toward zero, saturating at the ends, NaN → 0.
std::int64_t tpsFloatAsIsize(float v)
{
    if (std::isnan(v)) return 0;
    if (v >= 9.2233720368547758e18f) return kTpsIsizeMax; // 2^63, the first float out of range
    if (v <= -9.2233720368547758e18f) return kTpsIsizeMin;
    return static_cast<std::int64_t>(v);
}

std::int64_t tpsSaturatingAdd(std::int64_t a, std::int64_t b)
{
    std::int64_t out;
    if (__builtin_add_overflow(a, b, &out)) return b > 0 ? kTpsIsizeMax : kTpsIsizeMin;
    return out;
}

std::int64_t tpsSaturatingMul(std::int64_t a, std::int64_t b)
{
    std::int64_t out;
    if (__builtin_mul_overflow(a, b, &out)) return (a < 0) != (b < 0) ? kTpsIsizeMin : kTpsIsizeMax;
    return out;
}

// AtomicIsize::fetch_add wraps around on overflow.
std::int64_t tpsWrappingAdd(std::int64_t a, std::int64_t b)
{
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
}
} // namespace

TpsBudget::Amounts TpsBudget::amounts(float retryRatio)
{
    // "If there is no percent, then you gain nothing from deposits. Withdrawals can only be made
    // against the reserve, over time."
    if (retryRatio == 0.0f) return {0, 1};
    // Both divisions in f32, as the source computes them (1 / 0.3f is 3.3333333 → 3).
    if (retryRatio <= 1.0f) return {1, tpsFloatAsIsize(1.0f / retryRatio)};
    return {1000, tpsFloatAsIsize(1000.0f / retryRatio)};
}

TpsBudget::TpsBudget(Time ttl, std::uint32_t minPerSec, float retryRatio, Time created)
    : m_amounts(amounts(retryRatio)), m_window(ttl / static_cast<Time>(kSlots)),
      m_generationTime(created)
{
    assert(ttl >= kNanosPerSecond && ttl <= 60 * kNanosPerSecond);
    assert(retryRatio >= 0.0f && retryRatio <= 1000.0f);
    assert(std::int64_t(minPerSec) <= kTpsBudgetMaxMinPerSec);
    // ttl.as_secs(): whole seconds, the fraction dropped.
    m_reserve =
        tpsSaturatingMul(tpsSaturatingMul(minPerSec, ttl / kNanosPerSecond), m_amounts.withdraw);
}

void TpsBudget::expire(Time now)
{
    const Time diff =
        now > m_generationTime ? now - m_generationTime : 0; // saturating_duration_since
    if (diff < m_window) return;
    m_slots[m_generation] = m_writer;
    m_writer = 0;
    // `while diff > window { slots[idx] = 0; diff -= window; idx += 1 }` runs ⌈diff / window⌉ − 1
    // times; past ten turns it has zeroed every slot and only the index keeps moving.
    const Time turns = (diff - 1) / m_window;
    const std::size_t next = (m_generation + 1) % kSlots;
    const std::size_t zeroed = turns >= Time(kSlots) ? kSlots : static_cast<std::size_t>(turns);
    for (std::size_t i = 0; i < zeroed; ++i)
        m_slots[(next + i) % kSlots] = 0;
    m_generation = (next + static_cast<std::size_t>(turns % Time(kSlots))) % kSlots;
    m_generationTime = now;
}

std::int64_t TpsBudget::balance() const
{
    std::int64_t windowed = 0;
    for (std::int64_t slot : m_slots)
        windowed = tpsSaturatingAdd(windowed, slot);
    return tpsSaturatingAdd(tpsSaturatingAdd(m_writer, windowed), m_reserve);
}

void TpsBudget::deposit(Time now)
{
    expire(now);
    m_writer = tpsWrappingAdd(m_writer, m_amounts.deposit);
    ++m_stats.deposits;
}

bool TpsBudget::withdraw(Time now)
{
    expire(now);
    if (balance() >= m_amounts.withdraw) {
        m_writer = tpsWrappingAdd(m_writer, -m_amounts.withdraw);
        ++m_stats.withdrawals;
        return true;
    }
    ++m_stats.refusals;
    return false;
}

} // namespace reslab

#include "sim/event_calendar.h"

#include <algorithm>
#include <bit>

namespace reslab {

namespace {
// 2^20 ns ≈ 1 ms buckets to begin with: a ring of 256 then spans about a quarter of a second.
constexpr int kInitialShift = 20;
// The span (256 buckets << shift) must fit in 64 bits.
constexpr int kMaxShift = 55;
// The width is reconsidered every this many refills, from the keys they took.
constexpr std::uint64_t kAdaptEvery = 4096;
// More keys than this per bucket on average: halve the width (sorting a bucket grows as n log n
// and every insert into front moves the keys after it).
constexpr std::uint64_t kMostPerBucket = 32;
// Fewer than this (or a quarter of the keys going through far): double it (a refill per key or
// two, and heap work, cost more than a wider bucket).
constexpr std::uint64_t kFewestPerBucket = 3;
// Front holding more than this: narrow the width at once (see insertFront).
constexpr std::size_t kFrontLimit = 256;
constexpr std::size_t kArity = 4; // far: as the heap the queue used before
} // namespace

EventCalendar::EventCalendar() : m_shift(kInitialShift) {}

void EventCalendar::insertFar(Key k)
{
    ++m_fromFar;
    farPush(k);
}

void EventCalendar::insertFront(Key k)
{
    if (frontEmpty()) { // reuse the space of the keys taken
        m_front.clear();
        m_head = 0;
    }
    const auto first = m_front.begin() + static_cast<std::ptrdiff_t>(m_head);
    if (m_head > 0 && (first == m_front.end() || k < *first)) {
        m_front[--m_head] = k; // before everything: where the last taken key was
    } else {
        // After the last key smaller than it: usually at or near the end, since a new key is
        // usually later than those already there (and at one instant, its sequence is), so the
        // place is looked for from the end, moving the later keys up one as it goes (cheaper
        // than a binary search and an insert() for the handful of keys a bucket holds).
        m_front.push_back(k);
        std::size_t i = m_front.size() - 1;
        while (i > m_head && k < m_front[i - 1]) {
            m_front[i] = m_front[i - 1];
            --i;
        }
        m_front[i] = k;
    }
    // A bucket that never empties (every key lands in it) never reaches a refill, where the width
    // is reconsidered: narrow it here, to about kMostPerBucket / 4 of these keys a bucket.
    if (m_front.size() - m_head > kFrontLimit && m_shift > 0) {
        const std::size_t held = m_front.size() - m_head;
        const auto spread =
            static_cast<std::uint64_t>(timeOf(m_front.back()) - timeOf(m_front[m_head]));
        const std::uint64_t wanted = spread / (held / (kMostPerBucket / 4)) + 1;
        const int shift = static_cast<int>(std::bit_width(wanted)) - 1;
        if (shift < m_shift) rebuild(shift);
    }
}

void EventCalendar::refill()
{
    if (++m_refills % kAdaptEvery == 0) adapt();
    if (!frontEmpty()) return; // the rebuild filled it
    if (m_ringCount == 0) {
        // Nothing within the span: jump to the far heap's earliest key.
        const Time t = timeOf(m_far.front());
        m_base = static_cast<Time>(static_cast<std::uint64_t>(t) & ~(width() - 1));
        moveFarIntoRing();
        m_taken += m_front.size() - m_head;
        return;
    }
    // The first occupied bucket after the current one, in ring order (the current one is empty).
    const std::size_t current = bucketOf(m_base);
    const std::size_t start = (current + 1) & (kBuckets - 1);
    std::size_t found = kBuckets;
    for (std::size_t i = 0; i <= kWords && found == kBuckets; ++i) {
        const std::size_t w = (start / 64 + i) % kWords;
        std::uint64_t bits = m_occupied[w];
        if (i == 0) bits &= ~std::uint64_t{0} << (start % 64);
        if (bits) found = w * 64 + static_cast<std::size_t>(std::countr_zero(bits));
    }
    const std::size_t distance = (found - current) & (kBuckets - 1);
    m_base = static_cast<Time>(static_cast<std::uint64_t>(m_base) + distance * width());
    takeBucket(found);
    // The span now reaches further: far keys it covers join the ring (all after this bucket).
    moveFarIntoRing();
}

void EventCalendar::takeBucket(std::size_t b)
{
    m_front.clear(); // it was empty: the bucket keeps its capacity for next time
    m_head = 0;
    m_front.swap(m_ring[b]);
    m_occupied[b / 64] &= ~(std::uint64_t{1} << (b % 64));
    m_ringCount -= m_front.size();
    m_taken += m_front.size();
    std::sort(m_front.begin(), m_front.end());
}

void EventCalendar::moveFarIntoRing()
{
    while (!m_far.empty() &&
           static_cast<std::uint64_t>(timeOf(m_far.front())) - static_cast<std::uint64_t>(m_base) <
               span()) {
        const Key k = m_far.front();
        farPop();
        const Time t = timeOf(k);
        if (static_cast<std::uint64_t>(t) - static_cast<std::uint64_t>(m_base) < width())
            insertFront(k);
        else
            insertRing(k, t);
    }
}

void EventCalendar::adapt()
{
    const std::uint64_t perBucket = m_taken / kAdaptEvery;
    int shift = m_shift;
    if (perBucket > kMostPerBucket && shift > 0)
        --shift;
    else if ((perBucket < kFewestPerBucket || m_fromFar * 4 > m_taken) &&
             perBucket < kMostPerBucket / 2 && shift < kMaxShift)
        ++shift;
    m_taken = 0;
    m_fromFar = 0;
    if (shift != m_shift) rebuild(shift);
}

void EventCalendar::rebuild(int shift)
{
    std::vector<Key> all;
    all.reserve(size());
    all.insert(all.end(), m_front.begin() + static_cast<std::ptrdiff_t>(m_head), m_front.end());
    for (std::vector<Key>& bucket : m_ring) {
        all.insert(all.end(), bucket.begin(), bucket.end());
        bucket.clear();
    }
    all.insert(all.end(), m_far.begin(), m_far.end());
    m_front.clear();
    m_head = 0;
    m_far.clear();
    m_occupied.fill(0);
    m_ringCount = 0;
    m_shift = shift;
    if (all.empty()) return;
    const Key least = *std::min_element(all.begin(), all.end());
    m_base = static_cast<Time>(static_cast<std::uint64_t>(timeOf(least)) & ~(width() - 1));
    for (const Key k : all)
        insert(k);
    m_fromFar = 0;
}

void EventCalendar::farPush(Key k)
{
    std::size_t i = m_far.size();
    m_far.push_back(k);
    while (i > 0) {
        const std::size_t parent = (i - 1) / kArity;
        if (!(k < m_far[parent])) break;
        m_far[i] = m_far[parent];
        i = parent;
    }
    m_far[i] = k;
}

void EventCalendar::farPop()
{
    const Key last = m_far.back();
    m_far.pop_back();
    const std::size_t n = m_far.size();
    if (n == 0) return;
    std::size_t i = 0;
    while (true) {
        const std::size_t first = i * kArity + 1;
        if (first >= n) break;
        std::size_t best = first;
        for (std::size_t c = first + 1; c < std::min(first + kArity, n); ++c)
            if (m_far[c] < m_far[best]) best = c;
        if (!(m_far[best] < last)) break;
        m_far[i] = m_far[best];
        i = best;
    }
    m_far[i] = last;
}

} // namespace reslab

#pragma once
// The ordered store behind the event queue: 128-bit keys (time, then sequence, then slot) taken
// out smallest first. A calendar queue (R. Brown, "Calendar queues", CACM 31(10), 1988) with a
// heap for the far future:
//
//   front   the keys of the current bucket, sorted, from a head index: taking one moves the head,
//           and a new key (nearly always later than those there) goes near the end
//   ring    kBuckets buckets of 2^shift ns each after it, unsorted (appending is the whole cost)
//   far     a 4-ary min-heap of the keys past the ring's span
//
// Every key in front is smaller than every key in the ring, and those smaller than every key in
// far, so the smallest key is always front's last, and the order is the keys' exact order
// whatever the bucket width: the width (adapted to how many keys a bucket holds, from counts of
// the run's own events, so it is the same on every machine) only decides how fast it is. A heap
// alone cost about 235 instructions per event on the engine benchmark (a sift through 3–4 levels of
// 128-bit keys per event); a bucket holds a handful of keys, sorted once.

#include "sim/time.h"

#include <array>
#include <cstdint>
#include <vector>

namespace reslab {

class EventCalendar
{
public:
    __extension__ using Key = unsigned __int128; // when (64) | seq (40) | slot (24)
    static Time timeOf(Key k) { return static_cast<Time>(static_cast<std::uint64_t>(k >> 64)); }

    EventCalendar();

    bool empty() const { return frontEmpty() && m_ringCount == 0 && m_far.empty(); }
    std::size_t size() const { return m_front.size() - m_head + m_ringCount + m_far.size(); }
    // Inline: the queue inserts three times per simulated attempt, nearly always into the ring.
    void insert(Key k)
    {
        const Time t = timeOf(k);
        // Before the current bucket (a driver moved the clock back to a wall-clock instant after
        // the queue looked ahead) or in it: front. Anything in front is before everything in the
        // ring.
        const std::uint64_t delta =
            static_cast<std::uint64_t>(t) - static_cast<std::uint64_t>(m_base);
        if (t < m_base || delta < width())
            insertFront(k);
        else if (delta < span())
            insertRing(k, t);
        else
            insertFar(k);
    }
    // The smallest key; only when !empty(). Brings the next bucket forward when front is empty.
    Key top()
    {
        if (frontEmpty()) refill();
        return m_front[m_head];
    }
    // The smallest key into `k`, or false when there is none: empty() and top() in one pass.
    bool peek(Key& k)
    {
        if (frontEmpty()) {
            if (m_ringCount == 0 && m_far.empty()) return false;
            refill();
        }
        k = m_front[m_head];
        return true;
    }
    // Removes the smallest key; only right after top() or a peek() that found one.
    void pop() { ++m_head; }
    // Removes and returns the smallest key; only after top() or a peek() that found one, with at
    // most insertions since (an insertion keeps front's smallest at its head).
    Key take() { return m_front[m_head++]; }

    int shift() const { return m_shift; } // log2 of the bucket width in ns (for tests)

private:
    static constexpr int kBucketBits = 8;
    static constexpr std::size_t kBuckets = std::size_t{1} << kBucketBits;
    static constexpr std::size_t kWords = kBuckets / 64;

    bool frontEmpty() const { return m_head == m_front.size(); }
    std::uint64_t width() const { return std::uint64_t{1} << m_shift; }
    std::uint64_t span() const { return std::uint64_t{kBuckets} << m_shift; }
    std::size_t bucketOf(Time t) const
    {
        return static_cast<std::size_t>(static_cast<std::uint64_t>(t) >> m_shift) & (kBuckets - 1);
    }
    void insertFront(Key k);
    void insertRing(Key k, Time when)
    {
        const std::size_t b = bucketOf(when);
        m_ring[b].push_back(k);
        m_occupied[b / 64] |= std::uint64_t{1} << (b % 64);
        ++m_ringCount;
    }
    void insertFar(Key k);
    void refill(); // front is empty and something else is not
    void takeBucket(std::size_t b);
    void moveFarIntoRing(); // far keys the ring's span now reaches
    void farPush(Key k);
    void farPop();
    void adapt(); // after kAdaptEvery refills: a better width, if one is due
    void rebuild(int shift);

    std::vector<Key> m_front; // sorted ascending; [0, m_head) are taken
    std::size_t m_head = 0;
    std::array<std::vector<Key>, kBuckets> m_ring;
    std::array<std::uint64_t, kWords> m_occupied{}; // bit b: m_ring[b] is not empty
    std::size_t m_ringCount = 0;
    std::vector<Key> m_far; // 4-ary min-heap
    Time m_base = 0;        // the start of front's bucket, a multiple of the width
    int m_shift;

    // Adaptation: keys taken into front per refill, over the last kAdaptEvery refills.
    std::uint64_t m_refills = 0;
    std::uint64_t m_taken = 0;
    std::uint64_t m_fromFar = 0; // keys that went through far in that time
};

} // namespace reslab

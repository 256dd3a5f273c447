#pragma once
// The sliding windows a circuit breaker counts calls in (resilience4j's SlidingWindowType):
//  - CountWindow: the last N calls, a ring of flags with running totals (COUNT_BASED);
//  - TimeWindow: the last `span` of time in B equal buckets with running totals (TIME_BASED:
//    resilience4j uses one-second buckets, Polly 10 sub-windows of its sampling duration,
//    Hystrix 20 buckets of 500 ms). Buckets sit on the clock's multiples of their width and those
//    that fell out of the span are cleared as the clock moves, at most B of them per step, so
//    recording is amortised O(1);
//  - CallStartedWindow: Polly v8's RollingHealthMetrics, whose sub-windows of span/B begin with
//    the first call after the last sub-window ended and leave once span has passed since they
//    began: the same call times land in other buckets than on the clock's multiples.

#include "sim/time.h"

#include <cstdint>
#include <deque>
#include <vector>

namespace reslab {

struct WindowTotals
{
    std::uint32_t calls = 0;
    std::uint32_t failures = 0;
    std::uint32_t slow = 0;
};

class CountWindow
{
public:
    explicit CountWindow(std::uint32_t size) : m_flags(size, 0) {}
    void record(bool failure, bool slow);
    WindowTotals totals() const { return m_totals; }
    void clear();

private:
    std::vector<std::uint8_t> m_flags; // bit 0 failure, bit 1 slow, bit 2 occupied
    std::size_t m_next = 0;
    WindowTotals m_totals;
};

class TimeWindow
{
public:
    TimeWindow(Time span, std::uint32_t buckets);
    void record(Time now, bool failure, bool slow) { add(now, {1, failure, slow}); }
    // Counts added to the bucket of `now` (opossum counts a call when it is fired and its
    // failure when it ends, so the two land in their own buckets).
    void add(Time now, WindowTotals counts);
    WindowTotals totals(Time now);
    // The totals without the bucket `now` is in: what Hystrix's health-counts stream emits when
    // a bucket completes.
    WindowTotals completedTotals(Time now);
    void clear();

private:
    struct Bucket
    {
        std::int64_t index = -1; // absolute bucket number (now / width) it holds
        WindowTotals counts;
    };
    void advance(Time now);

    Time m_width;
    std::vector<Bucket> m_buckets;
    std::int64_t m_current = -1;
    WindowTotals m_totals;
};

class CallStartedWindow
{
public:
    CallStartedWindow(Time span, std::uint32_t buckets);
    void record(Time now, bool failure, bool slow);
    // A pure look (Polly looks only when it records a failure, so looking must not begin a
    // sub-window): the sub-windows begun less than span before `now`.
    WindowTotals totals(Time now) const;
    void clear();

private:
    struct SubWindow
    {
        Time start = 0;
        WindowTotals counts;
    };
    Time m_span;
    Time m_width;
    std::deque<SubWindow> m_windows;
};

} // namespace reslab

#pragma once
// Virtual-time event queue: a 4-ary min-heap ordered by (time, insertion sequence), so events at
// the same instant run in the order they were scheduled and every run is deterministic.
// A heap entry is one 128-bit key — time, then sequence, then slot — so ordering is a single
// comparison; the callback lives in a slot table, which also makes cancellation lazy and O(1): a
// cancelled slot is skipped when its entry reaches the top. The queue is the engine's hottest code
// (about four events per simulated attempt). Most handlers schedule a follow-up event, so the
// running event's entry stays at the top while it runs and the first event it schedules takes
// its place with a single sift-down (instead of a pop and a push). A radix heap was tried and
// measured slower here:
// event times spread over many powers of two, so entries are redistributed too often.
//
// A source that always has one next event pending (an open workload's arrivals: a quarter of all
// events) may keep it in the lane beside the heap (atNext): it takes its sequence number as at()
// would, and runTop() runs whichever of the lane and the heap's top comes first by the same key,
// so the order of events is exactly the heap's; an arrival then costs no heap operation.
//
// Limits: 2^24 (16.7 million) events pending at once and 2^40 events per run; beyond either,
// at() throws std::length_error rather than misorder events.

#include "sim/scheduler.h"

#include <stdexcept>
#include <vector>

namespace reslab {

class EventQueue final : public Scheduler
{
public:
    TimerId at(Time when, EventTarget* target, std::uint32_t kind, std::uint64_t arg) override;
    void cancel(TimerId id) override;
    void atNext(Time when, EventTarget* target, std::uint32_t kind, std::uint64_t arg) override;

    // Runs the earliest pending event if it is due at or before `limit`; false when there is none.
    bool runNext(Time limit = kTimeNever);
    // Runs the earliest event; only right after nextTime() returned a time other than kTimeNever.
    void runTop();
    // Moves the clock forward to `t` with nothing run: for a driver that paces the queue against a
    // wall clock and has just run every event due by `t` (`serve`). Never moves it back, nor past
    // a pending event.
    void advanceClock(Time t);
    // Time of the earliest live event, or kTimeNever.
    Time nextTime();
    bool empty() { return nextTime() == kTimeNever; }

    std::uint64_t eventsRun() const { return m_eventsRun; }
    std::size_t pending() const { return m_heap.size() + (m_lane.target ? 1 : 0); }

private:
    __extension__ using Key = unsigned __int128; // when (64) | seq (40) | slot (24)
    static constexpr int kSlotBits = 24;
    static constexpr std::uint64_t kSlotMask = (1ULL << kSlotBits) - 1;
    static constexpr std::uint64_t kMaxSeq = (1ULL << (64 - kSlotBits)) - 1;
    struct Entry
    {
        Key key;
        Time when() const { return static_cast<Time>(static_cast<std::uint64_t>(key >> 64)); }
        std::uint32_t slot() const
        {
            return static_cast<std::uint32_t>(static_cast<std::uint64_t>(key) & kSlotMask);
        }
    };
    struct Slot
    {
        EventTarget* target;
        std::uint64_t arg;
        std::uint32_t kind;
        std::uint32_t generation; // of the TimerId that owns the slot
        bool live;                // false once cancelled
    };
    static bool before(const Entry& x, const Entry& y) { return x.key < y.key; }
    void push(Entry e);
    void popTop();
    void siftDown(Entry e); // places e, starting from the root
    void dropStaleTop()
    {
        if (m_topIsRunning) { // asked from inside a handler: retire the running entry first
            m_topIsRunning = false;
            popTop();
        }
        while (!m_heap.empty() && !m_slots[m_heap.front().slot()].live)
            recycleTop();
    }
    void recycleTop();
    Key keyOf(Time when, std::uint32_t slot)
    {
        if (m_seq > kMaxSeq) throw std::length_error("simulation too long: more than 2^40 events");
        return (static_cast<Key>(static_cast<std::uint64_t>(when)) << 64) |
               (static_cast<Key>(m_seq++) << kSlotBits) | slot;
    }
    // Whether the lane's event runs before the heap's top (whose stale entries are gone).
    bool laneFirst() const
    {
        return m_lane.target && (m_heap.empty() || m_lane.key < m_heap.front().key);
    }
    void runLane();

    struct Lane
    {
        Key key = 0;
        EventTarget* target = nullptr; // null: nothing pending in the lane
        std::uint64_t arg = 0;
        std::uint32_t kind = 0;
    };
    Lane m_lane;
    std::vector<Entry> m_heap;
    std::vector<Slot> m_slots;
    std::vector<std::uint32_t> m_freeSlots;
    bool m_topIsRunning = false; // m_heap[0] is the running event's entry, free to be replaced
    std::uint64_t m_seq = 0;
    std::uint64_t m_eventsRun = 0;
};

} // namespace reslab

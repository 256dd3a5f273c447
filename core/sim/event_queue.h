#pragma once
// Virtual-time event queue: a binary min-heap ordered by (time, insertion sequence), so events at
// the same instant run in the order they were scheduled and every run is deterministic.
// Cancellation is lazy: a cancelled event stays in the heap with a stale generation and is
// skipped when it reaches the top.

#include "sim/scheduler.h"

#include <vector>

namespace reslab {

class EventQueue final : public Scheduler
{
public:
    Time now() const override { return m_now; }
    TimerId at(Time when, EventTarget* target, std::uint32_t kind, std::uint64_t arg) override;
    void cancel(TimerId id) override;

    // Runs the earliest pending event if it is due at or before `limit`; false when there is none.
    bool runNext(Time limit = kTimeNever);
    // Time of the earliest live event, or kTimeNever.
    Time nextTime();
    bool empty() { return nextTime() == kTimeNever; }

    std::uint64_t eventsRun() const { return m_eventsRun; }
    std::size_t pending() const { return m_heap.size(); }

private:
    struct Entry
    {
        Time when;
        std::uint64_t seq;
        EventTarget* target;
        std::uint64_t arg;
        std::uint32_t kind;
        std::uint32_t slot;
    };
    static bool later(const Entry& x, const Entry& y)
    {
        return x.when != y.when ? x.when > y.when : x.seq > y.seq;
    }
    void popTop();
    void dropStaleTop();

    std::vector<Entry> m_heap;
    // Per slot: the generation of the event that owns it. An entry is live while its generation
    // (kept in the high half of the TimerId) matches.
    std::vector<std::uint32_t> m_slotGeneration;
    std::vector<std::uint32_t> m_entryGeneration; // generation each live entry was issued with
    std::vector<std::uint32_t> m_freeSlots;
    Time m_now = 0;
    std::uint64_t m_seq = 0;
    std::uint64_t m_eventsRun = 0;
};

} // namespace reslab

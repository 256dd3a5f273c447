#pragma once
// Virtual-time event queue: events ordered by (time, insertion sequence), so events at the same
// instant run in the order they were scheduled and every run is deterministic. An event's key is
// one 128-bit integer — time, then sequence, then slot — kept in an EventCalendar (a calendar
// queue: sim/event_calendar.h), so ordering is a single comparison and taking the next event
// costs about the same however many are pending; the callback lives in a slot table, which also
// makes cancellation lazy and O(1): a cancelled slot is skipped when its key comes up.
//
// A source that always has one next event pending (an open workload's arrivals: a quarter of all
// events) may keep it in the lane beside the calendar (atNext): it takes its sequence number as
// at() would, and runTop() runs whichever of the lane and the calendar's first comes first by the
// same key, so the order of events is exactly the calendar's; an arrival then costs no insertion.
//
// Limits: 2^24 (16.7 million) events pending at once and 2^40 events per run; beyond either,
// at() throws std::length_error rather than misorder events.

#include "sim/event_calendar.h"
#include "sim/scheduler.h"

#include <cassert>
#include <stdexcept>
#include <vector>

namespace reslab {

class EventQueue final : public Scheduler
{
public:
    // Inline: an endpoint schedules three events per attempt through its EventQueue& directly.
    TimerId at(Time when, EventTarget* target, std::uint32_t kind, std::uint64_t arg) override
    {
        assert(when >= m_now && "events cannot be scheduled in the past");
        checkSequence();
        if (m_freeHead == kNoSlot) [[unlikely]]
            addSlot();
        const std::uint32_t slot = m_freeHead;
        Slot& s = m_slots[slot];
        m_freeHead = s.nextFree;
        s.target = target;
        s.arg = arg;
        s.kind = kind;
        ++s.generation;
        s.live = true;
        m_calendar.insert(keyOf(when, slot));
        // +1 on the slot keeps every valid id non-zero.
        return (static_cast<TimerId>(s.generation) << 32) | (slot + 1ULL);
    }
    void cancel(TimerId id) override;
    // Inline: an open workload's every arrival schedules the next through its EventQueue&.
    void atNext(Time when, EventTarget* target, std::uint32_t kind, std::uint64_t arg) override
    {
        if (m_lane.target) [[unlikely]] { // the lane is taken (a second source): the calendar
            at(when, target, kind, arg);  // keeps this one
            return;
        }
        assert(when >= m_now && "events cannot be scheduled in the past");
        checkSequence();
        // Slot bits 0: the sequence number alone orders it against the calendar's keys.
        m_lane = Lane{keyOf(when, 0), target, arg, kind};
    }

    // Runs the earliest pending event if it is due at or before `limit`; false when there is none.
    bool runNext(Time limit = kTimeNever);
    // Runs the earliest event; only right after nextTime() returned a time other than kTimeNever
    // (it runs what nextTime() found first: the lane's event or the calendar's). Inline: the
    // run's loop calls it for every event.
    void runTop()
    {
        if (m_laneNext) {
            runLane();
            return;
        }
        const Key top = m_calendar.take();
        const std::uint32_t slot = slotOf(top);
        Slot& s = m_slots[slot];
        s.live = false;
        EventTarget* target = s.target;
        const std::uint32_t kind = s.kind;
        const std::uint64_t arg = s.arg;
        freeSlot(slot);
        m_now = EventCalendar::timeOf(top);
        ++m_eventsRun;
        target->onEvent(kind, arg);
    }
    // Moves the clock forward to `t` with nothing run: for a driver that paces the queue against a
    // wall clock and has just run every event due by `t` (`serve`). Never moves it back, nor past
    // a pending event.
    void advanceClock(Time t);
    // Time of the earliest live event, or kTimeNever. Inline: asked once per event.
    Time nextTime()
    {
        Key top;
        bool found;
        // Cancelled events are dropped as they come up (their slots recycled).
        while ((found = m_calendar.peek(top)) && !m_slots[slotOf(top)].live)
            recycleTop();
        m_laneNext = m_lane.target && (!found || m_lane.key < top); // for runTop, which runs next
        if (m_laneNext) return EventCalendar::timeOf(m_lane.key);
        return found ? EventCalendar::timeOf(top) : kTimeNever;
    }
    bool empty() { return nextTime() == kTimeNever; }

    std::uint64_t eventsRun() const { return m_eventsRun; }
    std::size_t pending() const { return m_calendar.size() + (m_lane.target ? 1 : 0); }

private:
    using Key = EventCalendar::Key;
    static constexpr int kSlotBits = 24;
    static constexpr std::uint64_t kSlotMask = (1ULL << kSlotBits) - 1;
    static constexpr std::uint64_t kMaxSeq = (1ULL << (64 - kSlotBits)) - 1;
    static std::uint32_t slotOf(Key k)
    {
        return static_cast<std::uint32_t>(static_cast<std::uint64_t>(k) & kSlotMask);
    }
    struct Slot
    {
        EventTarget* target;
        std::uint64_t arg;
        std::uint32_t kind;
        std::uint32_t generation; // of the TimerId that owns the slot
        std::uint32_t nextFree;   // while free: the next free slot (a stack through the table)
        bool live;                // false once cancelled
    };
    static constexpr std::uint32_t kNoSlot = 0xFFFFFFFFu;
    void addSlot(); // a new free slot, when none is free
    void freeSlot(std::uint32_t slot)
    {
        m_slots[slot].nextFree = m_freeHead;
        m_freeHead = slot;
    }
    void recycleTop() { freeSlot(slotOf(m_calendar.take())); }
    // Only after checkSequence().
    Key keyOf(Time when, std::uint32_t slot)
    {
        return (static_cast<Key>(static_cast<std::uint64_t>(when)) << 64) |
               (static_cast<Key>(m_seq++) << kSlotBits) | slot;
    }
    void checkSequence() const
    {
        if (m_seq > kMaxSeq) throw std::length_error("simulation too long: more than 2^40 events");
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
    bool m_laneNext = false; // nextTime() found the lane's event first
    EventCalendar m_calendar;
    std::vector<Slot> m_slots;
    std::uint32_t m_freeHead = kNoSlot; // free slots, most recently freed first
    std::uint64_t m_seq = 0;
    std::uint64_t m_eventsRun = 0;
};

} // namespace reslab

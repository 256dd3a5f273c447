#include "sim/event_queue.h"

#include <algorithm>
#include <cassert>
#include <stdexcept>

namespace reslab {

TimerId EventQueue::at(Time when, EventTarget* target, std::uint32_t kind, std::uint64_t arg)
{
    assert(when >= m_now && "events cannot be scheduled in the past");
    checkSequence();
    std::uint32_t slot;
    if (!m_freeSlots.empty()) {
        slot = m_freeSlots.back();
        m_freeSlots.pop_back();
    } else {
        if (m_slots.size() > kSlotMask)
            throw std::length_error(
                "simulation too large: more than 16.7 million events pending at once");
        slot = static_cast<std::uint32_t>(m_slots.size());
        m_slots.push_back(Slot{});
    }
    Slot& s = m_slots[slot];
    s.target = target;
    s.arg = arg;
    s.kind = kind;
    ++s.generation;
    s.live = true;
    m_calendar.insert(keyOf(when, slot));
    // +1 on the slot keeps every valid id non-zero.
    return (static_cast<TimerId>(s.generation) << 32) | (slot + 1ULL);
}

void EventQueue::atNext(Time when, EventTarget* target, std::uint32_t kind, std::uint64_t arg)
{
    if (m_lane.target) { // the lane is taken (a second source): the heap keeps this one
        at(when, target, kind, arg);
        return;
    }
    assert(when >= m_now && "events cannot be scheduled in the past");
    checkSequence();
    // Slot bits 0: the sequence number alone orders it against the heap's entries.
    m_lane = Lane{keyOf(when, 0), target, arg, kind};
}

void EventQueue::runLane()
{
    const Lane lane = m_lane;
    m_lane.target = nullptr;
    m_now = EventCalendar::timeOf(lane.key);
    ++m_eventsRun;
    lane.target->onEvent(lane.kind, lane.arg);
}

void EventQueue::cancel(TimerId id)
{
    if (id == kNoTimer) return;
    const auto slot = static_cast<std::uint32_t>((id & 0xFFFFFFFFULL) - 1);
    const auto generation = static_cast<std::uint32_t>(id >> 32);
    if (slot >= m_slots.size() || m_slots[slot].generation != generation) return;
    // Stale from now on; the slot is recycled when its heap entry surfaces.
    m_slots[slot].live = false;
}

void EventQueue::recycleTop()
{
    m_freeSlots.push_back(slotOf(m_calendar.take()));
}

void EventQueue::advanceClock(Time t)
{
    if (t <= m_now) return;
    const Time next = nextTime();
    m_now = std::min(t, next);
}

bool EventQueue::runNext(Time limit)
{
    const Time next = nextTime();
    if (next == kTimeNever || next > limit) return false;
    runTop();
    return true;
}

void EventQueue::runTop()
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
    m_freeSlots.push_back(slot);
    m_now = EventCalendar::timeOf(top);
    ++m_eventsRun;
    target->onEvent(kind, arg);
}

} // namespace reslab

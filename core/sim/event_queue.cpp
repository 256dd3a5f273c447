#include "sim/event_queue.h"

#include <algorithm>
#include <cassert>
#include <stdexcept>

namespace reslab {

void EventQueue::addSlot()
{
    if (m_slots.size() > kSlotMask)
        throw std::length_error(
            "simulation too large: more than 16.7 million events pending at once");
    m_slots.push_back(Slot{nullptr, 0, 0, 0, kNoSlot, false});
    m_freeHead = static_cast<std::uint32_t>(m_slots.size() - 1);
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

} // namespace reslab

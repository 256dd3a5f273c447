#include "sim/event_queue.h"

#include <algorithm>
#include <cassert>

namespace reslab {

TimerId EventQueue::at(Time when, EventTarget* target, std::uint32_t kind, std::uint64_t arg)
{
    assert(when >= m_now && "events cannot be scheduled in the past");
    std::uint32_t slot;
    if (!m_freeSlots.empty()) {
        slot = m_freeSlots.back();
        m_freeSlots.pop_back();
    } else {
        slot = static_cast<std::uint32_t>(m_slotGeneration.size());
        m_slotGeneration.push_back(0);
        m_entryGeneration.push_back(0);
    }
    const std::uint32_t generation = ++m_slotGeneration[slot];
    m_entryGeneration[slot] = generation;
    m_heap.push_back(Entry{when, m_seq++, target, arg, kind, slot});
    std::push_heap(m_heap.begin(), m_heap.end(), later);
    // +1 on the slot keeps every valid id non-zero.
    return (static_cast<TimerId>(generation) << 32) | (slot + 1ULL);
}

void EventQueue::cancel(TimerId id)
{
    if (id == kNoTimer) return;
    const auto slot = static_cast<std::uint32_t>((id & 0xFFFFFFFFULL) - 1);
    const auto generation = static_cast<std::uint32_t>(id >> 32);
    if (slot >= m_slotGeneration.size() || m_entryGeneration[slot] != generation) return;
    // Stale from now on; the slot is recycled when the heap entry surfaces.
    m_entryGeneration[slot] = 0;
}

void EventQueue::popTop()
{
    std::pop_heap(m_heap.begin(), m_heap.end(), later);
    m_heap.pop_back();
}

void EventQueue::dropStaleTop()
{
    while (!m_heap.empty()) {
        const Entry& top = m_heap.front();
        if (m_entryGeneration[top.slot] == m_slotGeneration[top.slot]) return;
        m_freeSlots.push_back(top.slot);
        popTop();
    }
}

Time EventQueue::nextTime()
{
    dropStaleTop();
    return m_heap.empty() ? kTimeNever : m_heap.front().when;
}

bool EventQueue::runNext(Time limit)
{
    dropStaleTop();
    if (m_heap.empty() || m_heap.front().when > limit) return false;
    const Entry top = m_heap.front();
    popTop();
    m_entryGeneration[top.slot] = 0;
    m_freeSlots.push_back(top.slot);
    m_now = top.when;
    ++m_eventsRun;
    top.target->onEvent(top.kind, top.arg);
    return true;
}

} // namespace reslab

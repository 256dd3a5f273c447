#include "sim/event_queue.h"

#include <algorithm>
#include <cassert>
#include <stdexcept>

namespace reslab {

namespace {
constexpr std::size_t kArity = 4; // shallower than binary, and a node's children share a cache line
}

void EventQueue::push(Entry e)
{
    // Sift up with a hole: move parents down until e's place is found.
    std::size_t i = m_heap.size();
    m_heap.push_back(e);
    while (i > 0) {
        const std::size_t parent = (i - 1) / kArity;
        if (!before(e, m_heap[parent])) break;
        m_heap[i] = m_heap[parent];
        i = parent;
    }
    m_heap[i] = e;
}

void EventQueue::popTop()
{
    const Entry last = m_heap.back();
    m_heap.pop_back();
    if (!m_heap.empty()) siftDown(last);
}

void EventQueue::siftDown(Entry e)
{
    // Move the hole at the root down along the smallest children until e fits.
    const std::size_t n = m_heap.size();
    std::size_t i = 0;
    while (true) {
        const std::size_t first = i * kArity + 1;
        if (first >= n) break;
        std::size_t best = first;
        if (first + kArity <= n) {
            // Full node: a tournament the compiler turns into conditional moves.
            const std::size_t a = before(m_heap[first + 1], m_heap[first]) ? first + 1 : first;
            const std::size_t b =
                before(m_heap[first + 3], m_heap[first + 2]) ? first + 3 : first + 2;
            best = before(m_heap[b], m_heap[a]) ? b : a;
        } else {
            for (std::size_t c = first + 1; c < n; ++c)
                if (before(m_heap[c], m_heap[best])) best = c;
        }
        if (!before(m_heap[best], e)) break;
        m_heap[i] = m_heap[best];
        i = best;
    }
    m_heap[i] = e;
}

TimerId EventQueue::at(Time when, EventTarget* target, std::uint32_t kind, std::uint64_t arg)
{
    assert(when >= m_now && "events cannot be scheduled in the past");
    if (m_seq > kMaxSeq) throw std::length_error("simulation too long: more than 2^40 events");
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
    const Key key = keyOf(when, slot);
    if (m_topIsRunning) {
        // The running event's entry is still at the root: the new one takes its place.
        m_topIsRunning = false;
        siftDown(Entry{key});
    } else {
        push(Entry{key});
    }
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
    // Slot bits 0: the sequence number alone orders it against the heap's entries.
    m_lane = Lane{keyOf(when, 0), target, arg, kind};
}

void EventQueue::runLane()
{
    const Lane lane = m_lane;
    m_lane.target = nullptr;
    m_now = static_cast<Time>(static_cast<std::uint64_t>(lane.key >> 64));
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
    m_freeSlots.push_back(m_heap.front().slot());
    popTop();
}

void EventQueue::advanceClock(Time t)
{
    if (t <= m_now) return;
    const Time next = nextTime();
    m_now = std::min(t, next);
}

Time EventQueue::nextTime()
{
    dropStaleTop();
    if (laneFirst()) return static_cast<Time>(static_cast<std::uint64_t>(m_lane.key >> 64));
    return m_heap.empty() ? kTimeNever : m_heap.front().when();
}

bool EventQueue::runNext(Time limit)
{
    dropStaleTop();
    if (!m_lane.target && m_heap.empty()) return false;
    const Time next = laneFirst() ? static_cast<Time>(static_cast<std::uint64_t>(m_lane.key >> 64))
                                  : m_heap.front().when();
    if (next > limit) return false;
    runTop();
    return true;
}

void EventQueue::runTop()
{
    if (laneFirst()) {
        runLane();
        return;
    }
    const Entry top = m_heap.front();
    const std::uint32_t slot = top.slot();
    Slot& s = m_slots[slot];
    s.live = false;
    EventTarget* target = s.target;
    const std::uint32_t kind = s.kind;
    const std::uint64_t arg = s.arg;
    m_freeSlots.push_back(slot);
    m_now = top.when();
    ++m_eventsRun;
    m_topIsRunning = true;
    target->onEvent(kind, arg);
    if (m_topIsRunning) { // nothing replaced the running event's entry
        m_topIsRunning = false;
        popTop();
    }
}

} // namespace reslab

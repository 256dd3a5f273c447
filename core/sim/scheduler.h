#pragma once
// The clock the strategies and endpoints run on. Strategies are non-blocking state machines: they
// never wait, they ask the scheduler to call them back. The simulator implements this on virtual
// time; a real-time implementation could drive the same state machines from an event loop.
//
// A callback is (target, kind, arg) rather than a std::function: no allocation per event, which
// is what lets the engine run millions of attempts per second.

#include "sim/time.h"

#include <cstdint>

namespace reslab {

class EventTarget
{
public:
    virtual ~EventTarget() = default;
    virtual void onEvent(std::uint32_t kind, std::uint64_t arg) = 0;
};

// Identifies a pending event so it can be cancelled; 0 is "no timer".
using TimerId = std::uint64_t;
inline constexpr TimerId kNoTimer = 0;

class Scheduler
{
public:
    virtual ~Scheduler() = default;
    // Not virtual: strategies read the clock on every step, and a call through the vtable (which
    // the compiler cannot inline) cost more than the read.
    Time now() const { return m_now; }
    // Calls target->onEvent(kind, arg) at time `when` (≥ now). Events at the same time run in the
    // order they were scheduled.
    virtual TimerId at(Time when, EventTarget* target, std::uint32_t kind, std::uint64_t arg) = 0;
    // Cancels a pending event; cancelling one that already ran or kNoTimer does nothing.
    virtual void cancel(TimerId id) = 0;
    // at() for a source that always has exactly one next event pending and never cancels it (an
    // open workload's next arrival): a scheduler may keep it beside its queue instead of in it.
    // Same-instant order is at()'s: the order of scheduling.
    virtual void atNext(Time when, EventTarget* target, std::uint32_t kind, std::uint64_t arg)
    {
        at(when, target, kind, arg);
    }

    TimerId after(Time delay, EventTarget* target, std::uint32_t kind, std::uint64_t arg)
    {
        return at(now() + delay, target, kind, arg);
    }

protected:
    Time m_now = 0; // the implementation moves it
};

} // namespace reslab

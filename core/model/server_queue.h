#pragma once
// An endpoint's queue of calls waiting for a worker, in the order its discipline serves them, and
// what it sheds on the way out (docs/semantics.md "Server-side load shedding"):
//   - fifo: oldest first (the default).
//   - lifo: newest first: under a standing queue the newest calls, whose clients still wait,
//     are served, and the oldest wait on (or time out).
//   - codel: FIFO, and the servers' CoDel (folly/executors/Codel.cpp, which Facebook's servers
//     use): at the end of each interval the queue is overloaded if the smallest wait seen in it
//     was above the target; while overloaded, a call that waited more than 2 × target is shed at
//     dequeue. folly replaces RFC 8289's control law with this, which it says "empirically works
//     better for our services".
//   - codel_rfc8289: FIFO, and a call is dropped at dequeue by CoDel's control law (RFC 8289,
//     section 5): once the wait has stayed above the target for an interval it drops one call,
//     then the next after interval/√count, until a call's wait falls below the target.
//   - adaptive_lifo: FIFO while folly's CoDel says the queue is not overloaded, LIFO while it is
//     (Facebook, "Fail at Scale", 2015: adaptive LIFO with controlled delay). The wait it judges
//     by is the oldest call's, the one FIFO would serve next; it sheds nothing itself.
// queue_timeout_ms drops, at dequeue, a call that waited longer than that, in every discipline.
// A dropped call is answered 503 (`rejected`), as a full queue answers.

#include "model/endpoint_spec.h"
#include "sim/time.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

namespace reslab {

class ServerQueue
{
public:
    void push(std::uint32_t job, Time now);
    // The next call to serve at `now` under `capacity`'s discipline, skipping the entries
    // `removed` says were taken out meanwhile (they go to `released`); the calls shed on the
    // way go to `dropped`. False when nothing is left to serve.
    bool pop(Time now, const CapacitySpec& capacity,
             const std::function<bool(std::uint32_t)>& removed, std::vector<std::uint32_t>& dropped,
             std::vector<std::uint32_t>& released, std::uint32_t& next);
    // Takes out removed entries at both ends, so the deque stays short with no worker free.
    void trim(const std::function<bool(std::uint32_t)>& removed,
              std::vector<std::uint32_t>& released);
    std::size_t entries() const { return m_entries.size(); }
    bool dropping() const { return m_dropping; }          // codel_rfc8289: in its dropping state
    bool overloaded() const { return m_follyOverloaded; } // codel, adaptive_lifo
    std::uint64_t codelDrops() const { return m_codelDrops; }
    std::uint64_t timedOut() const { return m_timedOut; }

private:
    struct Entry
    {
        std::uint32_t job;
        Time at; // enqueued
    };
    // RFC 8289 dodequeue(): the entry taken from the front or back, and whether CoDel may drop it.
    // Calls past the queue timeout go to `dropped`, removed ones to `released`, on the way.
    bool take(Time now, const CapacitySpec& c, bool back,
              const std::function<bool(std::uint32_t)>& removed,
              std::vector<std::uint32_t>& dropped, std::vector<std::uint32_t>& released, Entry& out,
              bool& okToDrop);
    // RFC 8289's test on one wait: true once waits have stayed above the target for an interval.
    bool aboveTargetForAnInterval(Time now, Time sojourn, std::size_t remaining,
                                  const CapacitySpec& c);
    // folly::Codel::overloaded_explicit_now(delay, now): true when `delay` is to be shed.
    bool follyOverloaded(Time delay, Time now, const CapacitySpec& c);

    std::deque<Entry> m_entries;
    // folly::Codel's state: it starts at the first interval's end with a reset pending.
    Time m_follyMinDelay = 0;
    Time m_follyIntervalEnd = 0;
    bool m_follyResetDelay = true;
    bool m_follyOverloaded = false;
    // CoDel's state (RFC 8289 section 5.4)
    Time m_firstAboveTime = 0;
    Time m_dropNext = 0;
    std::uint32_t m_count = 0, m_lastCount = 0;
    bool m_dropping = false;
    std::uint64_t m_codelDrops = 0, m_timedOut = 0;
};

} // namespace reslab

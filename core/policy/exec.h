#pragma once
// One pass of a call through one stage of a pipeline is an "exec". A retry stage creates one child
// exec per attempt, a timeout stage one child it can abandon, the bottom "call" stage sends the
// attempt to an endpoint. Execs live in a pool with generations, so an answer that arrives after
// its exec was cancelled (a late response, a fired timer) is recognised and dropped.
//
// Stages never call into each other directly. Starting a child, handing a result up, cancelling
// and resuming are steps on one stack shared by a simulation's pipelines, run by a loop
// (Pipeline::post), so the machine stack does not grow with the length of a pipeline or the
// layers of calls below it. The loop runs the steps a step posts before anything posted earlier,
// in the order they were posted: the order a direct call would have run them in.
//
// A step the loop would run at once is run in place instead (no copy onto the stack and off it,
// no dispatch on its kind): one posted with nothing running, and one that is the running step's
// last act with nothing posted before it (Then::Return) — up to kMaxStepsInPlace of those
// nested, past which they are posted, so the machine stack stays bounded. Either way the order
// of everything that happens is the loop's.

#include "metrics/outcome.h"
#include "metrics/records.h"
#include "policy/backoff.h"
#include "sim/scheduler.h"

#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

namespace reslab {

class Pipeline;

using ExecId = std::uint32_t;
inline constexpr ExecId kNoExec = 0xFFFFFFFFu;

struct ExecRef
{
    ExecId id = kNoExec;
    std::uint32_t generation = 0;
    std::uint64_t packed() const { return (std::uint64_t{generation} << 32) | id; }
    static ExecRef unpack(std::uint64_t v)
    {
        return ExecRef{static_cast<ExecId>(v & 0xFFFFFFFFu), static_cast<std::uint32_t>(v >> 32)};
    }
};

// 128 bytes on a cache line's boundary: two lines, where 136 unaligned bytes touched three. The
// fields are ordered by size for that (an exec is touched at every step of every attempt).
struct alignas(64) Exec
{
    Pipeline* pipeline = nullptr;
    std::uint64_t request = 0;
    std::uint64_t token = 0; // root: the pipeline client's token
    Time start = 0;
    Time wait = 0; // backoff waited before this exec began
    TimerId timer = kNoTimer;
    std::uint64_t call = 0;  // call stage: the endpoint's call index k
    Time pending = 0;        // retry: the sleep before the next attempt, while it sleeps
    std::uint64_t epoch = 0; // breaker: its permit's epoch · bulkhead: 1 while it holds a slot
                             // · retry quota: the tokens this retry cost
    BackoffState backoff;
    std::uint32_t generation = 0;
    ExecId parent = kNoExec; // kNoExec for a pipeline's root
    ExecId root = kNoExec;   // this pipeline's root exec
    ExecId child = kNoExec;  // the active child, if any
    std::uint32_t count = 0; // root: calls made to the endpoint · call stage: its attempt number
    std::uint32_t tries = 0; // retry: attempts started by this retry
    std::uint32_t job = 0;   // call stage: the endpoint's job
    std::uint32_t retryIndex = 0; // 0 for a first attempt, n for the n-th retry (budgets see it)
    std::uint16_t stage = 0;
    std::uint16_t host = 0xFFFF; // the host chosen above it (a balancer), or kAnyHost · call
                                 // stage: the host that took the attempt
    bool live = false;
    Outcome lastChildOutcome = Outcome::Ok; // the outcome its previous child ended with
    bool begun =
        false; // its stage has started it (a cancelled exec that never began holds nothing)
};
static_assert(sizeof(Exec) == 128);

struct ExecStep
{
    enum class Kind : std::uint8_t
    {
        Begin,      // start `exec` in its stage (or send it, at the call stage)
        ChildDone,  // `child` ended with `result`: tell its parent `exec`
        ClientDone, // the pass ended: give the client its record (request, start, now, result,
                    // count) with `token`
        Cancel,     // abandon `exec` and everything under it, with outcome `reason`
        Resume,     // let `exec`'s stage go on after the work it started has run (Stage::onResume)
    };
    // 64 bytes: a step is copied onto the stack and off it, so it carries what its kind needs
    // and no whole record (every step runs at the instant it was posted, so a record's end is
    // the clock's now).
    Pipeline* pipeline = nullptr;
    std::uint64_t target = 0; // ExecRef::packed() of `exec` · ClientDone: the request
    std::uint64_t token = 0;  // ClientDone
    Time start = 0;           // ClientDone
    Result result;            // ChildDone, ClientDone
    std::uint32_t n = 0;      // ChildDone: the child · ClientDone: the attempt count
    Kind kind = Kind::Begin;
    Outcome reason = Outcome::Cancelled; // Cancel

    ExecRef exec() const { return ExecRef::unpack(target); }
};
static_assert(sizeof(ExecStep) <= 64);
// Steps run in place, nested, at most (each takes a few frames of the machine stack).
inline constexpr std::uint32_t kMaxStepsInPlace = 16;
struct ExecSteps
{
    std::vector<ExecStep> stack;
    std::size_t base = 0;      // the stack's size when the running step began
    std::uint32_t inPlace = 0; // steps running in place, nested
    // 0: every step is posted (tests check that the order of everything is the same).
    std::uint32_t maxInPlace = kMaxStepsInPlace;
    bool running = false;
};

class ExecPool
{
public:
    ExecId allocate()
    {
        ExecId id;
        if (!m_free.empty()) {
            id = m_free.back();
            m_free.pop_back();
        } else {
            id = static_cast<ExecId>(m_execs.size());
            m_execs.emplace_back();
        }
        Exec& e = m_execs[id];
        const std::uint32_t generation = e.generation + 1;
        // Copied from a constant: assigning a value-initialised temporary (or constructing in
        // place) zeroes the whole exec with `rep stos` first, half of what starting one cost.
        std::memcpy(&e, &kFresh, sizeof(Exec));
        e.generation = generation;
        e.live = true;
        ++m_live;
        return id;
    }
    void release(ExecId id)
    {
        m_execs[id].live = false;
        m_free.push_back(id);
        --m_live;
    }
    // References are invalidated by allocate(); re-fetch after anything that may allocate.
    Exec& operator[](ExecId id) { return m_execs[id]; }
    const Exec& operator[](ExecId id) const { return m_execs[id]; }
    bool isCurrent(ExecRef ref) const
    {
        return ref.id < m_execs.size() && m_execs[ref.id].live &&
               m_execs[ref.id].generation == ref.generation;
    }
    ExecRef refOf(ExecId id) const { return ExecRef{id, m_execs[id].generation}; }
    std::size_t live() const { return m_live; }
    ExecSteps& steps() { return m_steps; }

private:
    static constexpr Exec kFresh{};
    static_assert(std::is_trivially_copyable_v<Exec>);

    ExecSteps m_steps;
    std::vector<Exec> m_execs;
    std::vector<ExecId> m_free;
    std::size_t m_live = 0;
};

} // namespace reslab

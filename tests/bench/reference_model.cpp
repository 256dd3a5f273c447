#include "reference_model.h"

#include "reference_samplers.h"
#include "sim/rng.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace reslab::bench {

namespace {

using Time = std::int64_t; // nanoseconds, as in the engine

// An event is one 64-bit key: its time in the high bits, then the request's slot, then its kind,
// so the heap compares plain integers (ties go to the lower slot, deterministically).
constexpr int kKindBits = 1;
constexpr int kSlotBits = 20; // at most 1,048,576 requests in flight
constexpr int kTimeShift = kKindBits + kSlotBits;
constexpr Time kMaxTime = Time{1} << (63 - kTimeShift); // 2⁴² ns ≈ 73 minutes of virtual time
// σ = ln(p99 / median) / Φ⁻¹(0.99): how the engine reads a lognormal's p99
// (docs/scenario-format.md).
constexpr double kNormalQuantile99 = 2.3263478740408408;
constexpr std::uint64_t kSlotMask = (std::uint64_t{1} << kSlotBits) - 1;
constexpr Time kNever = INT64_MAX;
// A delay is clamped to 1000 s before it becomes an integer (a lognormal service time here reaches
// it only in an 11σ draw); events past the run's hard end are all kept at hard end + 1 ns (they
// never run), so a key's time never overflows.
constexpr double kMaxDelayNs = 1e12;
// The queue's ring to begin with (engine-1m.json's queue never holds a call).
constexpr std::size_t kInitialRing = 1024;
// Space reserved up front for the per-request results (they grow past it if need be).
constexpr std::uint64_t kMaxReserve = std::uint64_t{1} << 26;

enum Kind : std::uint64_t
{
    AtServer = 0,    // an attempt reaches the endpoint
    ServiceDone = 1, // a worker finishes it
};

// A 4-ary min-heap of keys. The event being handled stays at the top until it is done, so the
// first event it schedules replaces it in place (one sift-down instead of a pop and a push).
class EventHeap
{
public:
    bool empty() const { return m_keys.empty(); }
    std::uint64_t top() const { return m_keys.front(); }
    void push(std::uint64_t key)
    {
        std::size_t i = m_keys.size();
        m_keys.push_back(key);
        while (i > 0) {
            const std::size_t parent = (i - 1) / 4;
            if (m_keys[parent] <= key) break;
            m_keys[i] = m_keys[parent];
            i = parent;
        }
        m_keys[i] = key;
    }
    void replaceTop(std::uint64_t key) { siftDown(key); }
    void pop()
    {
        const std::uint64_t last = m_keys.back();
        m_keys.pop_back();
        if (!m_keys.empty()) siftDown(last);
    }

private:
    void siftDown(std::uint64_t key)
    {
        const std::size_t n = m_keys.size();
        std::uint64_t* const k = m_keys.data();
        std::size_t i = 0;
        for (;;) {
            const std::size_t first = 4 * i + 1;
            std::size_t least;
            std::uint64_t smallest;
            if (first + 4 <= n) {
                // The least of four without branches: which child it is cannot be predicted.
                const std::size_t ab = first + (k[first + 1] < k[first] ? 1 : 0);
                const std::size_t cd = first + 2 + (k[first + 3] < k[first + 2] ? 1 : 0);
                least = k[cd] < k[ab] ? cd : ab;
                smallest = k[least];
            } else {
                if (first >= n) break;
                least = first;
                for (std::size_t c = first + 1; c < n; ++c)
                    if (k[c] < k[least]) least = c;
                smallest = k[least];
            }
            if (smallest >= key) break;
            k[i] = smallest;
            i = least;
        }
        k[i] = key;
    }

    std::vector<std::uint64_t> m_keys;
};

Time toNs(double ns)
{
    return static_cast<Time>(std::min(ns, kMaxDelayNs) + 0.5);
}

class Simulator
{
public:
    explicit Simulator(const ReferenceModel& m)
        : m_model(m), m_rng(Rng::named(m.seed, "bench/reference")),
          m_exponential(exponentialZiggurat()), m_normal(normalZiggurat()),
          m_arrivalMeanNs(1e9 / m.ratePerS), m_networkMeanNs(m.networkMeanMs * 1e6),
          m_medianNs(m.latencyMedianMs * 1e6),
          m_sigma(std::log(m.latencyP99Ms / m.latencyMedianMs) / kNormalQuantile99),
          m_arrivalsEnd(toNs(m.durationS * 1e9)), m_hardEnd(toNs((m.durationS + m.drainS) * 1e9))
    {
        if (m.durationS + m.drainS >= static_cast<double>(kMaxTime - 1) / 1e9)
            throw std::invalid_argument("duration_s + drain_s must stay under " +
                                        std::to_string(kMaxTime / 1'000'000'000) + " s");
        if (m.ratePerS <= 0 || m.workers < 1 || m.queue < 0 || m.maxAttempts < 1)
            throw std::invalid_argument("the model needs a positive rate, workers and attempts");
        if (m.maxAttempts > ReferenceResult::kMaxAttempts)
            throw std::invalid_argument("the reference counts at most " +
                                        std::to_string(ReferenceResult::kMaxAttempts) +
                                        " attempts per request");
        // Retry n waits U(0, cap(n)), cap(n) = min(initial · multiplierⁿ⁻¹, max): n = attempt
        // number of the attempt that failed.
        m_backoffNs.assign(static_cast<std::size_t>(m.maxAttempts) + 1, 0.0);
        for (int n = 1; n <= m.maxAttempts; ++n)
            m_backoffNs[static_cast<std::size_t>(n)] =
                std::min(m.backoffInitialMs * std::pow(m.backoffMultiplier, n - 1.0),
                         m.backoffMaxMs) *
                1e6;
        m_queue.assign(kInitialRing, 0);
        const auto expected = static_cast<std::uint64_t>(m.ratePerS * m.durationS * 1.01) + 1;
        m_result.latencyNs.reserve(std::min({m.maxRequests, expected, kMaxReserve}));
        m_result.outcomes.reserve(m_result.latencyNs.capacity());
    }

    ReferenceResult run()
    {
        Time nextArrival = m_model.maxRequests > 0 ? nextArrivalAfter(0) : kNever;
        for (;;) {
            const Time heapTime =
                m_heap.empty() ? kNever : static_cast<Time>(m_heap.top() >> kTimeShift);
            if (nextArrival <= heapTime) { // arrivals come from their own stream, not the heap
                if (nextArrival == kNever) break;
                m_now = nextArrival;
                ++m_result.events;
                arrive();
                nextArrival =
                    m_result.requests < m_model.maxRequests ? nextArrivalAfter(m_now) : kNever;
                continue;
            }
            if (heapTime > m_hardEnd) break;
            m_now = heapTime;
            ++m_result.events;
            const std::uint64_t key = m_heap.top();
            m_topFree = true;
            const auto slot = static_cast<std::uint32_t>((key >> kKindBits) & kSlotMask);
            if ((key & 1) == AtServer)
                atServer(slot);
            else
                serviceDone(slot);
            if (m_topFree) m_heap.pop();
            m_topFree = false;
        }
        m_result.unfinished = m_result.requests - m_result.succeeded - m_result.failed;
        return std::move(m_result);
    }

private:
    struct Request
    {
        Time start = 0;
        std::uint32_t attempt = 0; // the attempt in flight, 1-based
        bool error = false;        // its fate
    };

    double exponential() { return m_exponential.sample(m_rng, m_bits); }
    Time network() { return toNs(exponential() * m_networkMeanNs); }

    Time nextArrivalAfter(Time t)
    {
        const Time next = t + toNs(exponential() * m_arrivalMeanNs);
        return next >= m_arrivalsEnd ? kNever : next;
    }

    void schedule(Time at, std::uint32_t slot, Kind kind)
    {
        at = std::min(at, m_hardEnd + 1);
        const std::uint64_t key =
            static_cast<std::uint64_t>(at) << kTimeShift | std::uint64_t{slot} << kKindBits | kind;
        if (m_topFree) {
            m_heap.replaceTop(key);
            m_topFree = false;
        } else {
            m_heap.push(key);
        }
    }

    void arrive()
    {
        ++m_result.requests;
        std::uint32_t slot;
        if (!m_free.empty()) {
            slot = m_free.back();
            m_free.pop_back();
        } else {
            if (m_requests.size() > kSlotMask)
                throw std::runtime_error("more than 2^20 requests in flight");
            slot = static_cast<std::uint32_t>(m_requests.size());
            m_requests.emplace_back();
        }
        m_requests[slot] = Request{m_now, 1, false};
        schedule(m_now + network(), slot, AtServer);
    }

    void atServer(std::uint32_t slot)
    {
        ++m_result.attempts;
        m_requests[slot].error = toUnit(m_rng.next()) < m_model.errorProbability;
        if (m_queued == 0 && m_busy < m_model.workers) {
            startService(slot);
        } else if (m_queued < static_cast<std::size_t>(m_model.queue)) {
            if (m_queued == m_queue.size()) growQueue();
            m_queue[(m_head + m_queued++) & (m_queue.size() - 1)] = slot;
        } else {
            ++m_result.rejected;
            answer(slot, false);
        }
    }

    // The ring doubles when full (a queue of a million places is allocated only if it fills).
    void growQueue()
    {
        std::vector<std::uint32_t> bigger(m_queue.size() * 2);
        for (std::size_t i = 0; i < m_queued; ++i)
            bigger[i] = m_queue[(m_head + i) & (m_queue.size() - 1)];
        m_queue.swap(bigger);
        m_head = 0;
    }

    void startService(std::uint32_t slot)
    {
        ++m_busy;
        const double z = m_normal.sample(m_rng, m_bits);
        const double service = m_medianNs * std::exp(m_sigma * ((m_bits & 0x100u) ? -z : z));
        schedule(m_now + toNs(service), slot, ServiceDone);
    }

    void serviceDone(std::uint32_t slot)
    {
        --m_busy;
        answer(slot, !m_requests[slot].error);
        if (m_queued > 0) {
            const std::uint32_t next = m_queue[m_head];
            m_head = (m_head + 1) & (m_queue.size() - 1);
            --m_queued;
            startService(next);
        }
    }

    // The answer leaves the server now. The client holds no state that another request could
    // change in between (no breaker, budget or limit), so its side needs no events: the answer's
    // arrival, the backoff and the next attempt's trip out add up to one delay to the next
    // arrival at the server.
    void answer(std::uint32_t slot, bool ok)
    {
        Request& r = m_requests[slot];
        const Time atClient = m_now + network();
        if (!ok && r.attempt < static_cast<std::uint32_t>(m_model.maxAttempts)) {
            const Time wait = toNs(toUnit(m_rng.next()) * m_backoffNs[r.attempt]);
            ++r.attempt;
            schedule(atClient + wait + network(), slot, AtServer);
            return;
        }
        if (atClient <= m_hardEnd) {
            ++(ok ? m_result.succeeded : m_result.failed);
            m_result.latencyNs.push_back(atClient - r.start);
            m_result.outcomes.push_back(
                static_cast<std::uint8_t>(r.attempt | (ok ? ReferenceResult::kSucceededBit : 0u)));
        }
        m_free.push_back(slot);
    }

    const ReferenceModel m_model;
    Rng m_rng;
    std::uint64_t m_bits = 0; // the word a ziggurat draw came from (its bit 8 is a free sign)
    const Ziggurat<ExponentialShape>& m_exponential;
    const Ziggurat<NormalShape>& m_normal;
    const double m_arrivalMeanNs, m_networkMeanNs, m_medianNs, m_sigma;
    const Time m_arrivalsEnd, m_hardEnd;
    std::vector<double> m_backoffNs; // indexed by the attempt that failed

    Time m_now = 0;
    EventHeap m_heap;
    bool m_topFree = false; // the handled event's heap entry may be reused
    std::vector<Request> m_requests;
    std::vector<std::uint32_t> m_free;
    std::vector<std::uint32_t> m_queue; // FIFO ring, its size a power of two
    std::size_t m_head = 0, m_queued = 0;
    int m_busy = 0;
    ReferenceResult m_result;
};

} // namespace

ReferenceResult runReference(const ReferenceModel& model)
{
    return Simulator(model).run();
}

} // namespace reslab::bench

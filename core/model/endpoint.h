#pragma once
// A simulated server: network delay each way, a token-bucket rate limit (429 + Retry-After),
// workers and a FIFO queue (503 when full), a service-time distribution slowed by load, failure
// probabilities per attempt, time phases that override any of these, and the versioned_record
// kind (read at service start, conditional write at service end → 409 conflict).
//
// Common random numbers: every random draw for the k-th call this endpoint receives comes from a
// counter-based stream keyed by k (CallRng), so call k's fate, service time and network delays do
// not depend on the client's policy, on timing, or on what other calls drew.
//
// "timeout" in `failures` means the server never answers: the call occupies a worker for its
// service time and then its response is lost; only a client-side timeout ends it.
//
// Layered services: an endpoint with `calls` makes them in order, each through its own pipeline,
// when a worker starts on an attempt, and does its own work (its service time) after they all
// succeeded. A call that still fails after its pipeline makes it answer `error` at once.

#include "model/endpoint_admission.h"
#include "model/endpoint_spec.h"
#include "model/server_queue.h"
#include "policy/pipeline.h"
#include "sim/event_queue.h"
#include "sim/rng.h"
#include "trace/replay.h"

#include <cstring>
#include <deque>
#include <memory>
#include <optional>
#include <type_traits>
#include <vector>

namespace reslab {

struct EndpointStats
{
    std::uint64_t attempts = 0; // calls received (submitted by clients)
    std::uint64_t served = 0;   // service completions
    std::uint64_t failed = 0;   // answers other than ok (a call never answered is not counted)
    std::uint64_t maxQueue = 0;
    std::uint64_t shed = 0;    // queued calls dropped by the discipline or the queue timeout (503)
    double busyIntegral = 0.0; // Σ busy workers × ns
};

// How a served HTTP request uses a versioned_record (serve: GET and HEAD read, other methods
// write, If-Match names the version a write expects). A simulated attempt is a write that
// expects the version its service starts on.
struct VersionedAccess
{
    bool readOnly = false;                 // reads never conflict and change nothing
    std::optional<std::uint64_t> expected; // the version a write requires (If-Match)
};

class Endpoint final : public CallTarget, public EventTarget, public PipelineClient
{
public:
    // An endpoint is simulated by nature, so it runs on the concrete EventQueue (whose calls the
    // compiler can inline) rather than on the abstract Scheduler the strategies use.
    // `sink` hears of the admission limit's changes (when the spec has an admission).
    // `host` is its index in its fleet (model/fleet.h); a host of a fleet of several draws from
    // streams of its own ("endpoint/<id>/host[h]/…"), a single server from "endpoint/<id>/…".
    Endpoint(EventQueue& scheduler, const EndpointSpec& spec, std::uint32_t index,
             std::uint64_t seed, RecordSink* sink = nullptr, std::uint16_t host = 0);

    // `host` is ignored: a server is its own (and only) host.
    Submitted submit(AttemptReceiver* replyTo, ExecRef ref, std::uint64_t request,
                     std::uint16_t host = kAnyHost) override;
    // submit() with a versioned access (only a versioned_record heeds it).
    Submitted submit(AttemptReceiver* replyTo, ExecRef ref, std::uint64_t request,
                     const VersionedAccess& access);
    // During replyTo->onAttemptResponse: the record's version the answer carries (after the
    // write it made, or the one it read or conflicted with) — what serve sends as the ETag.
    std::uint64_t answeredVersion() const { return m_answeredVersion; }
    void onPipelineDone(std::uint64_t token, const RequestRecord& record) override;
    // The pipelines of its `calls`, in order (built by the simulation once every endpoint exists).
    void setCalls(std::vector<std::unique_ptr<Pipeline>> calls) { m_calls = std::move(calls); }
    void abandon(std::uint32_t job, std::uint16_t host = kAnyHost) override;
    std::uint32_t targetIndex() const override { return m_index; }
    std::span<const HostInfo> hosts() const override { return {&m_hostInfo, 1}; }
    std::uint16_t hostIndex() const { return m_host; }
    void onEvent(std::uint32_t kind, std::uint64_t arg) override;

    const std::string& id() const { return m_spec.id; }
    const EndpointStats& stats() const { return m_stats; }
    std::uint64_t queueDepth() const { return m_queued; }
    std::uint64_t busyWorkers() const { return m_busy; }
    // True when no call is anywhere inside this endpoint (network, queue, service).
    bool idle() const { return m_liveJobs == 0; }
    // Busy workers ÷ workers over [0, until]; with unlimited workers, the mean concurrency.
    double utilization(Time until) const;
    // A readiness probe at `now` (model/readiness.h): passes when the host, as configured at that
    // moment, answers a call ok (its failure probabilities) within `timeout` (its network delay
    // both ways and service time), drawn from the host's own probe stream for probe `n`.
    bool probe(Time now, Time timeout, std::uint64_t n) const;
    // Server-side admission, when the endpoint has one.
    const EndpointAdmission* admission() const { return m_admission.get(); }

    // ---- changed while serving (serve's control API) ----
    // Takes the endpoint's own blocks (network, latency, failures, capacity, rate_limit,
    // statuses) from `spec`; its phases keep their blocks and windows. Calls that arrive from now
    // on see the change; work in progress finishes as it began.
    void reconfigure(const EndpointSpec& spec);
    // Moves phase i to [start, end) (ns of this endpoint's clock).
    void setPhaseWindow(std::size_t phase, Time start, Time end);
    std::pair<Time, Time> phaseWindow(std::size_t phase) const { return m_phaseWindows[phase]; }
    const EndpointSpec& spec() const { return m_spec; }

private:
    // The endpoint as configured at one moment: its base blocks with a phase's blocks laid over.
    struct Config
    {
        const Distribution* network;
        const Distribution* latency;
        FailureSpec failures;
        CapacitySpec capacity;
        std::optional<RateLimitSpec> rateLimit;
    };
    enum class Fate : std::uint8_t
    {
        Ok,
        Error,
        Fatal,
        Silent,
        Reset
    };
    enum class JobState : std::uint8_t
    {
        ToServer, // network, client → server
        Queued,
        Removed, // abandoned while queued, under cancel_on_timeout; skipped on dispatch
        Calling, // holds a worker, waiting for a downstream call
        InService,
        Lost,     // served, response never sent; held until the client abandons it
        ToClient, // network, server → client
    };
    // 128 bytes on a cache line's boundary (two lines): every event of an attempt touches its job.
    // Hence the access and the admission permit kept field by field, which packs tighter.
    struct alignas(64) Job
    {
        AttemptReceiver* replyTo = nullptr;
        ExecRef caller;
        std::uint64_t request = 0;
        ExecRef downstream;        // that call's pass through its pipeline
        std::uint64_t call = 0;    // k: this endpoint's call counter
        std::uint64_t callMix = 0; // CallRng::mixCall(k), for the four streams call k draws from
        std::uint64_t readVersion = 0;
        std::uint64_t answerVersion = 0;   // versioned_record: the version the answer carries
        std::uint64_t expectedVersion = 0; // VersionedAccess::expected, when expectsVersion
        TimerId serviceTimer = kNoTimer;
        Time permitStart = 0; // LimitPermit::start, while admitted
        Result result;
        std::uint32_t nextCall = 0; // index into m_calls of the call being made
        // Calls in the endpoint when it arrived (for slowdown_per_inflight); saturates at 2^32 − 1.
        std::uint32_t inflightAtArrival = 0;
        std::int32_t permitInflight = 0; // LimitPermit::inflight, while admitted
        Fate fate = Fate::Ok;
        JobState state = JobState::ToServer;
        bool abandoned = false;
        bool live = false;
        bool admitted = false; // holds a permit of the admission limit
        bool readOnly = false; // VersionedAccess::readOnly
        bool expectsVersion = false;

        void setAccess(const VersionedAccess& a)
        {
            readOnly = a.readOnly;
            expectsVersion = a.expected.has_value();
            expectedVersion = a.expected.value_or(0);
        }
        void setPermit(const LimitPermit& p)
        {
            permitStart = p.start;
            permitInflight = p.inflight;
        }
        LimitPermit permit() const { return LimitPermit{permitStart, permitInflight}; }
    };
    static_assert(sizeof(Job) == 128);
    enum EventKind : std::uint32_t
    {
        ArriveAtServer,
        ServiceDone,
        ArriveAtClient
    };

    const Config& configAt(Time t) const
    {
        return m_spec.phases.empty() ? m_configs.front() : phaseConfigAt(t);
    }
    const Config& phaseConfigAt(Time t) const;
    void buildConfigs(); // m_configs from m_spec
    // Inline, as setBusy: one call per attempt each (two for setBusy), of a few instructions.
    std::uint32_t allocateJob()
    {
        std::uint32_t j;
        if (!m_freeJobs.empty()) {
            j = m_freeJobs.back();
            m_freeJobs.pop_back();
        } else {
            j = static_cast<std::uint32_t>(m_jobs.size());
            m_jobs.emplace_back();
        }
        // Copied from a constant: a value-initialised temporary is zeroed with `rep stos` first.
        static constexpr Job kFresh{};
        static_assert(std::is_trivially_copyable_v<Job>);
        std::memcpy(&m_jobs[j], &kFresh, sizeof(Job));
        m_jobs[j].live = true;
        ++m_liveJobs;
        return j;
    }
    // Sends job j (allocated, its access set) on its way to the server.
    Submitted send(std::uint32_t j, AttemptReceiver* replyTo, ExecRef ref, std::uint64_t request);
    void releaseJob(std::uint32_t j);
    void arrive(std::uint32_t j);
    void startService(std::uint32_t j, const Config& cfg);
    void makeCall(std::uint32_t j);
    void startOwnWork(std::uint32_t j, const Config& cfg);
    void endServiceEarly(std::uint32_t j, const Result& r);
    void serviceDone(std::uint32_t j);
    void respond(std::uint32_t j, const Result& r);
    void dispatchQueued();
    bool hasFreeWorker(const Config& cfg) const;
    bool takeToken(const RateLimitSpec& rl, Time& retryAfter);
    void setBusy(std::uint64_t busy)
    {
        const Time now = m_scheduler.now();
        m_stats.busyIntegral +=
            static_cast<double>(m_busy) * static_cast<double>(now - m_busySince);
        m_busySince = now;
        m_busy = busy;
    }
    void releaseUnanswered(std::uint32_t j); // the admission permit of a call that never answers
    Fate drawFate(const FailureSpec& f, std::uint64_t callMix) const;

    EventQueue& m_scheduler;
    EndpointSpec m_spec;
    std::uint32_t m_index;
    std::uint16_t m_host;
    HostInfo m_hostInfo;
    std::vector<Config> m_configs;                     // [0] base, [1 + i] phase i
    std::vector<std::pair<Time, Time>> m_phaseWindows; // [start, end) of phase i, in ns
    std::vector<bool> m_phaseHitsHost;                 // phase i applies to this host
    std::vector<std::unique_ptr<Pipeline>> m_calls;
    std::uint64_t m_fateKey, m_latencyKey, m_networkOutKey, m_networkBackKey, m_probeKey;

    std::vector<Job> m_jobs;
    std::vector<std::uint32_t> m_freeJobs;
    ServerQueue m_queue;        // may hold abandoned jobs, skipped on dispatch
    std::uint64_t m_queued = 0; // live jobs in m_queue
    std::uint64_t m_busy = 0;
    Time m_busySince = 0;
    std::uint64_t m_callsReceived = 0;
    std::uint64_t m_liveJobs = 0;
    std::uint64_t m_version = 0; // versioned_record: writes that landed
    std::uint64_t m_answeredVersion = 0;
    double m_tokens = 0.0;
    Time m_tokensAt = 0;
    bool m_bucketStarted = false;
    EndpointStats m_stats;
    std::unique_ptr<TraceReplay> m_replay; // kind trace: answers come from here
    std::unique_ptr<EndpointAdmission> m_admission;
};

} // namespace reslab

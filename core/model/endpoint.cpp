#include "model/endpoint.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

namespace reslab {

namespace {
// The prefix of a server's random streams: the endpoint's for a single server, the host's own in
// a fleet of several (common random numbers then hold per host: call k of host h).
std::string streamPrefix(const EndpointSpec& spec, std::uint16_t host)
{
    std::string prefix = "endpoint/" + spec.id;
    if (spec.replicas > 1) prefix += "/host[" + std::to_string(host) + "]";
    return prefix;
}
} // namespace

Endpoint::Endpoint(EventQueue& scheduler, const EndpointSpec& spec, std::uint32_t index,
                   std::uint64_t seed, RecordSink* sink, std::uint16_t host)
    : m_scheduler(scheduler), m_spec(spec), m_index(index),
      m_host(host), m_hostInfo{hostZone(spec, host), hostWeight(spec, host)},
      m_fateKey(streamKey(seed, streamPrefix(spec, host) + "/fate")),
      m_latencyKey(streamKey(seed, streamPrefix(spec, host) + "/latency")),
      m_networkOutKey(streamKey(seed, streamPrefix(spec, host) + "/network-out")),
      m_networkBackKey(streamKey(seed, streamPrefix(spec, host) + "/network-back")),
      m_probeKey(streamKey(seed, streamPrefix(spec, host) + "/probe"))
{
    for (const PhaseSpec& phase : m_spec.phases) {
        m_phaseWindows.emplace_back(fromSeconds(phase.startS), fromSeconds(phase.endS));
        // A phase that picks other hosts of the fleet (or another zone) is not this host's.
        m_phaseHitsHost.push_back(phase.hitsHost(host, m_hostInfo.zone));
    }
    buildConfigs();
    if (m_spec.replay) m_replay = std::make_unique<TraceReplay>(*m_spec.replay, m_spec.id);
    if (m_spec.admission)
        m_admission = std::make_unique<EndpointAdmission>(
            *m_spec.admission, Rng::named(seed, streamPrefix(spec, host) + "/admission"),
            scheduler.now(), sink, "endpoint " + spec.id);
}

void Endpoint::buildConfigs()
{
    // m_spec owns the distributions the configs point into; only reconfigure() changes it, and
    // it rebuilds the configs.
    m_configs.clear();
    m_configs.push_back(Config{&m_spec.network, &m_spec.latency, m_spec.failures, m_spec.capacity,
                               m_spec.rateLimit});
    for (const PhaseSpec& phase : m_spec.phases) {
        Config c = m_configs.front();
        if (phase.network) c.network = &*phase.network;
        if (phase.latency) c.latency = &*phase.latency;
        if (phase.failures) c.failures = *phase.failures;
        if (phase.capacity) c.capacity = *phase.capacity;
        if (phase.rateLimit) c.rateLimit = phase.rateLimit;
        m_configs.push_back(c);
    }
}

void Endpoint::reconfigure(const EndpointSpec& spec)
{
    takeServiceBlocks(m_spec, spec);
    buildConfigs();
    dispatchQueued(); // more workers may take queued calls now
}

void Endpoint::setPhaseWindow(std::size_t phase, Time start, Time end)
{
    m_phaseWindows[phase] = {start, end};
    dispatchQueued(); // a phase with more capacity may have begun
}

const Endpoint::Config& Endpoint::phaseConfigAt(Time t) const
{
    // The first phase covering t wins; phases are few, so a scan is fast enough.
    for (std::size_t i = 0; i < m_phaseWindows.size(); ++i)
        if (t >= m_phaseWindows[i].first && t < m_phaseWindows[i].second && m_phaseHitsHost[i])
            return m_configs[i + 1];
    return m_configs.front();
}

void Endpoint::releaseUnanswered(std::uint32_t j)
{
    Job& job = m_jobs[j];
    if (!job.admitted) return;
    job.admitted = false;
    m_admission->unanswered(m_scheduler.now(), job.permit());
}

void Endpoint::releaseJob(std::uint32_t j)
{
    releaseUnanswered(j); // removed from the queue, or lost: it never answered
    m_jobs[j].live = false;
    m_freeJobs.push_back(j);
    --m_liveJobs;
}

// Inline into both submits (its only callers): a call fewer per attempt.
[[gnu::always_inline]] inline CallTarget::Submitted
Endpoint::send(std::uint32_t j, AttemptReceiver* replyTo, ExecRef ref, std::uint64_t request)
{
    Job& job = m_jobs[j];
    job.replyTo = replyTo;
    job.caller = ref;
    job.request = request;
    job.call = m_callsReceived++;
    job.callMix = CallRng::mixCall(job.call);
    ++m_stats.attempts;
    if (m_replay) {
        // A replayed endpoint: the recorded answer, after the recorded time (network included).
        CallRng pick = CallRng::premixed(m_fateKey, job.callMix);
        const TraceCall& c = m_replay->answer(job.call, m_scheduler.now(), pick.uniform());
        // A recorded call its client abandoned had no answer; replayed, the caller waited as long.
        const Outcome o = c.outcome == Outcome::Cancelled ? Outcome::Timeout : c.outcome;
        job.result = Result{o, c.status, c.retryAfter};
        job.state = JobState::ToClient;
        ++m_stats.served;
        m_scheduler.after(c.latency, this, ArriveAtClient, j);
        return Submitted{j, job.call, m_host};
    }
    CallRng network = CallRng::premixed(m_networkOutKey, job.callMix);
    const Time out = configAt(m_scheduler.now()).network->sample(network);
    m_scheduler.after(out, this, ArriveAtServer, j);
    return Submitted{j, job.call, m_host};
}

CallTarget::Submitted Endpoint::submit(AttemptReceiver* replyTo, ExecRef ref, std::uint64_t request,
                                       std::uint16_t /*host*/)
{
    // A fresh job's access is the default one (no version expected, not read-only).
    return send(allocateJob(), replyTo, ref, request);
}

CallTarget::Submitted Endpoint::submit(AttemptReceiver* replyTo, ExecRef ref, std::uint64_t request,
                                       const VersionedAccess& access)
{
    const std::uint32_t j = allocateJob();
    m_jobs[j].setAccess(access);
    return send(j, replyTo, ref, request);
}

void Endpoint::abandon(std::uint32_t j, std::uint16_t /*host*/)
{
    Job& job = m_jobs[j];
    if (!job.live) return;
    job.abandoned = true;
    if (job.state == JobState::Lost) {
        releaseJob(j);
        return;
    }
    if (!m_spec.cancelOnTimeout) return; // the server's work goes on; its answer is ignored
    switch (job.state) {
    case JobState::Queued:
        job.state = JobState::Removed;
        --m_queued;
        break;
    case JobState::Calling:
        // The downstream call is abandoned too (deadline propagation).
        m_calls[job.nextCall]->cancelRoot(job.downstream, Outcome::Timeout);
        setBusy(m_busy - 1);
        releaseJob(j);
        dispatchQueued();
        break;
    case JobState::InService:
        m_scheduler.cancel(job.serviceTimer);
        setBusy(m_busy - 1);
        releaseJob(j);
        dispatchQueued();
        break;
    default: // in the network: dropped on arrival (ToServer) or ignored by the client (ToClient)
        break;
    }
}

void Endpoint::onEvent(std::uint32_t kind, std::uint64_t arg)
{
    const auto j = static_cast<std::uint32_t>(arg);
    switch (kind) {
    case ArriveAtServer:
        arrive(j);
        break;
    case ServiceDone:
        serviceDone(j);
        break;
    case ArriveAtClient: {
        const Job& arrived = m_jobs[j];
        AttemptReceiver* replyTo = arrived.replyTo;
        const ExecRef caller = arrived.caller;
        const Result result = arrived.result;
        m_answeredVersion = arrived.answerVersion;
        releaseJob(j);
        replyTo->onAttemptResponse(caller, result);
        break;
    }
    default:
        break;
    }
}

bool Endpoint::probe(Time now, Time timeout, std::uint64_t n) const
{
    const Config& cfg = configAt(now);
    CallRng rng(m_probeKey, n);
    const double u = rng.uniform();
    if (u >=
        1.0 - cfg.failures.error - cfg.failures.fatal - cfg.failures.timeout - cfg.failures.reset)
        return false; // a 5xx, 4xx, no answer or a reset: kubelet wants 200–399 in time
    const Time took =
        cfg.network->sample(rng) + cfg.latency->sample(rng) + cfg.network->sample(rng);
    return took <= timeout;
}

// Inline into arrive (its only caller): a call fewer per attempt.
[[gnu::always_inline]] inline Endpoint::Fate Endpoint::drawFate(const FailureSpec& f,
                                                                std::uint64_t callMix) const
{
    // Exactly one uniform per call, compared against fixed cumulative thresholds.
    const double u = CallRng::premixed(m_fateKey, callMix).uniform();
    double edge = f.error;
    if (u < edge) return Fate::Error;
    if (u < (edge += f.fatal)) return Fate::Fatal;
    if (u < (edge += f.timeout)) return Fate::Silent;
    if (u < (edge += f.reset)) return Fate::Reset;
    return Fate::Ok;
}

bool Endpoint::takeToken(const RateLimitSpec& rl, Time& retryAfter)
{
    const Time now = m_scheduler.now();
    if (!m_bucketStarted) {
        m_bucketStarted = true;
        m_tokens = rl.burst;
        m_tokensAt = now;
    }
    m_tokens =
        std::min(rl.burst, m_tokens + static_cast<double>(now - m_tokensAt) * rl.ratePerS / 1e9);
    m_tokensAt = now;
    if (m_tokens >= 1.0) {
        m_tokens -= 1.0;
        return true;
    }
    // The time until the next token; a bucket that slow (rate_per_s near 0) asks for at most the
    // longest duration a scenario holds, so the value stays a time (not an overflowed integer,
    // which read as "no Retry-After") and fits a trace line.
    const double untilTokenNs = std::ceil((1.0 - m_tokens) / rl.ratePerS * 1e9);
    retryAfter = rl.retryAfterMs ? fromMillis(*rl.retryAfterMs)
                                 : static_cast<Time>(std::min(untilTokenNs, kMaxDurationMs * 1e6));
    return false;
}

bool Endpoint::hasFreeWorker(const Config& cfg) const
{
    return !cfg.capacity.workers || m_busy < static_cast<std::uint64_t>(*cfg.capacity.workers);
}

void Endpoint::arrive(std::uint32_t j)
{
    Job& job = m_jobs[j];
    if (job.abandoned && m_spec.cancelOnTimeout) { // the client's deadline passed on the way
        releaseJob(j);
        return;
    }
    const Config& cfg = configAt(m_scheduler.now());
    job.fate = drawFate(cfg.failures, job.callMix);
    if (job.fate == Fate::Reset) {
        respond(j, Result::of(Outcome::Reset));
        return;
    }
    if (cfg.rateLimit) {
        Time retryAfter = 0;
        if (!takeToken(*cfg.rateLimit, retryAfter)) {
            respond(j, Result{Outcome::RateLimited, 429, retryAfter});
            return;
        }
    }
    if (m_admission) { // over the adaptive limit: 503 at once, as a full queue answers
        const auto permit = m_admission->admit(m_scheduler.now());
        if (!permit) {
            respond(j, Result::of(Outcome::Rejected));
            return;
        }
        job.admitted = true;
        job.setPermit(*permit);
    }
    job.inflightAtArrival = static_cast<std::uint32_t>(
        std::min<std::uint64_t>(m_busy + m_queued, std::numeric_limits<std::uint32_t>::max()));
    if (m_queued == 0 && hasFreeWorker(cfg)) {
        startService(j, cfg);
    } else if (!cfg.capacity.queue || m_queued < static_cast<std::uint64_t>(*cfg.capacity.queue)) {
        job.state = JobState::Queued;
        m_queue.push(j, m_scheduler.now());
        ++m_queued;
        m_stats.maxQueue = std::max(m_stats.maxQueue, m_queued);
    } else {
        respond(j, Result::of(Outcome::Rejected));
    }
}

void Endpoint::startService(std::uint32_t j, const Config& cfg)
{
    setBusy(m_busy + 1);
    if (m_calls.empty()) {
        startOwnWork(j, cfg);
        return;
    }
    m_jobs[j].state = JobState::Calling;
    m_jobs[j].nextCall = 0;
    makeCall(j);
}

void Endpoint::makeCall(std::uint32_t j)
{
    const std::uint32_t index = m_jobs[j].nextCall;
    const ExecRef ref = m_calls[index]->startRoot(m_jobs[j].request, j);
    // The pass may have finished already (a strategy answered at once) and moved the job on.
    Job& job = m_jobs[j];
    if (job.live && job.state == JobState::Calling && job.nextCall == index) job.downstream = ref;
}

void Endpoint::onPipelineDone(std::uint64_t token, const RequestRecord& record)
{
    const auto j = static_cast<std::uint32_t>(token);
    Job& job = m_jobs[j];
    if (!record.result.ok() && !record.result.fallback) {
        endServiceEarly(j, Result{Outcome::Error, m_spec.errorStatus, -1});
        return;
    }
    if (++job.nextCall < m_calls.size()) {
        makeCall(j);
        return;
    }
    startOwnWork(j, configAt(m_scheduler.now()));
}

void Endpoint::endServiceEarly(std::uint32_t j, const Result& r)
{
    setBusy(m_busy - 1);
    ++m_stats.served;
    if (m_jobs[j].fate == Fate::Silent) {
        releaseUnanswered(j);
        if (m_jobs[j].abandoned)
            releaseJob(j);
        else
            m_jobs[j].state = JobState::Lost;
    } else {
        respond(j, r);
    }
    dispatchQueued();
}

void Endpoint::startOwnWork(std::uint32_t j, const Config& cfg)
{
    Job& job = m_jobs[j];
    job.state = JobState::InService;
    job.readVersion = job.expectsVersion ? job.expectedVersion : m_version;
    CallRng latency = CallRng::premixed(m_latencyKey, job.callMix);
    Time service = cfg.latency->sample(latency);
    if (cfg.capacity.slowdownPerInflight > 0.0) {
        const double factor =
            1.0 + cfg.capacity.slowdownPerInflight * static_cast<double>(job.inflightAtArrival);
        service = static_cast<Time>(std::llround(static_cast<double>(service) * factor));
    }
    m_jobs[j].serviceTimer = m_scheduler.after(service, this, ServiceDone, j);
}

void Endpoint::serviceDone(std::uint32_t j)
{
    setBusy(m_busy - 1);
    ++m_stats.served;
    Job& job = m_jobs[j];
    job.serviceTimer = kNoTimer;
    switch (job.fate) {
    case Fate::Silent:
        releaseUnanswered(j);
        if (job.abandoned)
            releaseJob(j);
        else
            job.state = JobState::Lost;
        break;
    case Fate::Error:
        respond(j, Result{Outcome::Error, m_spec.errorStatus, -1});
        break;
    case Fate::Fatal:
        respond(j, Result{Outcome::Fatal, m_spec.fatalStatus, -1});
        break;
    case Fate::Ok:
    case Fate::Reset:
        if (m_spec.kind != EndpointSpec::Kind::VersionedRecord) {
            respond(j, Result::of(Outcome::Ok));
        } else if (job.readOnly) {
            job.answerVersion = m_version;
            respond(j, Result::of(Outcome::Ok));
        } else if (job.readVersion != m_version) {
            job.answerVersion = m_version;
            respond(j, Result::of(Outcome::Conflict));
        } else {
            job.answerVersion = ++m_version; // the (conditional) write lands
            respond(j, Result::of(Outcome::Ok));
        }
        break;
    }
    dispatchQueued();
}

void Endpoint::respond(std::uint32_t j, const Result& r)
{
    Job& job = m_jobs[j];
    if (job.admitted) {
        job.admitted = false;
        m_admission->answered(m_scheduler.now(), job.permit(), job.abandoned);
    }
    job.state = JobState::ToClient;
    job.result = r;
    m_stats.failed += r.outcome != Outcome::Ok;
    CallRng network = CallRng::premixed(m_networkBackKey, job.callMix);
    const Time back = configAt(m_scheduler.now()).network->sample(network);
    m_scheduler.after(back, this, ArriveAtClient, j);
}

void Endpoint::dispatchQueued()
{
    if (m_queue.entries() == 0) return; // nothing waits, nothing to shed or trim
    const Time now = m_scheduler.now();
    const Config& cfg = configAt(now);
    const auto removed = [this](std::uint32_t j) { return m_jobs[j].state == JobState::Removed; };
    // Local: starting a service can end another at once and come back here.
    std::vector<std::uint32_t> dropped, released;
    auto settle = [&] {
        for (std::uint32_t j : released)
            releaseJob(j);
        for (std::uint32_t j : dropped) { // shed by the discipline or the queue timeout: 503
            --m_queued;
            ++m_stats.shed;
            respond(j, Result::of(Outcome::Rejected));
        }
        released.clear();
        dropped.clear();
    };
    std::uint32_t next = 0;
    while (m_queued > 0 && hasFreeWorker(cfg)) {
        const bool have = m_queue.pop(now, cfg.capacity, removed, dropped, released, next);
        settle();
        if (!have) break;
        --m_queued;
        startService(next, cfg);
    }
    // Take out removed jobs even when no worker is free, so the deque stays short.
    m_queue.trim(removed, released);
    settle();
}

double Endpoint::utilization(Time until) const
{
    if (until <= 0) return 0.0;
    const double integral = m_stats.busyIntegral +
                            static_cast<double>(m_busy) * static_cast<double>(until - m_busySince);
    const double capacity = m_spec.capacity.workers ? *m_spec.capacity.workers : 1.0;
    return integral / (capacity * static_cast<double>(until));
}

} // namespace reslab

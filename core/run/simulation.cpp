#include "run/simulation.h"

#include "policy/strategy_kind.h"
#include "trace/replay.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <stdexcept>

namespace reslab {

namespace {
enum SimEvent : std::uint32_t
{
    TimelineTick,
    BulkResend // arg: the bulk's slot
};
// A pipeline token naming a bulk request's slot rather than a workload token.
constexpr std::uint64_t kBulkToken = std::uint64_t{1} << 63;
// A batch run without duration_s may take this long before arrivals are cut off.
constexpr double kBatchDefaultDurationS = 3600.0;

Time arrivalsEnd(const Scenario& s)
{
    if (!s.durationS && s.workload.type == WorkloadSpec::Type::Trace) {
        // A replayed day ends with its last recorded arrival.
        const std::vector<Time> arrivals = traceArrivals(s.workload.trace, s.target);
        return arrivals.empty() ? 0 : arrivals.back() + 1;
    }
    return fromSeconds(s.durationS.value_or(kBatchDefaultDurationS));
}
} // namespace

Simulation::Simulation(const Scenario& scenario, RunOptions options)
    : m_scenario(scenario), m_seed(options.seed.value_or(scenario.seed)),
      m_services(m_scenario, m_queue, m_execs, this, m_seed),
      // Saturating: a replayed trace's arrivals may span 200 years and drain_s add 100 more,
      // past what 64-bit nanoseconds hold.
      m_hardEnd(std::min(arrivalsEnd(scenario), kTimeNever - fromSeconds(scenario.drainS)) +
                fromSeconds(scenario.drainS))
{
    if (!options.stepsInPlace) m_execs.steps().maxInPlace = 0;
    CallTarget* target = m_services.find(m_scenario.target)->callTarget();
    m_pipeline = std::make_unique<Pipeline>(
        m_queue, m_execs,
        makeStages(m_scenario.pipeline, StageContext{m_queue, this, m_seed, "client", target}),
        target, this, this);
    m_workload = std::make_unique<Workload>(m_queue, m_scenario.workload, arrivalsEnd(m_scenario),
                                            m_seed, *this, m_scenario.target);
    if (m_scenario.workload.bulk)
        m_bulk = std::make_unique<BulkRequests>(*m_scenario.workload.bulk, m_seed);
    if (options.timeline) {
        m_timeline = std::make_unique<TimelineCollector>(
            options.timelineStep,
            [this](TimelineRow& row) {
                row.inFlight = m_inFlight;
                fillRowGauges(row, m_services, m_breakerMachines, m_limiters, m_queue.now());
            },
            [this](const TimelineRow& row) {
                for (RunObserver* o : m_observers)
                    o->onSecond(row);
            },
            options.latencyWindowSteps);
    }
}

Simulation::~Simulation() = default;

void Simulation::launch(std::uint64_t token)
{
    const std::uint64_t request = m_nextRequest++;
    ++m_inFlight;
    const Time now = m_queue.now();
    if (m_timeline) m_timeline->onRequestStarted(now);
    for (RunObserver* o : m_observers)
        o->onRequestStarted(request, now);
    if (m_bulk) {
        sendBulkItems(m_bulk->open(request, token, now), request, m_bulk->items());
        return;
    }
    m_pipeline->startRoot(request, token);
}

void Simulation::sendBulkItems(std::uint32_t slot, std::uint64_t request, int items)
{
    // Every call of the round is counted as pending before the first is sent, so calls that end
    // at once (a rejection) cannot close the round early.
    for (int i = 0; i < items; ++i)
        m_pipeline->startRoot(request, kBulkToken | slot);
}

void Simulation::onPipelineDone(std::uint64_t token, const RequestRecord& record)
{
    if (token & kBulkToken) {
        const auto slot = static_cast<std::uint32_t>(token & ~kBulkToken);
        const auto end = m_bulk->itemDone(slot, record, m_queue.now());
        if (!end) return;
        if (end->done)
            requestDone(end->workloadToken, end->record);
        else
            m_queue.after(end->after, this, BulkResend, slot);
        return;
    }
    requestDone(token, record);
}

void Simulation::requestDone(std::uint64_t token, const RequestRecord& record)
{
    --m_inFlight;
    if (record.result.fallback) ++m_fallbacks;
    if (record.result.ok())
        ++m_succeeded;
    else
        ++m_failed;
    ++m_requestsByOutcome[static_cast<std::size_t>(record.result.outcome)];
    m_latency.record(record.end - record.start);
    if (m_timeline) m_timeline->onRequestDone(record);
    for (RunObserver* o : m_observers)
        o->onRequestDone(record);
    m_workload->onRequestFinished(token);
}

void Simulation::onAttempt(const AttemptRecord& record)
{
    for (RunObserver* o : m_observers)
        o->onAttempt(record);
    if (record.depth != 0)
        return; // the summary's attempts are the client's; endpoints show the rest
    ++m_attempts;
    ++m_attemptsByOutcome[static_cast<std::size_t>(record.result.outcome)];
    if (m_timeline) m_timeline->onAttempt(record);
}

void Simulation::onHostEjection(const HostEjectionRecord& record)
{
    m_hostEjections.note(record);
    for (RunObserver* o : m_observers)
        o->onHostEjection(record);
}

void Simulation::onBreakerCreated(const std::string& name, CircuitBreaker* breaker)
{
    m_breakers.push_back(BreakerSummary{name, {}});
    m_breakerMachines.push_back(breaker);
}

void Simulation::onLimiterCreated(const std::string& name, const ConcurrencyLimiter* limiter)
{
    m_limiters.push_back(NamedLimiter{name, limiter});
}

std::vector<BreakerGauge> Simulation::breakerGauges()
{
    std::vector<BreakerGauge> out;
    for (std::size_t i = 0; i < m_breakers.size(); ++i)
        out.push_back(breakerGauge(m_breakers[i].name, *m_breakerMachines[i], m_queue.now()));
    return out;
}

std::vector<EndpointGauge> Simulation::endpointGauges() const
{
    return reslab::endpointGauges(m_services, m_scenario);
}

void Simulation::onBreakerTransition(const BreakerTransitionRecord& record)
{
    noteTransition(m_breakers, record);
    for (RunObserver* o : m_observers)
        o->onBreakerTransition(record);
}

void Simulation::onLimitChange(const LimitChangeRecord& record)
{
    for (RunObserver* o : m_observers)
        o->onLimitChange(record);
}

void Simulation::onEvent(std::uint32_t kind, std::uint64_t arg)
{
    if (m_finished) return;
    if (kind == BulkResend) {
        const auto slot = static_cast<std::uint32_t>(arg);
        sendBulkItems(slot, m_bulk->request(slot), m_bulk->beginResend(slot));
        return;
    }
    if (kind != TimelineTick) return;
    const auto step = static_cast<std::int64_t>(arg);
    m_timeline->closeUntil(step);
    m_queue.at((step + 1) * m_timeline->width(), this, TimelineTick,
               static_cast<std::uint64_t>(step + 1));
}

void Simulation::run()
{
    advanceTo(kTimeNever);
}

namespace {
std::string secondsText(Time t)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.3f", toSeconds(t));
    return text;
}
constexpr const char* kZeroTimeLoop =
    "(a loop in zero time: a closed workload whose calls end at once, e.g. resets, rejections or "
    "an open breaker's refusals with no latency and no think time)";
// Events at one instant past which a run that hits the queue's limits is said to be such a loop.
constexpr std::uint64_t kManyEventsAtOneInstant = 100'000;
} // namespace

bool Simulation::advanceTo(Time limit)
{
    if (m_finished) return false;
    const auto wallStart = std::chrono::steady_clock::now();
    if (!m_started) {
        m_started = true;
        m_workload->begin();
        if (m_timeline) m_queue.at(m_timeline->width(), this, TimelineTick, 1);
    }
    try {
        while (true) {
            if (m_inFlight == 0 && m_workload->done() && m_services.idle()) {
                finish(m_queue.now());
                break;
            }
            const Time next = m_queue.nextTime();
            if (next > m_hardEnd) {
                // Nothing more can happen before the drain time is up (requests hanging on an
                // endpoint that never answers, with no client timeout): they end unfinished.
                if (limit < m_hardEnd) break;
                finish(m_hardEnd);
                break;
            }
            if (next > limit) break;
            if (next != m_instant) {
                m_instant = next;
                m_eventsAtInstant = 0;
            } else if (++m_eventsAtInstant > kMaxEventsAtOneInstant) {
                stop("no progress in virtual time: " + std::to_string(kMaxEventsAtOneInstant) +
                     " events at t = " + secondsText(next) + " s without the clock moving " +
                     kZeroTimeLoop);
                break;
            }
            m_queue.runTop();
        }
    } catch (const std::length_error& e) {
        // The queue's limits (events pending at once, events per run): the run ends there, said
        // plainly. A loop in zero time that leaves a timer behind each time round (a timeout
        // around calls an open breaker rejects) reaches the first before the check above.
        std::string reason = std::string(e.what()) + " at t = " + secondsText(m_queue.now()) + " s";
        if (m_eventsAtInstant >= kManyEventsAtOneInstant)
            reason += ", after " + std::to_string(m_eventsAtInstant) +
                      " events without the clock moving " + kZeroTimeLoop;
        stop(reason);
    }
    m_wallMs +=
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wallStart)
            .count();
    return !m_finished;
}

void Simulation::finish(Time at)
{
    m_finished = true;
    m_endTime = at;
    if (m_timeline) {
        // Close the last, partial second too, so the rows cover the whole run.
        const Time width = m_timeline->width();
        const std::int64_t last = at / width;
        m_timeline->closeUntil(at % width == 0 && last > 0 ? last : last + 1);
    }
}

void Simulation::stop(const std::string& reason)
{
    if (m_finished) return;
    m_stopped = reason;
    finish(m_queue.now());
}

Summary Simulation::summary() const
{
    Summary s;
    s.scenario = m_scenario.name;
    s.seed = m_seed;
    s.requests = m_nextRequest - 1;
    s.succeeded = m_succeeded;
    s.failed = m_failed;
    s.unfinished = m_inFlight;
    s.fallbacks = m_fallbacks;
    s.requestsByOutcome = m_requestsByOutcome;
    s.attempts = m_attempts;
    s.attemptsByOutcome = m_attemptsByOutcome;
    if (m_bulk) s.bulk = Summary::Bulk{m_bulk->itemCalls(), m_bulk->itemsSucceeded()};
    s.latency = LatencySummary::of(m_latency);
    const Time end = m_finished ? m_endTime : m_queue.now();
    s.endpoints = endpointSummaries(m_services, s.requests, end, m_hostEjections);
    s.breakers = m_breakers;
    s.endMs = toMillis(end);
    s.events = m_queue.eventsRun();
    s.wallMs = m_wallMs;
    s.stopped = m_stopped;
    return s;
}

} // namespace reslab

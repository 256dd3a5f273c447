#include "run/live_run.h"

#include "policy/outlier_detector.h"

#include <algorithm>
#include <limits>

namespace reslab {

// Gathers what a snapshot reports between two snapshots; runs on the worker thread only.
class LiveRun::Collector final : public RunObserver
{
public:
    // `sim` is read at the end of each step for its fleets' hosts (the observer runs on its
    // thread, inside its event loop, so the hosts' counters are the step's).
    explicit Collector(const Simulation& sim) : m_sim(sim)
    {
        std::size_t used = 0;
        const auto& endpoints = sim.endpoints();
        for (std::size_t e = 0; e < endpoints.size() && used < kMaxLiveHosts; ++e) {
            const Fleet& f = *endpoints[e];
            if (f.hostCount() < 2) continue;
            FleetHosts hosts{static_cast<std::uint32_t>(e),
                             f.id(),
                             used,
                             std::min(f.hostCount(), kMaxLiveHosts - used),
                             f.hostCount(),
                             {},
                             {}};
            for (std::size_t h = 0; h < hosts.shown; ++h) {
                hosts.zones.push_back(f.hosts()[h].zone);
                const auto& workers = f.host(h).spec().capacity.workers;
                hosts.workers.push_back(workers ? static_cast<std::uint32_t>(*workers) : 0);
            }
            if (m_slotOf.size() <= e) {
                m_slotOf.resize(e + 1, kNoSlot);
                m_shownOf.resize(e + 1, 0);
            }
            m_slotOf[e] = used;
            m_shownOf[e] = hosts.shown;
            used += hosts.shown;
            fleets.push_back(std::move(hosts));
        }
        m_hostCount = used;
        m_before.resize(used);
        m_ejected.resize(used, 0);
    }

    void onSecond(const TimelineRow& row) override
    {
        rows.push_back(row);
        // The engine's rows leave the endpoints' calls at 0: they are counted here, off its hot
        // path, by the step each call ended in (as the row counts the client's attempts).
        TimelineRow& r = rows.back();
        while (!steps.empty() && callsFirst < r.index) {
            steps.pop_front();
            ++callsFirst;
        }
        Step step;
        if (!steps.empty() && callsFirst == r.index) {
            step = std::move(steps.front());
            steps.pop_front();
        }
        for (std::size_t e = 0; e < r.endpoints.size() && e < step.calls.size(); ++e)
            r.endpoints[e].attempts = step.calls[e];
        callsFirst = std::max(callsFirst, r.index + 1);
        if (m_hostCount) fillHosts(r, step);
    }
    void onAttempt(const AttemptRecord& a) override
    {
        if (a.call != kNoCall) { // a call an endpoint received, at any layer
            // A call cannot end in a step already reported; were it to, it counts in the next.
            const std::int64_t index = std::max(callsFirst, a.end / kLiveTimelineStep);
            const auto at = static_cast<std::size_t>(index - callsFirst);
            if (steps.size() <= at) steps.resize(at + 1);
            Step& step = steps[at];
            if (step.calls.size() <= a.endpoint) step.calls.resize(a.endpoint + 1);
            ++step.calls[a.endpoint];
            // A fleet's host: its timeouts and answers' latency (only when a fleet has series).
            if (m_hostCount && a.endpoint < m_slotOf.size() && m_slotOf[a.endpoint] != kNoSlot)
                noteHost(a, step);
        }
        if (a.start < markUntil && marked.size() < LiveRun::kMarkedAttemptsPerSnapshot) {
            marked.push_back(a); // near a breaker transition: kept whatever the rate
            return;
        }
        recent.push_back(a);
        if (recent.size() > kRecentAttemptsPerSnapshot) {
            recent.pop_front();
            ++skipped;
        }
    }
    void onRequestDone(const RequestRecord& r) override
    {
        const std::size_t k = std::min<std::size_t>(r.attempts, kAttemptsPerRequestBins - 1);
        if (attemptsPerRequest.size() <= k) attemptsPerRequest.resize(k + 1);
        ++attemptsPerRequest[k];
    }
    void onHostEjection(const HostEjectionRecord& e) override
    {
        using Kind = EjectionEvent::Kind;
        const auto kind = static_cast<Kind>(e.kind);
        if (kind == Kind::Ejected || kind == Kind::Unejected) {
            ejections.push_back(e);
            // Balancers (one per pipeline that balances over the fleet) eject on their own.
            if (const std::size_t slot = slotOf(e.endpoint, e.host); slot != kNoSlot) {
                std::uint8_t& n = m_ejected[slot];
                if (kind == Kind::Ejected && n < std::numeric_limits<std::uint8_t>::max()) ++n;
                if (kind == Kind::Unejected && n > 0) --n;
            }
            return;
        }
        detections.push_back(e);
        if (detections.size() > kMaxDetectionsPerSnapshot) {
            detections.pop_front();
            ++detectionsSkipped;
        }
    }
    // The ejections and the latest other detections since the last snapshot, in time order.
    std::vector<HostEjectionRecord> takeEjections()
    {
        std::vector<HostEjectionRecord> all = std::move(ejections);
        all.insert(all.end(), detections.begin(), detections.end());
        std::stable_sort(
            all.begin(), all.end(),
            [](const HostEjectionRecord& x, const HostEjectionRecord& y) { return x.at < y.at; });
        ejections.clear();
        detections.clear();
        return all;
    }
    void onBreakerTransition(const BreakerTransitionRecord& t) override
    {
        transitions.push_back(t);
        // The attempts of the seconds before it move from the latest ones to the marked ones
        // (the latest are the newest, at the back), and those of the seconds after it follow.
        const Time reach = fromSeconds(LiveRun::kMarkedAttemptSeconds);
        auto first = recent.end();
        while (first != recent.begin() && std::prev(first)->end >= t.at - reach)
            --first;
        for (auto it = first;
             it != recent.end() && marked.size() < LiveRun::kMarkedAttemptsPerSnapshot; ++it)
            marked.push_back(*it);
        recent.erase(first, recent.end());
        markUntil = std::max(markUntil, t.at + reach);
    }
    // The marked and the latest attempts of a snapshot, in the order they ended.
    std::vector<AttemptRecord> take()
    {
        std::vector<AttemptRecord> all(marked.begin(), marked.end());
        all.insert(all.end(), recent.begin(), recent.end());
        std::stable_sort(
            all.begin(), all.end(),
            [](const AttemptRecord& x, const AttemptRecord& y) { return x.end < y.end; });
        marked.clear();
        recent.clear();
        return all;
    }

    // What the attempts add to a step's row: calls per endpoint, and per host of a fleet its
    // timeouts and the answers' count and latency.
    struct HostAttempts
    {
        std::uint32_t timeouts = 0;
        std::uint32_t answered = 0;
        double latencyMs = 0.0;
    };
    struct Step
    {
        std::vector<std::uint32_t> calls;
        std::vector<HostAttempts> hosts;
    };

    std::vector<TimelineRow> rows;
    // The steps not yet reported, the first for step callsFirst.
    std::deque<Step> steps;
    std::int64_t callsFirst = 0;
    std::vector<FleetHosts> fleets;            // with host series, in TimelineRow::hosts' order
    std::vector<HostEjectionRecord> ejections; // since the last snapshot
    std::deque<HostEjectionRecord> detections; // since the last snapshot, the latest only
    std::uint64_t detectionsSkipped = 0;
    std::deque<AttemptRecord> recent; // since the last snapshot, the latest only
    std::deque<AttemptRecord> marked; // since the last snapshot, near breaker transitions
    Time markUntil = -1;              // attempts starting before this are marked
    std::uint64_t skipped = 0;
    std::vector<std::uint64_t> attemptsPerRequest; // over the whole run
    std::vector<BreakerTransitionRecord> transitions;

private:
    static constexpr std::size_t kNoSlot = std::numeric_limits<std::size_t>::max();

    // Host h of endpoint e's place in the rows' hosts (kNoSlot: no series for it).
    std::size_t slotOf(std::uint32_t e, std::uint16_t h) const
    {
        if (e >= m_slotOf.size() || m_slotOf[e] == kNoSlot || h >= m_shownOf[e]) return kNoSlot;
        return m_slotOf[e] + h;
    }
    void noteHost(const AttemptRecord& a, Step& step)
    {
        const std::size_t slot = slotOf(a.endpoint, a.host);
        if (slot == kNoSlot) return;
        if (step.hosts.size() < m_hostCount) step.hosts.resize(m_hostCount);
        HostAttempts& h = step.hosts[slot];
        switch (a.result.outcome) {
        case Outcome::Timeout: // the client gave up on it: no answer, and its time is the client's
            ++h.timeouts;
            break;
        case Outcome::Cancelled: // a hedge that lost: the client stopped waiting for it
            break;
        default:
            ++h.answered;
            h.latencyMs += toMillis(a.end - a.start);
        }
    }
    // Each host's counters since the last step (its calls and failed answers), its calls in
    // flight now, whether it is ejected, and what its attempts of the step added.
    void fillHosts(TimelineRow& r, const Step& step)
    {
        r.hosts.resize(m_hostCount);
        const auto narrow = [](std::uint64_t v) {
            return static_cast<std::uint32_t>(
                std::min<std::uint64_t>(v, std::numeric_limits<std::uint32_t>::max()));
        };
        for (const FleetHosts& f : fleets) {
            const Fleet& fleet = *m_sim.endpoints()[f.endpoint];
            for (std::size_t h = 0; h < f.shown; ++h) {
                const std::size_t slot = f.first + h;
                const Endpoint& host = fleet.host(h);
                const EndpointStats& stats = host.stats();
                TimelineRow::Host& out = r.hosts[slot];
                out.calls = narrow(stats.attempts - m_before[slot].attempts);
                out.failed = narrow(stats.failed - m_before[slot].failed);
                m_before[slot] = {stats.attempts, stats.failed};
                out.inFlight = narrow(host.busyWorkers() + host.queueDepth());
                out.ejected = m_ejected[slot];
                if (slot < step.hosts.size()) {
                    out.timeouts = step.hosts[slot].timeouts;
                    out.answered = step.hosts[slot].answered;
                    out.latencyMs = static_cast<float>(step.hosts[slot].latencyMs);
                }
            }
        }
    }

    const Simulation& m_sim;
    std::vector<std::size_t> m_slotOf;  // per endpoint: its first host's slot, or kNoSlot …
    std::vector<std::size_t> m_shownOf; // … and its hosts with series
    std::size_t m_hostCount = 0;        // slots in all
    struct Counters
    {
        std::uint64_t attempts = 0, failed = 0;
    };
    std::vector<Counters> m_before;      // per slot, as at the end of the last step
    std::vector<std::uint8_t> m_ejected; // per slot: balancers that have it ejected now
};

// The Collector is defined above, so Run's unique_ptr can destroy it here.
LiveRun::LiveRun(QObject* parent) : QObject(parent)
{
    qRegisterMetaType<reslab::LiveSnapshot>();
}

LiveRun::~LiveRun() = default;

void LiveRun::load(const std::vector<Scenario>& scenarios, quint64 seed)
{
    if (!m_timer) { // created here, on the worker thread, so it fires there
        m_timer = new QTimer(this);
        m_timer->setTimerType(Qt::PreciseTimer);
        m_timer->setInterval(5);
        connect(m_timer, &QTimer::timeout, this, &LiveRun::tick);
    }
    stopRecording();
    m_runs.clear();
    for (std::size_t i = 0; i < scenarios.size() && i < kMaxLiveRuns; ++i)
        m_runs.push_back(Run{scenarios[i], nullptr, nullptr});
    m_seed = seed;
    reset();
}

void LiveRun::reset()
{
    m_running = false;
    if (m_timer) m_timer->stop();
    if (m_runs.empty()) return;
    RunOptions options;
    options.seed = m_seed;
    options.timeline = true;
    options.timelineStep = kLiveTimelineStep;
    options.latencyWindowSteps = kLiveLatencyWindowSteps;
    stopRecording();
    for (Run& run : m_runs) {
        run.sim = std::make_unique<Simulation>(run.scenario, options);
        run.collector = std::make_unique<Collector>(*run.sim);
        run.sim->addObserver(run.collector.get());
    }
    startRecording();
    m_carryNs = 0.0;
    m_clock = 0;
    emitSnapshot(true);
}

bool LiveRun::finished() const
{
    if (m_runs.empty()) return false;
    return std::all_of(m_runs.begin(), m_runs.end(),
                       [](const Run& r) { return r.sim && r.sim->finished(); });
}

void LiveRun::play()
{
    if (!first() || finished()) return;
    m_running = true;
    m_wall.start();
    m_sinceEmit.start();
    m_timer->start();
}

void LiveRun::pause()
{
    m_running = false;
    if (m_timer) m_timer->stop();
    emitSnapshot(true);
}

void LiveRun::step()
{
    if (!first()) return;
    m_running = false;
    if (m_timer) m_timer->stop();
    advanceBy(kNanosPerSecond);
    if (finished()) stopRecording();
    emitSnapshot(true);
}

void LiveRun::setSpeed(double speed)
{
    m_speed = std::max(0.0, speed);
}

void LiveRun::advanceBy(Time virtualDelta)
{
    if (!first() || finished()) return;
    m_clock += virtualDelta;
    for (Run& run : m_runs)
        run.sim->advanceTo(m_clock);
    if (finished()) {
        Time end = 0;
        for (const Run& run : m_runs)
            end = std::max(end, run.sim->now());
        m_clock = end;
    }
}

void LiveRun::tick()
{
    if (!m_running || !first()) return;
    if (m_speed == kFastest) {
        // As fast as possible, in slices of bounded wall time so queued slots (pause, reset) run.
        QElapsedTimer slice;
        slice.start();
        while (slice.elapsed() < kFastSliceMs && !finished())
            advanceBy(kLiveTimelineStep);
    } else {
        const double wallNs = static_cast<double>(m_wall.nsecsElapsed());
        m_wall.restart();
        m_carryNs += wallNs * m_speed;
        const auto delta = static_cast<Time>(m_carryNs);
        m_carryNs -= static_cast<double>(delta);
        // Never more virtual time per tick than keeps the worker responsive at 1000×.
        advanceBy(std::min<Time>(delta, 5 * kNanosPerSecond));
    }
    if (finished()) {
        m_running = false;
        m_timer->stop();
        stopRecording(); // the whole run is in the file
        emitSnapshot(true);
        return;
    }
    emitSnapshot(false);
}

void LiveRun::setRecording(const QString& path)
{
    stopRecording();
    m_recordPath = path;
    startRecording();
}

void LiveRun::startRecording()
{
    Simulation* sim = first();
    if (m_recordPath.isEmpty() || !sim || sim->finished()) return;
    const Scenario& scenario = m_runs.front().scenario;
    m_traceWriter = std::make_unique<TraceWriter>();
    std::string error;
    // As run --record: a run that may last past what a trace holds is not recorded at all, so a
    // recording always reads back (docs/trace-format.md, "Limits").
    if (sim->hardEnd() > kMaxTraceTime)
        error = "this run may last past the 100 years a trace holds (duration_s + drain_s): "
                "shorten them to record it";
    if (!error.empty() ||
        !m_traceWriter->open(m_recordPath.toStdString(),
                             TraceHeader{"resilience-lab run", "", scenario.name}, &error)) {
        m_traceWriter.reset();
        const QString path = m_recordPath;
        m_recordPath.clear();
        emit recordingClosed(path, 0, QString::fromStdString(error));
        return;
    }
    std::vector<std::string> ids;
    for (const EndpointSpec& e : scenario.endpoints)
        ids.push_back(e.id);
    m_recorder = std::make_unique<TraceRecorder>(*m_traceWriter, std::move(ids));
    sim->addObserver(m_recorder.get());
}

void LiveRun::stopRecording()
{
    if (!m_traceWriter) return;
    if (Simulation* sim = first()) sim->removeObserver(m_recorder.get());
    std::string error;
    const quint64 calls = m_traceWriter->written();
    if (!m_recorder->problem().empty()) { // never a recording with a call left out
        error = "cannot record this run: " + m_recorder->problem();
        m_traceWriter->discard();
    } else {
        m_traceWriter->close(&error);
    }
    m_recorder.reset();
    m_traceWriter.reset();
    emit recordingClosed(m_recordPath, calls, QString::fromStdString(error));
}

void LiveRun::emitSnapshot(bool force)
{
    if (!first()) return;
    if (!force && m_sinceEmit.isValid() && m_sinceEmit.elapsed() < kSnapshotIntervalMs) return;
    m_sinceEmit.start();
    LiveSnapshot s;
    s.virtualNow = m_clock;
    s.running = m_running;
    s.finished = finished();
    const bool summaries = force || s.finished || !m_sinceSummary.isValid() ||
                           m_sinceSummary.elapsed() >= kLiveSummaryIntervalMs;
    if (summaries) m_sinceSummary.start();
    for (Run& run : m_runs) {
        Collector& c = *run.collector;
        RunSnapshot r;
        r.rows = std::move(c.rows);
        c.rows.clear();
        r.transitions = std::move(c.transitions);
        c.transitions.clear();
        r.recentAttempts = c.take();
        r.attemptsSkipped = c.skipped;
        c.skipped = 0;
        r.attemptsPerRequest = c.attemptsPerRequest;
        r.breakers = run.sim->breakerGauges();
        r.endpoints = run.sim->endpointGauges();
        r.limiters = run.sim->limiterGauges();
        r.fleets = c.fleets;
        r.ejections = c.takeEjections();
        r.detectionsSkipped = c.detectionsSkipped;
        c.detectionsSkipped = 0;
        if (summaries) r.summary = run.sim->summary();
        s.runs.push_back(std::move(r));
    }
    emit snapshotReady(s);
}

} // namespace reslab

#include "run/live_run.h"

#include <algorithm>

namespace reslab {

// Gathers what a snapshot reports between two snapshots; runs on the worker thread only.
class LiveRun::Collector final : public RunObserver
{
public:
    void onSecond(const TimelineRow& row) override
    {
        rows.push_back(row);
        // The engine's rows leave the endpoints' calls at 0: they are counted here, off its hot
        // path, by the step each call ended in (as the row counts the client's attempts).
        TimelineRow& r = rows.back();
        while (!calls.empty() && callsFirst < r.index) {
            calls.pop_front();
            ++callsFirst;
        }
        if (!calls.empty() && callsFirst == r.index) {
            for (std::size_t e = 0; e < r.endpoints.size() && e < calls.front().size(); ++e)
                r.endpoints[e].attempts = calls.front()[e];
            calls.pop_front();
        }
        callsFirst = std::max(callsFirst, r.index + 1);
    }
    void onAttempt(const AttemptRecord& a) override
    {
        if (a.call != kNoCall) { // a call an endpoint received, at any layer
            // A call cannot end in a step already reported; were it to, it counts in the next.
            const std::int64_t step = std::max(callsFirst, a.end / kLiveTimelineStep);
            const auto at = static_cast<std::size_t>(step - callsFirst);
            if (calls.size() <= at) calls.resize(at + 1);
            auto& counts = calls[at];
            if (counts.size() <= a.endpoint) counts.resize(a.endpoint + 1);
            ++counts[a.endpoint];
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

    std::vector<TimelineRow> rows;
    // Calls per endpoint for the steps not yet reported, the first for step callsFirst.
    std::deque<std::vector<std::uint32_t>> calls;
    std::int64_t callsFirst = 0;
    std::deque<AttemptRecord> recent; // since the last snapshot, the latest only
    std::deque<AttemptRecord> marked; // since the last snapshot, near breaker transitions
    Time markUntil = -1;              // attempts starting before this are marked
    std::uint64_t skipped = 0;
    std::vector<std::uint64_t> attemptsPerRequest; // over the whole run
    std::vector<BreakerTransitionRecord> transitions;
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
        run.collector = std::make_unique<Collector>();
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
        if (summaries) r.summary = run.sim->summary();
        s.runs.push_back(std::move(r));
    }
    emit snapshotReady(s);
}

} // namespace reslab

#include "run/live_run.h"

#include <algorithm>

namespace reslab {

// Gathers what a snapshot reports between two snapshots; runs on the worker thread only.
class LiveRun::Collector final : public RunObserver
{
public:
    void onSecond(const TimelineRow& row) override { rows.push_back(row); }
    void onAttempt(const AttemptRecord& a) override
    {
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
    }

    std::vector<TimelineRow> rows;
    std::deque<AttemptRecord> recent; // since the last snapshot, the latest only
    std::uint64_t skipped = 0;
    std::vector<std::uint64_t> attemptsPerRequest; // over the whole run
    std::vector<BreakerTransitionRecord> transitions;
};

LiveRun::LiveRun(QObject* parent) : QObject(parent)
{
    qRegisterMetaType<reslab::LiveSnapshot>();
    qRegisterMetaType<reslab::Scenario>();
}

LiveRun::~LiveRun() = default;

void LiveRun::load(const Scenario& scenario, quint64 seed)
{
    if (!m_timer) { // created here, on the worker thread, so it fires there
        m_timer = new QTimer(this);
        m_timer->setTimerType(Qt::PreciseTimer);
        m_timer->setInterval(5);
        connect(m_timer, &QTimer::timeout, this, &LiveRun::tick);
    }
    m_scenario = scenario;
    m_seed = seed;
    reset();
}

void LiveRun::reset()
{
    m_running = false;
    if (m_timer) m_timer->stop();
    if (!m_scenario) return;
    RunOptions options;
    options.seed = m_seed;
    options.timeline = true;
    options.timelineStep = kLiveTimelineStep;
    options.latencyWindowSteps = kLiveLatencyWindowSteps;
    stopRecording();
    m_sim = std::make_unique<Simulation>(*m_scenario, options);
    m_collector = std::make_unique<Collector>();
    m_sim->addObserver(m_collector.get());
    m_simB.reset();
    m_collectorB.reset();
    if (m_scenarioB) {
        m_simB = std::make_unique<Simulation>(*m_scenarioB, options);
        m_collectorB = std::make_unique<Collector>();
        m_simB->addObserver(m_collectorB.get());
    }
    startRecording();
    m_carryNs = 0.0;
    m_clock = 0;
    emitSnapshot(true);
}

bool LiveRun::finished() const
{
    return m_sim && m_sim->finished() && (!m_simB || m_simB->finished());
}

void LiveRun::setComparison(const Scenario& b)
{
    m_scenarioB = b;
}

void LiveRun::clearComparison()
{
    m_scenarioB.reset();
}

void LiveRun::play()
{
    if (!m_sim || finished()) return;
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
    if (!m_sim) return;
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
    if (!m_sim || finished()) return;
    m_clock += virtualDelta;
    m_sim->advanceTo(m_clock);
    if (m_simB) m_simB->advanceTo(m_clock);
    if (finished()) m_clock = std::max(m_sim->now(), m_simB ? m_simB->now() : 0);
}

void LiveRun::tick()
{
    if (!m_running || !m_sim) return;
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
    if (m_recordPath.isEmpty() || !m_sim || m_sim->finished()) return;
    m_traceWriter = std::make_unique<TraceWriter>();
    std::string error;
    if (!m_traceWriter->open(m_recordPath.toStdString(),
                             TraceHeader{"resilience-lab run", "", m_scenario->name}, &error)) {
        m_traceWriter.reset();
        const QString path = m_recordPath;
        m_recordPath.clear();
        emit recordingClosed(path, 0, QString::fromStdString(error));
        return;
    }
    std::vector<std::string> ids;
    for (const EndpointSpec& e : m_scenario->endpoints)
        ids.push_back(e.id);
    m_recorder = std::make_unique<TraceRecorder>(*m_traceWriter, std::move(ids));
    m_sim->addObserver(m_recorder.get());
}

void LiveRun::stopRecording()
{
    if (!m_traceWriter) return;
    if (m_sim) m_sim->removeObserver(m_recorder.get());
    std::string error;
    const quint64 calls = m_traceWriter->written();
    m_traceWriter->close(&error);
    m_recorder.reset();
    m_traceWriter.reset();
    emit recordingClosed(m_recordPath, calls, QString::fromStdString(error));
}

void LiveRun::emitSnapshot(bool force)
{
    if (!m_sim) return;
    if (!force && m_sinceEmit.isValid() && m_sinceEmit.elapsed() < kSnapshotIntervalMs) return;
    m_sinceEmit.start();
    LiveSnapshot s;
    s.virtualNow = m_clock;
    s.rows = std::move(m_collector->rows);
    m_collector->rows.clear();
    s.transitions = std::move(m_collector->transitions);
    m_collector->transitions.clear();
    s.recentAttempts.assign(m_collector->recent.begin(), m_collector->recent.end());
    m_collector->recent.clear();
    s.attemptsSkipped = m_collector->skipped;
    m_collector->skipped = 0;
    s.attemptsPerRequest = m_collector->attemptsPerRequest;
    s.breakers = m_sim->breakerGauges();
    s.endpoints = m_sim->endpointGauges();
    s.running = m_running;
    s.finished = finished();
    if (s.finished) s.summary = m_sim->summary();
    if (m_simB) {
        s.comparing = true;
        s.rowsB = std::move(m_collectorB->rows);
        m_collectorB->rows.clear();
        m_collectorB->recent.clear(); // B's attempts are not shown one by one
        m_collectorB->transitions.clear();
        if (s.finished) s.summaryB = m_simB->summary();
    }
    emit snapshotReady(s);
}

} // namespace reslab

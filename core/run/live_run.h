#pragma once
// A simulation run paced against the wall clock, for the desktop testbench (docs/gui.md).
// A LiveRun lives in a worker thread (moveToThread) and owns its Simulation outright; it hands
// the UI immutable LiveSnapshot values through a queued signal, at most every 33 ms, and never
// exposes engine state. Virtual time advances at `speed` × wall time (0.1× … 1000×), or as fast
// as possible in slices of bounded wall time so that pause, step and reset stay responsive.
//
// Threading: every slot runs on the worker thread; snapshotReady is delivered to the receiver's
// thread. Call the slots through queued connections or QMetaObject::invokeMethod.

#include "run/live_snapshot.h"
#include "run/simulation.h"
#include "scenario/scenario.h"
#include "trace/trace_recorder.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

namespace reslab {

// As fast as possible: wall time spent simulating before the worker looks at its queue again.
inline constexpr int kFastSliceMs = 15;

class LiveRun : public QObject
{
    Q_OBJECT
public:
    explicit LiveRun(QObject* parent = nullptr);
    ~LiveRun() override;

    // Speeds: 0 means as fast as possible.
    static constexpr double kFastest = 0.0;
    // Beyond the latest kRecentAttemptsPerSnapshot, a snapshot hands over the attempts within
    // kMarkedAttemptSeconds of a breaker transition (at most kMarkedAttemptsPerSnapshot), so the
    // window can show what happened around an outage however fast the run goes.
    static constexpr double kMarkedAttemptSeconds = 5.0;
    static constexpr std::size_t kMarkedAttemptsPerSnapshot = 4000;

public slots:
    // Prepares fresh runs of `scenarios` (paused at t = 0), all on `seed` and one virtual clock:
    // the first is the scenario, the others the same with other pipelines (common random
    // numbers: endpoint call k meets the same fate in each). At most kMaxLiveRuns.
    void load(const std::vector<reslab::Scenario>& scenarios, quint64 seed);
    void play();
    void pause();
    // Advances one virtual second (paused).
    void step();
    void setSpeed(double speed);
    void reset();
    // Records what every endpoint of the first run observes to a trace file from now on (and
    // from t = 0 again on each reset); an empty path stops and closes it.
    void setRecording(const QString& path);

signals:
    void snapshotReady(const reslab::LiveSnapshot& snapshot);
    // The trace file was closed (recording stopped, the run ended, or it was reset): how many
    // calls it holds, or the error that stopped it.
    void recordingClosed(const QString& path, quint64 calls, const QString& error);

private:
    class Collector;
    void tick();
    void advanceBy(Time virtualDelta);
    void emitSnapshot(bool force);

    struct Run
    {
        Scenario scenario;
        std::unique_ptr<Simulation> sim;
        std::unique_ptr<Collector> collector;
    };
    std::vector<Run> m_runs;
    quint64 m_seed = 0;
    bool finished() const;
    Simulation* first() const { return m_runs.empty() ? nullptr : m_runs.front().sim.get(); }
    void startRecording();
    void stopRecording();
    QString m_recordPath;
    std::unique_ptr<TraceWriter> m_traceWriter;
    std::unique_ptr<TraceRecorder> m_recorder;
    QTimer* m_timer = nullptr;
    QElapsedTimer m_wall;         // since the last tick
    QElapsedTimer m_sinceEmit;    // since the last snapshot
    QElapsedTimer m_sinceSummary; // since the last snapshot with summaries
    double m_speed = 1.0;
    bool m_running = false;
    double m_carryNs = 0.0; // fractional virtual time owed by the pacing
    Time m_clock = 0;       // the virtual clock: everything before it has been simulated
};

} // namespace reslab

Q_DECLARE_METATYPE(reslab::LiveSnapshot)

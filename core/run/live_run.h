#pragma once
// A simulation run paced against the wall clock, for the desktop testbench (docs/gui.md).
// A LiveRun lives in a worker thread (moveToThread) and owns its Simulation outright; it hands
// the UI immutable LiveSnapshot values through a queued signal, at most every 33 ms, and never
// exposes engine state. Virtual time advances at `speed` × wall time (0.1× … 1000×), or as fast
// as possible in slices of bounded wall time so that pause, step and reset stay responsive.
//
// Threading: every slot runs on the worker thread; snapshotReady is delivered to the receiver's
// thread. Call the slots through queued connections or QMetaObject::invokeMethod.

#include "metrics/records.h"
#include "metrics/summary.h"
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

// Live views draw rates per step; a tenth of a second keeps the charts smooth at 1×.
inline constexpr Time kLiveTimelineStep = kNanosPerSecond / 10;
// Latency percentiles in the live views cover the last second (ten steps), not one noisy step.
inline constexpr int kLiveLatencyWindowSteps = 10;
// Redraws are coalesced: at most one snapshot per this many milliseconds of wall time.
inline constexpr int kSnapshotIntervalMs = 33;
// The attempts a snapshot carries at most: the latest of those since the previous snapshot (the
// attempts timeline and the event log show recent ones; the attempts CSV has them all).
inline constexpr std::size_t kRecentAttemptsPerSnapshot = 2000;
// Attempts per request are counted 0 … 63; more fall in the last bin.
inline constexpr std::size_t kAttemptsPerRequestBins = 64;
// The live summary (the Summary view) is worked out at most this often: a copy of every
// breaker's transitions and the percentiles, not worth doing 30 times a second.
inline constexpr int kLiveSummaryIntervalMs = 250;
// Runs side by side on one clock (the testbench's colours and dashes tell six apart).
inline constexpr std::size_t kMaxLiveRuns = 6;
// As fast as possible: wall time spent simulating before the worker looks at its queue again.
inline constexpr int kFastSliceMs = 15;

// What one run reports in a snapshot.
struct RunSnapshot
{
    std::vector<TimelineRow> rows;                    // steps completed since the last snapshot
    std::vector<BreakerTransitionRecord> transitions; // since the last snapshot
    // Since the last snapshot, the latest kRecentAttemptsPerSnapshot, and how many earlier ones
    // were left out.
    std::vector<AttemptRecord> recentAttempts;
    std::uint64_t attemptsSkipped = 0;
    std::vector<std::uint64_t> attemptsPerRequest; // [k]: requests that ended after k attempts
    std::vector<BreakerGauge> breakers;            // now
    std::vector<EndpointGauge> endpoints;          // now
    // The run's summary so far: in every snapshot that ends the run, that is forced (load,
    // step, pause), and at most every kLiveSummaryIntervalMs otherwise.
    std::optional<Summary> summary;
};

struct LiveSnapshot
{
    Time virtualNow = 0; // the shared virtual clock (the runs' end once finished)
    bool running = false;
    bool finished = false;         // every run has finished
    std::vector<RunSnapshot> runs; // in the order load() was given them
};

class LiveRun : public QObject
{
    Q_OBJECT
public:
    explicit LiveRun(QObject* parent = nullptr);
    ~LiveRun() override;

    // Speeds: 0 means as fast as possible.
    static constexpr double kFastest = 0.0;

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

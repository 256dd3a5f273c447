// The paced runner the GUI drives: it runs in a worker thread, emits snapshots the receiver owns,
// gives the same results as a headless run, and its controls (step, pause) act on virtual time.

#include "run/live_run.h"
#include "testing.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <algorithm>

using namespace reslab;
using namespace reslab::testing;

namespace {
Scenario outagePreset()
{
    ScenarioLoad load = loadFile(RESLAB_PRESETS_DIR "/outage-and-recovery.json");
    if (!load.scenario) qFatal("preset does not load");
    return *load.scenario;
}
} // namespace

class TestLiveRun : public QObject
{
    Q_OBJECT
private:
    // Loads one run on the worker thread (a type-checked queued call).
    void load(const Scenario& scenario, quint64 seed)
    {
        QMetaObject::invokeMethod(
            m_run, [run = m_run, scenario, seed] { run->load({scenario}, seed); },
            Qt::QueuedConnection);
    }

private slots:
    void init()
    {
        m_thread = new QThread;
        m_run = new LiveRun;
        m_run->moveToThread(m_thread);
        connect(m_thread, &QThread::finished, m_run, &QObject::deleteLater);
        m_thread->start();
    }

    void cleanup()
    {
        m_thread->quit();
        m_thread->wait();
        delete m_thread;
    }

    void fastRunMatchesTheHeadlessRun()
    {
        const Scenario scenario = outagePreset();
        QSignalSpy spy(m_run, &LiveRun::snapshotReady);
        load(scenario, scenario.seed);
        QMetaObject::invokeMethod(
            m_run, [run = m_run] { run->setSpeed(LiveRun::kFastest); }, Qt::QueuedConnection);
        QMetaObject::invokeMethod(m_run, &LiveRun::play, Qt::QueuedConnection);
        QTRY_VERIFY_WITH_TIMEOUT(!spy.isEmpty() && spy.last().at(0).value<LiveSnapshot>().finished,
                                 60'000);

        std::int64_t expectedIndex = 0;
        bool opened = false, closedAfter = false;
        std::vector<Time> transitionsAt, attemptEnds;
        for (const auto& args : spy) {
            const auto snapshot = args.at(0).value<LiveSnapshot>();
            // The latest attempts, and those near a breaker transition (kept at any rate).
            QVERIFY(snapshot.runs.front().recentAttempts.size() <=
                    kRecentAttemptsPerSnapshot + LiveRun::kMarkedAttemptsPerSnapshot);
            for (const TimelineRow& row : snapshot.runs.front().rows) {
                QCOMPARE(row.index, expectedIndex++); // contiguous, in order, none lost
                QCOMPARE(row.width, kLiveTimelineStep);
            }
            for (const AttemptRecord& a : snapshot.runs.front().recentAttempts)
                attemptEnds.push_back(a.end);
            for (const auto& t : snapshot.runs.front().transitions) {
                transitionsAt.push_back(t.at);
                if (breakerStateName(t.to) == "open") opened = true;
                if (opened && breakerStateName(t.to) == "closed") closedAfter = true;
            }
        }
        QVERIFY(opened && closedAfter); // the breaker demo opens and closes again
        // As fast as it goes, the window is still handed the attempts of the second before and
        // after every transition (the outage can be looked at after the run).
        std::sort(attemptEnds.begin(), attemptEnds.end());
        for (Time at : transitionsAt)
            for (Time from : {at - kNanosPerSecond, at}) {
                const auto it = std::lower_bound(attemptEnds.begin(), attemptEnds.end(), from);
                QVERIFY2(it != attemptEnds.end() && *it <= from + kNanosPerSecond,
                         qPrintable(QStringLiteral("no attempt within a second after %1 s")
                                        .arg(toSeconds(from))));
            }
        const Summary live = *spy.last().at(0).value<LiveSnapshot>().runs.front().summary;
        const Summary headless = runScenario(scenario);
        QCOMPARE(live.requests, headless.requests);
        QCOMPARE(live.attempts, headless.attempts);
        QCOMPARE(live.attemptsByOutcome, headless.attemptsByOutcome);
        QCOMPARE(live.latency.p99, headless.latency.p99);
        QCOMPARE(expectedIndex * kLiveTimelineStep >= fromMillis(headless.endMs), true);
    }

    void stepAdvancesOneVirtualSecond()
    {
        const Scenario scenario = outagePreset();
        QSignalSpy spy(m_run, &LiveRun::snapshotReady);
        load(scenario, quint64(7));
        QMetaObject::invokeMethod(m_run, &LiveRun::step, Qt::QueuedConnection);
        QMetaObject::invokeMethod(m_run, &LiveRun::step, Qt::QueuedConnection);
        QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 3, 10'000); // load, step, step
        QCOMPARE(spy.at(0).at(0).value<LiveSnapshot>().virtualNow, Time(0));
        QCOMPARE(spy.at(1).at(0).value<LiveSnapshot>().virtualNow, kNanosPerSecond);
        QCOMPARE(spy.at(2).at(0).value<LiveSnapshot>().virtualNow, 2 * kNanosPerSecond);
        QVERIFY(!spy.at(2).at(0).value<LiveSnapshot>().running);
        // Ten rows of 100 ms per virtual second.
        QCOMPARE(spy.at(1).at(0).value<LiveSnapshot>().runs.front().rows.size(), std::size_t(10));
        const auto gauges = spy.at(2).at(0).value<LiveSnapshot>().runs.front().breakers;
        QCOMPARE(gauges.size(), std::size_t(1));
        QCOMPARE(breakerStateName(gauges.front().state), std::string_view("closed"));
        QCOMPARE(gauges.front().failureThreshold, 0.5);
    }

    void runsSideBySideShareTheClockAndTheFates()
    {
        // Three runs on one clock: the scenario, the same again, and one without its pipeline.
        // The identical one reports exactly the first's rows; each reports on every snapshot.
        const Scenario a = outagePreset();
        Scenario bare = a;
        bare.pipeline.clear();
        QSignalSpy spy(m_run, &LiveRun::snapshotReady);
        QMetaObject::invokeMethod(
            m_run,
            [run = m_run, a, bare] {
                run->load({a, a, bare}, a.seed);
            },
            Qt::QueuedConnection);
        QMetaObject::invokeMethod(
            m_run, [run = m_run] { run->setSpeed(LiveRun::kFastest); }, Qt::QueuedConnection);
        QMetaObject::invokeMethod(m_run, &LiveRun::play, Qt::QueuedConnection);
        QTRY_VERIFY_WITH_TIMEOUT(!spy.isEmpty() && spy.last().at(0).value<LiveSnapshot>().finished,
                                 60'000);
        std::uint64_t attempts[3] = {0, 0, 0};
        for (const auto& args : spy) {
            const auto s = args.at(0).value<LiveSnapshot>();
            QCOMPARE(s.runs.size(), std::size_t(3));
            QCOMPARE(s.runs[1].rows.size(), s.runs[0].rows.size());
            for (std::size_t i = 0; i < s.runs[0].rows.size(); ++i) {
                QCOMPARE(s.runs[1].rows[i].attempts, s.runs[0].rows[i].attempts);
                QCOMPARE(s.runs[1].rows[i].offered, s.runs[0].rows[i].offered);
                QCOMPARE(s.runs[2].rows[i].offered, s.runs[0].rows[i].offered); // same arrivals
            }
            for (std::size_t r = 0; r < 3; ++r)
                for (const TimelineRow& row : s.runs[r].rows)
                    attempts[r] += row.attempts;
        }
        QCOMPARE(attempts[1], attempts[0]);
        QVERIFY(attempts[2] < attempts[0]); // without retries, fewer attempts
        const auto last = spy.last().at(0).value<LiveSnapshot>();
        for (const RunSnapshot& r : last.runs)
            QVERIFY(r.summary.has_value());
        QCOMPARE(last.runs[2].summary->attempts, attempts[2]);
    }

    void pauseStopsTheClock()
    {
        const Scenario scenario = outagePreset();
        QSignalSpy spy(m_run, &LiveRun::snapshotReady);
        load(scenario, scenario.seed);
        QMetaObject::invokeMethod(
            m_run, [run = m_run] { run->setSpeed(1000.0); }, Qt::QueuedConnection);
        QMetaObject::invokeMethod(m_run, &LiveRun::play, Qt::QueuedConnection);
        QTRY_VERIFY_WITH_TIMEOUT(spy.size() >= 3, 10'000);
        QMetaObject::invokeMethod(m_run, &LiveRun::pause, Qt::QueuedConnection);
        QTRY_VERIFY_WITH_TIMEOUT(!spy.last().at(0).value<LiveSnapshot>().running, 10'000);
        const auto count = spy.size();
        const Time pausedAt = spy.last().at(0).value<LiveSnapshot>().virtualNow;
        QVERIFY(pausedAt > 0);
        // Nothing more comes while paused: a step then moves exactly one second on.
        QMetaObject::invokeMethod(m_run, &LiveRun::step, Qt::QueuedConnection);
        QTRY_COMPARE_WITH_TIMEOUT(spy.size(), count + 1, 10'000);
        QCOMPARE(spy.last().at(0).value<LiveSnapshot>().virtualNow, pausedAt + kNanosPerSecond);
    }

private:
    QThread* m_thread = nullptr;
    LiveRun* m_run = nullptr;
};

QTEST_GUILESS_MAIN(TestLiveRun)
#include "tst_live_run.moc"

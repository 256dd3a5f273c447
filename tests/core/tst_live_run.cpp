// The paced runner the GUI drives: it runs in a worker thread, emits snapshots the receiver owns,
// gives the same results as a headless run, and its controls (step, pause) act on virtual time.

#include "run/live_run.h"
#include "testing.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

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
        QMetaObject::invokeMethod(m_run, "load", Qt::QueuedConnection,
                                  Q_ARG(reslab::Scenario, scenario), Q_ARG(quint64, scenario.seed));
        QMetaObject::invokeMethod(m_run, "setSpeed", Qt::QueuedConnection,
                                  Q_ARG(double, LiveRun::kFastest));
        QMetaObject::invokeMethod(m_run, "play", Qt::QueuedConnection);
        QTRY_VERIFY_WITH_TIMEOUT(!spy.isEmpty() && spy.last().at(0).value<LiveSnapshot>().finished,
                                 60'000);

        std::int64_t expectedIndex = 0;
        bool opened = false, closedAfter = false;
        for (const auto& args : spy) {
            const auto snapshot = args.at(0).value<LiveSnapshot>();
            QVERIFY(snapshot.recentAttempts.size() <= kRecentAttemptsPerSnapshot);
            for (const TimelineRow& row : snapshot.rows) {
                QCOMPARE(row.index, expectedIndex++); // contiguous, in order, none lost
                QCOMPARE(row.width, kLiveTimelineStep);
            }
            for (const auto& t : snapshot.transitions) {
                if (breakerStateName(t.to) == "open") opened = true;
                if (opened && breakerStateName(t.to) == "closed") closedAfter = true;
            }
        }
        QVERIFY(opened && closedAfter); // the breaker demo opens and closes again
        const Summary live = *spy.last().at(0).value<LiveSnapshot>().summary;
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
        QMetaObject::invokeMethod(m_run, "load", Qt::QueuedConnection,
                                  Q_ARG(reslab::Scenario, scenario), Q_ARG(quint64, quint64(7)));
        QMetaObject::invokeMethod(m_run, "step", Qt::QueuedConnection);
        QMetaObject::invokeMethod(m_run, "step", Qt::QueuedConnection);
        QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 3, 10'000); // load, step, step
        QCOMPARE(spy.at(0).at(0).value<LiveSnapshot>().virtualNow, Time(0));
        QCOMPARE(spy.at(1).at(0).value<LiveSnapshot>().virtualNow, kNanosPerSecond);
        QCOMPARE(spy.at(2).at(0).value<LiveSnapshot>().virtualNow, 2 * kNanosPerSecond);
        QVERIFY(!spy.at(2).at(0).value<LiveSnapshot>().running);
        // Ten rows of 100 ms per virtual second.
        QCOMPARE(spy.at(1).at(0).value<LiveSnapshot>().rows.size(), std::size_t(10));
        const auto gauges = spy.at(2).at(0).value<LiveSnapshot>().breakers;
        QCOMPARE(gauges.size(), std::size_t(1));
        QCOMPARE(breakerStateName(gauges.front().state), std::string_view("closed"));
        QCOMPARE(gauges.front().failureThreshold, 0.5);
    }

    void pauseStopsTheClock()
    {
        const Scenario scenario = outagePreset();
        QSignalSpy spy(m_run, &LiveRun::snapshotReady);
        QMetaObject::invokeMethod(m_run, "load", Qt::QueuedConnection,
                                  Q_ARG(reslab::Scenario, scenario), Q_ARG(quint64, scenario.seed));
        QMetaObject::invokeMethod(m_run, "setSpeed", Qt::QueuedConnection, Q_ARG(double, 1000.0));
        QMetaObject::invokeMethod(m_run, "play", Qt::QueuedConnection);
        QTRY_VERIFY_WITH_TIMEOUT(spy.size() >= 3, 10'000);
        QMetaObject::invokeMethod(m_run, "pause", Qt::QueuedConnection);
        QTRY_VERIFY_WITH_TIMEOUT(!spy.last().at(0).value<LiveSnapshot>().running, 10'000);
        const auto count = spy.size();
        const Time pausedAt = spy.last().at(0).value<LiveSnapshot>().virtualNow;
        QVERIFY(pausedAt > 0);
        // Nothing more comes while paused: a step then moves exactly one second on.
        QMetaObject::invokeMethod(m_run, "step", Qt::QueuedConnection);
        QTRY_COMPARE_WITH_TIMEOUT(spy.size(), count + 1, 10'000);
        QCOMPARE(spy.last().at(0).value<LiveSnapshot>().virtualNow, pausedAt + kNanosPerSecond);
    }

private:
    QThread* m_thread = nullptr;
    LiveRun* m_run = nullptr;
};

QTEST_GUILESS_MAIN(TestLiveRun)
#include "tst_live_run.moc"

// The paced runner the GUI drives: it runs in a worker thread, emits snapshots the receiver owns,
// gives the same results as a headless run, and its controls (step, pause) act on virtual time.

#include "policy/outlier_detector.h"
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

    void hostRowsAddUpToTheSummary_data()
    {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<double>("maxEjectionPercent"); // 0: the preset's
        QTest::addRow("one bad pod, ejected at 20 %%") << "one-bad-pod-of-five" << 20.0;
        QTest::addRow("slow host") << "slow-host-round-robin-vs-least-request" << 0.0;
        QTest::addRow("zone outage") << "zone-outage-panic-threshold" << 0.0;
    }
    // A fleet's host series (TimelineRow::hosts) over every row of the run add up to the
    // summary's hosts: calls received and failed answers exactly; the ejections the snapshots
    // carry are the summary's, host by host; and a row's ejected gauge is 1 between a host's
    // ejection and its return.
    void hostRowsAddUpToTheSummary()
    {
        QFETCH(QString, preset);
        QFETCH(double, maxEjectionPercent);
        ScenarioLoad file = loadFile(RESLAB_PRESETS_DIR "/" + preset.toStdString() + ".json");
        QVERIFY(file.scenario);
        Scenario scenario = *file.scenario;
        if (maxEjectionPercent > 0)
            for (StrategySpec& spec : scenario.pipeline)
                if (auto* lb = std::get_if<LoadBalancerSpec>(&spec))
                    lb->outlierDetection->maxEjectionPercent = maxEjectionPercent;
        QSignalSpy spy(m_run, &LiveRun::snapshotReady);
        load(scenario, scenario.seed);
        QMetaObject::invokeMethod(
            m_run, [run = m_run] { run->setSpeed(LiveRun::kFastest); }, Qt::QueuedConnection);
        QMetaObject::invokeMethod(m_run, &LiveRun::play, Qt::QueuedConnection);
        QTRY_VERIFY_WITH_TIMEOUT(!spy.isEmpty() && spy.last().at(0).value<LiveSnapshot>().finished,
                                 120'000);
        const std::size_t hosts = std::size_t(scenario.endpoint(scenario.target)->replicas);
        std::vector<std::uint64_t> calls(hosts), failed(hosts), ejections(hosts);
        std::vector<std::uint8_t> state(hosts, 0); // as the records say, row by row
        std::uint64_t answered = 0, timeouts = 0;
        for (const auto& args : spy) {
            const LiveSnapshot snapshot = args.at(0).value<LiveSnapshot>();
            const RunSnapshot& r = snapshot.runs.front();
            QCOMPARE(r.fleets.size(), std::size_t(1));
            QCOMPARE(r.fleets.front().shown, hosts);
            for (const HostEjectionRecord& e : r.ejections)
                if (e.kind == std::uint8_t(EjectionEvent::Kind::Ejected)) ++ejections[e.host];
            for (const TimelineRow& row : r.rows) {
                QCOMPARE(row.hosts.size(), hosts);
                for (std::size_t h = 0; h < hosts; ++h) {
                    calls[h] += row.hosts[h].calls;
                    failed[h] += row.hosts[h].failed;
                    answered += row.hosts[h].answered;
                    timeouts += row.hosts[h].timeouts;
                    QVERIFY(row.hosts[h].answered == 0 || row.hosts[h].latencyMs > 0.f);
                }
            }
        }
        const auto last = spy.last().at(0).value<LiveSnapshot>();
        const Summary& summary = *last.runs.front().summary;
        const EndpointSummary* fleet = nullptr;
        for (const EndpointSummary& e : summary.endpoints)
            if (e.id == scenario.target) fleet = &e;
        QVERIFY(fleet);
        QCOMPARE(fleet->hosts.size(), hosts);
        for (std::size_t h = 0; h < hosts; ++h) {
            QCOMPARE(calls[h], fleet->hosts[h].attempts);
            QCOMPARE(failed[h], fleet->hosts[h].failed);
            QCOMPARE(ejections[h], fleet->hosts[h].ejections);
        }
        // Every client attempt that reached a host is an answer, a timeout or a lost hedge.
        QVERIFY(answered + timeouts <= fleet->attempts);
        QVERIFY(answered > fleet->attempts / 2);
    }

    void noFleetNoHostSeries()
    {
        // Without replicas the rows carry nothing per host, and the snapshots no fleet.
        QSignalSpy spy(m_run, &LiveRun::snapshotReady);
        load(outagePreset(), 3);
        QMetaObject::invokeMethod(m_run, &LiveRun::step, Qt::QueuedConnection);
        QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 2, 10'000);
        for (const auto& args : spy) {
            const LiveSnapshot snapshot = args.at(0).value<LiveSnapshot>();
            const RunSnapshot& r = snapshot.runs.front();
            QVERIFY(r.fleets.empty());
            QVERIFY(r.ejections.empty());
            for (const TimelineRow& row : r.rows)
                QVERIFY(row.hosts.empty());
        }
    }

private:
    QThread* m_thread = nullptr;
    LiveRun* m_run = nullptr;
};

QTEST_GUILESS_MAIN(TestLiveRun)
#include "tst_live_run.moc"

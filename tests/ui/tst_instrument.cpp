// The testbench as an instrument (issue 28, items 1–3): the run's history kept whole in bounded
// memory (RunHistory), the one time model (TimeModel), and the interactions every time chart and
// the timeline strip offer, driven with QTest on pages fed by a real run of the outage preset.

#include "attempts_view.h"
#include "chart_interaction.h"
#include "event_log.h"
#include "gui_testing.h"
#include "pages/attempts_page.h"
#include "pages/breaker_page.h"
#include "pages/endpoint_page.h"
#include "pages/traffic_page.h"
#include "run/live_run.h"
#include "run_history.h"
#include "scenario/scenario_io.h"
#include "time_chart.h"
#include "time_model.h"
#include "timeline_strip.h"

#include <QAbstractSeries>
#include <QApplication>
#include <QAreaSeries>
#include <QHBoxLayout>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QWheelEvent>
#include <QXYSeries>

using namespace reslab;
using namespace reslab::ui;

namespace {

constexpr Time kStep = kLiveTimelineStep;

// A synthetic 100 ms row: `ok` successes and `failed` errors, a queue gauge, one breaker.
TimelineRow row(std::int64_t index, std::uint64_t ok, std::uint64_t failed, std::uint32_t queue)
{
    TimelineRow r;
    r.index = index;
    r.start = index * kStep;
    r.width = kStep;
    r.offered = ok + failed;
    r.attempts = ok + failed;
    r.byOutcome[0] = ok;
    r.byOutcome[std::size_t(Outcome::Error)] = failed;
    r.endpoints.push_back({queue, queue});
    r.breakers.push_back({});
    return r;
}

// The outage preset at `durationS`, run in this thread into `model`, second by second.
void feed(LiveModel& model, double durationS)
{
    TraceCache traces;
    ScenarioLoad load = loadScenarioFile(":/presets/outage-and-recovery.json", traces);
    QVERIFY(load.scenario);
    Scenario s = *load.scenario;
    s.durationS = durationS;
    model.setRuns(s, {runStyle(0, "A")});
    LiveRun run;
    QObject::connect(&run, &LiveRun::snapshotReady, &model,
                     [&model](const LiveSnapshot& snap) { model.add(snap); });
    run.load({s}, s.seed);
    for (int second = 0; second < int(durationS) + 30 && !model.finished(); ++second)
        run.step();
}

// Pages side by side in one shown window, so every one of them redraws (only visible pages do).
struct Bench
{
    LiveModel model;
    QWidget window;
    TrafficPage* traffic = nullptr;
    EndpointPage* endpoint = nullptr;
    AttemptsPage* attempts = nullptr;
    TimelineBar* bar = nullptr;

    explicit Bench(double durationS)
    {
        auto* layout = new QVBoxLayout(&window);
        auto* row = new QHBoxLayout;
        traffic = new TrafficPage(model);
        endpoint = new EndpointPage(model);
        attempts = new AttemptsPage(model);
        row->addWidget(traffic);
        row->addWidget(endpoint);
        row->addWidget(attempts);
        layout->addLayout(row, 1);
        bar = new TimelineBar(model);
        layout->addWidget(bar);
        window.resize(1500, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        feed(model, durationS);
        redraw();
    }
    void redraw()
    {
        for (Page* p : std::initializer_list<Page*>{traffic, endpoint, attempts})
            p->redraw();
        bar->strip()->update();
        QCoreApplication::processEvents();
    }
    std::vector<TimeChart*> charts() const
    {
        auto all = traffic->charts();
        for (TimeChart* c : endpoint->charts())
            all.push_back(c);
        return all;
    }
};

QPoint plotPoint(TimeChart* chart, double fraction)
{
    const QRectF area = chart->chart()->plotArea();
    const QPointF scene = chart->chart()->mapToScene(
        QPointF(area.left() + fraction * area.width(), area.center().y()));
    return chart->mapFromScene(scene);
}

} // namespace

class TestInstrument : public QObject
{
    Q_OBJECT
private slots:
    void historyBounded_data()
    {
        QTest::addColumn<double>("hours");
        QTest::newRow("10 min: raw rows only") << 1.0 / 6.0;
        QTest::newRow("1 h: two levels") << 1.0;
        QTest::newRow("24 h: every level") << 24.0;
        QTest::newRow("48 h: the last level halved") << 48.0;
    }
    // A long run keeps its early history: the outage at 60–120 s and a one-row queue spike
    // survive in bounded memory, and the counts stay exact at every level.
    void historyBounded()
    {
        QFETCH(double, hours);
        RunHistory h;
        const auto rows = std::int64_t(hours * 36000);
        const std::int64_t spike = 36'000 + 5; // one 100 ms row at 3600.5 s
        std::uint64_t total = 0, failed = 0;
        for (std::int64_t i = 0; i < rows; ++i) {
            const bool outage = i >= 600 && i < 1200;
            TimelineRow r = row(i, outage ? 0 : 10, outage ? 10 : 0, i == spike ? 500 : 3);
            total += r.attempts;
            failed += outage ? 10 : 0;
            h.add(r);
        }
        QVERIFY2(h.rowCount() <= RunHistory::kMaxRows, qPrintable(QString::number(h.rowCount())));
        std::uint64_t seen = 0, seenFailed = 0, peak = 0;
        Time covered = 0;
        for (const TimelineRow* r : h.rows(0, hours * 3600.0, 0)) {
            seen += r->attempts;
            seenFailed += r->attempts - r->byOutcome[0];
            peak = std::max<std::uint64_t>(peak, r->endpoints[0].queue);
            covered += r->width;
        }
        QCOMPARE(seen, total);
        QCOMPARE(seenFailed, failed);
        QCOMPARE(covered, rows * kStep); // no gap, no overlap
        if (rows > spike) QCOMPARE(peak, std::uint64_t(500));
        // Scrubbing back to the outage: the rows inside 60–120 s (as fine as the level they are
        // at allows) hold no success, and the rows over it hold every one of its failures.
        std::uint64_t outageOk = 0, outageFailed = 0, inside = 0;
        for (const TimelineRow* r : h.rows(60.0, 120.0, 0)) {
            if (r->start + r->width <= fromSeconds(60.0) || r->start >= fromSeconds(120.0))
                continue;
            outageFailed += r->attempts - r->byOutcome[0];
            if (r->start >= fromSeconds(60.0) && r->start + r->width <= fromSeconds(120.0)) {
                outageOk += r->byOutcome[0];
                ++inside;
            }
        }
        if (hours <= 24.0) QVERIFY(inside > 0); // later, the first hours are 4-minute buckets
        QCOMPARE(outageOk, std::uint64_t(0));
        QCOMPARE(outageFailed, std::uint64_t(6000));
        // Bounded and stated: a few MB per run whatever its length.
        qInfo("%zu rows, %zu bytes", h.rowCount(), h.bytes());
        QVERIFY2(h.bytes() < 16u << 20, qPrintable(QString::number(h.bytes())));
    }

    // The event log keeps its latest kMaxEvents and, beyond them, what happened around a breaker
    // transition: after 60,000 attempts (one per 10 ms), the transition at 100 s is still listed
    // with the attempts within 5 s of it, and nothing else that old.
    void eventLogKeepsMarkedMoments()
    {
        EventLogModel log;
        const Time tick = kNanosPerSecond / 100;
        for (int batch = 0; batch < 600; ++batch) {
            std::vector<AttemptRecord> attempts;
            std::vector<BreakerTransitionRecord> transitions;
            for (int i = 0; i < 100; ++i) {
                AttemptRecord a;
                a.request = std::uint64_t(batch * 100 + i + 1);
                a.attempt = 1;
                a.start = (batch * 100 + i) * tick;
                a.end = a.start + tick / 2;
                attempts.push_back(a);
            }
            if (batch == 100)
                transitions.push_back({"b",
                                       100 * kNanosPerSecond + tick / 4,
                                       BreakerState::Closed,
                                       BreakerState::Open,
                                       "threshold",
                                       {}});
            log.append(attempts, transitions);
        }
        QCOMPARE(log.rowCount(), int(EventLogModel::kMaxEvents + log.markedCount()));
        // 5 s either side at 100 attempts/s, and the transition itself.
        QCOMPARE(log.markedCount(), std::size_t(1001));
        const double first = log.index(0, EventLogModel::ColTime).data().toString().toDouble();
        const double last = log.index(int(log.markedCount()) - 1, EventLogModel::ColTime)
                                .data()
                                .toString()
                                .toDouble();
        QVERIFY2(first >= 95.0 && last <= 105.01,
                 qPrintable(QStringLiteral("%1 – %2").arg(first).arg(last)));
    }

    void timeModelFollowsAndBreaksTheEcho()
    {
        TimeModel t;
        QSignalSpy view(&t, &TimeModel::viewChanged);
        t.setEnd(1000.0);
        QVERIFY(t.following());
        QCOMPARE(t.from(), 1000.0 - TimeModel::kDefaultSpanS);
        QCOMPARE(t.to(), 1000.0);
        t.zoom(900.0, 0.5); // a user action leaves follow mode
        QVERIFY(!t.following());
        QCOMPARE(t.from(), 900.0 - 250.0);
        QCOMPARE(t.to(), 900.0 + 50.0);
        const auto changes = view.count();
        t.setView(t.from(), t.to()); // the same range again: no signal (the echo breaker)
        QCOMPARE(view.count(), changes);
        t.setEnd(2000.0); // not following: the range stays
        QCOMPARE(t.to(), 950.0);
        t.follow();
        QVERIFY(t.following());
        QCOMPARE(t.to(), 2000.0);
        QCOMPARE(t.span(), 300.0); // the zoomed span is kept
        t.setView(-50.0, 5000.0);  // clamped to the run
        QCOMPARE(t.from(), 0.0);
        QCOMPARE(t.to(), 2000.0);
    }

    // The Endpoint page's two charts (one with a right axis) share their plot area's edges.
    void stackedChartsAligned()
    {
        Bench b(120.0);
        QCoreApplication::processEvents();
        const auto charts = b.endpoint->charts();
        QCOMPARE(charts.size(), std::size_t(2));
        // Where each chart draws two instants (its series' mapping, not the plot rectangle it
        // reports), in the window's coordinates.
        auto xOf = [&b](TimeChart* c, double t) {
            QAbstractSeries* series = c->chart()->series().front();
            const QPointF p = c->chart()->mapToPosition(QPointF(t, 0), series);
            return c->mapTo(&b.window, c->mapFromScene(c->chart()->mapToScene(p))).x();
        };
        for (double t : {b.model.time().from() + 1.0, b.model.time().to() - 1.0})
            QCOMPARE(xOf(charts[0], t), xOf(charts[1], t));
    }

    // The wheel over one chart zooms time on every chart of every page, and each stays on it.
    void wheelZoomLinksEveryChart()
    {
        Bench b(120.0);
        TimeChart* traffic = b.traffic->chart("traffic");
        QVERIFY(traffic);
        const double spanBefore = b.model.time().span();
        const QPoint at = plotPoint(traffic, 0.5);
        QWheelEvent wheel(at, traffic->viewport()->mapToGlobal(at), QPoint(), QPoint(0, 240),
                          Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(traffic->viewport(), &wheel);
        QVERIFY(!b.model.time().following());
        QVERIFY(b.model.time().span() < spanBefore * 0.7);
        b.redraw();
        for (TimeChart* c : b.charts()) {
            QCOMPARE(c->xRange().first, b.model.time().from());
            QCOMPARE(c->xRange().second, b.model.time().to());
        }
        // A double-click goes back to following the run.
        QTest::mouseDClick(traffic->viewport(), Qt::LeftButton, {}, at);
        QVERIFY(b.model.time().following());
    }

    // A click in a chart puts the cursor there; every chart's readout lists each visible series'
    // value at that instant, as drawn; a legend click hides a series and drops it from it.
    void crosshairReadoutAndLegend()
    {
        Bench b(120.0);
        TimeChart* traffic = b.traffic->chart("traffic");
        auto* interaction = traffic->findChild<ChartInteraction*>();
        QVERIFY(interaction);
        QTest::mouseClick(traffic->viewport(), Qt::LeftButton, {}, plotPoint(traffic, 0.75));
        QVERIFY(b.model.time().hasCursor());
        const double t = b.model.time().cursor();
        b.redraw();
        const QStringList lines = interaction->readout().split('\n');
        QVERIFY2(lines.size() >= 3, qPrintable(interaction->readout()));
        for (const QString& name : {QStringLiteral("offered"), QStringLiteral("ok")}) {
            const QList<QPointF> points = traffic->pointsNamed(name);
            const auto nearest = *std::min_element(
                points.begin(), points.end(), [t](const QPointF& x, const QPointF& y) {
                    return std::abs(x.x() - t) < std::abs(y.x() - t);
                });
            const QString expected = QStringLiteral("%1: %2").arg(name).arg(nearest.y(), 0, 'g', 4);
            QVERIFY2(lines.contains(expected),
                     qPrintable(expected + " not in " + interaction->readout()));
        }
        // A stacked area's line gives its own rate, not the running total drawn.
        auto nearestAt = [t](const QList<QPointF>& points) {
            return std::min_element(points.begin(), points.end(),
                                    [t](const QPointF& x, const QPointF& y) {
                                        return std::abs(x.x() - t) < std::abs(y.x() - t);
                                    })
                ->y();
        };
        int stackedChecked = 0;
        for (QAbstractSeries* s : traffic->chart()->series()) {
            auto* area = qobject_cast<QAreaSeries*>(s);
            if (!area || !area->isVisible() || !area->lowerSeries()) continue;
            ++stackedChecked;
            const double own =
                nearestAt(area->upperSeries()->points()) - nearestAt(area->lowerSeries()->points());
            const QString expected = QStringLiteral("%1: %2").arg(area->name()).arg(own, 0, 'g', 4);
            QVERIFY2(lines.contains(expected),
                     qPrintable(expected + " not in " + interaction->readout()));
        }
        QVERIFY(stackedChecked > 0); // the outage's breaker_open rate over its errors
        // The endpoint charts show the same cursor.
        for (TimeChart* c : b.endpoint->charts())
            QVERIFY(!c->findChild<ChartInteraction*>()->readout().isEmpty());

        QLegendMarker* offered = nullptr;
        for (QLegendMarker* m : traffic->chart()->legend()->markers())
            if (m->series()->name() == "offered") offered = m;
        QVERIFY(offered);
        emit offered->clicked(); // what the legend emits for a click on the entry
        QVERIFY(!offered->series()->isVisible());
        QVERIFY(offered->isVisible()); // the entry stays, to be clicked again
        b.redraw();
        QVERIFY(!interaction->readout().contains("offered:"));
        QVERIFY(!offered->series()->isVisible()); // the page's redraw does not bring it back
        emit offered->clicked();
        QVERIFY(offered->series()->isVisible());
    }

    // Dragging on the timeline shows that range on every chart, and Attempts shows the
    // requests of that range.
    void timelineDragMovesEveryView()
    {
        Bench b(120.0);
        TimelineStrip* strip = b.bar->strip();
        const double end = b.model.time().end();
        QVERIFY2(end >= 100.0, qPrintable(QString::number(end)));
        const QPoint from(int(strip->xAt(60.0)), strip->height() / 2);
        const QPoint to(int(strip->xAt(90.0)), strip->height() / 2);
        QTest::mousePress(strip, Qt::LeftButton, {}, from);
        QTest::mouseMove(strip, to);
        QTest::mouseRelease(strip, Qt::LeftButton, {}, to);
        const TimeModel& time = b.model.time();
        QVERIFY(!time.following());
        QVERIFY2(std::abs(time.from() - 60.0) < 1.0 && std::abs(time.to() - 90.0) < 1.0,
                 qPrintable(QStringLiteral("%1 – %2").arg(time.from()).arg(time.to())));
        b.redraw();
        for (TimeChart* c : b.charts()) {
            QCOMPARE(c->xRange().first, time.from());
            QCOMPARE(c->xRange().second, time.to());
        }
        const auto shown = b.attempts->timeline()->shownAttempts();
        QVERIFY(!shown.empty());
        for (const AttemptRecord& a : shown)
            QVERIFY2(a.end >= fromSeconds(time.from() - 60.0) &&
                         a.start <= fromSeconds(time.to() + 60.0),
                     qPrintable(QString::number(toSeconds(a.start))));
        // A click moves the cursor; Attempts shows the requests nearest it: those in flight
        // then, and the rejections (which take no time) just before and after it.
        const QPoint click(int(strip->xAt(75.0)), strip->height() / 2);
        QTest::mouseClick(strip, Qt::LeftButton, {}, click);
        QVERIFY(std::abs(time.cursor() - 75.0) < 1.0);
        b.redraw();
        const Time cursor = fromSeconds(time.cursor());
        const auto atCursor = b.attempts->timeline()->shownAttempts();
        QVERIFY(!atCursor.empty());
        std::map<std::uint64_t, Time> distance;
        for (const AttemptRecord& a : atCursor) {
            const Time d = a.end < cursor              ? cursor - a.end
                           : a.start - a.wait > cursor ? a.start - a.wait - cursor
                                                       : 0;
            auto [it, fresh] = distance.emplace(a.request, d);
            if (!fresh) it->second = std::min(it->second, d);
        }
        for (const auto& [request, d] : distance)
            QVERIFY2(d <= kNanosPerSecond,
                     qPrintable(
                         QStringLiteral("request %1 is %2 s away").arg(request).arg(toSeconds(d))));
        // Arrow keys step the cursor by 100 ms.
        const double before = time.cursor();
        QTest::keyClick(strip, Qt::Key_Right);
        QVERIFY(std::abs(time.cursor() - before - TimeModel::kStepS) < 1e-9);
        QTest::keyClick(strip, Qt::Key_F);
        QVERIFY(time.following());
    }

    // A run longer than the recent past: scrubbing back shows the outage (failures at 60–120 s)
    // from the coarse levels of the history.
    void longRunScrubsBackToTheOutage()
    {
        Bench b(2 * 3600.0);
        QVERIFY(b.model.first().history().rowCount() <= RunHistory::kMaxRows);
        b.model.time().setView(50.0, 130.0);
        b.redraw();
        TimeChart* traffic = b.traffic->chart("traffic");
        const QList<QPointF> failures = traffic->pointsNamed("failures");
        double peak = 0.0;
        for (const QPointF& p : failures)
            if (p.x() >= 70.0 && p.x() <= 110.0) peak = std::max(peak, p.y());
        QVERIFY2(peak > 1.0, qPrintable(QString::number(peak)));
        QCOMPARE(traffic->xRange().first, 50.0);
        // The attempts around the breaker's transitions were kept beyond the latest ones.
        QVERIFY(b.model.first().markedAttemptCount() > 0);
    }

    void screenshots_data() { testing::addScreenshotRows(); }
    // The outage preset after its run, its outage chosen on the timeline and the cursor in it:
    // the charts with the crosshair and readout, Attempts at the cursor, and the strip.
    void screenshots()
    {
        if (qEnvironmentVariableIsSet("RESLAB_SKIP_SCREENSHOTS"))
            QSKIP("screenshots are written by the optimised build");
        QFETCH(QSize, size);
        QFETCH(bool, dark);
        MainWindow window;
        window.show();
        QVERIFY(window.openScenario(":/presets/outage-and-recovery.json"));
        QVERIFY(testing::runToEnd(window));
        window.setTheme(dark ? Theme::Dark : Theme::Light);
        window.resize(size);
        QCoreApplication::processEvents();
        auto* strip = window.findChild<TimelineStrip*>();
        QVERIFY(strip);
        const int y = strip->height() / 2;
        QTest::mousePress(strip, Qt::LeftButton, {}, QPoint(int(strip->xAt(40.0)), y));
        QTest::mouseMove(strip, QPoint(int(strip->xAt(150.0)), y));
        QTest::mouseRelease(strip, Qt::LeftButton, {}, QPoint(int(strip->xAt(150.0)), y));
        QTest::mouseClick(strip, Qt::LeftButton, {}, QPoint(int(strip->xAt(62.0)), y));
        const QString suffix = QTest::currentDataTag();
        for (Page* page : std::initializer_list<Page*>{
                 window.page<TrafficPage>(), window.page<EndpointPage>(),
                 window.page<BreakerPage>(), window.page<AttemptsPage>()}) {
            window.views()->setCurrentWidget(page);
            window.redrawNow();
            QCoreApplication::processEvents(); // lays the page out (resizes its charts)
            QCoreApplication::processEvents(); // then aligns the stacked charts' plot areas
            const QString name = QStringLiteral("instrument-%1-%2.png")
                                     .arg(page->title().toLower().replace(' ', '-'), suffix);
            QVERIFY(window.grab().save(QDir(testing::screenshotDir()).filePath(name)));
        }
    }
};

RESLAB_UI_TEST_MAIN(TestInstrument)
#include "tst_instrument.moc"

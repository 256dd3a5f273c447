// The views that read a range of the run rather than the whole, and what makes charts readable
// and questionable beyond the live ones: the Summary restricted to the time model's visible range
// (its numbers against the raw 100 ms rows of that range, counted here independently);
// Amplification per layer (on the layered-retries preset, each layer's line against the
// endpoint's amplification the run's summary gives, and no ratio drawn where too few requests
// were offered to mean anything); every legend entry of the Circuit breaker chart in full at
// 1280×800; and the Trace view's time charts zoomed, crosshaired and toggled as the live ones.

#include "chart_interaction.h"
#include "gui_testing.h"
#include "pages/amplification_page.h"
#include "pages/breaker_page.h"
#include "pages/summary_page.h"
#include "pages/trace_page.h"
#include "run/live_run.h"
#include "scenario/scenario_io.h"
#include "scenario/trace_loading.h"
#include "time_chart.h"
#include "time_model.h"
#include "timeline_strip.h"
#include "trace_view.h"
#include "traces/trace_actions.h"

#include <QApplication>
#include <QCheckBox>
#include <QGraphicsTextItem>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QTableWidget>
#include <QTest>
#include <QWheelEvent>
#include <memory>

using namespace reslab;
using namespace reslab::ui;

namespace {

Scenario preset(const char* file)
{
    TraceCache traces;
    ScenarioLoad load = loadScenarioFile(std::string(":/presets/") + file, traces);
    if (!load.scenario) qFatal("the preset %s does not load", file);
    return *load.scenario;
}

// The whole run of `scenario` into `model`, stepped second by second in this thread.
void feed(LiveModel& model, const Scenario& scenario)
{
    model.setRuns(scenario, {runStyle(0, "A")});
    LiveRun run;
    QObject::connect(&run, &LiveRun::snapshotReady, &model,
                     [&model](const LiveSnapshot& s) { model.add(s); });
    run.load({scenario}, scenario.seed);
    for (int second = 0; second < 100'000 && !model.finished(); ++second)
        run.step();
}

QPoint plotPoint(TimeChart* chart, double fraction)
{
    const QRectF area = chart->chart()->plotArea();
    const QPointF scene = chart->chart()->mapToScene(
        QPointF(area.left() + fraction * area.width(), area.center().y()));
    return chart->mapFromScene(scene);
}

// The labels a chart's legend draws (Qt Charts elides one that does not fit with "...").
QStringList legendTexts(TimeChart* chart)
{
    QStringList out;
    std::vector<QGraphicsItem*> todo{chart->chart()->legend()};
    while (!todo.empty()) {
        QGraphicsItem* item = todo.back();
        todo.pop_back();
        if (auto* text = qgraphicsitem_cast<QGraphicsTextItem*>(item); text && text->isVisible())
            out << text->toPlainText();
        for (QGraphicsItem* child : item->childItems())
            todo.push_back(child);
    }
    return out;
}

// The table's value of the row named `metric` for the first run; empty when there is no such row.
QString cell(const QTableWidget* table, const QString& metric)
{
    for (int r = 0; r < table->rowCount(); ++r)
        if (table->item(r, 0)->text() == metric) return table->item(r, 1)->text();
    return {};
}

} // namespace

class TestRangeViews : public QObject
{
    Q_OBJECT

private slots:
    void summaryRestrictedToTheRange_data()
    {
        QTest::addColumn<double>("from");
        QTest::addColumn<double>("to");
        QTest::addColumn<bool>("failures"); // the outage (60–120 s) is in the range
        QTest::addRow("before the outage") << 10.0 << 50.0 << false;
        QTest::addRow("the outage") << 60.0 << 120.0 << true;
        QTest::addRow("across its end") << 100.0 << 160.0 << true;
        // The run ends a little before 240 s (its last event): the range stays inside it.
        QTest::addRow("after the recovery") << 180.0 << 235.0 << false;
    }

    void summaryRestrictedToTheRange()
    {
        QFETCH(double, from);
        QFETCH(double, to);
        QFETCH(bool, failures);
        LiveModel model;
        SummaryPage page(model);
        page.resize(1000, 700);
        feed(model, preset("outage-and-recovery.json"));
        QVERIFY(model.finished());
        page.redraw();
        const QString whole = cell(page.table(), "requests");
        QVERIFY(!whole.isEmpty());

        model.time().setView(from, to);
        page.rangeOnly()->setChecked(true); // redraws
        // What the raw 100 ms rows of [from, to) hold, counted here.
        std::uint64_t offered = 0, attempts = 0, errors = 0, failed = 0, calls = 0;
        for (const TimelineRow& r : model.first().history().recent()) {
            const double start = toSeconds(r.start);
            if (start < from - 1e-9 || start + toSeconds(r.width) > to + 1e-9) continue;
            offered += r.offered;
            attempts += r.attempts;
            errors += r.byOutcome[std::size_t(Outcome::Error)];
            failed += r.attempts - r.byOutcome[std::size_t(Outcome::Ok)];
            calls += r.endpoints.at(0).attempts;
        }
        QVERIFY(offered > 0);
        QCOMPARE(cell(page.table(), "requests offered"), QString::number(offered));
        QCOMPARE(cell(page.table(), "attempts"), QString::number(attempts));
        QCOMPARE(cell(page.table(), "range"), rangeText(from, to));
        QCOMPARE(cell(page.table(), "endpoint inventory: calls"), QString::number(calls));
        QVERIFY2(page.heading()->text().contains(rangeText(from, to)),
                 qPrintable(page.heading()->text()));
        QVERIFY(cell(page.table(), "requests").isEmpty()); // not the whole run's rows
        // The outage's failures are in its range, and only there (2 % errors otherwise).
        const QString share = QStringLiteral("%1 of %2 failed").arg(failed).arg(attempts);
        if (failures)
            QVERIFY2(failed > attempts / 5, qPrintable(share));
        else
            QVERIFY2(failed < attempts / 20, qPrintable(share));
        QCOMPARE(cell(page.table(), "    attempts error"),
                 errors ? QString::number(errors) : QString());

        // A new range is followed; unchecked, the whole run's summary is back.
        model.time().setView(20.0, 80.0);
        page.redraw();
        QCOMPARE(cell(page.table(), "range"), rangeText(20.0, 80.0));
        page.rangeOnly()->setChecked(false);
        QCOMPARE(cell(page.table(), "requests"), whole);
        QVERIFY(page.heading()->text().contains("finished"));
    }

    // The layered-retries preset's headline: during the database's outage every request the
    // client sends becomes up to 3 × 3 × 3 = 27 database calls, and the page shows it per layer.
    void amplificationPerLayer()
    {
        LiveModel model;
        AmplificationPage page(model);
        page.resize(1280, 700);
        const Scenario scenario = preset("layered-retries-amplifying.json");
        feed(model, scenario);
        QVERIFY(model.finished());
        model.time().setView(0.0, model.time().end());
        page.redraw();
        TimeChart* chart = page.chart("amplification");
        QVERIFY(chart);
        const QString db = QStringLiteral("layer 2 (db) calls ÷ requests");
        const QString orders = QStringLiteral("layer 1 (orders) calls ÷ requests");
        QVERIFY2(chart->pointCount(db) > 100, qPrintable(chart->seriesNames().back()));
        QVERIFY(chart->pointCount(orders) > 100);
        auto peak = [&](const QString& series, double from, double to) {
            double top = 0.0;
            for (const QPointF& p : chart->pointsNamed(series))
                if (p.x() >= from && p.x() <= to) top = std::max(top, p.y());
            return top;
        };
        // Before the outage about one call per request at each layer; in it, close to 27 at the
        // bottom, 9 in the middle, and the client's own 3.
        auto mean = [&](const QString& series, double from, double to) {
            double sum = 0.0;
            int n = 0;
            for (const QPointF& p : chart->pointsNamed(series))
                if (p.x() >= from && p.x() <= to) {
                    sum += p.y();
                    ++n;
                }
            return n ? sum / n : 0.0;
        };
        const QString figures = QStringLiteral("db: before %1, peak %2, mean %3; orders: mean %4")
                                    .arg(peak(db, 10, 55))
                                    .arg(peak(db, 70, 115))
                                    .arg(mean(db, 70, 110))
                                    .arg(mean(orders, 70, 110));
        QVERIFY2(peak(db, 10, 55) < 2.0, qPrintable(figures));
        QVERIFY2(peak(db, 70, 115) > 24.0, qPrintable(figures));
        QVERIFY2(mean(db, 70, 110) > 20.0 && mean(db, 70, 110) < 34.0, qPrintable(figures));
        QVERIFY2(mean(orders, 70, 110) > 7.0 && mean(orders, 70, 110) < 11.5, qPrintable(figures));

        // The calls the rows counted over the run are the summary's, per request.
        const auto& summary = model.first().summary();
        QVERIFY(summary);
        const std::vector<int> layers = scenario.layers();
        std::uint64_t offered = 0;
        std::vector<std::uint64_t> calls(scenario.endpoints.size());
        for (const TimelineRow& r : model.first().history().recent()) {
            offered += r.offered;
            for (std::size_t e = 0; e < r.endpoints.size() && e < calls.size(); ++e)
                calls[e] += r.endpoints[e].attempts;
        }
        QCOMPARE(offered, summary->requests);
        for (std::size_t e = 0; e < calls.size(); ++e) {
            const EndpointSummary& es = summary->endpoints[e];
            QCOMPARE(calls[e], es.attempts);
            if (layers[e] == 2)
                QVERIFY2(page.wholeRun()->text().contains(
                             QStringLiteral("db (layer 2): %1 calls per request")
                                 .arg(es.amplification, 0, 'f', 2)),
                         qPrintable(page.wholeRun()->text()));
        }

        // No ratio over fewer than the minimum of requests: each point's window, its second
        // widened back at most kMaxRatioWindowS (the rows ending in (t - 10, t]), offered at
        // least that many; and there were moments with attempts over fewer (the run's first
        // moments), which would have had points.
        const auto& rows = model.first().history().recent();
        auto offeredIn = [&](double t) {
            std::uint64_t n = 0;
            for (const TimelineRow& r : rows) {
                const double end = toSeconds(r.start + r.width);
                if (end > t - LiveStore::kMaxRatioWindowS + 1e-9 && end <= t + 1e-9) n += r.offered;
            }
            return n;
        };
        const QString client = QStringLiteral("attempts ÷ requests");
        QVERIFY(chart->pointCount(client) > 100);
        for (const QPointF& p : chart->pointsNamed(client)) {
            QVERIFY2(p.x() <= *scenario.durationS, qPrintable(QString::number(p.x())));
            QVERIFY2(offeredIn(p.x()) >= LiveStore::kMinRatioRequests,
                     qPrintable(QString::number(p.x())));
        }
        bool tail = false; // attempts where fewer requests were offered
        for (const TimelineRow& r : rows) {
            const double end = toSeconds(r.start + r.width);
            tail = tail || (r.attempts > 0 && offeredIn(end) < LiveStore::kMinRatioRequests);
        }
        QVERIFY(tail);
    }

    // Every legend entry of the breaker chart is drawn in full (at 1280×800 a top row elided
    // half of them: "failure th...", "reached ..."), at the width the window gives it and wider.
    void breakerLegendReadable_data()
    {
        QTest::addColumn<int>("width");
        QTest::addRow("the view at 1280x800") << 760;
        QTest::addRow("the view at 1920x1080") << 1400;
        QTest::addRow("narrow, side by side") << 560;
    }

    void breakerLegendReadable()
    {
        QFETCH(int, width);
        LiveModel model;
        BreakerPage page(model);
        page.resize(width, 640);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        Scenario scenario = preset("outage-and-recovery.json");
        scenario.durationS = 20;
        feed(model, scenario);
        page.redraw();
        QCoreApplication::processEvents();
        TimeChart* chart = page.chart("breaker");
        QVERIFY(chart);
        QStringList expected;
        for (QLegendMarker* m : chart->chart()->legend()->markers())
            if (m->isVisible()) expected << m->label();
        QVERIFY(expected.size() >= 8);
        const QStringList drawn = legendTexts(chart);
        for (const QString& label : expected)
            QVERIFY2(drawn.contains(label),
                     qPrintable(label + " drawn as: " + drawn.join(" | ") + " at " +
                                QString::number(chart->width()) + " px"));
    }

    // The Trace view's time charts are questioned as the live ones: the wheel zooms both, a click
    // puts a crosshair with values, a legend click hides a series, a double-click shows the whole
    // trace again.
    void traceChartsAreInteractive()
    {
        const Scenario scenario = preset("replay-bad-day.json");
        QVERIFY(scenario.workload.trace.data);
        TraceView view;
        view.resize(1280, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setTrace(scenario.workload.trace.data, "bad-day.jsonl");
        QCoreApplication::processEvents();
        TimeModel& time = *view.timeModel();
        const double end = time.end();
        QVERIFY(end > 500.0);
        QCOMPARE(time.from(), 0.0);
        QCOMPARE(time.to(), end);
        TimeChart* load = view.loadChart();
        TimeChart* latency = view.latencyChart();
        const int before = load->pointCount("calls/s");

        const QPoint at = plotPoint(load, 0.5);
        QWheelEvent wheel(at, load->viewport()->mapToGlobal(at), QPoint(), QPoint(0, 360),
                          Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(load->viewport(), &wheel);
        QVERIFY2(time.span() < end * 0.6, qPrintable(QString::number(time.span())));
        for (TimeChart* c : {load, latency}) {
            QCOMPARE(c->xRange().first, time.from());
            QCOMPARE(c->xRange().second, time.to());
        }
        // Zoomed in, the chart draws the trace's buckets of that range, not the whole decimated.
        for (const QPointF& p : load->pointsNamed("calls/s"))
            QVERIFY(p.x() >= time.from() - 2.0 && p.x() <= time.to() + 2.0);
        QVERIFY(before > 0);

        QTest::mouseClick(latency->viewport(), Qt::LeftButton, {}, plotPoint(latency, 0.5));
        QVERIFY(time.hasCursor());
        auto* readout = latency->findChild<ChartInteraction*>();
        QVERIFY(readout);
        QVERIFY2(readout->readout().contains("p99: "), qPrintable(readout->readout()));
        QVERIFY(load->findChild<ChartInteraction*>()->readout().contains("calls/s: "));

        QLegendMarker* p99 = nullptr;
        for (QLegendMarker* m : latency->chart()->legend()->markers())
            if (m->label() == "p99") p99 = m;
        QVERIFY(p99);
        emit p99->clicked();
        QVERIFY(latency->hiddenByUser("p99"));
        QVERIFY(!readout->readout().contains("p99: "));

        QTest::mouseDClick(load->viewport(), Qt::LeftButton, {}, plotPoint(load, 0.5));
        QTRY_COMPARE(time.from(), 0.0);
        QTRY_COMPARE(time.to(), end);
        QCOMPARE(load->xRange().second, end);
    }

    void screenshots_data() { testing::addScreenshotRows(); }
    // What this suite checks, as the window shows it: the layered-retries preset after its run on
    // Amplification (every layer) and on the Summary restricted to its outage; the outage preset
    // on the Circuit breaker view (its legend); the bad-day trace zoomed with a crosshair.
    void screenshots()
    {
        if (qEnvironmentVariableIsSet("RESLAB_SKIP_SCREENSHOTS"))
            QSKIP("screenshots are written by the optimised build");
        QFETCH(QSize, size);
        QFETCH(bool, dark);
        const QString suffix = QTest::currentDataTag();
        auto save = [&](MainWindow& window, const QString& name) {
            window.redrawNow();
            QCoreApplication::processEvents(); // lays the page out
            QCoreApplication::processEvents(); // then aligns and fits the charts
            QVERIFY(
                window.grab().save(QDir(testing::screenshotDir())
                                       .filePath(QStringLiteral("%1-%2.png").arg(name, suffix))));
        };
        MainWindow window;
        window.show();
        window.setTheme(dark ? Theme::Dark : Theme::Light);
        window.resize(size);
        QVERIFY(window.openScenario(":/presets/layered-retries-amplifying.json"));
        QVERIFY(testing::runToEnd(window));
        window.showView(ViewId::Amplification);
        save(window, "range-amplification-layers");
        window.page<SummaryPage>()->rangeOnly()->setChecked(true);
        window.showView(ViewId::Summary);
        auto* strip = window.findChild<TimelineStrip*>(); // the outage, chosen on the timeline
        QVERIFY(strip);
        const int y = strip->height() / 2;
        QTest::mousePress(strip, Qt::LeftButton, {}, QPoint(int(strip->xAt(55.0)), y));
        QTest::mouseMove(strip, QPoint(int(strip->xAt(125.0)), y));
        QTest::mouseRelease(strip, Qt::LeftButton, {}, QPoint(int(strip->xAt(125.0)), y));
        QVERIFY(!window.model().time().following());
        save(window, "range-summary-outage");
        window.page<SummaryPage>()->rangeOnly()->setChecked(false);

        QVERIFY(window.openScenario(":/presets/outage-and-recovery.json"));
        QVERIFY(testing::runToEnd(window));
        window.showView(ViewId::Breaker);
        save(window, "range-breaker-legend");

        QVERIFY(window.openScenario(":/presets/replay-bad-day.json"));
        QVERIFY(window.currentPage()->id() == ViewId::Trace);
        TraceView* trace = window.page<TracePage>()->widget();
        QCoreApplication::processEvents();
        trace->timeModel()->setView(120.0, 360.0);
        trace->timeModel()->setCursor(200.0);
        save(window, "range-trace-zoomed");
    }
};

RESLAB_UI_TEST_MAIN(TestRangeViews)
#include "tst_range_views.moc"

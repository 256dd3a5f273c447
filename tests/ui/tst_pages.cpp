// Each page on its own, without the window: a live model fed by a LiveRun stepped in the test's
// thread (one run, or three runs on one seed), and every page drawn from it. A row per page and
// run count: the chart pages have points in a series of every run in every chart, Attempts and
// Events show each run the picker offers, Summary has a column per run, Compare a column per run
// and a difference per compared run (and nothing while there is nothing to compare), and the
// designer and trace pages, which do not draw runs, stay as they are.

#include "attempts_view.h"
#include "event_log.h"
#include "pages/amplification_page.h"
#include "pages/attempts_page.h"
#include "pages/breaker_page.h"
#include "pages/compare_page.h"
#include "pages/designer_page.h"
#include "pages/endpoint_page.h"
#include "pages/events_page.h"
#include "pages/hosts_page.h"
#include "pages/latency_page.h"
#include "pages/limit_page.h"
#include "pages/summary_page.h"
#include "pages/trace_page.h"
#include "pages/traffic_page.h"
#include "run/live_run.h"
#include "scenario/scenario_io.h"
#include "scenario/trace_loading.h"
#include "text.h"
#include "time_chart.h"
#include "tuning/tuning_page.h"

#include <QComboBox>
#include <QLabel>
#include <QTableWidget>
#include <QTest>
#include <functional>
#include <memory>

using namespace reslab;
using namespace reslab::ui;

namespace {

// The outage preset, shortened, and two more pipelines: none at all, and a quick retry behind a
// breaker (so every run has attempts, and runs A and C have breakers).
constexpr double kDurationS = 60.0;
constexpr const char* kPipelineC = R"([{"type": "retry", "max_attempts": 2,
    "backoff": {"type": "constant", "delay_ms": 0}},
    {"type": "circuit_breaker", "min_calls": 10, "open_ms": 5000}])";

std::vector<Scenario> scenarios(int runs)
{
    TraceCache traces;
    ScenarioLoad load = loadScenarioFile(":/presets/outage-and-recovery.json", traces);
    if (!load.scenario) qFatal("the outage preset does not load");
    Scenario a = *load.scenario;
    a.durationS = kDurationS;
    std::vector<Scenario> all{a};
    if (runs > 1) all.push_back(*withPipeline(a, {}).scenario);
    if (runs > 2) all.push_back(*withPipeline(a, *parsePipeline(kPipelineC).pipeline).scenario);
    return all;
}

// A model holding the whole of the runs: the LiveRun is stepped second by second in this
// thread, each snapshot added as the window's worker would deliver it.
void feed(LiveModel& model, int runs)
{
    const std::vector<Scenario> all = scenarios(runs);
    std::vector<RunStyle> styles;
    for (int r = 0; r < runs; ++r)
        styles.push_back(runStyle(std::size_t(r), QString(QChar('A' + r))));
    model.setRuns(all.front(), styles);
    LiveRun run;
    QObject::connect(&run, &LiveRun::snapshotReady, &model,
                     [&model](const LiveSnapshot& s) { model.add(s); });
    run.load(all, all.front().seed);
    for (int second = 0; second < int(kDurationS) + 1 && !model.finished(); ++second)
        run.step();
}

using Check = std::function<void(Page&, const LiveModel&)>;

// Every chart of a chart page has a series with points for every run but those in `without`
// (which have nothing to draw there), and those none.
Check everyChartDrawsEveryRun(std::vector<std::size_t> without = {})
{
    return [without](Page& page, const LiveModel& model) {
        auto& charts = dynamic_cast<ChartPage&>(page);
        QVERIFY(!charts.charts().empty());
        // A run's series are named "metric (B)" for the runs after the first.
        auto runOf = [&model](const QString& series) {
            for (std::size_t r = 1; r < model.runCount(); ++r)
                if (series.endsWith(QStringLiteral(" (%1)").arg(model.style(r).name))) return r;
            return std::size_t(0);
        };
        for (TimeChart* chart : charts.charts()) {
            std::vector<bool> drawn(model.runCount(), false);
            for (const QString& series : chart->seriesNames())
                if (chart->pointCount(series) > 0) drawn[runOf(series)] = true;
            for (std::size_t r = 0; r < model.runCount(); ++r) {
                const bool expected = std::find(without.begin(), without.end(), r) == without.end();
                QVERIFY2(drawn[r] == expected,
                         qPrintable(QStringLiteral("%1: run %2 %3")
                                        .arg(chart->chart()->title(), model.style(r).name,
                                             expected ? "not drawn" : "drawn")));
            }
        }
        QVERIFY(!page.csv().isEmpty());
    };
}

struct PageRow
{
    const char* name;
    std::function<Page*(LiveModel&)> make;
    Check check;
};

template <class P> std::function<Page*(LiveModel&)> make()
{
    return [](LiveModel& model) { return new P(model); };
}

const std::vector<PageRow>& pageRows()
{
    static const std::vector<PageRow> rows = {
        {"traffic", make<TrafficPage>(), everyChartDrawsEveryRun()},
        {"amplification", make<AmplificationPage>(), everyChartDrawsEveryRun()},
        {"latency", make<LatencyPage>(), everyChartDrawsEveryRun()},
        // Run B has no breaker.
        {"breaker", make<BreakerPage>(), everyChartDrawsEveryRun({1})},
        {"endpoint", make<EndpointPage>(), everyChartDrawsEveryRun()},
        {"limit", make<LimitPage>(),
         [](Page& page, const LiveModel&) {
             // The outage preset has no adaptive limit: the page says so and draws nothing.
             auto& limit = static_cast<LimitPage&>(page);
             QVERIFY(limit.noLimiterNote()->isVisibleTo(&page));
             QCOMPARE(limit.picker()->count(), 0);
             for (TimeChart* chart : limit.charts())
                 for (const QString& series : chart->seriesNames())
                     QCOMPARE(chart->pointCount(series), 0);
         }},
        {"hosts", make<HostsPage>(),
         [](Page& page, const LiveModel& model) {
             // The outage preset has no fleet: the page says how to make one and draws nothing
             // (tst_hosts_page feeds it fleets).
             auto& hosts = static_cast<HostsPage&>(page);
             QVERIFY(hosts.noFleetNote()->isVisibleTo(&page));
             QVERIFY(hosts.noFleetNote()->text().contains("replicas"));
             QVERIFY(!hosts.fleet());
             QCOMPARE(hosts.runPicker().combo()->count(), int(model.runCount()));
             QVERIFY(!hosts.endpointPicker()->isVisibleTo(&page));
             for (TimeChart* chart : hosts.charts())
                 QCOMPARE(chart->seriesCount(), 0);
         }},
        {"attempts", make<AttemptsPage>(),
         [](Page& page, const LiveModel& model) {
             auto& attempts = static_cast<AttemptsPage&>(page);
             QCOMPARE(attempts.picker().combo()->count(), int(model.runCount()));
             QCOMPARE(attempts.picker().combo()->parentWidget()->isVisibleTo(&page),
                      model.runCount() > 1);
             for (int r = 0; r < int(model.runCount()); ++r) {
                 attempts.picker().combo()->setCurrentIndex(r);
                 attempts.redraw();
                 QVERIFY2(attempts.timeline()->requestsShown() > 0, qPrintable(QString::number(r)));
                 QVERIFY(attempts.histogram()->total() > 0);
             }
         }},
        {"events", make<EventsPage>(),
         [](Page& page, const LiveModel& model) {
             auto& events = static_cast<EventsPage&>(page);
             QCOMPARE(events.picker().combo()->count(), int(model.runCount()));
             for (std::size_t r = 0; r < model.runCount(); ++r) {
                 QVERIFY(events.log(r)->model()->rowCount() > 0);
                 events.picker().combo()->setCurrentIndex(int(r));
                 QCOMPARE(events.log(), events.log(r));
             }
             QVERIFY(events.csv().count('\n') > 10);
         }},
        {"summary", make<SummaryPage>(),
         [](Page& page, const LiveModel& model) {
             auto& summary = static_cast<SummaryPage&>(page);
             QVERIFY(!summary.table()->isHidden());
             QCOMPARE(summary.table()->columnCount(), int(model.runCount()) + 1);
             QVERIFY(summary.table()->rowCount() > 10);
             QCOMPARE(summary.table()->item(0, 0)->text(), QStringLiteral("requests"));
             QVERIFY(summary.heading()->text().contains("finished"));
         }},
        {"compare", make<ComparePage>(),
         [](Page& page, const LiveModel& model) {
             auto& compare = static_cast<ComparePage&>(page);
             if (model.runCount() == 1) { // nothing to compare: no table
                 QVERIFY(compare.table()->isHidden());
                 return;
             }
             const int runs = int(model.runCount());
             QCOMPARE(compare.table()->columnCount(), 1 + runs + (runs - 1));
             QVERIFY(compare.table()->rowCount() > 10);
             QCOMPARE(compare.table()->item(0, runs + 1)->text(), QStringLiteral("0"));
         }},
        {"designer", make<DesignerPage>(),
         [](Page& page, const LiveModel&) {
             QVERIFY(static_cast<DesignerPage&>(page).widget()->isVisibleTo(&page));
             QVERIFY(page.csv().isEmpty());
         }},
        {"trace", make<TracePage>(),
         [](Page& page, const LiveModel&) {
             // Draws a trace it is given, never the runs.
             QCOMPARE(static_cast<TracePage&>(page).widget()->health().calls, std::uint64_t(0));
         }},
        {"tuning", make<TuningPage>(),
         [](Page& page, const LiveModel&) {
             // Sweeps the scenario it is given, never draws the live runs: no result, no CSV.
             QVERIFY(!static_cast<TuningPage&>(page).result());
             QVERIFY(page.csv().isEmpty());
         }},
    };
    return rows;
}

} // namespace

class TestPages : public QObject
{
    Q_OBJECT

private slots:
    void everyPageDrawsItsRuns_data()
    {
        QTest::addColumn<int>("row");
        QTest::addColumn<int>("runs");
        for (int i = 0; i < int(pageRows().size()); ++i)
            for (int runs : {1, 3})
                QTest::addRow("%s, %d run%s", pageRows()[std::size_t(i)].name, runs,
                              runs > 1 ? "s" : "")
                    << i << runs;
    }

    void everyPageDrawsItsRuns()
    {
        QFETCH(int, row);
        QFETCH(int, runs);
        const PageRow& p = pageRows()[std::size_t(row)];
        LiveModel model;
        std::unique_ptr<Page> page(p.make(model));
        QCOMPARE(fromView(kViewNames.name(page->id())), QString::fromLatin1(p.name));
        QVERIFY(!page->title().isEmpty());
        page->resize(1000, 700);
        feed(model, runs);
        QCOMPARE(model.runCount(), std::size_t(runs));
        QVERIFY(model.finished());
        page->redraw();
        p.check(*page, model);
    }

    void everyViewHasARow()
    {
        for (std::string_view view : kViewNames.names()) {
            bool found = false;
            for (const PageRow& p : pageRows())
                found = found || view == p.name;
            QVERIFY2(found, std::string(view).c_str());
        }
    }
};

QTEST_MAIN(TestPages)
#include "tst_pages.moc"

// What the time charts explain after the outage preset has run: the outage phase shaded on every
// time chart, the breaker's transitions and half-open probes marked, its open stretches hatched as
// frozen, and a selected transition's "why" listing the calls the rule counted — checked against
// the engine's own window, recounted from the attempts of a headless run of the same scenario.
// The Summary gives the scenario's `expect` bounds pass or fail, and durations in s.

#include "chart_annotations.h"
#include "gui_testing.h"
#include "main_window.h"
#include "pages/breaker_page.h"
#include "pages/summary_page.h"
#include "run/simulation.h"
#include "run_annotations.h"
#include "scenario/scenario_io.h"
#include "summary_expect.h"
#include "time_chart.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QSettings>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace reslab;
using namespace reslab::ui;
using namespace reslab::ui::testing;

namespace {
QByteArray presetBytes(const QString& name)
{
    QFile f(":/presets/" + name + ".json");
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The client's attempts of a headless run, in the order they ended.
struct Attempts : RunObserver
{
    std::vector<AttemptRecord> all;
    void onAttempt(const AttemptRecord& a) override
    {
        if (a.depth == 0) all.push_back(a);
    }
};
} // namespace

class TestAnnotations : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QSettings().clear(); }

    void outageIsShadedMarkedAndExplained()
    {
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        QVERIFY(window.openScenario(":/presets/outage-and-recovery.json"));
        QVERIFY(runToEnd(window));
        visitEveryView(window);
        // The outage phase (60–120 s) on every time chart.
        for (const char* key :
             {"traffic", "amplification", "latency", "attempt-latency", "breaker", "endpoints"}) {
            TimeChart* chart = window.chart(key);
            QVERIFY2(chart && chart->annotationsIfAny(), key);
            const auto& spans = chart->annotationsIfAny()->spans();
            QVERIFY2(spans.size() == 1, key);
            QCOMPARE(spans[0].fromS, 60.0);
            QCOMPARE(spans[0].toS, 120.0);
            QVERIFY2(spans[0].label.contains("outage"), qPrintable(spans[0].label));
        }
        window.showView(ViewId::Breaker);
        auto* page = window.page<BreakerPage>();
        page->redraw();
        const auto& transitions = window.store().transitions();
        ChartAnnotations* notes = page->breakerChart()->annotationsIfAny();
        QVERIFY(notes);
        // A probe mark per half-open, a line where it opened from closed and where it closed.
        const auto halfOpens = std::count_if(transitions.begin(), transitions.end(), [](auto& t) {
            return t.to == BreakerState::HalfOpen;
        });
        QVERIFY(halfOpens >= 5); // probes every 5 s through a 60 s outage
        QCOMPARE(std::count_if(notes->marks().begin(), notes->marks().end(),
                               [](auto& m) { return m.shape == TimeMark::Shape::Probe; }),
                 halfOpens);
        QVERIFY(std::any_of(notes->marks().begin(), notes->marks().end(),
                            [](auto& m) { return m.label == "opened"; }));
        QVERIFY(std::any_of(notes->marks().begin(), notes->marks().end(),
                            [](auto& m) { return m.label == "closed"; }));
        // Its window is hatched as frozen from the first opening …
        QVERIFY(!notes->stateSpans().empty());
        QCOMPARE(notes->stateSpans().front().fromS, toSeconds(transitions.front().at));
        QVERIFY(notes->stateSpans().front().label.contains("frozen"));
        // … through the half-open probe rounds (they are counted apart) to the first closing.
        const auto closing = std::find_if(transitions.begin(), transitions.end(),
                                          [](auto& t) { return t.to == BreakerState::Closed; });
        QVERIFY(closing != transitions.end());
        QCOMPARE(notes->stateSpans().front().toS, toSeconds(closing->at));

        // The first transition is the opening: select it.
        const BreakerTransitionRecord& first = transitions.front();
        QCOMPARE(first.to, BreakerState::Open);
        page->transitions()->setCurrentRow(0);
        QVERIFY(notes->selected());
        QCOMPARE(notes->selected()->atS, toSeconds(first.at));
        const BreakerDecision& d = first.decision;
        QCOMPARE(d.rule, BreakerRule::FailureRate);
        QCOMPARE(d.minimum, 20u); // the preset's min_calls
        QCOMPARE(d.failureRate, 0.5);
        const QString why = page->transitionDetail()->text();
        QVERIFY2(why.contains(QStringLiteral("calls in window: %1").arg(d.calls)), qPrintable(why));
        QVERIFY2(why.contains(QStringLiteral("failed: %1 (").arg(d.failures)), qPrintable(why));
        QVERIFY2(why.contains("failure-rate rule") && why.contains("→ fired"), qPrintable(why));

        // The engine's window, recounted: a headless run of the same scenario, its breaker's
        // calls (the client's attempts it let through) that ended by the transition, the last 50
        // (the preset's count window).
        ScenarioLoad load = parseScenario(presetBytes("outage-and-recovery"));
        QVERIFY(load.scenario);
        RunOptions options;
        options.seed = load.scenario->seed;
        Simulation sim(*load.scenario, options);
        Attempts attempts;
        sim.addObserver(&attempts);
        sim.run();
        const Summary summary = sim.summary(); // by value: keep it while its parts are read
        const BreakerTransition& headless = summary.breakers.front().transitions.front();
        QCOMPARE(headless.decision, d); // the same run, the same numbers
        std::vector<const AttemptRecord*> through;
        for (const AttemptRecord& a : attempts.all)
            if (a.result.outcome != Outcome::BreakerOpen && a.end <= first.at)
                through.push_back(&a);
        std::stable_sort(through.begin(), through.end(),
                         [](auto* a, auto* b) { return a->end < b->end; });
        const std::size_t counted = std::min<std::size_t>(50, through.size());
        std::uint32_t failures = 0;
        for (std::size_t k = through.size() - counted; k < through.size(); ++k)
            failures += through[k]->result.outcome != Outcome::Ok;
        QCOMPARE(d.calls, std::uint32_t(counted));
        QCOMPARE(d.failures, failures);
        QVERIFY(double(d.failures) / d.calls >= 0.5);
    }

    void summaryGivesExpectationsPassOrFail()
    {
        QJsonObject doc = QJsonDocument::fromJson(presetBytes("outage-and-recovery")).object();
        // One bound the run meets, one it misses, one only `check` measures.
        doc["expect"] = QJsonObject{{"success_rate", QJsonObject{{"min", 0.5}}},
                                    {"latency_ms.p99", QJsonObject{{"max", 1}}},
                                    {"recovery_s", QJsonObject{{"max", 60}}}};
        QTemporaryDir dir;
        const QString path = dir.filePath("outage-expect.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(doc).toJson());
        f.close();
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        QVERIFY(window.openScenario(path));
        QVERIFY(runToEnd(window));
        // The latency bound is drawn where latency is: one level line at 1 ms on the end-to-end
        // chart, none on the per-attempt one (the bound is on requests).
        visitEveryView(window);
        ChartAnnotations* latency = window.chart("latency")->annotationsIfAny();
        QVERIFY(latency);
        QCOMPARE(latency->levels().size(), std::size_t(1));
        QCOMPARE(latency->levels()[0].value, 1.0);
        QVERIFY2(latency->levels()[0].label.contains(QStringLiteral("p99 ≤ 1 ms")),
                 qPrintable(latency->levels()[0].label));
        QVERIFY(window.chart("attempt-latency")->annotationsIfAny()->levels().empty());
        QVERIFY(window.chart("traffic")->annotationsIfAny()->levels().empty());
        if (!qEnvironmentVariableIsSet("RESLAB_SKIP_SCREENSHOTS")) {
            window.showView(ViewId::Latency);
            QCoreApplication::processEvents();
            QVERIFY(window.grab().save(QDir(screenshotDir()).filePath("expect-latency.png")));
        }
        window.showView(ViewId::Summary);
        auto* summary = window.page<SummaryPage>();
        summary->redraw();
        QTableWidget* table = summary->table();
        auto rowOf = [&](const QString& start) {
            for (int r = 0; r < table->rowCount(); ++r)
                if (table->item(r, 0)->text().startsWith(start)) return r;
            return -1;
        };
        const int pass = rowOf("expect success_rate");
        const int fail = rowOf("expect latency_ms.p99");
        const int unmeasured = rowOf("expect recovery_s");
        QVERIFY(pass >= 0 && fail >= 0 && unmeasured >= 0);
        const Summary& s = *window.store().summary();
        QCOMPARE(table->item(pass, 1)->text(),
                 QStringLiteral("✔ pass: %1").arg(s.successRate(), 0, 'f', 3));
        QVERIFY2(table->item(fail, 1)->text().startsWith("✘ fail: "),
                 qPrintable(table->item(fail, 1)->text()));
        QVERIFY(table->item(unmeasured, 1)->text().contains("check"));
        // Durations read in s, not "60488.431 ms".
        const int open = rowOf("breaker open time");
        QVERIFY(open >= 0);
        QVERIFY2(table->item(open, 1)->text().endsWith(" s"),
                 qPrintable(table->item(open, 1)->text()));
        if (!qEnvironmentVariableIsSet("RESLAB_SKIP_SCREENSHOTS"))
            QVERIFY(window.grab().save(QDir(screenshotDir()).filePath("summary-expect.png")));
    }

    void screenshots()
    {
        if (qEnvironmentVariableIsSet("RESLAB_SKIP_SCREENSHOTS"))
            QSKIP("screenshots are written by the optimised build");
        MainWindow window;
        window.show();
        QVERIFY(window.openScenario(":/presets/outage-and-recovery.json"));
        QVERIFY(runToEnd(window));
        auto* page = window.page<BreakerPage>();
        for (Theme theme : {Theme::Light, Theme::Dark}) {
            window.setTheme(theme);
            for (QSize size : {QSize(1280, 800), QSize(1920, 1080)}) {
                window.resize(size);
                for (ViewId view : {ViewId::Breaker, ViewId::Traffic}) {
                    window.showView(view);
                    if (view == ViewId::Breaker) page->transitions()->setCurrentRow(0);
                    QCoreApplication::processEvents();
                    const QString name = QStringLiteral("annotated-%1-%2x%3-%4.png")
                                             .arg(view == ViewId::Breaker ? "breaker" : "traffic")
                                             .arg(size.width())
                                             .arg(size.height())
                                             .arg(theme == Theme::Dark ? "dark" : "light");
                    QVERIFY(window.grab().save(QDir(screenshotDir()).filePath(name)));
                }
            }
        }
    }
};

QTEST_MAIN(TestAnnotations)
#include "tst_annotations.moc"

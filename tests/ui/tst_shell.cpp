// The window's shell: every view is listed and reachable at 1280×800 (the navigator, Ctrl+1…9,
// Ctrl+Tab, two views side by side), the welcome page opens a preset, the presets are grouped by
// theme with their descriptions, Help lists the shortcuts; the status bar says what the run is
// doing, a new scenario ends a comparison, the dark theme's disabled fields look disabled, and the
// heatmap's labels are short. Screenshots of the shell at 1280×800 and 1920×1080, light and dark.

#include "empty_state.h"
#include "gui_testing.h"
#include "heatmap_view.h"
#include "help_menu.h"
#include "main_window.h"
#include "metric_labels.h"
#include "pages/compare_page.h"
#include "pages/trace_page.h"
#include "pipeline_editor.h"
#include "preset_menu.h"
#include "theme.h"
#include "time_chart.h"
#include "trace_view.h"
#include "view_navigator.h"
#include "welcome_page.h"

#include <QAction>
#include <QDir>
#include <QJsonValue>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>
#include <QTabWidget>
#include <QTreeWidget>

using namespace reslab;
using namespace reslab::ui;
using namespace reslab::ui::testing;

namespace {
// The first view listed and the last shown while not comparing (Tools' last).
constexpr int kTraffic = 0;
constexpr int kTuning = 12;

void activate(MainWindow& window)
{
    window.show();
    QApplication::setActiveWindow(&window);
    QVERIFY(QTest::qWaitForWindowActive(&window));
}

// Compares the open scenario with itself, so the Compare view is listed.
void startComparing(MainWindow& window)
{
    const Scenario scenario = *window.editor()->scenario();
    window.compareWithScenarios({{QStringLiteral("the same"), scenario}});
}

QAction* menuAction(MainWindow& window, const QString& title)
{
    for (QAction* a : window.menuBar()->actions())
        if (a->text().remove('&') == title) return a;
    return nullptr;
}

// Waits (bounded) until the status bar's message contains `text`.
bool waitForStatus(MainWindow& window, const QString& text)
{
    QSignalSpy changed(window.statusBar(), &QStatusBar::messageChanged);
    for (int i = 0; i < 200 && !window.statusBar()->currentMessage().contains(text); ++i)
        changed.wait(100);
    return window.statusBar()->currentMessage().contains(text);
}
} // namespace

class TestShell : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QSettings().clear(); }

    void everyViewIsListedAndReachableAt1280()
    {
        MainWindow window;
        window.resize(1280, 800);
        activate(window);
        QVERIFY(window.openScenario(":/presets/outage-and-recovery.json"));
        startComparing(window);
        QCoreApplication::processEvents();
        ViewNavigator* views = window.views();
        QCOMPARE(views->count(), 14);
        // No page's minimum width pushes the window past 1280 px.
        QCOMPARE(window.size(), QSize(1280, 800));
        QTreeWidget* list = views->list();
        for (int i = 0; i < views->count(); ++i) {
            QVERIFY2(views->isTabVisible(i), qPrintable(views->tabText(i)));
            // Listed in full, with no scrolling: the whole row inside the list's viewport.
            const QRect row = list->visualItemRect(views->item(i));
            QVERIFY2(list->viewport()->rect().contains(row), qPrintable(views->tabText(i)));
            QVERIFY2(row.width() >= list->fontMetrics().horizontalAdvance(views->tabText(i)),
                     qPrintable(views->tabText(i)));
            QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, row.center());
            QCOMPARE(views->currentIndex(), i);
            QCOMPARE(window.size(), QSize(1280, 800));
            QWidget* page = views->currentWidget();
            QVERIFY2(page->isVisible(), qPrintable(views->tabText(i)));
            // On screen, inside the window, with room to show something.
            const QRect onWindow(page->mapTo(&window, QPoint(0, 0)), page->size());
            QVERIFY2(window.rect().contains(onWindow), qPrintable(views->tabText(i)));
            QVERIFY2(page->width() >= 600 && page->height() >= 500,
                     qPrintable(QString("%1: %2×%3")
                                    .arg(views->tabText(i))
                                    .arg(page->width())
                                    .arg(page->height())));
        }
    }

    void digitShortcutsSelectTheFirstNineViews_data()
    {
        QTest::addColumn<int>("key");
        QTest::addColumn<QString>("view");
        QTest::addRow("Ctrl+1") << int(Qt::Key_1) << "Traffic";
        QTest::addRow("Ctrl+3") << int(Qt::Key_3) << "Latency";
        QTest::addRow("Ctrl+4") << int(Qt::Key_4) << "Circuit breaker";
        QTest::addRow("Ctrl+7") << int(Qt::Key_7) << "Hosts";
        QTest::addRow("Ctrl+8") << int(Qt::Key_8) << "Attempts";
        QTest::addRow("Ctrl+9") << int(Qt::Key_9) << "Events";
    }

    void digitShortcutsSelectTheFirstNineViews()
    {
        QFETCH(int, key);
        QFETCH(QString, view);
        MainWindow window;
        window.resize(1280, 800);
        activate(window);
        QVERIFY(window.openScenario(":/presets/steady-flaky-api.json"));
        window.views()->setCurrentIndex(kTuning);
        // From the editor too: the shortcuts are the window's.
        QTest::keyClick(window.editor(), Qt::Key(key), Qt::ControlModifier);
        QCOMPARE(window.views()->tabText(window.views()->currentIndex()), view);
        QVERIFY(window.views()->currentWidget()->isVisible());
    }

    void ctrlTabCyclesTheViewsShown()
    {
        MainWindow window;
        window.resize(1280, 800);
        activate(window);
        QVERIFY(window.openScenario(":/presets/steady-flaky-api.json"));
        ViewNavigator* views = window.views();
        views->setCurrentIndex(kTraffic);
        QTest::keyClick(&window, Qt::Key_Tab, Qt::ControlModifier);
        QCOMPARE(views->tabText(views->currentIndex()), QStringLiteral("Amplification"));
        QTest::keyClick(&window, Qt::Key_Backtab, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(views->currentIndex(), kTraffic);
        // Backwards from the first wraps to the last shown: Tuning, as Compare is not listed.
        QTest::keyClick(&window, Qt::Key_Backtab, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(views->currentIndex(), kTuning);
        QTest::keyClick(&window, Qt::Key_Tab, Qt::ControlModifier);
        QCOMPARE(views->currentIndex(), kTraffic);
        // While comparing, Compare is in the cycle.
        startComparing(window);
        views->setCurrentIndex(kTuning);
        QTest::keyClick(&window, Qt::Key_Tab, Qt::ControlModifier);
        QCOMPARE(views->tabText(views->currentIndex()), QStringLiteral("Compare"));
        QVERIFY(views->currentWidget()->isVisible());
    }

    void twoViewsSideBySide()
    {
        MainWindow window;
        window.resize(1920, 1080);
        activate(window);
        QVERIFY(window.openScenario(":/presets/outage-and-recovery.json"));
        ViewNavigator* views = window.views();
        views->setCurrentIndex(kTraffic);
        QTest::keyClick(&window, Qt::Key_Backslash, Qt::ControlModifier);
        QVERIFY(views->isSplit());
        const int breaker = views->indexOf(window.page(ViewId::Breaker));
        views->setSecondIndex(breaker);
        QCOMPARE(views->secondIndex(), breaker);
        QVERIFY(views->widget(kTraffic)->isVisible());
        QVERIFY(views->widget(breaker)->isVisible());
        QCoreApplication::processEvents();
        QVERIFY(views->widget(kTraffic)->mapTo(&window, QPoint()).x() <
                views->widget(breaker)->mapTo(&window, QPoint()).x());
        // Picking the view in the second pane for the first swaps the two.
        views->setCurrentIndex(breaker);
        QCOMPARE(views->secondIndex(), kTraffic);
        QCoreApplication::processEvents();
        QVERIFY(views->widget(kTraffic)->isVisible() && views->widget(breaker)->isVisible());
        // Half and half, the first on the left.
        QWidget* left = views->widget(breaker);
        QWidget* right = views->widget(kTraffic);
        QVERIFY(left->mapTo(&window, QPoint()).x() < right->mapTo(&window, QPoint()).x());
        QVERIFY2(std::abs(left->width() - right->width()) < left->width() / 5,
                 qPrintable(QString("%1 and %2 px").arg(left->width()).arg(right->width())));
        if (!qEnvironmentVariableIsSet("RESLAB_SKIP_SCREENSHOTS")) {
            QVERIFY(runToEnd(window));
            window.redrawNow();
            QCoreApplication::processEvents();
            QVERIFY(window.grab().save(QDir(screenshotDir()).filePath("shell-side-by-side.png")));
        }
        views->setSplit(false);
        QVERIFY(!views->widget(kTraffic)->isVisible());
        QVERIFY(views->widget(breaker)->isVisible());
    }

    void welcomePageOpensAPreset()
    {
        MainWindow window;
        window.resize(1280, 800);
        activate(window);
        QVERIFY(window.welcomeShown());
        QVERIFY(window.welcome()->isVisible());
        QTreeWidget* presets = window.welcome()->presets();
        QTreeWidgetItem* outage =
            window.welcome()->presetItem(":/presets/outage-and-recovery.json");
        QVERIFY(outage);
        // Its name over the first sentence of what it shows.
        QCOMPARE(outage->text(0), QStringLiteral("Outage and recovery (circuit breaker demo)"));
        QVERIFY(WelcomePage::descriptionLine(outage).startsWith("The inventory service fails"));
        // Two lines a preset: taller than a heading's one.
        QVERIFY(presets->visualItemRect(outage).height() >
                presets->visualItemRect(outage->parent()).height() * 3 / 2);
        presets->scrollToItem(outage);
        QTest::mouseClick(presets->viewport(), Qt::LeftButton, {},
                          presets->visualItemRect(outage).center());
        QVERIFY(!window.welcomeShown());
        QVERIFY(window.editor()->scenario().has_value());
        QCOMPARE(window.views()->tabText(window.views()->currentIndex()),
                 QStringLiteral("Circuit breaker"));
        QVERIFY(window.currentPage()->isVisible());
    }

    void presetsAreGroupedByThemeWithDescriptions()
    {
        const std::vector<Preset> presets = bundledPresets();
        QCOMPARE(int(presets.size()), int(QDir(":/presets").entryList({"*.json"}).size()));
        for (const Preset& p : presets) {
            QVERIFY2(p.theme != kOtherPresets, qPrintable(p.path + " has no theme"));
            QVERIFY2(!p.description.isEmpty(), qPrintable(p.path));
        }
        MainWindow window;
        QAction* menu = menuAction(window, "Presets");
        QVERIFY(menu && menu->menu());
        int listed = 0;
        for (QAction* theme : menu->menu()->actions()) {
            QVERIFY2(theme->menu(), qPrintable(theme->text() + " is not a submenu"));
            for (QAction* preset : theme->menu()->actions()) {
                ++listed;
                QVERIFY2(!preset->statusTip().isEmpty(), qPrintable(preset->text()));
                QVERIFY2(preset->toolTip().size() >= preset->statusTip().size(),
                         qPrintable(preset->text()));
            }
        }
        QCOMPARE(listed, int(presets.size()));
        QVERIFY(menu->menu()->actions().size() >= 4); // themes, not one flat list
    }

    void helpListsTheShortcuts()
    {
        MainWindow window;
        QVERIFY(menuAction(window, "Help"));
        const QString html = shortcutsHtml(window);
        for (const char* keys : {"Ctrl+1 … Ctrl+9", "Ctrl+Tab", "Space", "Ctrl+E", "Ctrl+\\"})
            QVERIFY2(html.contains(QString(keys).toHtmlEscaped()), keys);
    }

    void statusBarSaysPausedWhilePaused()
    {
        MainWindow window;
        window.resize(1280, 800);
        activate(window);
        QVERIFY(window.openScenario(":/presets/steady-flaky-api.json"));
        window.setSpeed(1.0); // slow enough to pause mid-run
        QSignalSpy changed(window.runAction(), &QAction::changed);
        window.play();
        for (int i = 0; i < 100 && window.runAction()->text() != "Pause"; ++i)
            changed.wait(100);
        QCOMPARE(window.runAction()->text(), QStringLiteral("Pause"));
        window.runAction()->trigger();
        QVERIFY2(waitForStatus(window, "Paused at"),
                 qPrintable(window.statusBar()->currentMessage()));
        QVERIFY(!window.statusBar()->currentMessage().contains("Finished"));
        // Finished, then reset: no longer "Finished".
        QVERIFY(runToEnd(window));
        QVERIFY(window.statusBar()->currentMessage().startsWith("Finished"));
        window.reset();
        QVERIFY2(!window.statusBar()->currentMessage().contains("Finished"),
                 qPrintable(window.statusBar()->currentMessage()));
    }

    void openingAnotherScenarioEndsTheComparison()
    {
        MainWindow window;
        window.resize(1280, 800);
        activate(window);
        QVERIFY(window.openScenario(":/presets/outage-and-recovery.json"));
        startComparing(window);
        QVERIFY(window.comparing());
        QCOMPARE(int(window.model().runCount()), 2);
        const int compare = window.views()->indexOf(window.page(ViewId::Compare));
        QVERIFY(window.views()->isTabVisible(compare));
        QVERIFY(window.openScenario(":/presets/steady-flaky-api.json"));
        QVERIFY(!window.comparing());
        QCOMPARE(int(window.model().runCount()), 1);
        QVERIFY(!window.views()->isTabVisible(compare));
        QVERIFY(runToEnd(window)); // one run, to its end
        QCOMPARE(int(window.model().runCount()), 1);
    }

    void darkThemeDisabledFieldsLookDisabled()
    {
        MainWindow window;
        window.setTheme(Theme::Dark);
        const QPalette p = QApplication::palette();
        // A disabled field is drawn on the window's colour, not the input's, with greyed text.
        QCOMPARE(p.color(QPalette::Disabled, QPalette::Base), p.color(QPalette::Window));
        QVERIFY(p.color(QPalette::Disabled, QPalette::Base) !=
                p.color(QPalette::Active, QPalette::Base));
        QVERIFY(p.color(QPalette::Disabled, QPalette::Text).lightness() <
                p.color(QPalette::Active, QPalette::Text).lightness() - 60);
        QVERIFY(p.color(QPalette::Disabled, QPalette::Button) !=
                p.color(QPalette::Active, QPalette::Button));
        // As drawn: an enabled and a disabled field's insides differ.
        QLineEdit enabled, disabled;
        disabled.setEnabled(false);
        for (QLineEdit* e : {&enabled, &disabled}) {
            e->resize(160, 28);
            e->setText("100");
        }
        const QImage on = enabled.grab().toImage(), off = disabled.grab().toImage();
        QVERIFY(on.pixelColor(140, 14) != off.pixelColor(140, 14));
        QCOMPARE(off.pixelColor(140, 14), p.color(QPalette::Window));
        window.setTheme(Theme::Light);
    }

    void heatmapLabelsAreShort_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("label");
        QTest::addRow("log-spaced tens") << QJsonValue(39.68419958) << "39.7";
        QTest::addRow("log-spaced hundreds") << QJsonValue(158.48931924) << "158";
        QTest::addRow("log-spaced units") << QJsonValue(2.51188643) << "2.51";
        QTest::addRow("a fraction") << QJsonValue(0.0251188643) << "0.0251";
        QTest::addRow("a whole number") << QJsonValue(250.0) << "250";
        QTest::addRow("negative") << QJsonValue(-12.345) << "-12.3";
    }

    void heatmapLabelsAreShort()
    {
        QFETCH(QJsonValue, value);
        QFETCH(QString, label);
        QCOMPARE(HeatmapView::valueLabel(value), label);
    }

    void modelThisTraceKeepsTheWindowAndTheChartsReadable()
    {
        MainWindow window;
        window.resize(1280, 800);
        activate(window);
        QVERIFY(window.openScenario(":/presets/replay-bad-day.json"));
        window.showView(ViewId::Trace);
        QCoreApplication::processEvents();
        const QSize before = window.size();
        TraceView* view = window.page<TracePage>()->widget();
        QSignalSpy modelled(view, &TraceView::modelled);
        view->modelButton()->click();
        QVERIFY(modelled.wait(60'000));
        QCoreApplication::processEvents();
        QCOMPARE(window.size(), before);
        for (const char* key : {"trace-load", "trace-latency", "trace-distribution"}) {
            TimeChart* chart = window.chart(key);
            QVERIFY2(chart->isVisible(), key);
            QVERIFY2(chart->height() >= 200,
                     qPrintable(QString("%1: %2 px").arg(key).arg(chart->height())));
        }
        if (!qEnvironmentVariableIsSet("RESLAB_SKIP_SCREENSHOTS"))
            QVERIFY(window.grab().save(
                QDir(screenshotDir()).filePath("shell-trace-modelled-1280x800.png")));
    }

    void emptyChartsSayWhatFillsThem()
    {
        MainWindow window;
        window.resize(1280, 800);
        activate(window);
        QVERIFY(window.openScenario(":/presets/steady-flaky-api.json"));
        window.showView(ViewId::Traffic);
        QCoreApplication::processEvents();
        TimeChart* traffic = window.chart("traffic");
        auto* empty = traffic->findChild<EmptyState*>();
        QVERIFY(empty);
        QVERIFY(empty->isVisible());
        QCOMPARE(empty->size(), traffic->size()); // it covers the empty axes
        QVERIFY(empty->text().contains("No data yet"));
        QSignalSpy added(&window.model(), &LiveModel::snapshotAdded);
        window.step();
        QVERIFY(added.wait(10'000));
        QVERIFY(!empty->isVisible());
        window.reset(); // back to t = 0 (the charts are built again): nothing to show again
        QCoreApplication::processEvents();
        empty = window.chart("traffic")->findChild<EmptyState*>();
        QVERIFY(empty && empty->isVisible());
    }

    void metricsHaveOneUnitAndAFriendlyLabel_data()
    {
        QTest::addColumn<QString>("metric");
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("shown");
        // Rates in percent and latency in ms, as the live views and the Summary show them.
        QTest::addRow("success rate") << "success_rate" << 0.9731 << "Success rate (%)"
                                      << "97.31 %";
        QTest::addRow("p99") << "latency_ms.p99" << 123.4 << "Latency p99 (ms)"
                             << "123.4 ms";
        QTest::addRow("mean latency") << "latency_ms.mean" << 50.0 << "Mean latency (ms)"
                                      << "50 ms";
        QTest::addRow("attempts") << "attempts.per_request" << 1.5 << "Attempts per request"
                                  << "1.5";
        QTest::addRow("utilization") << "endpoints.db.utilization" << 0.5 << "db utilization (%)"
                                     << "50 %";
        QTest::addRow("peak") << "endpoints.api.v2.peak_attempts_per_s" << 80.0
                              << "api.v2 peak attempts (/s)"
                              << "80/s";
        QTest::addRow("breaker open")
            << "breakers.client.cb.open_s" << 12.5 << "Breaker client.cb open (s)"
            << "12.5 s";
        QTest::addRow("recovery") << "recovery_s" << 4.0 << "Recovery time (s)"
                                  << "4 s";
    }

    void metricsHaveOneUnitAndAFriendlyLabel()
    {
        QFETCH(QString, metric);
        QFETCH(double, value);
        QFETCH(QString, title);
        QFETCH(QString, shown);
        QCOMPARE(metricTitle(metric.toStdString()), title);
        QCOMPARE(metricValue(metric.toStdString(), value), shown);
    }

    void parameterPathsReadAsTitles_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("title");
        QTest::addRow("timeout") << "pipeline[1].timeout_ms"
                                 << "Timeout (ms), pipeline step 2";
        QTest::addRow("backoff") << "pipeline[0].backoff.initial_ms"
                                 << "Initial (ms), backoff, pipeline step 1";
        QTest::addRow("no unit") << "workload.rate"
                                 << "Rate, workload";
        QTest::addRow("per second") << "workload.rate_per_s"
                                    << "Rate (/s), workload";
        QTest::addRow("endpoint by id") << "endpoints.api.failures.error"
                                        << "Error, failures, endpoint api";
        QTest::addRow("phase") << "endpoints.api.phases[0].end_s"
                               << "End (s), phase 1, endpoint api";
        QTest::addRow("workers") << "endpoints[0].workers"
                                 << "Workers, endpoint 1";
        QTest::addRow("top level") << "duration_s"
                                   << "Duration (s)";
    }

    void parameterPathsReadAsTitles()
    {
        QFETCH(QString, path);
        QFETCH(QString, title);
        QCOMPARE(paramTitle(path.toStdString()), title);
    }

    void readmeScreenshots()
    {
        // The README's pictures of the window (resources/screenshots/ holds the copies it shows).
        if (qEnvironmentVariableIsSet("RESLAB_SKIP_SCREENSHOTS"))
            QSKIP("screenshots are written by the optimised build");
        const QDir dir(screenshotDir());
        {
            MainWindow window;
            window.resize(1280, 800);
            window.show();
            QVERIFY(window.openScenario(":/presets/outage-and-recovery.json"));
            QVERIFY(runToEnd(window));
            window.showView(ViewId::Breaker);
            QCoreApplication::processEvents();
            QVERIFY(window.grab().save(dir.filePath("breaker-demo.png")));
            window.editor()->tabs()->setCurrentIndex(2); // Pipeline
            window.editor()->pipeline()->select(retryIndex(*window.editor()));
            window.showView(ViewId::Designer);
            QCoreApplication::processEvents();
            QVERIFY(window.grab().save(dir.filePath("editor-and-designer.png")));
        }
        MainWindow window;
        window.resize(1280, 800);
        window.setTheme(Theme::Dark);
        window.show();
        QVERIFY(window.openScenario(":/presets/retry-storm-overload.json"));
        QVERIFY(runToEnd(window));
        window.showView(ViewId::Attempts);
        QCoreApplication::processEvents();
        QVERIFY(window.grab().save(dir.filePath("retry-storm-attempts-dark.png")));
        window.setTheme(Theme::Light);
    }

    void screenshots_data() { addScreenshotRows(); }

    void screenshots()
    {
        if (qEnvironmentVariableIsSet("RESLAB_SKIP_SCREENSHOTS"))
            QSKIP("screenshots are written by the optimised build");
        QFETCH(QSize, size);
        QFETCH(bool, dark);
        const QString suffix = QStringLiteral("%1x%2-%3")
                                   .arg(size.width())
                                   .arg(size.height())
                                   .arg(dark ? "dark" : "light");
        MainWindow window;
        window.resize(size);
        window.setTheme(dark ? Theme::Dark : Theme::Light);
        window.show();
        QCoreApplication::processEvents();
        QVERIFY(
            window.grab().save(QDir(screenshotDir()).filePath("shell-welcome-" + suffix + ".png")));
        QVERIFY(window.openScenario(":/presets/outage-and-recovery.json"));
        QVERIFY(runToEnd(window));
        startComparing(window);
        QVERIFY(runToEnd(window));
        window.showView(ViewId::Breaker);
        window.redrawNow();
        QCoreApplication::processEvents();
        QVERIFY(
            window.grab().save(QDir(screenshotDir()).filePath("shell-breaker-" + suffix + ".png")));
        window.setTheme(Theme::Light);
    }
};

RESLAB_UI_TEST_MAIN(TestShell)
#include "tst_shell.moc"

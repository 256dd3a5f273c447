#pragma once
// The desktop testbench's main window: edit a scenario in the dock (or open one, or pick a
// bundled preset), run it live with Run / Pause / Step / Reset at 0.1× … 1000× or as fast as
// possible, and watch it in the pages (traffic, latency, breakers, endpoints, attempts, events,
// the summary, a trace, comparisons); tune a backoff in the designer.
//
// Threading: the simulation runs in m_thread (a LiveRun); this window only receives snapshots
// (queued) and never reads engine state. Redraws are coalesced to at most one per 33 ms, and
// only the visible page is redrawn.

#include "live_model.h"
#include "pages/page.h"
#include "run/live_run.h"
#include "scenario/trace_loading.h"
#include "scenario_document.h"
#include "theme.h"
#include "trace_actions.h"

#include <QMainWindow>
#include <optional>

class QAction;
class QDockWidget;
class QMenu;
class QStackedWidget;
class QThread;

namespace reslab {
struct ServeSnapshot;
}

namespace reslab::ui {

class ConfigurationImport;
class RunToolbar;
class ServeController;
class ServePanel;
class ScenarioEditor;
class TimeChart;
class ViewNavigator;
class WelcomePage;

// The testbench's shell: menus, the Run toolbar, the editor dock and the status bar around the
// pages. Files are the ScenarioDocument's job, traces TraceActions', what persists between
// sessions WindowSettings'; the window owns the live run (on its worker thread) and the
// comparisons (main_window_compare.cpp).
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Files (scenario_document.h).
    bool openScenario(const QString& path) { return m_document->open(path); }
    void newScenario() { m_document->newScenario(); }
    bool save() { return m_document->save(); }
    bool saveAs(const QString& path) { return m_document->saveAs(path); }
    ScenarioDocument& document() const { return *m_document; }
    // File ▸ Open Configuration… (configuration_import.h).
    ConfigurationImport& configurationImport() const { return *m_configurationImport; }
    // The run.
    void setSpeed(double speed); // LiveRun::kFastest: as fast as possible
    void play();
    void step();
    void reset();
    void setTheme(Theme theme);
    // Traces (trace_actions.h): show one's health, import one, record the run to one.
    TraceActions& traces() const { return *m_traceActions; }
    bool openTrace(const QString& path) { return m_traceActions->open(path); }
    // Comparisons (main_window_compare.cpp): the scenario runs again with another pipeline (a
    // JSON array of strategies or a scenario file) on the same seed and clock, up to five more;
    // every view draws each run with its own dash, the Compare page tabulates them.
    bool compareWith(const QString& pipelineFile);
    // Runs these scenarios (sweep points from the Tuning page) beside the editor's, replacing
    // what was compared before.
    void compareWithScenarios(const std::vector<std::pair<QString, Scenario>>& runs);
    void stopComparing();
    // Ends the comparison without restarting the run (a new scenario restarts it).
    void dropComparison();
    bool comparing() const { return !m_compared.empty(); }

    // The pages, and what tests and screenshots look at.
    Page* page(ViewId view) const;
    template <class P> P* page() const { return static_cast<P*>(page(P::kId)); }
    Page* currentPage() const;
    void showView(ViewId view);
    // A chart of any page by its key ("traffic", "latency", "endpoint-queue", "trace-load", …).
    TimeChart* chart(const QString& key) const;
    ViewNavigator* views() const { return m_views; }
    // The welcome page (the presets) shows while nothing is open and no view was picked.
    WelcomePage* welcome() const { return m_welcome; }
    bool welcomeShown() const;
    const LiveModel& model() const { return m_model; }
    const LiveStore& store() const { return m_model.first(); }
    ScenarioEditor* editor() const { return m_editor; }
    ServePanel* servePanel() const { return m_servePanel; }
    ServeController* serveController() const { return m_serve; }
    QAction* runAction() const;
    void redrawNow();
    int redrawCount() const { return m_redraws; }
    bool finished() const { return m_finished; }
    QString lastError() const { return m_lastError; }
    // Problems go to the status bar and lastError(); with dialogs off (tests), not to a dialog.
    void setDialogsEnabled(bool on) { m_dialogs = on; }

signals:
    void runFinished();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildPages();
    void buildMenus();
    void onLoaded();
    void onSnapshot(const reslab::LiveSnapshot& snapshot);
    void onEditorEdited();
    void onStrategySelected(int index);
    void updateControls();
    void exportCurrentView();
    // The run's state in the status bar (ready, running, paused, finished); the next state's
    // message replaces it, other messages are left alone.
    void showRunMessage(const QString& text);
    void warn(const QString& title, const QString& text);
    // Calls `slot` on the live run, on its thread (a type-checked queued call).
    template <class F> void onRun(F slot);

    // main_window_tuning.cpp
    void buildTuning();
    // The Tuning page sweeps the editor's scenario; a newly opened one also sets up its "sweep"
    // block there, and one that opens on the page starts it.
    void followScenarioInTuning(bool opened);
    void loadTuningPoint(const QJsonObject& document, const QString& baseDir, const QString& label);

    // main_window_serve.cpp: the Serve dock and its toolbar toggle.
    void buildServe(QMenu* view);
    void startServing(quint16 port);
    // Serving's traffic into the live views (the run's own snapshots are set aside meanwhile).
    void onServedTraffic(const reslab::ServeSnapshot& snapshot, bool last);
    // Every live chart's time axis names the clock its points are on.
    void setServedClock(bool served);

    // main_window_compare.cpp
    void buildCompareMenu();
    void showComparePage(bool on);
    // The runs to load: the scenario, and the scenario with each compared pipeline.
    std::vector<Scenario> runsToLoad();

    LiveModel m_model;
    std::vector<Page*> m_pages; // in tab order
    struct Compared
    {
        QString name; // "B", "C", …
        QString file;
        std::vector<StrategySpec> pipeline;
        std::optional<Scenario> scenario; // a whole scenario (a sweep point) instead
    };
    std::vector<Compared> m_compared;
    QAction* m_stopCompareAction = nullptr;
    std::optional<Scenario> m_scenario;
    QThread* m_thread = nullptr;
    LiveRun* m_run = nullptr;
    ViewNavigator* m_views = nullptr;
    WelcomePage* m_welcome = nullptr;
    QStackedWidget* m_central = nullptr; // the welcome page, or the navigator and its views
    RunToolbar* m_toolbar = nullptr;
    ScenarioDocument* m_document = nullptr;
    ConfigurationImport* m_configurationImport = nullptr;
    TraceActions* m_traceActions = nullptr;
    TraceCache m_traces; // the traces the open scenarios replay, read once while in use
    ScenarioEditor* m_editor = nullptr;
    QDockWidget* m_editorDock = nullptr;
    ServeController* m_serve = nullptr;
    ServePanel* m_servePanel = nullptr;
    QDockWidget* m_serveDock = nullptr;
    QAction* m_serveAction = nullptr;
    QAction* m_darkAction = nullptr;
    bool m_running = false;
    bool m_finished = false;
    // Serving: the live views show the served traffic, the run's controls wait; once serving
    // stops the views keep it until the run is reset or played again.
    bool m_serving = false;
    bool m_servedInViews = false;
    int m_redraws = 0;
    QString m_lastError;
    QString m_runMessage; // the last run-state message shown
    QString m_refusal;    // why the scenario is too large to run (run/work_estimate.h), if it is
    bool m_dialogs = true;
};

template <class F> void MainWindow::onRun(F slot)
{
    QMetaObject::invokeMethod(
        m_run, [run = m_run, slot] { slot(*run); }, Qt::QueuedConnection);
}

} // namespace reslab::ui

#pragma once
// The desktop testbench's main window: edit a scenario in the dock (or open one, or pick a
// bundled preset), run it live with Run / Pause / Step / Reset at 0.1× … 1000× or as fast as
// possible, and watch traffic, latency, the circuit breakers, the endpoints, individual attempts
// and the event log; tune a backoff in the designer. Files: New/Open/Save/Save As with a dirty
// marker and recent files; any view exports as PNG, SVG or CSV; layout and preferences persist.
//
// Threading: the simulation runs in m_thread (a LiveRun); this window only receives snapshots
// (queued) and never reads engine state. Redraws are coalesced to at most one per 33 ms, and
// only the visible view is redrawn.

#include "live_model.h"
#include "pages/page.h"
#include "run/live_run.h"
#include "scenario/trace_loading.h"
#include "theme.h"
#include "trace_actions.h"

#include <QMainWindow>
#include <QMessageBox>
#include <functional>
#include <optional>

class QAction;
class QComboBox;
class QDockWidget;
class QLabel;
class QListWidget;
class QMenu;
class QSpinBox;
class QTabWidget;
class QThread;
class QTimer;
class QTableWidget;
class QToolBar;

namespace reslab::ui {

class AttemptsPage;
class BreakerPage;
class ComparePage;
class DesignerPage;
class EventsPage;
class Page;
class ScenarioEditor;
class SummaryPage;
class TimeChart;
class TracePage;
class BackoffDesigner;
class BreakerPanel;
class EventLogView;
class TraceView;
class AttemptsTimeline;
class AttemptsHistogram;

// The testbench's shell: menus, toolbar, the editor dock and the status bar around the pages,
// one per view, each drawing itself from the live model. The window owns the live run (on its
// worker thread), files and settings (main_window_files.cpp, window_settings.h) and comparisons
// (main_window_compare.cpp); traces are TraceActions' job.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a scenario file into the editor; false (with the validator's message shown) if it is
    // not a valid scenario — a file that is JSON stays open in the editor, to be fixed there.
    bool openScenario(const QString& path);
    void newScenario();
    bool save();
    bool saveAs(const QString& path);
    void setSpeed(double speed); // 0: as fast as possible
    void play();
    void step();
    void reset();
    void setTheme(Theme theme);
    // Traces (trace_actions.h): show one's health, import one, record the run to one.
    bool openTrace(const QString& path) { return m_traceActions->open(path); }
    // Comparisons (main_window_compare.cpp): the scenario runs again with another pipeline (a
    // JSON array of strategies or a scenario file) on the same seed and clock, up to five more;
    // every view draws each run with its own dash, the Compare page tabulates them.
    bool compareWith(const QString& pipelineFile);
    void stopComparing();
    bool comparing() const { return !m_compared.empty(); }
    void importTrace(const QString& input, const QString& output)
    {
        m_traceActions->import(input, output);
    }
    void setRecording(const QString& path) { m_traceActions->setRecording(path); } // "" stops

    // The pages and what tests and screenshots look at.
    const LiveModel& model() const { return m_model; }
    const LiveStore& store() const { return m_model.first(); }
    QTabWidget* views() const { return m_tabs; }
    Page* page(ViewId view) const;
    Page* currentPage() const;
    void showView(ViewId view);
    // A chart of any page by its key ("traffic", "latency", "endpoint-queue", "trace-load", …).
    TimeChart* chart(const QString& key) const;
    BackoffDesigner* designer() const;
    ScenarioEditor* editor() const { return m_editor; }
    EventLogView* eventLog() const;
    TraceView* traceView() const;
    AttemptsTimeline* attemptsTimeline() const;
    AttemptsHistogram* attemptsHistogram() const;
    BreakerPanel* breakerPanel() const;
    QTableWidget* compareTable() const;
    QAction* runAction() const { return m_runAction; }
    QListWidget* transitions() const;
    QLabel* transitionDetail() const;
    const QString& filePath() const { return m_path; }
    bool isDirty() const { return m_dirty; }
    void redrawNow();
    int redrawCount() const { return m_redraws; }
    bool finished() const { return m_finished; }
    QString lastError() const { return m_lastError; }
    // Replaces the unsaved-changes question (tests answer it without a modal dialog).
    void setUnsavedChangesPrompt(std::function<QMessageBox::StandardButton()> prompt)
    {
        m_prompt = std::move(prompt);
    }
    // Problems go to the status bar and lastError(); with dialogs off (tests), not to a dialog.
    void setDialogsEnabled(bool on) { m_dialogs = on; }

signals:
    void runFinished();
    void importFinished(bool ok);
    void recordingClosed(const QString& path, quint64 calls);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    // main_window.cpp: the pages and the run.
    void buildPages();
    template <class P> P* pageOf(ViewId view) const;
    void onSnapshot(const reslab::LiveSnapshot& snapshot);
    void onEditorEdited();
    void onStrategySelected(int index);
    void updateControls();
    void showView(const std::string& view);
    void exportCurrentView();
    // Calls `slot` on the live run, on its thread (a type-checked queued call).
    template <class F> void onRun(F slot);

    // main_window_compare.cpp
    void buildCompareMenu();
    // The runs to load: the scenario, and the scenario with each compared pipeline.
    std::vector<Scenario> runsToLoad();

    // main_window_files.cpp: actions, files, settings.
    void buildActions();
    void loadDocument(const QJsonObject& document, const QString& path);
    bool confirmDiscard();
    void warn(const QString& title, const QString& text);
    void setDirty(bool dirty);
    void updateTitle();
    void addRecentFile(const QString& path);
    void rebuildRecentMenu();
    void restoreSettings();
    void saveSettings() const;

    LiveModel m_model;
    std::vector<Page*> m_pages; // in tab order
    struct Compared
    {
        QString name; // "B", "C", …
        QString file;
        std::vector<StrategySpec> pipeline;
    };
    std::vector<Compared> m_compared;
    QAction* m_stopCompareAction = nullptr;
    std::optional<Scenario> m_scenario;
    QThread* m_thread = nullptr;
    LiveRun* m_run = nullptr;
    QTabWidget* m_tabs = nullptr;
    TraceActions* m_traceActions = nullptr;
    TraceCache m_traces; // the traces the open scenarios replay, read once while in use
    ScenarioEditor* m_editor = nullptr;
    QDockWidget* m_editorDock = nullptr;
    QAction* m_runAction = nullptr;
    QAction* m_stepAction = nullptr;
    QAction* m_resetAction = nullptr;
    QAction* m_darkAction = nullptr;
    QMenu* m_recentMenu = nullptr;
    QComboBox* m_speed = nullptr;
    QSpinBox* m_seed = nullptr;
    QLabel* m_clock = nullptr;
    QString m_path;   // the file being edited; empty for a new scenario or a preset
    QString m_origin; // what was opened (a preset's resource path too), for the title
    bool m_dirty = false;
    bool m_running = false;
    bool m_finished = false;
    int m_redraws = 0;
    QString m_lastError;
    std::function<QMessageBox::StandardButton()> m_prompt;
    bool m_dialogs = true;
};

template <class P> P* MainWindow::pageOf(ViewId view) const
{
    return static_cast<P*>(page(view));
}

template <class F> void MainWindow::onRun(F slot)
{
    QMetaObject::invokeMethod(
        m_run, [run = m_run, slot] { slot(*run); }, Qt::QueuedConnection);
}

} // namespace reslab::ui

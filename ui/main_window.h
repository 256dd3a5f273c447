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

#include "live_store.h"
#include "scenario/trace_loading.h"
#include "theme.h"

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

namespace reslab {
class LiveRun;
}

namespace reslab::ui {

class AttemptsHistogram;
class AttemptsTimeline;
class BackoffDesigner;
class BreakerPanel;
class EventLogView;
class ScenarioEditor;
class TimeChart;
class TraceView;

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
    // Traces (main_window_traces.cpp): show one's health, import one, record the run to one.
    bool openTrace(const QString& path);
    // Compare mode (main_window_compare.cpp): the scenario runs again with pipeline B (a JSON
    // array of strategies or a scenario file), on the same seed and clock; B is overlaid in the
    // views and the Compare tab tabulates A, B and B − A when the run ends.
    bool compareWith(const QString& pipelineFile);
    void stopComparing();
    bool comparing() const { return m_comparing; }
    const LiveStore& storeB() const { return m_storeB; }
    QTableWidget* compareTable() const { return m_compareTable; }
    void importTrace(const QString& input, const QString& output);
    void setRecording(const QString& path); // "" stops

    // For tests and screenshots.
    const LiveStore& store() const { return m_store; }
    QTabWidget* views() const { return m_tabs; }
    TimeChart* chart(const QString& name) const;
    BackoffDesigner* designer() const { return m_designer; }
    ScenarioEditor* editor() const { return m_editor; }
    EventLogView* eventLog() const { return m_events; }
    TraceView* traceView() const { return m_traceView; }
    AttemptsTimeline* attemptsTimeline() const { return m_attempts; }
    AttemptsHistogram* attemptsHistogram() const { return m_attemptsHistogram; }
    BreakerPanel* breakerPanel() const { return m_breakerPanel; }
    QAction* runAction() const { return m_runAction; }
    QListWidget* transitions() const { return m_transitions; }
    QLabel* transitionDetail() const { return m_transitionDetail; }
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
    // main_window.cpp: the views and the run.
    void buildViews();
    QWidget* buildBreakerPage();
    QWidget* buildEndpointPage();
    void onSnapshot(const reslab::LiveSnapshot& snapshot);
    void onEditorEdited();
    void onStrategySelected(int index);
    void scheduleRedraw();
    void redraw();
    void redrawBreaker(double from, double now);
    void redrawEndpoint(double from, double now);
    void updateControls();
    void showView(const std::string& view);
    void exportCurrentView();

    // main_window_compare.cpp
    QWidget* buildComparePage();
    void buildCompareMenu();
    void applyComparison();
    void redrawComparison();
    void showComparisonTable(const Summary& a, const Summary& b);

    // main_window_traces.cpp
    void buildTraceActions(QMenu* file, QToolBar* bar);
    void showScenarioTrace();

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

    LiveStore m_store;
    LiveStore m_storeB; // compare mode
    std::vector<StrategySpec> m_comparePipeline;
    bool m_comparing = false;
    QString m_compareName;
    QTableWidget* m_compareTable = nullptr;
    QLabel* m_compareTitle = nullptr;
    QAction* m_stopCompareAction = nullptr;
    std::optional<Scenario> m_scenario;
    QThread* m_thread = nullptr;
    LiveRun* m_run = nullptr;
    QTimer* m_redrawTimer = nullptr;
    QTabWidget* m_tabs = nullptr;
    std::map<QString, TimeChart*> m_charts;
    QListWidget* m_transitions = nullptr;
    QLabel* m_transitionDetail = nullptr;
    QComboBox* m_breakerPick = nullptr;
    BreakerPanel* m_breakerPanel = nullptr;
    QComboBox* m_endpointPick = nullptr;
    AttemptsTimeline* m_attempts = nullptr;
    AttemptsHistogram* m_attemptsHistogram = nullptr;
    EventLogView* m_events = nullptr;
    BackoffDesigner* m_designer = nullptr;
    TraceView* m_traceView = nullptr;
    QAction* m_recordAction = nullptr;
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

} // namespace reslab::ui

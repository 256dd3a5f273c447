#pragma once
// The desktop testbench's main window: open a scenario (or a bundled preset), run it live with
// Run / Pause / Step / Reset and a speed from 0.1× to 1000× or as fast as possible, and watch
// traffic, latency, the circuit breakers and the endpoints.
//
// Known issues / to do (issue 4): the scenario editor dock, the attempts timeline and event log,
// Save/Save As and recent files, chart export, QSettings and themes are not built yet; latency
// percentiles are per 100 ms step (noisy at low rates).
//
// Threading: the simulation runs in m_thread (a LiveRun); this window only receives snapshots
// (queued) and never reads engine state. Redraws are coalesced to at most one per 33 ms.

#include "live_store.h"

#include <QMainWindow>

#include <optional>

class QAction;
class QComboBox;
class QLabel;
class QListWidget;
class QSpinBox;
class QTabWidget;
class QThread;
class QTimer;

namespace reslab {
class LiveRun;
}

namespace reslab::ui {

class BackoffDesigner;
class TimeChart;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a scenario file; false (with the validator's message shown) if it is invalid.
    bool openScenario(const QString& path);
    void setSpeed(double speed); // 0: as fast as possible
    void play();
    void step();
    void reset();

    // For tests and screenshots.
    const LiveStore& store() const { return m_store; }
    QTabWidget* views() const { return m_tabs; }
    TimeChart* chart(const QString& name) const;
    BackoffDesigner* designer() const { return m_designer; }
    void redrawNow();
    bool finished() const { return m_finished; }
    QString lastError() const { return m_lastError; }

signals:
    void runFinished();

private:
    void buildActions();
    void buildViews();
    void onSnapshot(const reslab::LiveSnapshot& snapshot);
    void scheduleRedraw();
    void redraw();
    void updateControls();

    LiveStore m_store;
    std::optional<Scenario> m_scenario;
    QThread* m_thread = nullptr;
    LiveRun* m_run = nullptr;
    QTimer* m_redrawTimer = nullptr;
    QTabWidget* m_tabs = nullptr;
    std::map<QString, TimeChart*> m_charts;
    QListWidget* m_transitions = nullptr;
    BackoffDesigner* m_designer = nullptr;
    QAction* m_runAction = nullptr;
    QAction* m_stepAction = nullptr;
    QAction* m_resetAction = nullptr;
    QComboBox* m_speed = nullptr;
    QSpinBox* m_seed = nullptr;
    QLabel* m_clock = nullptr;
    bool m_running = false;
    bool m_finished = false;
    QString m_lastError;
};

} // namespace reslab::ui

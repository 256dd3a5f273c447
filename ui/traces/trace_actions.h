#pragma once
// The testbench's traces: File ▸ Open Trace… shows a trace's own health (the Trace page),
// File ▸ Import Trace… turns HAR / OTLP / CSV into a trace (in a worker thread: a capture of
// several GB must not freeze the window), and the Record toggle writes the live run to a trace.
// The window shows the Trace page on shown() and the problems it reports.

#include "scenario/scenario.h"

#include <QObject>
#include <QString>

class QAction;
class QMenu;
class QStatusBar;
class QToolBar;
class QWidget;

namespace reslab {
class LiveRun;
}

namespace reslab::ui {

class TraceImportDialog;
class TraceView;

class TraceActions : public QObject
{
    Q_OBJECT
public:
    // `dialogParent` parents the file dialogs; the others must outlive this object.
    TraceActions(QWidget* dialogParent, LiveRun* run, TraceView* view, QStatusBar* status);

    // Open Trace… and Import Trace… go into `file` before its last action (Quit); the Record
    // toggle onto `bar`, before `before` (at the end if null).
    void addTo(QMenu* file, QToolBar* bar, QAction* before = nullptr);
    bool open(const QString& path);
    // Imports with the format from the file name, skipping (and reporting) malformed records.
    void import(const QString& input, const QString& output);
    // File ▸ Import Trace…'s dialog for `input` (not shown yet): the trace it imports is opened.
    TraceImportDialog* showImportDialog(const QString& input);
    void setRecording(const QString& path); // "" stops
    // A scenario that replays a trace shows that trace's health (its workload's, or the first
    // replaying endpoint's).
    void showScenarioTrace(const Scenario& scenario);

signals:
    void shown(); // a trace is on the Trace page now
    void problem(const QString& title, const QString& text);
    void importFinished(bool ok);
    void recordingClosed(const QString& path, quint64 calls);

private:
    QWidget* m_dialogParent;
    LiveRun* m_run;
    TraceView* m_view;
    QStatusBar* m_status;
    QAction* m_record = nullptr;
};

} // namespace reslab::ui

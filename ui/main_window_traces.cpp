// The main window's traces: File ▸ Open Trace… shows a trace's own health (the Trace view),
// File ▸ Import Trace… turns HAR / OTLP / CSV into a trace (in a worker thread: a capture of
// several GB must not freeze the window), and the Record toggle writes the live run to a trace.

#include "main_window.h"
#include "run/live_run.h"
#include "trace/importer.h"
#include "trace/trace_io.h"
#include "trace_view.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QStatusBar>
#include <QTabWidget>
#include <QThread>
#include <QToolBar>

namespace reslab::ui {

void MainWindow::buildTraceActions(QMenu* file, QToolBar* bar)
{
    QAction* quit = file->actions().last();
    QAction* open = new QAction(tr("Open &Trace…"), this);
    open->setStatusTip(
        tr("See a trace's calls, failures and latency over time before replaying it"));
    connect(open, &QAction::triggered, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Open Trace"), QString(), tr("Traces (*.jsonl)"));
        if (!path.isEmpty()) openTrace(path);
    });
    QAction* import = new QAction(tr("&Import Trace…"), this);
    import->setStatusTip(tr("Turn a HAR file, OpenTelemetry spans or a CSV into a trace"));
    connect(import, &QAction::triggered, this, [this] {
        const QString input = QFileDialog::getOpenFileName(
            this, tr("Import Trace"), QString(),
            tr("HAR, OTLP/JSON, CSV or trace files (*.har *.json *.csv *.jsonl)"));
        if (input.isEmpty()) return;
        const QFileInfo info(input);
        const QString suggested =
            info.absoluteDir().filePath(info.completeBaseName() + ".trace.jsonl");
        const QString output = QFileDialog::getSaveFileName(this, tr("Save the Trace As"),
                                                            suggested, tr("Traces (*.jsonl)"));
        if (!output.isEmpty()) importTrace(input, output);
    });
    file->insertAction(quit, open);
    file->insertAction(quit, import);
    file->insertSeparator(quit);

    m_recordAction = bar->addAction(tr("Record"));
    m_recordAction->setCheckable(true);
    m_recordAction->setToolTip(
        tr("Record what every endpoint observes to a trace file (from t = 0 again on each Reset)"));
    connect(m_recordAction, &QAction::toggled, this, [this](bool on) {
        if (!on) {
            setRecording({});
            return;
        }
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Record to"), tr("recording.jsonl"), tr("Traces (*.jsonl)"));
        if (path.isEmpty()) {
            const QSignalBlocker block(m_recordAction);
            m_recordAction->setChecked(false);
            return;
        }
        setRecording(path);
    });
    connect(m_run, &LiveRun::recordingClosed, this,
            [this](const QString& path, quint64 calls, const QString& error) {
                if (!error.isEmpty()) {
                    statusBar()->showMessage(tr("Recording stopped: %1").arg(error));
                    const QSignalBlocker block(m_recordAction);
                    m_recordAction->setChecked(false);
                } else {
                    statusBar()->showMessage(tr("Recorded %L1 calls to %2").arg(calls).arg(path),
                                             8000);
                }
                emit recordingClosed(path, calls);
            });
}

void MainWindow::setRecording(const QString& path)
{
    if (m_recordAction->isChecked() != !path.isEmpty()) {
        const QSignalBlocker block(m_recordAction);
        m_recordAction->setChecked(!path.isEmpty());
    }
    onRun([path](LiveRun& run) { run.setRecording(path); });
    if (!path.isEmpty()) statusBar()->showMessage(tr("Recording to %1").arg(path), 5000);
}

bool MainWindow::openTrace(const QString& path)
{
    TraceLoad load = readTraceFile(path.toStdString());
    if (!load.trace) {
        m_lastError = QString::fromStdString(
            formatTraceProblems(QFileInfo(path).fileName().toStdString(), load.problems));
        statusBar()->showMessage(
            tr("Cannot open the trace: %1").arg(m_lastError.section('\n', 0, 0)));
        warn(tr("Cannot open trace"), m_lastError);
        return false;
    }
    traceView()->setTrace(std::make_shared<const Trace>(std::move(*load.trace)),
                          QFileInfo(path).fileName());
    showView(ViewId::Trace);
    return true;
}

void MainWindow::showScenarioTrace()
{
    // A scenario that replays a trace shows that trace's health (its workload's, or the first
    // replaying endpoint's).
    const TraceSource* source = nullptr;
    if (m_scenario->workload.type == WorkloadSpec::Type::Trace)
        source = &m_scenario->workload.trace;
    for (const EndpointSpec& e : m_scenario->endpoints)
        if (!source && e.replay) source = &e.replay->source;
    if (source && source->data)
        traceView()->setTrace(source->data, QString::fromStdString(source->file));
}

void MainWindow::importTrace(const QString& input, const QString& output)
{
    ImportOptions options;
    // The same rule as `import` without --format; anything else is tried as OTLP-JSON.
    options.format = importFormatOf(input.toStdString()).value_or(ImportFormat::Otlp);
    options.skipBad = true; // the report lists what was skipped, by line
    statusBar()->showMessage(tr("Importing %1…").arg(QFileInfo(input).fileName()));
    auto report = std::make_shared<ImportReport>();
    QThread* worker = QThread::create(
        [=] { *report = reslab::importTrace(input.toStdString(), output.toStdString(), options); });
    connect(worker, &QThread::finished, this, [=, this] {
        worker->deleteLater();
        const QString name = QFileInfo(input).fileName();
        const QString problems =
            QString::fromStdString(formatTraceProblems(name.toStdString(), report->problems));
        if (!report->ok) {
            m_lastError = problems;
            statusBar()->showMessage(tr("Import failed: %1").arg(problems.section('\n', 0, 0)));
            warn(tr("Import failed"), problems);
            emit importFinished(false);
            return;
        }
        QString text = tr("Imported %L1 calls from %2.").arg(report->written).arg(name);
        if (report->skipped)
            text += tr(" Skipped %L1 malformed records:\n%2").arg(report->skipped).arg(problems);
        statusBar()->showMessage(text.section('\n', 0, 0), 10000);
        openTrace(output);
        emit importFinished(true);
    });
    worker->start();
}

} // namespace reslab::ui

#include "trace_actions.h"

#include "run/live_run.h"
#include "trace/importer.h"
#include "trace/trace_io.h"
#include "trace_import_dialog.h"
#include "trace_view.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QStatusBar>
#include <QThread>
#include <QToolBar>

namespace reslab::ui {

TraceActions::TraceActions(QWidget* dialogParent, LiveRun* run, TraceView* view, QStatusBar* status)
    : QObject(dialogParent), m_dialogParent(dialogParent), m_run(run), m_view(view),
      m_status(status)
{
    connect(m_run, &LiveRun::recordingClosed, this,
            [this](const QString& path, quint64 calls, const QString& error) {
                if (!error.isEmpty()) {
                    m_status->showMessage(tr("Recording stopped: %1").arg(error));
                    if (m_record) {
                        const QSignalBlocker block(m_record);
                        m_record->setChecked(false);
                    }
                } else {
                    m_status->showMessage(tr("Recorded %L1 calls to %2").arg(calls).arg(path),
                                          8000);
                }
                emit recordingClosed(path, calls);
            });
}

void TraceActions::addTo(QMenu* file, QToolBar* bar, QAction* before)
{
    QAction* quit = file->actions().last();
    auto* open = new QAction(tr("Open &Trace…"), this);
    open->setStatusTip(
        tr("See a trace's calls, failures and latency over time before replaying it"));
    connect(open, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(m_dialogParent, tr("Open Trace"),
                                                          QString(), tr("Traces (*.jsonl)"));
        if (!path.isEmpty()) this->open(path);
    });
    auto* import = new QAction(tr("&Import Trace…"), this);
    import->setStatusTip(tr("Turn a HAR file, OpenTelemetry spans or a CSV into a trace"));
    connect(import, &QAction::triggered, this, [this] {
        const QString input = QFileDialog::getOpenFileName(
            m_dialogParent, tr("Import Trace"), QString(),
            tr("HAR, OTLP/JSON, CSV or trace files (*.har *.json *.csv *.jsonl)"));
        if (!input.isEmpty()) showImportDialog(input)->open();
    });
    file->insertAction(quit, open);
    file->insertAction(quit, import);
    file->insertSeparator(quit);

    m_record = new QAction(tr("Record"), this);
    bar->insertAction(before, m_record);
    m_record->setCheckable(true);
    m_record->setToolTip(
        tr("Record what every endpoint observes to a trace file (from t = 0 again on each Reset)"));
    connect(m_record, &QAction::toggled, this, [this](bool on) {
        if (!on) {
            setRecording({});
            return;
        }
        const QString path = QFileDialog::getSaveFileName(
            m_dialogParent, tr("Record to"), tr("recording.jsonl"), tr("Traces (*.jsonl)"));
        if (path.isEmpty()) {
            const QSignalBlocker block(m_record);
            m_record->setChecked(false);
            return;
        }
        setRecording(path);
    });
}

void TraceActions::setRecording(const QString& path)
{
    if (m_record && m_record->isChecked() != !path.isEmpty()) {
        const QSignalBlocker block(m_record);
        m_record->setChecked(!path.isEmpty());
    }
    QMetaObject::invokeMethod(
        m_run, [run = m_run, path] { run->setRecording(path); }, Qt::QueuedConnection);
    if (!path.isEmpty()) m_status->showMessage(tr("Recording to %1").arg(path), 5000);
}

bool TraceActions::open(const QString& path)
{
    TraceLoad load = readTraceFile(path.toStdString());
    if (!load.trace) {
        const QString problems = QString::fromStdString(
            formatTraceProblems(QFileInfo(path).fileName().toStdString(), load.problems));
        m_status->showMessage(tr("Cannot open the trace: %1").arg(problems.section('\n', 0, 0)));
        emit problem(tr("Cannot open trace"), problems);
        return false;
    }
    m_view->setTrace(std::make_shared<const Trace>(std::move(*load.trace)),
                     QFileInfo(path).fileName());
    emit shown();
    return true;
}

void TraceActions::showScenarioTrace(const Scenario& scenario)
{
    const TraceSource* source = nullptr;
    if (scenario.workload.type == WorkloadSpec::Type::Trace) source = &scenario.workload.trace;
    for (const EndpointSpec& e : scenario.endpoints)
        if (!source && e.replay) source = &e.replay->source;
    if (source && source->data)
        m_view->setTrace(source->data, QString::fromStdString(source->file));
}

TraceImportDialog* TraceActions::showImportDialog(const QString& input)
{
    const QFileInfo info(input);
    const QString suggested = info.absoluteDir().filePath(info.completeBaseName() + ".trace.jsonl");
    auto* dialog = new TraceImportDialog(input, suggested, m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QString name = info.fileName();
    connect(dialog, &TraceImportDialog::imported, this,
            [this, dialog, name](const QString& output) {
                const ImportReport* r = dialog->report();
                m_status->showMessage(
                    tr("Imported %L1 calls from %2").arg(r ? r->written : 0).arg(name), 10000);
                open(output);
                // Nothing to read in the dialog: done. Skipped records stay listed there.
                if (r && r->skipped == 0 && r->ignored == 0) dialog->accept();
            });
    connect(dialog, &TraceImportDialog::finished, this,
            [this](bool ok) { emit importFinished(ok); });
    return dialog;
}

void TraceActions::import(const QString& input, const QString& output)
{
    ImportOptions options;
    // The same rule as `import` without --format; anything else is tried as OTLP-JSON.
    options.format = importFormatOf(input.toStdString()).value_or(ImportFormat::Otlp);
    options.skipBad = true; // the report lists what was skipped, by line
    m_status->showMessage(tr("Importing %1…").arg(QFileInfo(input).fileName()));
    auto report = std::make_shared<ImportReport>();
    QThread* worker = QThread::create(
        [=] { *report = reslab::importTrace(input.toStdString(), output.toStdString(), options); });
    connect(worker, &QThread::finished, this, [=, this] {
        worker->deleteLater();
        const QString name = QFileInfo(input).fileName();
        const QString problems = QString::fromStdString(
            formatTraceProblems(name.toStdString(), report->problems) + report->outputError);
        if (!report->ok) {
            m_status->showMessage(tr("Import failed: %1").arg(problems.section('\n', 0, 0)));
            emit problem(tr("Import failed"), problems);
            emit importFinished(false);
            return;
        }
        QString text = tr("Imported %L1 calls from %2.").arg(report->written).arg(name);
        if (report->skipped)
            text += tr(" Skipped %L1 malformed records:\n%2").arg(report->skipped).arg(problems);
        m_status->showMessage(text.section('\n', 0, 0), 10000);
        open(output);
        emit importFinished(true);
    });
    worker->start();
}

} // namespace reslab::ui

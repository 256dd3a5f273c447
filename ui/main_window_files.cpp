// The main window's menus and toolbar, its files (New, Open, Save, Save As, recent files, the
// unsaved-changes prompt) and what it keeps between sessions (window_settings.h).

#include "backoff_designer.h"
#include "main_window.h"
#include "pages/chart_page.h"
#include "pages/widget_pages.h"
#include "run/live_run.h"
#include "scenario_editor.h"
#include "time_chart.h"
#include "window_settings.h"

#include <QAction>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>

namespace reslab::ui {

namespace {
struct Speed
{
    const char* label;
    double value;
};
constexpr Speed kSpeeds[] = {{"0.1×", 0.1},     {"1×", 1.0},
                             {"10×", 10.0},     {"100×", 100.0},
                             {"1000×", 1000.0}, {"As fast as possible", LiveRun::kFastest}};

// File ▸ New starts from a small, valid scenario: a flaky API behind a retry.
constexpr const char* kNewScenario = R"({
  "format": "resilience-lab.scenario/1",
  "name": "Untitled scenario",
  "description": "A flaky API behind a retry with exponential backoff and full jitter.",
  "seed": 1,
  "duration_s": 120,
  "workload": {"type": "open", "rate_per_s": 50},
  "target": "api",
  "pipeline": [
    {"type": "retry", "max_attempts": 3, "backoff": {"type": "exponential", "initial_ms": 100, "multiplier": 2, "max_ms": 5000}, "jitter": "full"}
  ],
  "endpoints": {
    "api": {"latency": {"dist": "lognormal", "median_ms": 40, "p99_ms": 250}, "failures": {"error": 0.05}}
  }
})";

bool isResource(const QString& path)
{
    return path.startsWith(QStringLiteral(":/"));
}
} // namespace

void MainWindow::buildActions()
{
    m_editor = new ScenarioEditor(m_traces);
    m_editorDock = new QDockWidget(tr("Scenario"), this);
    m_editorDock->setObjectName("scenarioDock");
    m_editorDock->setWidget(m_editor);
    m_editorDock->setMinimumWidth(360);
    addDockWidget(Qt::LeftDockWidgetArea, m_editorDock);
    resizeDocks({m_editorDock}, {400}, Qt::Horizontal);
    connect(m_editor, &ScenarioEditor::edited, this, &MainWindow::onEditorEdited);
    connect(m_editor, &ScenarioEditor::validityChanged, this, &MainWindow::updateControls);
    connect(m_editor, &ScenarioEditor::strategySelected, this, &MainWindow::onStrategySelected);

    auto* file = menuBar()->addMenu(tr("&File"));
    QAction* newAction =
        file->addAction(tr("&New Scenario"), QKeySequence::New, this, &MainWindow::newScenario);
    QAction* open = file->addAction(tr("&Open Scenario…"), QKeySequence::Open, this, [this] {
        const QString dir = m_path.isEmpty() ? QString() : QFileInfo(m_path).absolutePath();
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Open Scenario"), dir, tr("Scenarios (*.json)"));
        if (!path.isEmpty()) openScenario(path);
    });
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addSeparator();
    QAction* saveAction = file->addAction(tr("&Save"), QKeySequence::Save, this, &MainWindow::save);
    file->addAction(tr("Save &As…"), QKeySequence::SaveAs, this, [this] {
        const QString suggested = m_path.isEmpty() ? QFileInfo(m_origin).fileName() : m_path;
        const QString path = QFileDialog::getSaveFileName(this, tr("Save Scenario As"), suggested,
                                                          tr("Scenarios (*.json)"));
        if (!path.isEmpty()) saveAs(path.endsWith(".json") ? path : path + ".json");
    });
    file->addSeparator();
    file->addAction(tr("&Export View…"), QKeySequence(tr("Ctrl+E")), this,
                    &MainWindow::exportCurrentView)
        ->setStatusTip(tr("The view on screen as PNG or SVG, or its data as CSV"));
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    auto* presets = menuBar()->addMenu(tr("&Presets"));
    presets->setToolTipsVisible(true);
    const QDir dir(QStringLiteral(":/presets"));
    for (const QString& name : dir.entryList({"*.json"}, QDir::Files, QDir::Name)) {
        const QString path = dir.filePath(name);
        Diagnostics ignored; // a preset that does not parse is listed by its file name
        const std::optional<QByteArray> bytes = readScenarioBytes(path.toStdString(), ignored);
        const ScenarioLoad load = bytes ? parseScenario(*bytes) : ScenarioLoad{};
        const QString title = load.scenario ? QString::fromStdString(load.scenario->name) : name;
        QAction* a = presets->addAction(title, this, [this, path] { openScenario(path); });
        if (load.scenario) {
            const QString description = QString::fromStdString(load.scenario->description);
            a->setStatusTip(description.section(". ", 0, 0));
            a->setToolTip(description);
        }
    }

    auto* view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_editorDock->toggleViewAction());
    m_darkAction = view->addAction(tr("&Dark Theme"));
    m_darkAction->setCheckable(true);
    connect(m_darkAction, &QAction::toggled, this,
            [this](bool dark) { setTheme(dark ? Theme::Dark : Theme::Light); });
    buildCompareMenu();

    auto* bar = addToolBar(tr("Run"));
    bar->setObjectName("runToolbar");
    bar->addAction(newAction);
    bar->addAction(open);
    bar->addAction(saveAction);
    bar->addSeparator();
    m_runAction = bar->addAction(tr("Run"), this, [this] {
        if (m_running)
            onRun([](LiveRun& run) { run.pause(); });
        else
            play();
    });
    m_runAction->setShortcut(Qt::Key_Space);
    m_stepAction = bar->addAction(tr("Step 1 s"), this, &MainWindow::step);
    m_stepAction->setToolTip(tr("Advance one virtual second"));
    m_resetAction = bar->addAction(tr("Reset"), this, &MainWindow::reset);
    m_resetAction->setToolTip(tr("Back to t = 0 with the seed shown"));
    m_traceActions = new TraceActions(this, m_run, traceView(), statusBar());
    m_traceActions->addTo(file, bar);
    connect(m_traceActions, &TraceActions::shown, this, [this] { showView(ViewId::Trace); });
    connect(m_traceActions, &TraceActions::problem, this,
            [this](const QString& title, const QString& text) {
                m_lastError = text;
                warn(title, text);
            });
    connect(m_traceActions, &TraceActions::importFinished, this, &MainWindow::importFinished);
    connect(m_traceActions, &TraceActions::recordingClosed, this, &MainWindow::recordingClosed);
    bar->addSeparator();
    bar->addWidget(new QLabel(tr(" Speed ")));
    m_speed = new QComboBox;
    for (const Speed& s : kSpeeds)
        m_speed->addItem(tr(s.label), s.value);
    m_speed->setCurrentIndex(1);
    m_speed->setToolTip(tr("Virtual seconds per wall-clock second"));
    connect(m_speed, &QComboBox::currentIndexChanged, this, [this](int) {
        const double speed = m_speed->currentData().toDouble();
        onRun([speed](LiveRun& run) { run.setSpeed(speed); });
    });
    bar->addWidget(m_speed);
    bar->addWidget(new QLabel(tr("  Seed ")));
    m_seed = new QSpinBox;
    m_seed->setRange(0, 2'000'000'000);
    m_seed->setToolTip(
        tr("Every random number of the run derives from the seed; Reset applies a new one."));
    bar->addWidget(m_seed);
    bar->addSeparator();
    m_clock = new QLabel;
    m_clock->setMinimumWidth(160);
    bar->addWidget(m_clock);
    rebuildRecentMenu();
}

bool MainWindow::openScenario(const QString& path)
{
    if (!confirmDiscard()) return false;
    const std::string name = QFileInfo(path).fileName().toStdString();
    // Read once; the editor parses and validates the document once.
    Diagnostics problems;
    const std::optional<QByteArray> bytes = readScenarioBytes(path.toStdString(), problems);
    const QJsonDocument parsed = bytes ? QJsonDocument::fromJson(*bytes) : QJsonDocument();
    if (!parsed.isObject()) {
        // Not a scenario at all: keep what is open. The reader says why, with line and column.
        if (bytes) problems = parseScenario(*bytes).diagnostics;
        m_lastError = QString::fromStdString(formatDiagnostics(name, problems));
        statusBar()->showMessage(tr("Cannot open: %1").arg(m_lastError.section('\n', 0, 0)));
        warn(tr("Cannot open scenario"), m_lastError);
        return false;
    }
    loadDocument(parsed.object(), path);
    addRecentFile(path);
    if (!m_editor->isValid()) {
        m_lastError = QString::fromStdString(formatDiagnostics(name, m_editor->diagnostics()));
        statusBar()->showMessage(tr("Invalid scenario: %1").arg(m_lastError.section('\n', 0, 0)));
        warn(tr("Invalid scenario"), tr("%1\n\nThe scenario is open in the editor so you can fix "
                                        "it; Run stays off until it is valid.")
                                         .arg(m_lastError));
        return false;
    }
    return true;
}

void MainWindow::newScenario()
{
    if (!confirmDiscard()) return;
    loadDocument(QJsonDocument::fromJson(kNewScenario).object(), QString());
}

void MainWindow::loadDocument(const QJsonObject& document, const QString& path)
{
    m_editor->setDocument(document,
                          path.isEmpty() ? QDir::currentPath() : QFileInfo(path).absolutePath());
    m_origin = path;
    m_path = isResource(path) ? QString() : path; // presets are read-only: Save asks for a file
    setDirty(false);
    m_scenario = m_editor->scenario();
    if (m_scenario) {
        m_seed->setValue(
            static_cast<int>(std::min<std::uint64_t>(m_scenario->seed, 2'000'000'000)));
        onStrategySelected(-1);
        statusBar()->showMessage(QString::fromStdString(m_scenario->description));
        m_traceActions->showScenarioTrace(*m_scenario);
        showView(m_scenario->view);
        reset();
    } else {
        m_model.clear();
        redrawNow();
    }
    updateTitle();
    updateControls();
}

bool MainWindow::save()
{
    if (m_path.isEmpty()) {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Save Scenario"), QFileInfo(m_origin).fileName(), tr("Scenarios (*.json)"));
        if (path.isEmpty()) return false;
        return saveAs(path.endsWith(".json") ? path : path + ".json");
    }
    return saveAs(m_path);
}

bool MainWindow::saveAs(const QString& path)
{
    // A valid scenario is written in the file format's readable key order; an invalid one as it
    // stands, so that nothing typed is lost (it will not load until fixed).
    std::string error;
    bool ok = false;
    if (m_editor->isValid()) {
        ok = saveScenarioFile(*m_editor->scenario(), path.toStdString(), &error);
    } else {
        QFile file(path);
        ok = file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
             file.write(QJsonDocument(m_editor->document()).toJson(QJsonDocument::Indented)) >= 0;
        if (!ok) error = (path + ": " + file.errorString()).toStdString();
    }
    if (!ok) {
        m_lastError = QString::fromStdString(error);
        statusBar()->showMessage(tr("Not saved: %1").arg(m_lastError));
        warn(tr("Not saved"), m_lastError);
        return false;
    }
    m_path = path;
    m_origin = path;
    // Trace files are relative to the new folder now. A valid scenario reloads what was written
    // (trace names made relative to that folder, the format's key order).
    const QString dir = QFileInfo(path).absolutePath();
    QFile saved(path);
    if (m_editor->isValid() && saved.open(QIODevice::ReadOnly))
        m_editor->setDocument(QJsonDocument::fromJson(saved.readAll()).object(), dir);
    else
        m_editor->setBaseDir(dir);
    setDirty(false);
    addRecentFile(path);
    statusBar()->showMessage(
        m_editor->isValid()
            ? tr("Saved %1").arg(path)
            : tr("Saved %1 (with problems: it will not run until they are fixed)").arg(path),
        5000);
    return true;
}

void MainWindow::warn(const QString& title, const QString& text)
{
    // Besides the status bar: a dialog, unless the window is hidden or dialogs are off (tests).
    if (isVisible() && m_dialogs) QMessageBox::warning(this, title, text);
}

bool MainWindow::confirmDiscard()
{
    if (!m_dirty) return true;
    QMessageBox::StandardButton answer = QMessageBox::Cancel;
    if (m_prompt) {
        answer = m_prompt();
    } else {
        answer = QMessageBox::question(
            this, tr("Unsaved changes"),
            tr("The scenario has changes that are not saved. Save them first?"),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    }
    if (answer == QMessageBox::Save) return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::setDirty(bool dirty)
{
    m_dirty = dirty;
    setWindowModified(dirty);
    updateTitle();
}

void MainWindow::updateTitle()
{
    QString name = tr("Resilience Lab");
    if (!m_origin.isEmpty() || m_editor->isEnabled()) {
        const QString file =
            m_path.isEmpty() ? (m_origin.isEmpty()
                                    ? tr("Untitled")
                                    : tr("%1 (preset)").arg(QFileInfo(m_origin).completeBaseName()))
                             : QFileInfo(m_path).fileName();
        name = tr("%1[*] — Resilience Lab").arg(file);
    }
    setWindowTitle(name);
    setWindowModified(m_dirty);
}

void MainWindow::addRecentFile(const QString& path)
{
    if (isResource(path)) return;
    WindowSettings::addRecentFile(path);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = WindowSettings::recentFiles();
    for (const QString& path : recent)
        m_recentMenu
            ->addAction(QFileInfo(path).fileName(), this, [this, path] { openScenario(path); })
            ->setStatusTip(path);
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::setTheme(Theme theme)
{
    applyTheme(theme);
    const bool dark = theme == Theme::Dark;
    for (Page* p : m_pages)
        if (auto* c = qobject_cast<ChartPage*>(p)) c->setDark(dark);
    designer()->setDark(dark);
    traceView()->loadChart()->setDark(dark);
    traceView()->latencyChart()->setDark(dark);
    if (m_darkAction->isChecked() != dark) {
        const QSignalBlocker block(m_darkAction);
        m_darkAction->setChecked(dark);
    }
    redrawNow();
}

void MainWindow::restoreSettings()
{
    WindowSettings::restoreLayout(*this);
    if (WindowSettings::dark()) setTheme(Theme::Dark);
    const int speed = m_speed->findData(WindowSettings::speed(1.0));
    if (speed >= 0) m_speed->setCurrentIndex(speed);
}

void MainWindow::saveSettings() const
{
    WindowSettings::saveLayout(*this);
    WindowSettings::setDark(m_darkAction->isChecked());
    WindowSettings::setSpeed(m_speed->currentData().toDouble());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!confirmDiscard()) {
        event->ignore();
        return;
    }
    saveSettings();
    event->accept();
}

} // namespace reslab::ui

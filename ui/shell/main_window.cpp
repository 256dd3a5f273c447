#include "main_window.h"

#include "chart_export.h"
#include "configuration_import.h"
#include "event_log.h"
#include "help_menu.h"
#include "pages/amplification_page.h"
#include "pages/attempts_page.h"
#include "pages/breaker_page.h"
#include "pages/compare_page.h"
#include "pages/designer_page.h"
#include "pages/endpoint_page.h"
#include "pages/events_page.h"
#include "pages/latency_page.h"
#include "pages/limit_page.h"
#include "pages/summary_page.h"
#include "pages/trace_page.h"
#include "pages/traffic_page.h"
#include "preset_menu.h"
#include "run/work_estimate.h"
#include "run_toolbar.h"
#include "scenario_editor.h"
#include "text.h"
#include "time_chart.h"
#include "tuning/tuning_page.h"
#include "view_navigator.h"
#include "welcome_page.h"
#include "window_settings.h"

#include <QCloseEvent>
#include <QDockWidget>
#include <QJsonDocument>
#include <QMenuBar>
#include <QStackedWidget>
#include <QStatusBar>
#include <QThread>

namespace reslab::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    m_thread = new QThread(this);
    m_run = new LiveRun;
    m_run->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_run, &QObject::deleteLater);
    connect(m_run, &LiveRun::snapshotReady, this, &MainWindow::onSnapshot, Qt::QueuedConnection);
    m_thread->start();
    connect(&m_model, &LiveModel::redrawDue, this, [this] { ++m_redraws; });

    buildPages();
    buildMenus();
    resize(1280, 800);
    WindowSettings::restoreLayout(*this);
    if (WindowSettings::dark()) setTheme(Theme::Dark);
    m_toolbar->setSpeed(WindowSettings::speed(1.0));
    updateControls();
    setWindowTitle(m_document->windowTitle());
}

MainWindow::~MainWindow()
{
    m_thread->quit();
    m_thread->wait();
}

void MainWindow::buildMenus()
{
    m_editor = new ScenarioEditor(m_traces);
    m_editorDock = new QDockWidget(tr("Scenario"), this);
    m_editorDock->setObjectName("scenarioDock");
    m_editorDock->setWidget(m_editor);
    m_editorDock->setMinimumWidth(360);
    addDockWidget(Qt::LeftDockWidgetArea, m_editorDock);
    // At its narrowest: at 1280 px the views beside it and their list take the rest.
    resizeDocks({m_editorDock}, {m_editorDock->minimumWidth()}, Qt::Horizontal);
    connect(m_editor, &ScenarioEditor::edited, this, &MainWindow::onEditorEdited);
    connect(m_editor, &ScenarioEditor::validityChanged, this, &MainWindow::updateControls);
    connect(m_editor, &ScenarioEditor::strategySelected, this, &MainWindow::onStrategySelected);

    m_document = new ScenarioDocument(this, m_editor);
    connect(m_document, &ScenarioDocument::loaded, this, &MainWindow::onLoaded);
    connect(m_document, &ScenarioDocument::status, statusBar(), &QStatusBar::showMessage);
    connect(m_document, &ScenarioDocument::problem, this, &MainWindow::warn);
    connect(m_document, &ScenarioDocument::titleChanged, this, [this] {
        setWindowTitle(m_document->windowTitle());
        setWindowModified(m_document->isDirty());
    });
    auto* file = menuBar()->addMenu(tr("&File"));
    const ScenarioDocument::Actions files = m_document->addTo(file);
    m_configurationImport = new ConfigurationImport(this, m_document);
    m_configurationImport->addTo(file, files.open);
    connect(m_configurationImport, &ConfigurationImport::problem, this, &MainWindow::warn);
    connect(m_configurationImport, &ConfigurationImport::status, statusBar(),
            &QStatusBar::showMessage);
    file->addSeparator();
    file->addAction(tr("&Export View…"), QKeySequence(tr("Ctrl+E")), this,
                    &MainWindow::exportCurrentView)
        ->setStatusTip(tr("The view on screen as PNG or SVG, or its data as CSV"));
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    addPresets(menuBar()->addMenu(tr("&Presets")),
               [this](const QString& path) { openScenario(path); });
    auto* view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_editorDock->toggleViewAction());
    m_darkAction = view->addAction(tr("&Dark Theme"));
    m_darkAction->setCheckable(true);
    connect(m_darkAction, &QAction::toggled, this,
            [this](bool dark) { setTheme(dark ? Theme::Dark : Theme::Light); });
    buildCompareMenu();
    view->addSeparator();
    QAction* split = view->addAction(tr("Two Views &Side by Side"));
    split->setCheckable(true);
    split->setStatusTip(tr("A second view beside the first, picked above it (Ctrl+\\)"));
    connect(split, &QAction::toggled, m_views, &ViewNavigator::setSplit);
    connect(m_views, &ViewNavigator::splitChanged, split, &QAction::setChecked);

    m_toolbar = new RunToolbar;
    buildServe(view);
    m_toolbar->insertActions(m_toolbar->actions().value(0),
                             {files.newScenario, files.open, files.save});
    m_toolbar->insertSeparator(m_toolbar->runAction());
    addToolBar(m_toolbar);
    connect(m_toolbar, &RunToolbar::runOrPauseClicked, this, [this] {
        if (m_running)
            onRun([](LiveRun& run) { run.pause(); });
        else
            play();
    });
    connect(m_toolbar, &RunToolbar::stepClicked, this, &MainWindow::step);
    connect(m_toolbar, &RunToolbar::resetClicked, this, &MainWindow::reset);
    connect(m_toolbar, &RunToolbar::speedChanged, this,
            [this](double speed) { onRun([speed](LiveRun& run) { run.setSpeed(speed); }); });

    buildTuning();
    m_traceActions = new TraceActions(this, m_run, page<TracePage>()->widget(), statusBar());
    m_traceActions->addTo(file, m_toolbar, m_toolbar->extrasSlot());
    connect(m_traceActions, &TraceActions::shown, this, [this] { showView(ViewId::Trace); });
    connect(m_traceActions, &TraceActions::problem, this, &MainWindow::warn);
    connect(page<TracePage>()->widget(), &TraceView::openFittedScenario, this,
            [this](const QByteArray& json) {
                if (!m_document->openUnsaved(QJsonDocument::fromJson(json).object())) return;
                statusBar()->showMessage(tr("The fitted scenario is in the editor; it is not "
                                            "saved yet"),
                                         8000);
            });
    addHelpMenu(*this);
}

QAction* MainWindow::runAction() const
{
    return m_toolbar->runAction();
}

void MainWindow::onLoaded()
{
    m_scenario = m_editor->scenario();
    // Another scenario ends the comparison: its runs were of the one before.
    if (comparing()) dropComparison();
    if (m_scenario) {
        followScenarioInTuning(true);
        m_toolbar->setSeed(m_scenario->seed);
        onStrategySelected(-1);
        statusBar()->showMessage(QString::fromStdString(m_scenario->description));
        m_traceActions->showScenarioTrace(*m_scenario);
        showView(kViewNames.find(m_scenario->view).value_or(ViewId::Traffic));
        reset();
    } else {
        m_model.clear();
        redrawNow();
    }
    updateControls();
}

void MainWindow::reset()
{
    if (!m_scenario) return;
    if (m_serving) {
        // The served traffic stays on screen; the run starts afresh once serving stops.
        statusBar()->showMessage(
            tr("Serving: the views show the real traffic until serving stops (the scenario "
               "served is the one that was valid when serving started)."));
        return;
    }
    if (m_servedInViews) setServedClock(false);
    m_servedInViews = false;
    const std::vector<Scenario> runs = runsToLoad();
    // What the command line refuses as too large, the testbench does not start either (the
    // run would exhaust memory, however slowly it is paced).
    m_refusal.clear();
    for (const Scenario& run : runs)
        if (const auto refusal = workRefusal(estimateWork(run), WorkLimits{})) {
            m_refusal = QString::fromStdString(*refusal);
            break;
        }
    if (!m_refusal.isEmpty()) {
        m_model.clear();
        m_finished = false;
        m_running = false;
        onRun([](LiveRun& run) { run.load({}, 0); });
        redrawNow(); // the empty views, with their axes for no data
        // The estimate's headline fits the status bar; the whole message is in the dialog.
        statusBar()->showMessage(
            tr("Not started: %1. Lower the rate, the duration or the attempts to run it.")
                .arg(m_refusal.section(" (", 0, 0)));
        warn(tr("This run is too large"), m_refusal);
        updateControls();
        return;
    }
    std::vector<RunStyle> styles{runStyle(0, tr("A"))};
    for (std::size_t i = 0; i < m_compared.size() && styles.size() < runs.size(); ++i)
        styles.push_back(runStyle(i + 1, m_compared[i].name));
    m_model.setRuns(*m_scenario, std::move(styles));
    if (statusBar()->currentMessage() == m_runMessage)
        showRunMessage(tr("At t = 0: Run (Space) starts the run, Step 1 s steps it."));
    m_finished = false;
    m_running = false;
    const std::uint64_t seed = m_toolbar->seed();
    const double speed = m_toolbar->speed();
    onRun([runs, seed, speed](LiveRun& run) {
        run.load(runs, seed);
        run.setSpeed(speed);
    });
    updateControls();
}

void MainWindow::setSpeed(double speed)
{
    m_toolbar->setSpeed(speed);
}

void MainWindow::play()
{
    if (m_serving) return;
    if (m_servedInViews) reset(); // from the served traffic back to a fresh run
    if (!m_scenario || m_finished || !m_editor->isValid() || !m_refusal.isEmpty()) return;
    onRun([](LiveRun& run) { run.play(); });
}

void MainWindow::step()
{
    if (m_serving) return;
    if (m_servedInViews) reset();
    if (!m_scenario || m_finished || !m_editor->isValid() || !m_refusal.isEmpty()) return;
    onRun([](LiveRun& run) { run.step(); });
}

void MainWindow::onEditorEdited()
{
    m_document->setDirty(true);
    if (!m_editor->isValid()) {
        statusBar()->showMessage(tr("The scenario has problems (see the editor): %1")
                                     .arg(m_editor->problems().section('\n', 0, 0)));
        if (m_running) onRun([](LiveRun& run) { run.pause(); });
        updateControls();
        return;
    }
    // A valid edit restarts the run with it, and keeps it going if it was going.
    const bool wasRunning = m_running;
    m_scenario = *m_editor->scenario();
    followScenarioInTuning(false);
    onStrategySelected(m_editor->property("selectedStrategy").toInt());
    statusBar()->showMessage(tr("Scenario changed: the run restarts with it."), 3000);
    reset();
    if (wasRunning) play();
}

void MainWindow::onStrategySelected(int index)
{
    m_editor->setProperty("selectedStrategy", index);
    if (!m_scenario) return;
    // The designer follows the selected retry, or the scenario's first one.
    const RetrySpec* retry = nullptr;
    if (index >= 0 && index < int(m_scenario->pipeline.size()))
        retry = std::get_if<RetrySpec>(&m_scenario->pipeline[std::size_t(index)]);
    if (!retry) retry = m_scenario->firstRetry();
    if (retry) page<DesignerPage>()->widget()->setRetry(*retry);
}

void MainWindow::onSnapshot(const LiveSnapshot& s)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_servedInViews) return;                     // the views show what was served
    if (s.runs.size() != m_model.runCount()) return; // from a load the window has replaced
    m_model.add(s);
    // The status bar says what the run is doing: paused where it stopped, or finished.
    if (m_running && !s.running && !s.finished)
        showRunMessage(tr("Paused at %1 s of virtual time: Run (Space) goes on.")
                           .arg(toSeconds(s.virtualNow), 0, 'f', 1));
    if (!m_running && s.running && statusBar()->currentMessage() == m_runMessage)
        showRunMessage(tr("Running…"));
    m_running = s.running;
    m_toolbar->setClock(s.virtualNow);
    if (s.finished && !m_finished) {
        m_finished = true;
        if (const auto& summary = s.runs.front().summary)
            showRunMessage(tr("Finished: %1 requests, %2 % succeeded, %3 attempts per request")
                               .arg(summary->requests)
                               .arg(100.0 * summary->successRate(), 0, 'f', 2)
                               .arg(summary->attemptsPerRequest(), 0, 'f', 3));
        emit runFinished();
    }
    updateControls();
}

void MainWindow::showRunMessage(const QString& text)
{
    m_runMessage = text;
    statusBar()->showMessage(text);
}

void MainWindow::redrawNow()
{
    ++m_redraws;
    if (Page* p = currentPage()) p->redraw();
}

void MainWindow::updateControls()
{
    m_toolbar->setState(m_scenario.has_value() && m_editor->isValid() && m_refusal.isEmpty() &&
                            !m_serving,
                        m_running && !m_servedInViews, m_finished && !m_servedInViews);
}

void MainWindow::setTheme(Theme theme)
{
    applyTheme(theme);
    const bool dark = theme == Theme::Dark;
    for (Page* p : m_pages)
        if (auto* c = qobject_cast<ChartPage*>(p)) c->setDark(dark);
    page<DesignerPage>()->widget()->setDark(dark);
    page<TuningPage>()->setDark(dark);
    page<TracePage>()->widget()->setDark(dark);
    if (m_darkAction->isChecked() != dark) {
        const QSignalBlocker block(m_darkAction);
        m_darkAction->setChecked(dark);
    }
    redrawNow();
}

void MainWindow::warn(const QString& title, const QString& text)
{
    m_lastError = text;
    // Besides the status bar: a dialog, unless the window is hidden or dialogs are off (tests).
    if (isVisible() && m_dialogs) QMessageBox::warning(this, title, text);
}

void MainWindow::exportCurrentView()
{
    Page* p = currentPage();
    if (!p) return;
    std::function<QString()> csv;
    if (!p->csv().isEmpty() || qobject_cast<ChartPage*>(p)) csv = [p] { return p->csv(); };
    if (p->id() == ViewId::Attempts) csv = [this] { return page<EventsPage>()->csv(); };
    if (p->id() == ViewId::Trace)
        csv = [trace = page<TracePage>()->widget()] {
            return trace->loadChart()->csv() + trace->latencyChart()->csv().section('\n', 1);
        };
    exportViewInteractively(
        p, QStringLiteral("resilience-lab-%1").arg(fromView(kViewNames.name(p->id()))), csv, this);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!m_document->confirmDiscard()) {
        event->ignore();
        return;
    }
    WindowSettings::saveLayout(*this);
    WindowSettings::setDark(m_darkAction->isChecked());
    WindowSettings::setSpeed(m_toolbar->speed());
    event->accept();
}

} // namespace reslab::ui

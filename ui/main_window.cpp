#include "main_window.h"

#include "attempts_view.h"
#include "breaker_panel.h"
#include "chart_export.h"
#include "event_log.h"
#include "pages/breaker_page.h"
#include "pages/compare_page.h"
#include "pages/endpoint_page.h"
#include "pages/run_pages.h"
#include "pages/traffic_pages.h"
#include "pages/widget_pages.h"
#include "run/live_run.h"
#include "scenario_editor.h"
#include "text.h"

#include <QComboBox>
#include <QLabel>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
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
    buildActions();
    resize(1280, 800);
    restoreSettings();
    updateControls();
    updateTitle();
}

MainWindow::~MainWindow()
{
    m_thread->quit();
    m_thread->wait();
}

void MainWindow::buildPages()
{
    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
    m_pages = {new TrafficPage(m_model), new AmplificationPage(m_model), new LatencyPage(m_model),
               new BreakerPage(m_model), new EndpointPage(m_model),      new AttemptsPage(m_model),
               new EventsPage(m_model),  new SummaryPage(m_model),       new DesignerPage(m_model),
               new TracePage(m_model),   new ComparePage(m_model)};
    for (Page* p : m_pages)
        m_tabs->addTab(p, p->title());
    // The page that comes on screen draws at once (pages off screen skip redraws).
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (Page* p = currentPage()) p->redraw();
    });
    setCentralWidget(m_tabs);
    statusBar()->showMessage(tr("Open a scenario, start a new one or pick a preset to begin."));
}

Page* MainWindow::page(ViewId view) const
{
    for (Page* p : m_pages)
        if (p->id() == view) return p;
    qFatal("MainWindow: no page for view %d", int(view));
}

Page* MainWindow::currentPage() const
{
    return qobject_cast<Page*>(m_tabs->currentWidget());
}

void MainWindow::showView(ViewId view)
{
    m_tabs->setCurrentWidget(page(view));
}

void MainWindow::showView(const std::string& view)
{
    showView(kViewNames.find(view).value_or(ViewId::Traffic));
}

TimeChart* MainWindow::chart(const QString& key) const
{
    if (key == "trace-load") return traceView()->loadChart();
    if (key == "trace-latency") return traceView()->latencyChart();
    for (Page* p : m_pages)
        if (auto* c = qobject_cast<ChartPage*>(p))
            if (TimeChart* chart = c->chart(key)) return chart;
    return nullptr;
}

BackoffDesigner* MainWindow::designer() const
{
    return pageOf<DesignerPage>(ViewId::Designer)->widget();
}

EventLogView* MainWindow::eventLog() const
{
    return pageOf<EventsPage>(ViewId::Events)->log();
}

TraceView* MainWindow::traceView() const
{
    return pageOf<TracePage>(ViewId::Trace)->widget();
}

AttemptsTimeline* MainWindow::attemptsTimeline() const
{
    return pageOf<AttemptsPage>(ViewId::Attempts)->timeline();
}

AttemptsHistogram* MainWindow::attemptsHistogram() const
{
    return pageOf<AttemptsPage>(ViewId::Attempts)->histogram();
}

BreakerPanel* MainWindow::breakerPanel() const
{
    return pageOf<BreakerPage>(ViewId::Breaker)->panel();
}

QListWidget* MainWindow::transitions() const
{
    return pageOf<BreakerPage>(ViewId::Breaker)->transitions();
}

QLabel* MainWindow::transitionDetail() const
{
    return pageOf<BreakerPage>(ViewId::Breaker)->transitionDetail();
}

QTableWidget* MainWindow::compareTable() const
{
    return pageOf<ComparePage>(ViewId::Compare)->table();
}

void MainWindow::reset()
{
    if (!m_scenario) return;
    const std::vector<Scenario> runs = runsToLoad();
    std::vector<RunStyle> styles{runStyle(0, tr("A"))};
    for (std::size_t i = 0; i < m_compared.size() && styles.size() < runs.size(); ++i)
        styles.push_back(runStyle(i + 1, m_compared[i].name));
    m_model.setRuns(*m_scenario, std::move(styles));
    m_finished = false;
    m_running = false;
    const auto seed = static_cast<quint64>(m_seed->value());
    const double speed = m_speed->currentData().toDouble();
    onRun([runs, seed, speed](LiveRun& run) {
        run.load(runs, seed);
        run.setSpeed(speed);
    });
    updateControls();
}

void MainWindow::setSpeed(double speed)
{
    for (int i = 0; i < m_speed->count(); ++i)
        if (m_speed->itemData(i).toDouble() == speed) m_speed->setCurrentIndex(i);
}

void MainWindow::play()
{
    if (!m_scenario || m_finished || !m_editor->isValid()) return;
    onRun([](LiveRun& run) { run.play(); });
}

void MainWindow::step()
{
    if (!m_scenario || m_finished || !m_editor->isValid()) return;
    onRun([](LiveRun& run) { run.step(); });
}

void MainWindow::onEditorEdited()
{
    setDirty(true);
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
    if (retry) designer()->setRetry(*retry);
}

void MainWindow::onSnapshot(const LiveSnapshot& s)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (s.runs.size() != m_model.runCount()) return; // from a load the window has replaced
    m_model.add(s);
    m_running = s.running;
    m_clock->setText(tr("virtual time %1 s").arg(toSeconds(s.virtualNow), 0, 'f', 1));
    if (s.finished && !m_finished) {
        m_finished = true;
        if (const auto& summary = s.runs.front().summary)
            statusBar()->showMessage(
                tr("Finished: %1 requests, %2 % succeeded, %3 attempts per request")
                    .arg(summary->requests)
                    .arg(100.0 * summary->successRate(), 0, 'f', 2)
                    .arg(summary->attemptsPerRequest(), 0, 'f', 3));
        emit runFinished();
    }
    updateControls();
}

void MainWindow::redrawNow()
{
    ++m_redraws;
    if (Page* p = currentPage()) p->redraw();
}

void MainWindow::updateControls()
{
    const bool runnable = m_scenario.has_value() && m_editor->isValid();
    m_runAction->setEnabled(runnable && !m_finished);
    m_runAction->setText(m_running ? tr("Pause") : tr("Run"));
    m_runAction->setToolTip(runnable ? tr("Run or pause (Space)")
                                     : tr("Fix the scenario's problems first (see the editor)"));
    m_stepAction->setEnabled(runnable && !m_finished && !m_running);
    m_resetAction->setEnabled(runnable);
}

void MainWindow::exportCurrentView()
{
    Page* p = currentPage();
    if (!p) return;
    std::function<QString()> csv;
    if (!p->csv().isEmpty() || qobject_cast<ChartPage*>(p)) csv = [p] { return p->csv(); };
    if (p->id() == ViewId::Attempts) csv = [this] { return eventLog()->csv(); };
    if (p->id() == ViewId::Trace)
        csv = [this] {
            return traceView()->loadChart()->csv() +
                   traceView()->latencyChart()->csv().section('\n', 1);
        };
    exportViewInteractively(
        p, QStringLiteral("resilience-lab-%1").arg(fromView(kViewNames.name(p->id()))), csv, this);
}

} // namespace reslab::ui

// The main window's Serve dock (ui/serve): the open scenario served on 127.0.0.1 while the user
// points a real client at it. A checkable toolbar action and the dock's own button both start
// and stop it; the editor's scenario is what is served, as validated at that moment.

#include "main_window.h"
#include "pages/chart_page.h"
#include "run/live_run.h"
#include "run_toolbar.h"
#include "scenario_editor.h"
#include "serve/serve_controller.h"
#include "serve/serve_panel.h"
#include "time_chart.h"

#include <QAction>
#include <QDockWidget>
#include <QMenu>
#include <QStatusBar>

namespace reslab::ui {

namespace {
constexpr const char* kServeHost = "127.0.0.1"; // loopback, as the CLI's default
// Wide enough for the address and the counts table's seven columns.
constexpr int kServeDockMinWidth = 360;
} // namespace

void MainWindow::buildServe(QMenu* view)
{
    m_serve = new ServeController(this);
    m_servePanel = new ServePanel(*m_serve);
    m_serveDock = new QDockWidget(tr("Serve"), this);
    m_serveDock->setObjectName("serveDock");
    m_serveDock->setWidget(m_servePanel);
    m_serveDock->setMinimumWidth(kServeDockMinWidth);
    // A tab beside the scenario's dock: the views keep their width on a 1280-pixel screen.
    addDockWidget(Qt::LeftDockWidgetArea, m_serveDock);
    tabifyDockWidget(m_editorDock, m_serveDock);
    m_editorDock->raise();
    view->addAction(m_serveDock->toggleViewAction());

    m_serveAction = new QAction(tr("Serve"), this);
    m_serveAction->setCheckable(true);
    m_serveAction->setToolTip(
        tr("Serve the scenario's endpoints as real HTTP services on 127.0.0.1, to point a real "
           "client at"));
    m_toolbar->addSeparator();
    m_toolbar->addAction(m_serveAction);
    connect(m_serveAction, &QAction::triggered, this, [this](bool on) {
        if (on)
            startServing(m_servePanel->requestedPort());
        else
            m_serve->stop();
    });
    connect(m_servePanel, &ServePanel::startRequested, this, &MainWindow::startServing);
    connect(m_servePanel, &ServePanel::stopRequested, m_serve, &ServeController::stop);
    connect(m_serve, &ServeController::started, this, [this](const QString& host, quint16 port) {
        m_serveAction->setChecked(true);
        statusBar()->showMessage(tr("Serving on http://%1:%2").arg(host).arg(port));
    });
    connect(m_serve, &ServeController::snapshot, this,
            [this](const ServeSnapshot& s) { onServedTraffic(s, false); });
    connect(m_serve, &ServeController::stopped, this, [this](const ServeSnapshot& last) {
        onServedTraffic(last, true);
        m_serving = false;
        m_serveAction->setChecked(false);
        updateControls();
        statusBar()->showMessage(
            tr("Stopped serving: the views keep the served traffic until you run the scenario"));
    });
    connect(m_serve, &ServeController::failed, this, [this](const QString& message) {
        m_serveAction->setChecked(false);
        warn(tr("Cannot serve"), message);
    });
}

void MainWindow::startServing(quint16 port)
{
    m_serveDock->show();
    m_serveDock->raise();
    const std::optional<Scenario>& scenario = m_editor->scenario();
    if (!scenario) {
        m_serveAction->setChecked(false);
        emit m_serve->failed(tr("The scenario has problems; fix them in the editor first."));
        return;
    }
    if (!m_serve->start(*scenario, kServeHost, port)) return;
    // The live views follow the real traffic: the run pauses, and its snapshots are set aside
    // until it is run again.
    if (m_running) onRun([](LiveRun& run) { run.pause(); });
    m_serving = true;
    m_servedInViews = true;
    m_running = false;
    m_finished = false;
    m_model.setRuns(*scenario, {runStyle(0, tr("served"))});
    m_toolbar->setClock(0, RunToolbar::Clock::Served);
    setServedClock(true);
    updateControls();
    redrawNow();
}

void MainWindow::setServedClock(bool served)
{
    const QString title = served ? TimeChart::servedTimeTitle() : TimeChart::virtualTimeTitle();
    for (Page* p : m_pages)
        if (auto* c = qobject_cast<ChartPage*>(p))
            for (TimeChart* chart : c->charts())
                chart->setTimeAxisTitle(title);
}

void MainWindow::onServedTraffic(const ServeSnapshot& snapshot, bool last)
{
    if (!m_servedInViews || !snapshot.live) return;
    LiveSnapshot live;
    live.virtualNow = fromSeconds(snapshot.uptimeS);
    live.running = !last;
    live.finished = last;
    live.runs.push_back(*snapshot.live);
    m_model.add(live);
    m_toolbar->setClock(live.virtualNow, RunToolbar::Clock::Served);
}

} // namespace reslab::ui

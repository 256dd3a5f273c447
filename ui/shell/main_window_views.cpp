// The views: the pages, grouped in the navigator (ui/shell/view_navigator.h), the welcome page
// shown while nothing is open, and finding a page or a chart for the window, exports and tests.

#include "main_window.h"
#include "pages/amplification_page.h"
#include "pages/attempts_page.h"
#include "pages/breaker_page.h"
#include "pages/compare_page.h"
#include "pages/designer_page.h"
#include "pages/endpoint_page.h"
#include "pages/events_page.h"
#include "pages/hosts_page.h"
#include "pages/latency_page.h"
#include "pages/limit_page.h"
#include "pages/summary_page.h"
#include "pages/trace_page.h"
#include "pages/traffic_page.h"
#include "time_chart.h"
#include "timeline_strip.h"
#include "tuning/tuning_page.h"
#include "view_navigator.h"
#include "welcome_page.h"

#include <QStackedWidget>
#include <QStatusBar>

namespace reslab::ui {

void MainWindow::buildPages()
{
    m_views = new ViewNavigator;
    // Grouped as a user looks for them: the live run, its requests, the tools around it.
    const QString live = tr("Live"), requests = tr("Requests"), tools = tr("Tools");
    const std::pair<QString, Page*> pages[] = {
        {live, new TrafficPage(m_model)},    {live, new AmplificationPage(m_model)},
        {live, new LatencyPage(m_model)},    {live, new BreakerPage(m_model)},
        {live, new EndpointPage(m_model)},   {live, new LimitPage(m_model)},
        {live, new HostsPage(m_model)},      {requests, new AttemptsPage(m_model)},
        {requests, new EventsPage(m_model)}, {requests, new SummaryPage(m_model)},
        {tools, new DesignerPage(m_model)},  {tools, new TracePage(m_model)},
        {tools, new TuningPage(m_model)},    {tr("Comparison"), new ComparePage(m_model)}};
    for (const auto& [group, p] : pages) {
        m_pages.push_back(p);
        m_views->addView(group, p, p->title());
    }
    m_views->addShortcuts(this);
    // A page that comes on screen draws at once (pages off screen skip redraws).
    connect(m_views, &ViewNavigator::pageShown, this, [](QWidget* p) {
        if (auto* page = qobject_cast<Page*>(p)) page->redraw();
    });
    m_welcome = new WelcomePage;
    connect(m_welcome, &WelcomePage::presetChosen, this,
            [this](const QString& path) { openScenario(path); });
    m_central = new QStackedWidget;
    m_central->addWidget(m_welcome);
    // The views, with the timeline strip of the whole run under them (ui/time).
    QWidget* views = withTimeline(m_views, m_model);
    m_central->addWidget(views);
    connect(m_views, &ViewNavigator::activated, this,
            [this, views] { m_central->setCurrentWidget(views); });
    setCentralWidget(m_central);
    statusBar()->showMessage(tr("Open a scenario, start a new one or pick a preset to begin."));
}

bool MainWindow::welcomeShown() const
{
    return m_central->currentWidget() == m_welcome;
}

Page* MainWindow::page(ViewId view) const
{
    for (Page* p : m_pages)
        if (p->id() == view) return p;
    qFatal("MainWindow: no page for view %d", int(view));
}

Page* MainWindow::currentPage() const
{
    return qobject_cast<Page*>(m_views->currentWidget());
}

void MainWindow::showView(ViewId view)
{
    m_views->setCurrentWidget(page(view));
}

TimeChart* MainWindow::chart(const QString& key) const
{
    TraceView* trace = page<TracePage>()->widget();
    if (key == "trace-load") return trace->loadChart();
    if (key == "trace-latency") return trace->latencyChart();
    if (key == "trace-distribution") return trace->distributionChart();
    for (Page* p : m_pages)
        if (auto* c = qobject_cast<ChartPage*>(p))
            if (TimeChart* chart = c->chart(key)) return chart;
    return nullptr;
}

} // namespace reslab::ui

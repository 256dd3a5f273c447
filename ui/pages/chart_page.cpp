#include "chart_page.h"

#include "chart_annotations.h"
#include "chart_interaction.h"
#include "empty_state.h"
#include "legend_fit.h"
#include "run_annotations.h"

#include <QVBoxLayout>

namespace reslab::ui {

ChartPage::ChartPage(ViewId id, LiveModel& model, QWidget* parent) : Page(id, model, parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    connect(&m_model, &LiveModel::runsChanged, this, &ChartPage::rebuild);
    connect(&m_model, &LiveModel::snapshotAdded, this, &ChartPage::updateEmptyState);
    connect(&m_model, &LiveModel::cleared, this, &ChartPage::updateEmptyState);
}

void ChartPage::rebuild()
{
    delete m_container; // its charts and widgets with it
    m_charts.clear();
    m_empty.clear();
    m_container = new QWidget(this);
    m_aligner = new PlotAligner(m_container);
    m_content = new QVBoxLayout(m_container);
    m_content->setContentsMargins(0, 0, 0, 0);
    layout()->addWidget(m_container);
    build();
    setDark(m_dark);
    updateEmptyState();
    if (isVisible()) redraw();
}

TimeChart* ChartPage::makeChart(const QString& key, const QString& title, const QString& yTitle)
{
    auto* chart = new TimeChart(title, yTitle);
    new ChartInteraction(*chart, m_model.time()); // zoom, pan, crosshair, legend toggles
    new LegendFit(*chart); // every legend entry in full: on top, or at the right when too many
    m_aligner->add(chart);
    m_charts.emplace_back(key, chart);
    m_empty.push_back(new EmptyState(
        chart, tr("%1\n\nNo data yet: Run (Space) or Step fills this chart.").arg(title)));
    // Every time chart shades the scenario's phases and rate changes, and draws the `expect`
    // bounds on the metric it shows (run_annotations.h).
    if (const Scenario* s = m_model.scenario()) {
        chart->annotations()->setSpans(scenarioSpans(*s));
        chart->annotations()->setLevels(expectLevels(*s, key));
    }
    return chart;
}

std::vector<TimeChart*> ChartPage::charts() const
{
    std::vector<TimeChart*> all;
    for (const auto& [key, c] : m_charts)
        all.push_back(c);
    return all;
}

TimeChart* ChartPage::chart(const QString& key) const
{
    for (const auto& [k, c] : m_charts)
        if (k == key) return c;
    return nullptr;
}

void ChartPage::setDark(bool dark)
{
    m_dark = dark;
    for (const auto& [key, c] : m_charts)
        c->setDark(dark);
}

QString ChartPage::csv() const
{
    QString out;
    for (const auto& [key, c] : m_charts)
        out += out.isEmpty() ? c->csv() : c->csv().section('\n', 1);
    return out;
}

void ChartPage::updateEmptyState()
{
    const bool empty = m_model.runCount() == 0 || m_model.nowS() <= 0;
    for (EmptyState* e : m_empty)
        e->setVisible(empty);
}

double ChartPage::visibleFrom() const
{
    return m_model.time().from();
}

double ChartPage::visibleTo() const
{
    return m_model.time().to();
}

} // namespace reslab::ui

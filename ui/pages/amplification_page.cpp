#include "amplification_page.h"

#include "palette.h"

#include <QVBoxLayout>

namespace reslab::ui {

AmplificationPage::AmplificationPage(LiveModel& model, QWidget* parent)
    : ChartPage(kId, model, parent)
{
    rebuild();
}

void AmplificationPage::build()
{
    m_chart = makeChart("amplification", tr("Amplification"), tr("attempts per request"));
    m_runs.clear();
    // One line per run, in the run's colour and dash.
    for (std::size_t r = 0; r < m_model.runCount(); ++r) {
        const RunStyle& s = m_model.style(r);
        m_runs.push_back(m_chart->addLine(seriesName(tr("attempts ÷ requests"), r, s),
                                          r == 0 ? palette::kPurple : s.color, s.dash));
    }
    content()->addWidget(m_chart);
}

void AmplificationPage::redraw()
{
    for (std::size_t r = 0; r < m_runs.size() && r < m_model.runCount(); ++r)
        m_chart->setPoints(m_runs[r], m_model.store(r).amplification());
    m_chart->setRange(visibleFrom(), visibleTo(), 2.0);
}

} // namespace reslab::ui

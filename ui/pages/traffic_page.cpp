#include "traffic_page.h"

#include "outcome_style.h"
#include "palette.h"

#include <QVBoxLayout>

namespace reslab::ui {

TrafficPage::TrafficPage(LiveModel& model, QWidget* parent) : ChartPage(kId, model, parent)
{
    rebuild();
}

void TrafficPage::build()
{
    m_chart = makeChart("traffic", tr("Traffic"), tr("per second"));
    m_offered = m_chart->addLine(tr("offered"), palette::kBlue);
    // Solid and one pixel wide: Qt Charts strokes a dashed line as one path, and at 100
    // requests/s the rate zigzags at every pixel, so dashing it took most of a redraw (bench_gui
    // on a virtual day: p99 178-316 ms dashed, 25-44 ms so). Qt's cosmetic stroker draws a 1 px
    // line fast; dashes are left to tell compared runs apart.
    m_attempts = m_chart->addLine(tr("attempts"), palette::kGrey, Qt::SolidLine, 1.0);
    m_ok = m_chart->addLine(tr("ok"), outcomeColor(Outcome::Ok));
    m_failures = m_chart->addLine(tr("failures"), outcomeColor(Outcome::Error));
    // Failures per second stacked by outcome, in the outcome colours; outcomes the run has not
    // produced stay out of the legend.
    SeriesId below;
    for (std::size_t o = 1; o < kOutcomeCount; ++o) {
        m_stacked[o] =
            m_chart->addStackedArea(outcomeLabel(Outcome(o)), outcomeColor(Outcome(o)), below);
        m_chart->setVisible(m_stacked[o], false);
        below = m_stacked[o];
    }
    m_others.clear();
    for (std::size_t r = 1; r < m_model.runCount(); ++r) {
        const RunStyle& s = m_model.style(r);
        m_others.push_back(
            {m_chart->addLine(seriesName(tr("attempts"), r, s), palette::kGrey, s.dash),
             m_chart->addLine(seriesName(tr("failures"), r, s), outcomeColor(Outcome::Error),
                              s.dash)});
    }
    content()->addWidget(m_chart);
}

void TrafficPage::redraw()
{
    const LiveStore& a = m_model.first();
    m_chart->setPoints(m_offered, a.rate(LiveStore::Rate::Offered));
    m_chart->setPoints(m_attempts, a.rate(LiveStore::Rate::Attempts));
    m_chart->setPoints(m_ok, a.rate(LiveStore::Rate::Ok));
    m_chart->setPoints(m_failures, a.rate(LiveStore::Rate::Failures));
    std::vector<QPointF> stacked;
    for (std::size_t o = 1; o < kOutcomeCount; ++o) {
        const std::vector<QPointF> rate = a.outcomeRate(Outcome(o));
        if (stacked.empty()) stacked.assign(rate.size(), QPointF());
        bool any = false;
        for (std::size_t i = 0; i < rate.size() && i < stacked.size(); ++i) {
            stacked[i] = QPointF(rate[i].x(), stacked[i].y() + rate[i].y());
            any = any || rate[i].y() > 0;
        }
        m_chart->setVisible(m_stacked[o], any);
        m_chart->setPoints(m_stacked[o], stacked);
    }
    for (std::size_t r = 1; r < m_model.runCount() && r - 1 < m_others.size(); ++r) {
        const LiveStore& b = m_model.store(r);
        m_chart->setPoints(m_others[r - 1].attempts, b.rate(LiveStore::Rate::Attempts));
        m_chart->setPoints(m_others[r - 1].failures, b.rate(LiveStore::Rate::Failures));
    }
    m_chart->setRange(visibleFrom(), visibleTo());
}

} // namespace reslab::ui

#include "traffic_pages.h"

#include "outcome_style.h"
#include "palette.h"

#include <QSplitter>
#include <QVBoxLayout>

namespace reslab::ui {

TrafficPage::TrafficPage(LiveModel& model, QWidget* parent)
    : ChartPage(ViewId::Traffic, model, parent)
{
    rebuild();
}

void TrafficPage::build()
{
    m_chart = makeChart("traffic", tr("Traffic"), tr("per second"));
    m_offered = m_chart->addLine(tr("offered"), palette::kBlue);
    m_attempts = m_chart->addLine(tr("attempts"), palette::kGrey, Qt::DashLine);
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
    m_chart->setRange(visibleFrom(), m_model.nowS());
}

AmplificationPage::AmplificationPage(LiveModel& model, QWidget* parent)
    : ChartPage(ViewId::Amplification, model, parent)
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
    m_chart->setRange(visibleFrom(), m_model.nowS(), 2.0);
}

LatencyPage::LatencyPage(LiveModel& model, QWidget* parent)
    : ChartPage(ViewId::Latency, model, parent)
{
    rebuild();
}

void LatencyPage::build()
{
    auto* split = new QSplitter(Qt::Vertical);
    m_charts[0] = {
        makeChart("latency", tr("End to end: requests that ended in the last second"), tr("ms")),
        false,
        {}};
    m_charts[1] = {makeChart("attempt-latency",
                             tr("Per attempt: attempts that ended in the last second"), tr("ms")),
                   true,
                   {}};
    for (Chart& c : m_charts) {
        for (std::size_t r = 0; r < m_model.runCount(); ++r) {
            const RunStyle& s = m_model.style(r);
            Lines lines{r, {}, {}, {}};
            lines.p50 = c.chart->addLine(seriesName(tr("p50"), r, s), palette::kBlue, s.dash);
            if (r == 0) lines.p90 = c.chart->addLine(tr("p90"), palette::kAmber);
            lines.p99 = c.chart->addLine(seriesName(tr("p99"), r, s), palette::kRed, s.dash);
            c.lines.push_back(lines);
        }
        split->addWidget(c.chart);
    }
    content()->addWidget(split);
}

void LatencyPage::redraw()
{
    using L = LiveStore::Latency;
    for (Chart& c : m_charts) {
        for (const Lines& lines : c.lines) {
            if (lines.run >= m_model.runCount()) continue;
            const LiveStore& store = m_model.store(lines.run);
            c.chart->setPoints(lines.p50, store.latency(c.perAttempt ? L::AttemptP50 : L::P50));
            if (lines.p90.valid())
                c.chart->setPoints(lines.p90, store.latency(c.perAttempt ? L::AttemptP90 : L::P90));
            c.chart->setPoints(lines.p99, store.latency(c.perAttempt ? L::AttemptP99 : L::P99));
        }
        c.chart->setRange(visibleFrom(), m_model.nowS());
    }
}

} // namespace reslab::ui

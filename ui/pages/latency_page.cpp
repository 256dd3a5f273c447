#include "latency_page.h"

#include "palette.h"

#include <QCheckBox>
#include <QSplitter>
#include <QVBoxLayout>

namespace reslab::ui {

LatencyPage::LatencyPage(LiveModel& model, QWidget* parent) : ChartPage(kId, model, parent)
{
    rebuild();
}

void LatencyPage::build()
{
    auto* log = new QCheckBox(tr("Log scale"));
    log->setObjectName("latencyLogScale");
    log->setToolTip(tr("Latency on a log scale: the median and a tail decades above it both "
                       "readable"));
    log->setChecked(m_log);
    content()->addWidget(log);
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
    auto apply = [this](bool on) {
        m_log = on;
        for (Chart& c : m_charts)
            c.chart->setLogY(on);
        if (isVisible()) redraw();
    };
    connect(log, &QCheckBox::toggled, this, apply);
    if (m_log) apply(true);
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
        c.chart->setRange(visibleFrom(), visibleTo());
    }
}

} // namespace reslab::ui

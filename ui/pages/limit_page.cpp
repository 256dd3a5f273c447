#include "limit_page.h"

#include "palette.h"
#include "picker_row.h"

#include <QLabel>
#include <QSplitter>

namespace reslab::ui {

LimitPage::LimitPage(LiveModel& model, QWidget* parent) : ChartPage(kId, model, parent)
{
    rebuild();
}

void LimitPage::build()
{
    m_pick = addPickerRow(content(), tr("Limiter"),
                          tr("Each adaptive concurrency limit: client strategies by their place in "
                             "the pipeline, endpoints' admission by the endpoint"));
    connect(m_pick, &QComboBox::currentIndexChanged, this, &LimitPage::redraw);
    m_none = new QLabel(tr("This scenario has no adaptive concurrency limit. Add an "
                           "“adaptive_limit” strategy to the pipeline, or an “admission” block "
                           "to an endpoint."));
    m_none->setWordWrap(true);
    m_none->setVisible(false);
    content()->addWidget(m_none);
    auto* split = new QSplitter(Qt::Vertical);
    m_limit = makeChart("limit", tr("Concurrency limit"), tr("calls"));
    m_rtt = makeChart("limit-rtt", tr("RTT it measures"), tr("ms"));
    m_runs.clear();
    for (std::size_t r = 0; r < m_model.runCount(); ++r) {
        const RunStyle& s = m_model.style(r);
        m_runs.push_back(
            {m_limit->addLine(seriesName(tr("limit"), r, s), palette::kRed, s.dash),
             m_limit->addLine(seriesName(tr("in flight"), r, s), palette::kBlue, s.dash),
             m_rtt->addLine(seriesName(tr("mean RTT (1 s)"), r, s), palette::kOrange, s.dash)});
    }
    split->addWidget(m_limit);
    split->addWidget(m_rtt);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    content()->addWidget(split, 1);
}

void LimitPage::redraw()
{
    const LiveStore& a = m_model.first();
    const auto& limiters = a.limiters();
    if (m_pick->count() != int(limiters.size())) {
        const QSignalBlocker block(m_pick);
        m_pick->clear();
        for (const LimiterGauge& l : limiters)
            m_pick->addItem(QString::fromStdString(l.name));
    }
    m_none->setVisible(limiters.empty() && !a.empty());
    const std::size_t i = std::size_t(std::max(0, m_pick->currentIndex()));
    using Line = LiveStore::LimiterLine;
    for (std::size_t r = 0; r < m_runs.size() && r < m_model.runCount(); ++r) {
        const LiveStore& s = m_model.store(r);
        m_limit->setPoints(m_runs[r].limit, s.limiter(i, Line::Limit));
        m_limit->setPoints(m_runs[r].inflight, s.limiter(i, Line::InFlight));
        m_rtt->setPoints(m_runs[r].rtt, s.limiter(i, Line::Rtt));
    }
    if (i < limiters.size())
        m_limit->chart()->setTitle(tr("“%1”: limit %2, %3 in flight")
                                       .arg(QString::fromStdString(limiters[i].name))
                                       .arg(limiters[i].limit)
                                       .arg(limiters[i].inflight));
    else
        m_limit->chart()->setTitle(tr("Concurrency limit"));
    const double from = visibleFrom();
    const double now = visibleTo(); // the visible range's end
    m_limit->setRange(from, now, 4.0);
    m_rtt->setRange(from, now, 1.0);
}

} // namespace reslab::ui

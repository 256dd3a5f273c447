#include "endpoint_page.h"

#include "palette.h"
#include "picker_row.h"

#include <QSplitter>

namespace reslab::ui {

EndpointPage::EndpointPage(LiveModel& model, QWidget* parent) : ChartPage(kId, model, parent)
{
    rebuild();
}

void EndpointPage::build()
{
    m_pick = addPickerRow(
        content(), tr("Endpoint"),
        tr("Each endpoint, with its layer: 0 is called by the client, 1 by a layer-0 service, …"));
    connect(m_pick, &QComboBox::currentIndexChanged, this, &EndpointPage::redraw);
    auto* split = new QSplitter(Qt::Vertical);
    m_service = makeChart("endpoints", tr("Endpoint"), tr("calls in service"));
    m_queue = makeChart("endpoint-queue", tr("Queue"), tr("calls waiting"));
    m_runs.clear();
    for (std::size_t r = 0; r < m_model.runCount(); ++r) {
        const RunStyle& s = m_model.style(r);
        m_runs.push_back(
            {m_service->addLine(seriesName(tr("in service"), r, s), palette::kBlue, s.dash),
             m_queue->addLine(seriesName(tr("queued"), r, s), palette::kAmber, s.dash)});
    }
    m_utilization = m_service->addSecondaryLine(tr("utilization"), palette::kPurple,
                                                tr("utilization (mean over 1 s)"), true);
    split->addWidget(m_service);
    split->addWidget(m_queue);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    content()->addWidget(split, 1);
}

void EndpointPage::redraw()
{
    const LiveStore& a = m_model.first();
    const auto& endpoints = a.endpoints();
    const Scenario* scenario = m_model.scenario();
    if (m_pick->count() != int(endpoints.size()) && scenario) {
        const QSignalBlocker block(m_pick);
        m_pick->clear();
        const std::vector<int> layers = scenario->layers();
        for (std::size_t i = 0; i < endpoints.size(); ++i) {
            const int layer = i < layers.size() ? layers[i] : -1;
            m_pick->addItem(
                layer >= 0
                    ? tr("%1 (layer %2)").arg(QString::fromStdString(endpoints[i].id)).arg(layer)
                    : tr("%1 (not called)").arg(QString::fromStdString(endpoints[i].id)));
            if (endpoints[i].id == scenario->target) m_pick->setCurrentIndex(int(i));
        }
    }
    const std::size_t i = std::size_t(std::max(0, m_pick->currentIndex()));
    for (std::size_t r = 0; r < m_runs.size() && r < m_model.runCount(); ++r) {
        m_service->setPoints(m_runs[r].inService, m_model.store(r).endpointGauge(i, false));
        m_queue->setPoints(m_runs[r].queued, m_model.store(r).endpointGauge(i, true));
    }
    m_service->setPoints(m_utilization, a.endpointUtilization(i));
    if (i < endpoints.size()) {
        const EndpointGauge& e = endpoints[i];
        m_service->chart()->setTitle(
            e.workers ? tr("Endpoint “%1”: %2 of %3 workers busy, %4 queued")
                            .arg(QString::fromStdString(e.id))
                            .arg(e.inService)
                            .arg(e.workers)
                            .arg(e.queue)
                      : tr("Endpoint “%1”: %2 in service (no worker limit), %3 queued")
                            .arg(QString::fromStdString(e.id))
                            .arg(e.inService)
                            .arg(e.queue));
    }
    const double from = visibleFrom();
    const double now = visibleTo(); // the visible range's end
    m_service->setRange(from, now, 4.0);
    m_queue->setRange(from, now, 4.0);
}

} // namespace reslab::ui

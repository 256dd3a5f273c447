#pragma once
// The endpoint page: the picked endpoint (with its layer) over time: calls in service and its
// utilization above, its queue below on a scale of its own (a handful of busy workers would be
// invisible on the scale of a queue of 500).

#include "chart_page.h"

class QComboBox;

namespace reslab::ui {

class EndpointPage final : public ChartPage
{
    Q_OBJECT
public:
    static constexpr ViewId kId = ViewId::Endpoint;
    explicit EndpointPage(LiveModel& model, QWidget* parent = nullptr);
    QString title() const override { return tr("Endpoint"); }
    void redraw() override;

private:
    void build() override;
    QComboBox* m_pick = nullptr;
    TimeChart* m_service = nullptr;
    TimeChart* m_queue = nullptr;
    struct Lines
    {
        SeriesId inService, queued;
    };
    std::vector<Lines> m_runs;
    SeriesId m_utilization;
};

} // namespace reslab::ui

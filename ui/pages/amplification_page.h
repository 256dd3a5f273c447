#pragma once
// Amplification: attempts per request over time, one line per run, and for a layered scenario the
// calls each lower layer receives per client request (run A): how retries multiply down the
// stack. Ratios over too few requests (LiveStore::kMinRatioRequests) are not drawn.

#include "chart_page.h"

class QLabel;

namespace reslab::ui {

class AmplificationPage final : public ChartPage
{
    Q_OBJECT
public:
    static constexpr ViewId kId = ViewId::Amplification;
    explicit AmplificationPage(LiveModel& model, QWidget* parent = nullptr);
    QString title() const override { return tr("Amplification"); }
    void redraw() override;
    // The whole run's calls per request by layer, as the run's summary gives them.
    QLabel* wholeRun() const { return m_wholeRun; }

private:
    void build() override;
    TimeChart* m_chart = nullptr;
    QLabel* m_wholeRun = nullptr;
    std::vector<SeriesId> m_runs;
    struct Layer
    {
        int layer;
        SeriesId line;
    };
    std::vector<Layer> m_layers; // layers 1, 2, … of run A
    std::vector<int> m_endpointLayers;
};

} // namespace reslab::ui

#pragma once
// Latency: end-to-end and per-attempt p50/p90/p99 of what ended in the last second, one
// chart each; compared runs add their p50 and p99 in their own dash.

#include "chart_page.h"

#include <array>

namespace reslab::ui {

class LatencyPage final : public ChartPage
{
    Q_OBJECT
public:
    static constexpr ViewId kId = ViewId::Latency;
    explicit LatencyPage(LiveModel& model, QWidget* parent = nullptr);
    QString title() const override { return tr("Latency"); }
    void redraw() override;

private:
    void build() override;
    struct Lines
    {
        std::size_t run = 0;
        SeriesId p50, p90, p99; // p90 for the first run only
    };
    struct Chart
    {
        TimeChart* chart = nullptr;
        bool perAttempt = false;
        std::vector<Lines> lines;
    };
    std::array<Chart, 2> m_charts;
    bool m_log = false; // kept across rebuilds (a comparison starting)
};

} // namespace reslab::ui

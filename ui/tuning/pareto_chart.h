#pragma once
// The Tuning page's Pareto scatter: every point by two metrics (the page's metric on x, another
// on y, by default the p99 latency), coloured by its standing against the expectations; the
// feasible points no other feasible point beats on both are joined as the front.

#include "point_chart.h"
#include "tuning_result.h"

namespace reslab::ui {

class ParetoChart final : public PointChart
{
    Q_OBJECT
public:
    explicit ParetoChart(QWidget* parent = nullptr);
    // y: `metricY`, better high when `maximizeY`.
    void show(const TuningSelection& selection, std::size_t metricY, bool maximizeY);
    const std::vector<std::size_t>& front() const { return m_front; }

private:
    std::vector<std::size_t> m_front;
};

} // namespace reslab::ui

#pragma once
// The Tuning page with one parameter: the metric's mean against the parameter's values, its
// 95 % interval over the seeds as a band, each point coloured by its standing against the
// expectations, the best feasible one marked and the picked ones ringed. Choices (jitter kinds,
// switches) are spaced evenly and named; a numeric range spanning more than a factor of 20 of
// positive values is drawn on a log axis, as geometric ranges are made.

#include "point_chart.h"
#include "tuning_result.h"

namespace reslab::ui {

class BandChart final : public PointChart
{
    Q_OBJECT
public:
    explicit BandChart(QWidget* parent = nullptr);
    void show(const TuningSelection& selection);
    bool logarithmic() const { return m_log; }

private:
    bool m_log = false;
};

} // namespace reslab::ui

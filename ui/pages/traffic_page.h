#pragma once
// Traffic: offered load, attempts, successes and failures per second, the failures stacked by
// outcome; compared runs add their attempts and failures in their own dash.

#include "chart_page.h"

#include <array>

namespace reslab::ui {

class TrafficPage final : public ChartPage
{
    Q_OBJECT
public:
    static constexpr ViewId kId = ViewId::Traffic;
    explicit TrafficPage(LiveModel& model, QWidget* parent = nullptr);
    QString title() const override { return tr("Traffic"); }
    void redraw() override;

private:
    void build() override;
    TimeChart* m_chart = nullptr;
    SeriesId m_offered, m_attempts, m_ok, m_failures;
    std::array<SeriesId, kOutcomeCount> m_stacked{}; // the first run's failures by outcome
    struct Other
    {
        SeriesId attempts, failures;
    };
    std::vector<Other> m_others; // runs after the first
};

} // namespace reslab::ui

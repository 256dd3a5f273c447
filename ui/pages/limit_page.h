#pragma once
// The concurrency limit page: the picked adaptive limiter (an `adaptive_limit` strategy or an
// endpoint's admission) over time: its limit as a step line beside the calls in flight through
// it, and below, on its own scale, the RTT of the samples it measured (their mean over the
// sliding second), the signal the limit follows.

#include "chart_page.h"

class QComboBox;
class QLabel;

namespace reslab::ui {

class LimitPage final : public ChartPage
{
    Q_OBJECT
public:
    static constexpr ViewId kId = ViewId::Limit;
    explicit LimitPage(LiveModel& model, QWidget* parent = nullptr);
    QString title() const override { return tr("Limit"); }
    void redraw() override;
    // Says the scenario has no limiter (for tests).
    const QLabel* noLimiterNote() const { return m_none; }
    const QComboBox* picker() const { return m_pick; }

private:
    void build() override;
    QComboBox* m_pick = nullptr;
    QLabel* m_none = nullptr;
    TimeChart* m_limit = nullptr;
    TimeChart* m_rtt = nullptr;
    struct Lines
    {
        SeriesId limit, inflight, rtt;
    };
    std::vector<Lines> m_runs;
};

} // namespace reslab::ui

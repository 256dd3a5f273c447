#pragma once
// The circuit breaker page: the picked breaker's state bands, failure and slow-call rates against
// their thresholds and its rejections over time (the failure rate of every compared run beside
// the first's), the Hystrix-style panel of every breaker, and every transition with its cause.

#include "chart_page.h"

class QComboBox;
class QLabel;
class QListWidget;

namespace reslab::ui {

class BreakerPanel;

class BreakerPage final : public ChartPage
{
    Q_OBJECT
public:
    static constexpr ViewId kId = ViewId::Breaker;
    explicit BreakerPage(LiveModel& model, QWidget* parent = nullptr);
    QString title() const override { return tr("Circuit breaker"); }
    void redraw() override;

    BreakerPanel* panel() const { return m_panel; }
    QListWidget* transitions() const { return m_transitions; }
    QLabel* transitionDetail() const { return m_detail; }
    TimeChart* breakerChart() const { return m_chart; }

private:
    void build() override;
    void addTransitions(const std::vector<BreakerTransitionRecord>& transitions);
    void showCause(int row);

    QComboBox* m_pick = nullptr;
    TimeChart* m_chart = nullptr;
    SeriesId m_closed, m_halfOpen, m_open, m_failureRate, m_failureThreshold, m_slowRate,
        m_slowThreshold, m_rejected, m_passed;
    std::vector<SeriesId> m_otherFailureRates; // runs after the first
    BreakerPanel* m_panel = nullptr;
    QListWidget* m_transitions = nullptr;
    QLabel* m_detail = nullptr;
};

} // namespace reslab::ui

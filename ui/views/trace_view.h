#pragma once
// A trace's own health, shown before it is replayed: calls per second and the share that failed,
// latency percentiles over time, and the mix of outcomes — the bad day at a glance.

#include "time_chart.h"
#include "trace/trace_health.h"

#include <QWidget>

class QLabel;

namespace reslab::ui {

// The outcomes of a trace as one horizontal bar, each outcome's share in its colour.
class OutcomeMixBar : public QWidget
{
    Q_OBJECT
public:
    explicit OutcomeMixBar(QWidget* parent = nullptr);
    void setCounts(const std::array<std::uint64_t, kOutcomeCount>& counts);
    QSize sizeHint() const override { return {600, 56}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::array<std::uint64_t, kOutcomeCount> m_counts{};
};

class TraceView : public QWidget
{
    Q_OBJECT
public:
    explicit TraceView(QWidget* parent = nullptr);
    // Shows `trace` (read from `file`); an empty pointer clears the view.
    void setTrace(const TraceData& trace, const QString& file);
    bool hasTrace() const { return m_health.calls > 0; }
    const TraceHealth& health() const { return m_health; }
    TimeChart* loadChart() const { return m_load; }
    TimeChart* latencyChart() const { return m_latency; }

private:
    QLabel* m_title = nullptr;
    TimeChart* m_load = nullptr;
    TimeChart* m_latency = nullptr;
    SeriesId m_calls, m_failed, m_p50, m_p90, m_p99;
    OutcomeMixBar* m_mix = nullptr;
    TraceHealth m_health;
};

} // namespace reslab::ui

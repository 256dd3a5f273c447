#pragma once
// A trace's own health, shown before it is replayed: calls per second and the share that failed,
// latency percentiles over time, and the mix of outcomes — the bad day at a glance. "Model this
// trace" fits a scenario to it (core/fit, in a worker): the fitted phases shaded over the health
// charts, the fitted first-attempt rate over the calls, the fitted latency distribution over the
// recorded histogram, and "Open Fitted Scenario" hands the scenario to the editor.

#include "time_chart.h"
#include "trace/trace_health.h"
#include "trace_model.h"

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace reslab::ui {
class TimeModel;
}

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
    TimeChart* distributionChart() const { return m_distribution; }
    // The trace's own time (not the live run's): the two time charts zoom, pan and show a
    // crosshair through it as the live charts do; "follow" (a double-click) shows the whole trace.
    TimeModel* timeModel() const { return m_time; }
    void setDark(bool dark);

    // Fits the trace on screen (what the Model This Trace button does); modelled() follows.
    void modelTrace();
    const TraceModelPtr& model() const { return m_model; } // null until a fit has arrived
    QPushButton* modelButton() const { return m_modelButton; }
    QPushButton* openFittedButton() const { return m_openFitted; }

signals:
    void modelled(); // a fit (or the reason there is none) is on screen
    // The fitted scenario, as a scenario file's JSON, for the editor.
    void openFittedScenario(const QByteArray& json);

private:
    void showModel(const TraceModelPtr& model);
    void clearModel();
    // Keeps a time series' points and draws the part of each in the time model's range.
    void keep(TimeChart* chart, SeriesId series, std::vector<QPointF> points);
    void drawRange();
    struct Kept
    {
        TimeChart* chart;
        SeriesId series;
        std::vector<QPointF> points;
    };
    std::vector<Kept> m_kept;
    TimeModel* m_time = nullptr;

    QLabel* m_title = nullptr;
    TimeChart* m_load = nullptr;
    TimeChart* m_latency = nullptr;
    TimeChart* m_distribution = nullptr;
    SeriesId m_calls, m_failed, m_p50, m_p90, m_p99;
    SeriesId m_loadPhases, m_latencyPhases, m_fittedRate, m_recordedShare, m_fittedShare;
    OutcomeMixBar* m_mix = nullptr;
    QPushButton* m_modelButton = nullptr;
    QPushButton* m_openFitted = nullptr;
    QProgressBar* m_busy = nullptr;
    QLabel* m_fitSummary = nullptr;
    TraceModeller* m_modeller = nullptr;
    TraceModelPtr m_model;
    TraceData m_trace;
    QString m_file;
    TraceHealth m_health;
};

} // namespace reslab::ui

#pragma once
// The backoff designer: edit a retry strategy's backoff and jitter and see, without running
// anything, the delay distribution per retry number (min, 5th, median, 95th percentile, max),
// the distribution of the total time a caller sleeps before giving up, and the "herd": when the
// retries of N clients that all failed at the same instant land — the picture that shows what
// jitter is for — overlaid with a second jitter kind to compare.
// Everything is recomputed on each change (a few thousand draws: well under the 50 ms budget).

#include "scenario/scenario.h"
#include "time_chart.h"

#include <QWidget>
#include <array>

class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace reslab::ui {

class TimeChart;

class BackoffDesigner : public QWidget
{
    Q_OBJECT
public:
    explicit BackoffDesigner(QWidget* parent = nullptr);

    // Shows this retry strategy (the scenario's first one, when a scenario is opened).
    void setRetry(const RetrySpec& retry);
    RetrySpec retry() const;
    void setDark(bool dark);

    QDoubleSpinBox* multiplierField() const { return m_multiplier; }
    QComboBox* compareJitterField() const { return m_compare; }
    TimeChart* delayChart() const { return m_delays; }
    TimeChart* herdChart() const { return m_herd; }
    TimeChart* totalChart() const { return m_total; }

    static constexpr int kSamples = 2000; // callers drawn for the distributions
    static constexpr int kHerd = 1000;    // clients failing at the same instant

signals:
    void changed();

private:
    void recompute();

    QComboBox* m_backoff = nullptr;
    QDoubleSpinBox* m_initial = nullptr;
    QDoubleSpinBox* m_multiplier = nullptr;
    QDoubleSpinBox* m_max = nullptr;
    QComboBox* m_jitter = nullptr;
    QDoubleSpinBox* m_factor = nullptr;
    QSpinBox* m_attempts = nullptr;
    QComboBox* m_compare = nullptr;
    TimeChart* m_delays = nullptr;
    TimeChart* m_herd = nullptr;
    TimeChart* m_total = nullptr;
    std::array<SeriesId, 5> m_percentiles;
    SeriesId m_herdMine, m_herdCompared, m_callers;
    bool m_updating = false;
};

} // namespace reslab::ui

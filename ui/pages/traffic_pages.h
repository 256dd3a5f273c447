#pragma once
// The pages of rates over time: Traffic (offered, attempts, ok, failures stacked by outcome),
// Amplification (attempts per request) and Latency (end to end and per attempt).

#include "chart_page.h"

#include <array>

namespace reslab::ui {

class TrafficPage final : public ChartPage
{
    Q_OBJECT
public:
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

class AmplificationPage final : public ChartPage
{
    Q_OBJECT
public:
    explicit AmplificationPage(LiveModel& model, QWidget* parent = nullptr);
    QString title() const override { return tr("Amplification"); }
    void redraw() override;

private:
    void build() override;
    TimeChart* m_chart = nullptr;
    std::vector<SeriesId> m_runs;
};

class LatencyPage final : public ChartPage
{
    Q_OBJECT
public:
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
};

} // namespace reslab::ui

#pragma once
// The pages that show one run at a time, picked by a run picker when runs are compared:
// Attempts (the latest requests' attempts, attempts per request) and Events (every attempt and
// transition, filterable); and the Summary page, every run side by side, what `resilience-lab
// run` prints, updated as the runs go.

#include "page.h"

#include <vector>

class QComboBox;
class QLabel;
class QStackedWidget;
class QTableWidget;

namespace reslab::ui {

class AttemptsHistogram;
class AttemptsTimeline;
class EventLogView;

// The run picker these pages share: hidden while only one run goes.
class RunPicker
{
public:
    void attach(QComboBox* combo, LiveModel& model);
    void refill(const LiveModel& model);
    std::size_t current() const;

private:
    QComboBox* m_combo = nullptr;
};

class AttemptsPage final : public Page
{
    Q_OBJECT
public:
    explicit AttemptsPage(LiveModel& model, QWidget* parent = nullptr);
    QString title() const override { return tr("Attempts"); }
    void redraw() override;
    AttemptsTimeline* timeline() const { return m_timeline; }
    AttemptsHistogram* histogram() const { return m_histogram; }

private:
    RunPicker m_picker;
    AttemptsTimeline* m_timeline = nullptr;
    AttemptsHistogram* m_histogram = nullptr;
};

class EventsPage final : public Page
{
    Q_OBJECT
public:
    explicit EventsPage(LiveModel& model, QWidget* parent = nullptr);
    QString title() const override { return tr("Events"); }
    QString csv() const override;
    // The log of the run on screen (the first run's unless another is picked).
    EventLogView* log() const;
    EventLogView* log(std::size_t run) const { return m_logs.at(run); }

private:
    void rebuild();
    void append(const LiveSnapshot& snapshot);
    RunPicker m_picker;
    QStackedWidget* m_stack = nullptr;
    std::vector<EventLogView*> m_logs; // one per run
};

class SummaryPage final : public Page
{
    Q_OBJECT
public:
    explicit SummaryPage(LiveModel& model, QWidget* parent = nullptr);
    QString title() const override { return tr("Summary"); }
    void redraw() override;
    QString csv() const override;
    QTableWidget* table() const { return m_table; }

private:
    QLabel* m_heading = nullptr;
    QTableWidget* m_table = nullptr;
};

} // namespace reslab::ui

#pragma once
// Events: every attempt and breaker transition of a run, filterable, one log per run (picked
// when runs are compared).

#include "page.h"
#include "run_picker.h"

#include <vector>

class QStackedWidget;

namespace reslab::ui {

class EventLogView;

class EventsPage final : public Page
{
    Q_OBJECT
public:
    static constexpr ViewId kId = ViewId::Events;
    explicit EventsPage(LiveModel& model, QWidget* parent = nullptr);
    QString title() const override { return tr("Events"); }
    QString csv() const override;
    // The log of the run on screen (the first run's unless another is picked).
    EventLogView* log() const;
    EventLogView* log(std::size_t run) const { return m_logs.at(run); }
    RunPicker& picker() { return m_picker; }

private:
    void rebuild();
    void append(const LiveSnapshot& snapshot);
    RunPicker m_picker;
    QStackedWidget* m_stack = nullptr;
    std::vector<EventLogView*> m_logs; // one per run
};

} // namespace reslab::ui

#pragma once
// Attempts: the latest requests' attempts on a timeline and the attempts-per-request histogram,
// of one run at a time (picked when runs are compared).

#include "page.h"
#include "run_picker.h"

namespace reslab::ui {

class AttemptsHistogram;
class AttemptsTimeline;

class AttemptsPage final : public Page
{
    Q_OBJECT
public:
    static constexpr ViewId kId = ViewId::Attempts;
    explicit AttemptsPage(LiveModel& model, QWidget* parent = nullptr);
    QString title() const override { return tr("Attempts"); }
    void redraw() override;
    AttemptsTimeline* timeline() const { return m_timeline; }
    AttemptsHistogram* histogram() const { return m_histogram; }
    RunPicker& picker() { return m_picker; }

private:
    RunPicker m_picker;
    AttemptsTimeline* m_timeline = nullptr;
    AttemptsHistogram* m_histogram = nullptr;
};

} // namespace reslab::ui

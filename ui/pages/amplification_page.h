#pragma once
// Amplification: attempts per request over time, one line per run.

#include "chart_page.h"

namespace reslab::ui {

class AmplificationPage final : public ChartPage
{
    Q_OBJECT
public:
    static constexpr ViewId kId = ViewId::Amplification;
    explicit AmplificationPage(LiveModel& model, QWidget* parent = nullptr);
    QString title() const override { return tr("Amplification"); }
    void redraw() override;

private:
    void build() override;
    TimeChart* m_chart = nullptr;
    std::vector<SeriesId> m_runs;
};

} // namespace reslab::ui

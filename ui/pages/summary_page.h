#pragma once
// Summary: what `resilience-lab run` prints (requests, attempts by outcome, latency percentiles,
// per-endpoint load), every run side by side, updated as the runs go.

#include "page.h"

class QLabel;
class QTableWidget;

namespace reslab::ui {

class SummaryPage final : public Page
{
    Q_OBJECT
public:
    static constexpr ViewId kId = ViewId::Summary;
    explicit SummaryPage(LiveModel& model, QWidget* parent = nullptr);
    QString title() const override { return tr("Summary"); }
    void redraw() override;
    QString csv() const override;
    QTableWidget* table() const { return m_table; }
    QLabel* heading() const { return m_heading; }

private:
    QLabel* m_heading = nullptr;
    QTableWidget* m_table = nullptr;
};

} // namespace reslab::ui

#pragma once
// Summary: what `resilience-lab run` prints (requests, attempts by outcome, latency percentiles,
// per-endpoint load), every run side by side, updated as the runs go; or, with "Only the charts'
// range" on, what the runs' timeline rows say about the time model's visible range.

#include "page.h"
#include "range_summary.h"

class QCheckBox;
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
    // Restricts the table to the visible range (range_summary.h).
    QCheckBox* rangeOnly() const { return m_rangeOnly; }

private:
    void drawRange();
    void fill(const std::vector<SummaryRow>& rows, const std::vector<int>& verdictRows);

    QLabel* m_heading = nullptr;
    QCheckBox* m_rangeOnly = nullptr;
    QTableWidget* m_table = nullptr;
};

} // namespace reslab::ui

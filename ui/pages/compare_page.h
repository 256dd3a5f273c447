#pragma once
// The Compare page: when runs are compared, every metric of every run and each run's difference
// from the first, filled when the runs end (the same rows as `resilience-lab compare`).

#include "page.h"

class QLabel;
class QTableWidget;

namespace reslab::ui {

class ComparePage final : public Page
{
    Q_OBJECT
public:
    static constexpr ViewId kId = ViewId::Compare;
    explicit ComparePage(LiveModel& model, QWidget* parent = nullptr);
    QString title() const override { return tr("Compare"); }
    void redraw() override;
    QString csv() const override;
    QTableWidget* table() const { return m_table; }
    // What the runs are: "B: pipeline-b.json; C: …" (empty when nothing is compared).
    void setDescription(const QString& html);

private:
    QLabel* m_title = nullptr;
    QTableWidget* m_table = nullptr;
    bool m_filled = false;
};

} // namespace reslab::ui

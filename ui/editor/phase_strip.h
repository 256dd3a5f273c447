#pragma once
// The phases of an endpoint on a small timeline from 0 to the scenario's duration: each phase a
// block labelled with whom (a fleet's hosts, zone) and what it changes, the selected one
// outlined; phases that overlap in time stack in lanes. Clicking a block selects it.

#include <QJsonArray>
#include <QWidget>
#include <vector>

namespace reslab::ui {

class PhaseStrip : public QWidget
{
    Q_OBJECT
public:
    explicit PhaseStrip(QWidget* parent = nullptr);
    void setPhases(const QJsonArray& phases, double durationS);
    void setSelected(int index);
    QSize sizeHint() const override;

signals:
    void phaseClicked(int index);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    QRectF blockRect(int index) const;
    double spanS() const;

    QJsonArray m_phases;
    std::vector<int> m_lanes; // each phase's lane (overlapping phases stack)
    int m_laneCount = 1;
    double m_durationS = 0.0;
    int m_selected = -1;
};

} // namespace reslab::ui

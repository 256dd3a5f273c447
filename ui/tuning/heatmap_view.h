#pragma once
// The Tuning page with two parameters: a heatmap of the metric, the first parameter across and
// the second up, on a perceptually uniform colour scale (viridis) with its legend; the points
// that fail an expectation hatched, the inconclusive ones dotted, the best feasible point
// starred, the picked ones outlined. The values and verdicts under the mouse are its tooltip; a
// click reports the point (Ctrl: add it to the picked ones). Painted, so PNG and SVG exports
// draw exactly what is on screen.

#include "tuning_result.h"

#include <QJsonValue>
#include <QWidget>

namespace reslab::ui {

class HeatmapView final : public QWidget
{
    Q_OBJECT
public:
    explicit HeatmapView(QWidget* parent = nullptr);
    void show(const TuningSelection& selection);
    // The point under `pos`, or −1 (a cell with no point: cancelled before it ran).
    int pointAt(const QPoint& pos) const;
    // The centre of a point's cell, for tests.
    QPoint cellCentre(std::size_t point) const;
    // The colour the scale gives `value` (between the range's ends), for tests.
    static QColor scaleColor(double fraction);
    // A parameter's value as its axis labels print it (short, whatever its spacing).
    static QString valueLabel(const QJsonValue& value);

signals:
    void pointClicked(int point, Qt::KeyboardModifiers modifiers);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    QRect plotRect() const;
    QRect cellRect(std::size_t column, std::size_t row) const;
    std::size_t columns() const;
    std::size_t rows() const;
    void paintLegend(QPainter& painter, const QRect& area, double lo, double hi);

    TuningSelection m_selection;
    std::vector<int> m_cells; // [column * rows + row]: the point there, or −1
    int m_hover = -1;
};

} // namespace reslab::ui

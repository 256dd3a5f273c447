#pragma once
// A chart of sweep points (the 1-D band chart, the Pareto scatter): Qt Charts for the axes and
// series, plus what both need on top — the point nearest the mouse (within a few pixels) named
// in a tooltip, and a click on it reported as that point's index, with its modifiers (Ctrl adds
// it to the selection). Series are rebuilt whole on each update; a sweep has at most a few
// thousand points, drawn once.

#include <QChartView>
#include <QPointF>
#include <QString>
#include <vector>

class QAbstractAxis;
class QAbstractSeries;
class QValueAxis;

namespace reslab::ui {

class PointChart : public QChartView
{
    Q_OBJECT
public:
    explicit PointChart(QWidget* parent = nullptr);
    void setDark(bool dark);
    bool dark() const { return m_dark; }
    // The point nearest `pos` (widget pixels) within kPickRadius, or −1.
    int pointAt(const QPoint& pos) const;

signals:
    void pointClicked(int point, Qt::KeyboardModifiers modifiers);

protected:
    // The points that can be picked, in value coordinates of `series`'s axes, each with its
    // sweep point index and its tooltip. Subclasses set them when they rebuild.
    struct Pickable
    {
        QPointF at;
        int point = -1;
        QString tooltip;
    };
    void setPickable(std::vector<Pickable> points, QAbstractSeries* series);
    // A value axis over [lo, hi] with a little room and ticks at round steps (1, 2 or 5 × 10ᵏ),
    // never below zero when `lo` is not.
    static QValueAxis* valueAxis(double lo, double hi, const QString& title);
    // Adds the series in order (the first drawn lowest) on these axes, which the chart takes.
    void addSeries(const std::vector<QAbstractSeries*>& series, QAbstractAxis* x, QAbstractAxis* y);
    // Legend entries of empty point series (no best point yet, nothing picked) are hidden.
    void hideEmptyLegendEntries();
    // Clears the chart for a rebuild: series and axes go, the theme is applied.
    void resetChart();

    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    static constexpr int kPickRadius = 12; // pixels
    std::vector<Pickable> m_pickable;
    QAbstractSeries* m_series = nullptr;
    bool m_dark = false;
};

} // namespace reslab::ui

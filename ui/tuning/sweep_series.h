#pragma once
// The marks the Tuning page's charts share, so a point looks the same in the band chart and the
// Pareto scatter: colour by standing, the best point, the picked ring.

#include "tuning_result.h"

#include <QColor>
#include <QScatterSeries>
#include <map>
#include <vector>

namespace reslab::ui {

QColor standingColor(Standing standing);
QString standingName(Standing standing);
// A scatter series for points of one standing (or the best, or the picked ring).
QScatterSeries* pointSeries(const QString& name, const QColor& color, qreal size,
                            QScatterSeries::MarkerShape shape = QScatterSeries::MarkerShapeCircle);
QScatterSeries* bestSeries();
QScatterSeries* pickedSeries(bool dark);
qreal defaultPointSize();

// The point marks of one chart: a series per standing, the best point's star and the picked
// points' rings, filled point by point and then handed to the chart (empty standings dropped).
class PointMarks
{
public:
    explicit PointMarks(bool dark);
    void add(const TuningSelection& selection, std::size_t point, QPointF at);
    // The series to add to the chart, after `first` (lines and bands drawn under the marks).
    std::vector<QAbstractSeries*> take(std::vector<QAbstractSeries*> first);

private:
    std::map<Standing, QScatterSeries*> m_byStanding;
    QScatterSeries* m_best;
    QScatterSeries* m_picked;
};

} // namespace reslab::ui

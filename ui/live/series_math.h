#pragma once
// Turning live rows into chart points: rates over a sliding second, and min/max decimation so a
// series never holds more than a few thousand points (Qt Charts redraws cost O(points)).

#include <QList>
#include <QPointF>
#include <vector>

namespace reslab::ui {

// Keeps, for each of `columns` equal slices of the x range, the first, min, max and last points
// (in x order), so peaks survive however far the data is zoomed out. A point whose y is NaN is
// a gap in the line (Qt Charts leaves the segments to it undrawn) and is always kept.
QList<QPointF> decimate(const std::vector<QPointF>& points, int columns);
// A band's edge: for each of `columns` equal slices of the x range, the point with the highest y
// (`upper`) or the lowest, so a band drawn between the two edges covers every value in it.
// Points with a NaN y are skipped (a band has no gaps).
QList<QPointF> envelope(const std::vector<QPointF>& points, int columns, bool upper);
// Keeps at most `count` points, evenly spaced in index, and the last one (for filled areas,
// whose outline need not keep every peak).
QList<QPointF> sample(const std::vector<QPointF>& points, int count);

} // namespace reslab::ui

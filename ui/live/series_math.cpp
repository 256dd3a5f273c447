#include "series_math.h"

#include <algorithm>
#include <cmath>

namespace reslab::ui {

QList<QPointF> decimate(const std::vector<QPointF>& points, int columns)
{
    QList<QPointF> out;
    if (points.empty()) return out;
    if (columns <= 0 || points.size() <= static_cast<std::size_t>(columns) * 4) {
        out.reserve(static_cast<qsizetype>(points.size()));
        for (const QPointF& p : points)
            out.push_back(p);
        return out;
    }
    const double x0 = points.front().x(), x1 = points.back().x();
    const double width = (x1 - x0) / columns;
    std::size_t i = 0;
    while (i < points.size()) {
        if (std::isnan(points[i].y())) { // a gap: kept as it is, between the columns around it
            out.push_back(points[i++]);
            continue;
        }
        const auto column = width > 0 ? static_cast<int>((points[i].x() - x0) / width) : 0;
        std::size_t j = i;
        std::size_t lo = i, hi = i;
        while (
            j < points.size() && !std::isnan(points[j].y()) &&
            (width <= 0 || std::min(columns - 1, static_cast<int>((points[j].x() - x0) / width)) ==
                               std::min(columns - 1, column))) {
            if (points[j].y() < points[lo].y()) lo = j;
            if (points[j].y() > points[hi].y()) hi = j;
            ++j;
        }
        std::size_t keep[4] = {i, std::min(lo, hi), std::max(lo, hi), j - 1};
        std::size_t last = static_cast<std::size_t>(-1);
        for (std::size_t k : keep)
            if (k != last) {
                out.push_back(points[k]);
                last = k;
            }
        i = j;
    }
    return out;
}

QList<QPointF> envelope(const std::vector<QPointF>& points, int columns, bool upper)
{
    QList<QPointF> out;
    if (points.empty() || columns <= 0) return out;
    const double x0 = points.front().x(), x1 = points.back().x();
    const double width = (x1 - x0) / columns;
    int column = -1;
    for (const QPointF& p : points) {
        if (std::isnan(p.y())) continue;
        const int c = width > 0 ? std::min(columns - 1, static_cast<int>((p.x() - x0) / width)) : 0;
        if (c != column) {
            out.push_back(p);
            column = c;
        } else if (upper ? p.y() > out.back().y() : p.y() < out.back().y()) {
            out.back() = p;
        }
    }
    return out;
}

QList<QPointF> sample(const std::vector<QPointF>& points, int count)
{
    QList<QPointF> out;
    if (points.empty() || count <= 0) return out;
    const double stride = std::max(1.0, static_cast<double>(points.size()) / count);
    out.reserve(count + 1);
    for (double i = 0; i < static_cast<double>(points.size()); i += stride)
        out.append(points[static_cast<std::size_t>(i)]);
    if (out.last() != points.back()) out.append(points.back());
    return out;
}

} // namespace reslab::ui

#include "sweep_series.h"

#include "palette.h"

#include <QCoreApplication>
#include <QPen>

namespace reslab::ui {

namespace {
constexpr qreal kPointSize = 9;
constexpr qreal kBestSize = 17;
constexpr qreal kPickedSize = 19;

QString tr(const char* text)
{
    return QCoreApplication::translate("SweepSeries", text);
}
} // namespace

QColor standingColor(Standing standing)
{
    switch (standing) {
    case Standing::Feasible:
        return palette::kBlue;
    case Standing::Inconclusive:
        return palette::kAmber;
    case Standing::Fails:
        return palette::kRed;
    case Standing::Unmeasured:
        break;
    }
    return palette::kGrey;
}

QString standingName(Standing standing)
{
    switch (standing) {
    case Standing::Feasible:
        return tr("feasible");
    case Standing::Inconclusive:
        return tr("inconclusive");
    case Standing::Fails:
        return tr("fails");
    case Standing::Unmeasured:
        break;
    }
    return tr("not run");
}

QScatterSeries* pointSeries(const QString& name, const QColor& color, qreal size,
                            QScatterSeries::MarkerShape shape)
{
    auto* s = new QScatterSeries;
    s->setName(name);
    s->setMarkerShape(shape);
    s->setMarkerSize(size);
    s->setColor(color);
    s->setBorderColor(color.darker(130));
    return s;
}

QScatterSeries* bestSeries()
{
    QScatterSeries* s =
        pointSeries(tr("best"), palette::kGreen, kBestSize, QScatterSeries::MarkerShapeStar);
    return s;
}

QScatterSeries* pickedSeries(bool dark)
{
    auto* s = pointSeries(tr("picked"), Qt::transparent, kPickedSize);
    s->setPen(QPen(dark ? QColor(Qt::white) : QColor(Qt::black), 2));
    s->setBrush(Qt::NoBrush);
    return s;
}

qreal defaultPointSize()
{
    return kPointSize;
}

PointMarks::PointMarks(bool dark) : m_best(bestSeries()), m_picked(pickedSeries(dark))
{
    for (Standing s : {Standing::Feasible, Standing::Inconclusive, Standing::Fails})
        m_byStanding[s] = pointSeries(standingName(s), standingColor(s), kPointSize);
}

void PointMarks::add(const TuningSelection& selection, std::size_t point, QPointF at)
{
    m_byStanding[selection.result->standing(point)]->append(at);
    if (selection.best == point) m_best->append(at);
    if (selection.isPicked(point)) m_picked->append(at);
}

std::vector<QAbstractSeries*> PointMarks::take(std::vector<QAbstractSeries*> first)
{
    for (auto& [standing, series] : m_byStanding)
        if (series->count() > 0)
            first.push_back(series);
        else
            delete series;
    first.push_back(m_best);
    first.push_back(m_picked);
    m_byStanding.clear();
    return first;
}

} // namespace reslab::ui

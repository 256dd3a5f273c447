#include "pareto_chart.h"

#include "metric_labels.h"
#include "palette.h"
#include "sweep_series.h"

#include <QChart>
#include <QLineSeries>
#include <QValueAxis>
#include <cmath>
#include <map>

namespace reslab::ui {

ParetoChart::ParetoChart(QWidget* parent) : PointChart(parent)
{
    setMinimumSize(300, 240);
}

void ParetoChart::show(const TuningSelection& selection, std::size_t metricY, bool maximizeY)
{
    resetChart();
    m_front.clear();
    const TuningResult* r = selection.result.get();
    if (!r || r->pointCount() == 0) return;
    const std::size_t metricX = selection.metric;
    m_front = r->paretoFront(metricX, selection.maximize, metricY, maximizeY);

    auto* front = new QLineSeries;
    front->setName(tr("front"));
    // Purple: amber is "inconclusive" in the points' legend beside it.
    front->setPen(QPen(palette::kPurple, 2, Qt::DashLine));
    // In each metric's unit (a rate in percent, as everywhere in the testbench).
    const double scaleX = metricUnit(r->metrics()[metricX]).scale;
    const double scaleY = metricUnit(r->metrics()[metricY]).scale;
    for (std::size_t p : m_front)
        front->append(scaleX * r->interval(p, metricX).mean, scaleY * r->interval(p, metricY).mean);
    PointMarks marks(dark());
    std::vector<Pickable> pickable;
    double xLo = INFINITY, xHi = -INFINITY, yLo = INFINITY, yHi = -INFINITY;
    for (std::size_t p = 0; p < r->pointCount(); ++p) {
        if (!r->measured(p)) continue;
        const double x = scaleX * r->interval(p, metricX).mean;
        const double y = scaleY * r->interval(p, metricY).mean;
        if (std::isnan(x) || std::isnan(y)) continue;
        xLo = std::min(xLo, x);
        xHi = std::max(xHi, x);
        yLo = std::min(yLo, y);
        yHi = std::max(yHi, y);
        marks.add(selection, p, QPointF(x, y));
        QString tip = r->pointTooltip(p, metricX);
        tip += QStringLiteral("<br>%1 = <b>%2</b>")
                   .arg(metricUnit(r->metrics()[metricY]).label,
                        metricValue(r->metrics()[metricY], r->interval(p, metricY).mean));
        pickable.push_back({QPointF(x, y), int(p), tip});
    }

    QChart* c = chart();
    QValueAxis* xAxis = valueAxis(xLo, xHi, metricTitle(r->metrics()[metricX]));
    QValueAxis* yAxis = valueAxis(yLo, yHi, metricTitle(r->metrics()[metricY]));
    addSeries(marks.take({front}), xAxis, yAxis);
    c->setTitle(
        tr("Pareto: %1 against %2")
            .arg(metricUnit(r->metrics()[metricX]).label, metricUnit(r->metrics()[metricY]).label));
    setToolTip(tr("x: %1\ny: %2")
                   .arg(QString::fromStdString(r->metrics()[metricX]),
                        QString::fromStdString(r->metrics()[metricY])));
    hideEmptyLegendEntries();
    setPickable(std::move(pickable), front);
}

} // namespace reslab::ui

#include "band_chart.h"

#include "metric_labels.h"
#include "palette.h"
#include "sweep_series.h"

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QChart>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QValueAxis>
#include <cmath>

namespace reslab::ui {

namespace {
// A numeric range wider than this factor (all values positive) is drawn on a log axis.
constexpr double kLogAxisSpan = 20.0;
constexpr int kBandAlpha = 60;
} // namespace

BandChart::BandChart(QWidget* parent) : PointChart(parent)
{
    setMinimumSize(360, 260);
}

void BandChart::show(const TuningSelection& selection)
{
    resetChart();
    const TuningResult* r = selection.result.get();
    if (!r || r->pointCount() == 0 || r->paramCount() == 0) return;
    const ParamSpec& param = r->plan().params.front();
    const std::size_t metric = selection.metric;

    bool numeric = true;
    double lo = INFINITY, hi = -INFINITY;
    for (const QJsonValue& v : param.values) {
        numeric = numeric && v.isDouble();
        if (v.isDouble()) {
            lo = std::min(lo, v.toDouble());
            hi = std::max(hi, v.toDouble());
        }
    }
    m_log = numeric && lo > 0 && hi / lo >= kLogAxisSpan;
    auto xOf = [&](std::size_t point) {
        const std::size_t index = r->valueIndex(point, 0);
        return numeric ? param.values[index].toDouble() : double(index);
    };

    // The points in the order of their x, so the line and the band run left to right.
    std::vector<std::size_t> order;
    for (std::size_t p = 0; p < r->pointCount(); ++p)
        if (r->measured(p) && !std::isnan(r->interval(p, metric).mean)) order.push_back(p);
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return xOf(a) < xOf(b); });

    auto* mean = new QLineSeries;
    mean->setName(tr("mean"));
    mean->setPen(QPen(palette::kBlue, 2));
    auto* upper = new QLineSeries;
    auto* lower = new QLineSeries;
    PointMarks marks(dark());
    std::vector<Pickable> pickable;
    double yLo = INFINITY, yHi = -INFINITY;
    // In the metric's unit (a rate in percent, as everywhere in the testbench).
    const double scale = metricUnit(r->metrics()[metric]).scale;
    for (std::size_t p : order) {
        Interval i = r->interval(p, metric);
        i.mean *= scale;
        i.lo *= scale;
        i.hi *= scale;
        const double x = xOf(p);
        const double bandLo = std::isnan(i.lo) ? i.mean : i.lo;
        const double bandHi = std::isnan(i.hi) ? i.mean : i.hi;
        mean->append(x, i.mean);
        upper->append(x, bandHi);
        lower->append(x, bandLo);
        yLo = std::min(yLo, bandLo);
        yHi = std::max(yHi, bandHi);
        marks.add(selection, p, QPointF(x, i.mean));
        pickable.push_back({QPointF(x, i.mean), int(p), r->pointTooltip(p, metric)});
    }
    auto* band = new QAreaSeries(upper, lower);
    // The area series does not own its edges: parented to it, they go when the chart drops it.
    upper->setParent(band);
    lower->setParent(band);
    band->setName(tr("95 % interval"));
    QColor fill = palette::kBlue;
    fill.setAlpha(kBandAlpha);
    band->setBrush(fill);
    band->setPen(Qt::NoPen);

    QChart* c = chart();

    const QString xTitle = paramTitle(param.path.text);
    QAbstractAxis* xAxis = nullptr;
    if (m_log) {
        auto* axis = new QLogValueAxis;
        axis->setBase(10);
        axis->setLabelFormat("%g");
        axis->setMinorTickCount(8);
        axis->setRange(lo / 1.3, hi * 1.3);
        xAxis = axis;
    } else if (numeric) {
        xAxis = valueAxis(lo, hi, {});
    } else {
        auto* axis = new QCategoryAxis;
        axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        for (std::size_t i = 0; i < param.values.size(); ++i)
            axis->append(QString::fromStdString(paramValueText(param.values[i])), double(i));
        axis->setRange(-0.5, double(param.values.size()) - 0.5);
        xAxis = axis;
    }
    xAxis->setTitleText(xTitle);
    const QString yTitle = metricTitle(r->metrics()[metric]);
    QValueAxis* yAxis = valueAxis(yLo, yHi, yTitle);
    addSeries(marks.take({band, mean}), xAxis, yAxis);
    // The band's edges are not legend entries of their own.
    band->setPen(Qt::NoPen);
    c->setTitle(tr("%1 against %2, %3 seeds a point")
                    .arg(metricUnit(r->metrics()[metric]).label, xTitle)
                    .arg(r->plan().seeds.size()));
    // The names a scenario file and the sweep's CSV use.
    setToolTip(tr("x: %1\ny: %2")
                   .arg(QString::fromStdString(param.path.text),
                        QString::fromStdString(r->metrics()[metric])));
    hideEmptyLegendEntries();
    setPickable(std::move(pickable), mean);
}

} // namespace reslab::ui

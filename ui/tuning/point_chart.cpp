#include "point_chart.h"

#include "sweep/svg_chart.h"

#include <QAbstractAxis>
#include <QAbstractSeries>
#include <QChart>
#include <QLegendMarker>
#include <QMouseEvent>
#include <QToolTip>
#include <QValueAxis>
#include <QXYSeries>
#include <cmath>

namespace reslab::ui {

PointChart::PointChart(QWidget* parent) : QChartView(new QChart, parent)
{
    setRenderHint(QPainter::Antialiasing);
    setMouseTracking(true);
    chart()->setAnimationOptions(QChart::NoAnimation);
    resetChart();
}

void PointChart::setDark(bool dark)
{
    m_dark = dark;
}

void PointChart::resetChart()
{
    m_pickable.clear();
    m_series = nullptr;
    chart()->removeAllSeries();
    for (QAbstractAxis* axis : chart()->axes()) {
        chart()->removeAxis(axis);
        delete axis;
    }
    chart()->setTheme(m_dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart()->setMargins(QMargins(6, 4, 6, 4));
    chart()->legend()->setAlignment(Qt::AlignTop);
}

QValueAxis* PointChart::valueAxis(double lo, double hi, const QString& title)
{
    auto* axis = new QValueAxis;
    if (!(hi > lo)) { // one value, or none
        const double around = std::isfinite(lo) ? lo : 0.0;
        lo = around - std::max(1.0, std::fabs(around) * 0.1);
        hi = around + std::max(1.0, std::fabs(around) * 0.1);
        if (around >= 0) lo = std::max(0.0, lo);
    }
    constexpr int kTargetTicks = 5;
    const double step = niceStep(hi - lo, kTargetTicks);
    const double pad = (hi - lo) * 0.06;
    axis->setRange(lo >= 0 ? std::max(0.0, lo - pad) : lo - pad, hi + pad);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0.0);
    axis->setTickInterval(step);
    axis->setLabelFormat("%g");
    axis->setTitleText(title);
    return axis;
}

void PointChart::addSeries(const std::vector<QAbstractSeries*>& series, QAbstractAxis* x,
                           QAbstractAxis* y)
{
    for (QAbstractSeries* s : series)
        chart()->addSeries(s);
    chart()->addAxis(x, Qt::AlignBottom);
    chart()->addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries* s : series) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
}

void PointChart::hideEmptyLegendEntries()
{
    for (QAbstractSeries* s : chart()->series())
        if (auto* xy = qobject_cast<QXYSeries*>(s); xy && xy->count() == 0)
            for (QLegendMarker* m : chart()->legend()->markers(s))
                m->setVisible(false);
}

void PointChart::setPickable(std::vector<Pickable> points, QAbstractSeries* series)
{
    m_pickable = std::move(points);
    m_series = series;
}

int PointChart::pointAt(const QPoint& pos) const
{
    if (!m_series) return -1;
    int best = -1;
    double bestDistance = kPickRadius * kPickRadius;
    for (const Pickable& p : m_pickable) {
        const QPointF at = mapFromScene(chart()->mapToPosition(p.at, m_series));
        const double dx = at.x() - pos.x(), dy = at.y() - pos.y();
        if (dx * dx + dy * dy <= bestDistance) {
            bestDistance = dx * dx + dy * dy;
            best = p.point;
        }
    }
    return best;
}

void PointChart::mouseMoveEvent(QMouseEvent* event)
{
    const int point = pointAt(event->pos());
    QString tip;
    for (const Pickable& p : m_pickable)
        if (p.point == point) tip = p.tooltip;
    if (tip.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPosition().toPoint(), tip, this);
    setCursor(point >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
    QChartView::mouseMoveEvent(event);
}

void PointChart::mousePressEvent(QMouseEvent* event)
{
    const int point = pointAt(event->pos());
    if (event->button() == Qt::LeftButton && point >= 0) {
        emit pointClicked(point, event->modifiers());
        event->accept();
        return;
    }
    QChartView::mousePressEvent(event);
}

} // namespace reslab::ui

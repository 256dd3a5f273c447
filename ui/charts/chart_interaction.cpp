#include "chart_interaction.h"

#include "time_chart.h"
#include "time_model.h"

#include <QAbstractSeries>
#include <QAreaSeries>
#include <QChart>
#include <QGraphicsLayout>
#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMouseEvent>
#include <QPointer>
#include <QRubberBand>
#include <QTimer>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>
#include <map>

namespace reslab::ui {

namespace {
constexpr int kChartDragPixels = 4; // a press that moves less is a click
constexpr int kHiddenAlpha = 70;    // a hidden series' legend entry, dimmed
constexpr qreal kCrosshairZ = 50.0; // above every series
} // namespace

ChartInteraction::ChartInteraction(TimeChart& chart, TimeModel& time)
    : QObject(&chart), m_chart(chart), m_time(time)
{
    QChart* c = chart.chart();
    m_line = new QGraphicsLineItem(c);
    m_line->setZValue(kCrosshairZ);
    m_box = new QGraphicsRectItem(c);
    m_box->setZValue(kCrosshairZ);
    m_text = new QGraphicsSimpleTextItem(m_box);
    m_line->hide();
    m_box->hide();
    m_band = new QRubberBand(QRubberBand::Rectangle, chart.viewport());
    chart.viewport()->installEventFilter(this);
    connect(&time, &TimeModel::cursorChanged, this, &ChartInteraction::refresh);
    connect(c, &QChart::plotAreaChanged, this, &ChartInteraction::refresh);
    connect(&chart, &TimeChart::redrawn, this, [this] {
        connectMarkers();
        refresh();
    });
}

double ChartInteraction::timeAt(QPoint pos) const
{
    QChart* c = m_chart.chart();
    const QRectF area = c->plotArea();
    const QPointF p = c->mapFromScene(m_chart.mapToScene(pos));
    const auto [from, to] = m_chart.xRange();
    return from + (p.x() - area.left()) / std::max(1.0, area.width()) * (to - from);
}

bool ChartInteraction::eventFilter(QObject*, QEvent* event)
{
    switch (event->type()) {
    case QEvent::Wheel: {
        auto* e = static_cast<QWheelEvent*>(event);
        const int delta = e->angleDelta().y();
        if (delta == 0) return false;
        m_time.zoom(timeAt(e->position().toPoint()), std::pow(kWheelZoom, delta / 120.0));
        e->accept();
        return true;
    }
    case QEvent::MouseButtonDblClick:
        m_time.follow(true);
        return true;
    case QEvent::MouseButtonPress: {
        auto* e = static_cast<QMouseEvent*>(event);
        const QPointF scene = m_chart.chart()->mapFromScene(m_chart.mapToScene(e->pos()));
        if (!m_chart.chart()->plotArea().contains(scene)) return false; // the legend, the axes
        m_panning = e->button() == Qt::MiddleButton ||
                    (e->button() == Qt::LeftButton && (e->modifiers() & Qt::ControlModifier));
        if (e->button() != Qt::LeftButton && !m_panning) return false;
        m_press = m_last = e->pos();
        return true;
    }
    case QEvent::MouseMove: {
        auto* e = static_cast<QMouseEvent*>(event);
        if (m_press.x() < 0) return false;
        if (m_panning) {
            const auto [from, to] = m_chart.xRange();
            const double width = std::max(1.0, m_chart.chart()->plotArea().width());
            m_time.pan(-(e->pos().x() - m_last.x()) * (to - from) / width);
        } else if (std::abs(e->pos().x() - m_press.x()) >= kChartDragPixels) {
            const QRectF area = m_chart.chart()->plotArea();
            const QPoint top = m_chart.mapFromScene(m_chart.chart()->mapToScene(area.topLeft()));
            const QPoint bottom =
                m_chart.mapFromScene(m_chart.chart()->mapToScene(area.bottomLeft()));
            m_band->setGeometry(QRect(QPoint(std::min(m_press.x(), e->pos().x()), top.y()),
                                      QPoint(std::max(m_press.x(), e->pos().x()), bottom.y())));
            m_band->show();
        }
        m_last = e->pos();
        return true;
    }
    case QEvent::MouseButtonRelease: {
        auto* e = static_cast<QMouseEvent*>(event);
        if (m_press.x() < 0) return false;
        if (!m_panning) {
            if (std::abs(e->pos().x() - m_press.x()) >= kChartDragPixels)
                m_time.setView(timeAt(m_press), timeAt(e->pos()));
            else
                m_time.setCursor(timeAt(e->pos()));
        }
        m_band->hide();
        m_press = QPoint(-1, -1);
        m_panning = false;
        return true;
    }
    default:
        return false;
    }
}

void ChartInteraction::connectMarkers()
{
    for (QLegendMarker* marker : m_chart.chart()->legend()->markers()) {
        if (marker->property("reslabToggle").toBool()) continue;
        marker->setProperty("reslabToggle", true);
        connect(marker, &QLegendMarker::clicked, this,
                [this, marker] { toggle(marker->series()->name()); });
    }
}

void ChartInteraction::toggle(const QString& series)
{
    const bool hide = !m_chart.hiddenByUser(series);
    m_chart.setHiddenByUser(series, hide);
    for (QLegendMarker* marker : m_chart.chart()->legend()->markers()) {
        if (marker->series()->name() != series) continue;
        marker->setVisible(true); // hiding a series hides its entry: keep it, to click again
        QColor label = marker->labelBrush().color();
        label.setAlpha(hide ? kHiddenAlpha : 255);
        marker->setLabelBrush(label);
        QBrush brush = marker->brush();
        QColor fill = brush.color();
        fill.setAlpha(hide ? kHiddenAlpha : 255);
        brush.setColor(fill);
        marker->setBrush(brush);
    }
    refresh();
}

QString ChartInteraction::readout() const
{
    return m_box->isVisible() ? m_text->text() : QString();
}

void ChartInteraction::refresh()
{
    QChart* c = m_chart.chart();
    const QRectF area = c->plotArea();
    const auto [from, to] = m_chart.xRange();
    const double t = m_time.cursor();
    if (!m_time.hasCursor() || t < from || t > to || to <= from || area.width() <= 0) {
        m_line->hide();
        m_box->hide();
        return;
    }
    const double x = area.left() + (t - from) / (to - from) * area.width();
    m_line->setPen(QPen(c->legend()->labelColor(), 1.0, Qt::DashLine));
    m_line->setLine(x, area.top(), x, area.bottom());
    m_line->show();
    // Every visible series' value at the cursor: its sample nearest in time (binary search).
    QStringList lines{QStringLiteral("t = %1 s").arg(t, 0, 'f', t < 100 ? 2 : 1)};
    auto nearest = [t](const QList<QPointF>& points) {
        auto it = std::lower_bound(points.begin(), points.end(), t,
                                   [](const QPointF& p, double v) { return p.x() < v; });
        if (it == points.end() || (it != points.begin() && t - (it - 1)->x() < it->x() - t)) --it;
        return it->y();
    };
    std::map<QString, QAreaSeries*> areas;
    for (QAbstractSeries* s : c->series())
        if (auto* stacked = qobject_cast<QAreaSeries*>(s)) areas[stacked->name()] = stacked;
    for (const QString& name : m_chart.seriesNames()) {
        if (!m_chart.shown(name)) continue;
        const QList<QPointF> points = m_chart.pointsNamed(name);
        if (points.isEmpty() || t < points.front().x() - 1.0 || t > points.back().x() + 1.0)
            continue;
        double value = nearest(points);
        // A stacked area's own value is its top less the area under it (the running total is
        // what is drawn, the outcome's rate what is asked).
        if (auto stacked = areas.find(name); stacked != areas.end() &&
                                             stacked->second->lowerSeries() &&
                                             !stacked->second->lowerSeries()->points().isEmpty())
            value -= nearest(stacked->second->lowerSeries()->points());
        if (std::isnan(value)) { // a gap in the line: nothing to read there
            lines << QStringLiteral("%1: –").arg(name);
            continue;
        }
        lines << QStringLiteral("%1: %2").arg(name).arg(value, 0, 'g', 4);
    }
    m_text->setText(lines.join('\n'));
    // The window's tooltip colours (the chart's background is a gradient in some themes).
    const QPalette& palette = m_chart.palette();
    m_text->setBrush(palette.color(QPalette::ToolTipText));
    QColor back = palette.color(QPalette::ToolTipBase);
    back.setAlpha(235);
    m_box->setBrush(back);
    m_box->setPen(QPen(palette.color(QPalette::Mid), 1.0));
    const QRectF text = m_text->boundingRect().adjusted(-4, -3, 4, 3);
    m_text->setPos(4, 3);
    // Right of the line, or left of it where the box would leave the plot (PlotJuggler flips).
    double left = x + 8;
    if (left + text.width() > area.right()) left = x - 8 - text.width();
    m_box->setRect(0, 0, text.width(), text.height());
    m_box->setPos(std::max(area.left(), left), area.top() + 4);
    m_box->show();
}

void PlotAligner::add(TimeChart* chart)
{
    m_charts.push_back(chart);
    chart->installEventFilter(this);
    connect(chart, &TimeChart::redrawn, this, &PlotAligner::schedule);
    connect(chart, &QObject::destroyed, this, [this, chart] {
        m_charts.erase(std::remove(m_charts.begin(), m_charts.end(), chart), m_charts.end());
    });
}

bool PlotAligner::eventFilter(QObject*, QEvent* event)
{
    if (event->type() == QEvent::Resize) schedule();
    return false;
}

void PlotAligner::schedule()
{
    if (m_pending || m_charts.size() < 2) return;
    m_pending = true;
    QTimer::singleShot(0, this, [this] {
        m_pending = false;
        align();
    });
}

void PlotAligner::align()
{
    if (m_charts.size() < 2) return;
    double left = 0.0, right = 1e9;
    std::vector<QRectF> own;
    for (TimeChart* c : m_charts) {
        c->chart()->setPlotArea(QRectF()); // back to its own layout, to measure it
        // Invalidated first: clearing the fixed rectangle does not, so activate() kept the
        // rectangle of the first alignment, and charts laid out small once stayed small.
        if (QGraphicsLayout* layout = c->chart()->layout()) {
            layout->invalidate();
            layout->activate();
        }
        own.push_back(c->chart()->plotArea());
        left = std::max(left, own.back().left());
        right = std::min(right, own.back().right());
    }
    if (right <= left) return;
    for (std::size_t i = 0; i < m_charts.size(); ++i) {
        QChart* c = m_charts[i]->chart();
        c->setPlotArea(QRectF(left, own[i].top(), right - left, own[i].height()));
        // Lay the axes and series out on it now (the fixed rectangle is only applied by a
        // layout pass, which would otherwise wait for the next event).
        if (QGraphicsLayout* layout = c->layout()) {
            layout->invalidate();
            layout->activate();
        }
    }
}

} // namespace reslab::ui

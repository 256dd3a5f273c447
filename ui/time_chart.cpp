#include "time_chart.h"

#include "chart_export.h"
#include "series_math.h"

#include <QContextMenuEvent>
#include <QMenu>

#include <QChart>
#include <QLineSeries>
#include <QPen>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace reslab::ui {

// The chart is given to the view at construction: QChartView::setChart() would release (not
// delete) the chart a default-constructed view makes for itself.
TimeChart::TimeChart(const QString& title, const QString& yTitle, QWidget* parent) : QChartView(new QChart, parent)
{
    QChart* chart = this->chart();
    chart->setTitle(title);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignTop);
    chart->setMargins(QMargins(6, 4, 6, 4));
    m_x = new QValueAxis;
    m_x->setTitleText(tr("virtual time (s)"));
    m_x->setLabelFormat("%.0f");
    m_y = new QValueAxis;
    m_y->setTitleText(yTitle);
    m_y->setLabelFormat("%.4g");
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(320, 200);
}

TimeChart::~TimeChart() = default;

void TimeChart::addLine(const QString& name, const QColor& color, Qt::PenStyle style, qreal width)
{
    auto* line = new QLineSeries;
    line->setName(name);
    QPen pen(color);
    pen.setWidthF(width);
    pen.setStyle(style);
    line->setPen(pen);
    chart()->addSeries(line);
    line->attachAxis(m_x);
    line->attachAxis(m_y);
    m_lines[name] = line;
    m_pens[name] = pen;
    m_order.push_back(name);
}

void TimeChart::addPercentLine(const QString& name, const QColor& color, const QString& axisTitle)
{
    if (!m_percent) {
        m_percent = new QValueAxis;
        m_percent->setRange(0.0, 100.0);
        m_percent->setLabelFormat("%.0f %%");
        m_percent->setTitleText(axisTitle);
        chart()->addAxis(m_percent, Qt::AlignRight);
    }
    auto* line = new QLineSeries;
    line->setName(name);
    QPen pen(color);
    pen.setWidthF(1.5);
    pen.setStyle(Qt::DotLine);
    line->setPen(pen);
    chart()->addSeries(line);
    line->attachAxis(m_x);
    line->attachAxis(m_percent);
    m_lines[name] = line;
    m_pens[name] = pen;
    m_order.push_back(name);
}

void TimeChart::setDark(bool dark)
{
    chart()->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    // setTheme() recolours the series; ours carry meaning (outcome colours), so put them back.
    for (const auto& [name, pen] : m_pens) m_lines[name]->setPen(pen);
    chart()->setMargins(QMargins(6, 4, 6, 4));
    chart()->legend()->setAlignment(Qt::AlignTop);
}

QString TimeChart::csv() const
{
    QString out = QStringLiteral("series,%1,value\n").arg(m_x->titleText().contains("time") ? "t_s" : "x");
    for (const QString& name : m_order) {
        const QString quoted = csvField(name);
        for (const QPointF& p : m_lines.at(name)->points())
            out += QStringLiteral("%1,%2,%3\n").arg(quoted).arg(p.x(), 0, 'g', 10).arg(p.y(), 0, 'g', 10);
    }
    return out;
}

void TimeChart::contextMenuEvent(QContextMenuEvent* event)
{
    QMenu menu(this);
    menu.addAction(tr("Export as PNG, SVG or CSV…"), this, [this] {
        exportViewInteractively(this, chart()->title().isEmpty() ? QStringLiteral("chart") : chart()->title(),
                                [this] { return csv(); }, this);
    });
    menu.exec(event->globalPos());
}

void TimeChart::setPoints(const QString& name, const std::vector<QPointF>& points)
{
    auto it = m_lines.find(name);
    if (it == m_lines.end()) return;
    const int columns = std::max(100, static_cast<int>(chart()->plotArea().width()));
    const QList<QPointF> reduced = decimate(points, columns);
    it->second->replace(reduced);
    for (const QPointF& p : reduced) m_yMax = std::max(m_yMax, p.y());
}

void TimeChart::setRange(double fromS, double toS, double yAtLeast, double fixedTop)
{
    m_x->setRange(fromS, std::max(toS, fromS + 1.0));
    if (!m_fixedXTicks) {
        // Ticks on round values (1, 2 or 5 × 10ᵏ seconds), about six of them, anchored at 0.
        const double raw = std::max(toS - fromS, 1.0) / 6.0;
        const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
        const double step = raw / magnitude < 1.5 ? magnitude : raw / magnitude < 3.5 ? 2 * magnitude : 5 * magnitude;
        m_x->setTickType(QValueAxis::TicksDynamic);
        m_x->setTickAnchor(0.0);
        m_x->setTickInterval(step);
    }
    if (fixedTop > 0.0) {
        m_y->setRange(0.0, fixedTop);
    } else {
        m_y->setRange(0.0, std::max(yAtLeast, m_yMax * 1.05));
        m_y->applyNiceNumbers();
    }
    m_yMax = 0.0;
}

QList<QPointF> TimeChart::points(const QString& name) const
{
    auto it = m_lines.find(name);
    return it == m_lines.end() ? QList<QPointF>() : it->second->points();
}

void TimeChart::setXTitle(const QString& title)
{
    m_x->setTitleText(title);
}

void TimeChart::setXAxis(const char* labelFormat, int tickCount)
{
    m_x->setLabelFormat(labelFormat);
    if (tickCount <= 0) return; // round ticks chosen by setRange()
    m_x->setTickType(QValueAxis::TicksFixed);
    m_x->setTickCount(tickCount);
    m_fixedXTicks = true;
}

int TimeChart::pointCount(const QString& name) const
{
    auto it = m_lines.find(name);
    return it == m_lines.end() ? 0 : static_cast<int>(it->second->count());
}

} // namespace reslab::ui

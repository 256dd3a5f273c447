#include "time_chart.h"

#include "chart_annotations.h"
#include "chart_export.h"
#include "series_math.h"

#include <QAreaSeries>
#include <QChart>
#include <QContextMenuEvent>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QMenu>
#include <QPen>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace reslab::ui {

namespace {
constexpr int kPixelsPerColumn = 4;
constexpr int kMinColumns = 100; // a chart not laid out yet (width 0) still gets a shape
constexpr int kAreaPixelsPerColumn = 6;
// Bands sit behind the lines (faint); stacked areas are data (stronger).
constexpr int kBandAlpha = 70;
constexpr int kStackedAlpha = 110;
// A range band is what many series share: faint, so the lines over it stand out; its edges
// keep one point (the extreme) per kBandPixelsPerColumn pixels: filling it (antialiased) was a
// quarter of the Hosts view's painting with a point per 4 px, and a fill needs no more.
constexpr int kRangeBandAlpha = 60;
constexpr int kBandPixelsPerColumn = 8;
} // namespace

namespace {
// A "nice" number near x: 1, 2 or 5 × 10ᵏ, the least at or above x (`ceiling`) or the nearest.
double niceNumber(double x, bool ceiling)
{
    const double magnitude = std::pow(10.0, std::floor(std::log10(x)));
    const double q = x / magnitude;
    const double nice = ceiling ? (q <= 1.0   ? 1.0
                                   : q <= 2.0 ? 2.0
                                   : q <= 5.0 ? 5.0
                                              : 10.0)
                                : (q < 1.5   ? 1.0
                                   : q < 3.0 ? 2.0
                                   : q < 7.0 ? 5.0
                                             : 10.0);
    return nice * magnitude;
}

// The range and tick count QValueAxis::applyNiceNumbers() gives [min, max] (Heckbert's loose
// labelling, Graphics Gems I, with the axis's present tick count), set only where it differs
// from the axis's: every setRange lays the axis and its labels out again (Qt Charts sets each
// label as rich text), and setRange then applyNiceNumbers did it twice a redraw for a range that
// mostly stays the same.
void setNiceRange(QValueAxis* axis, double min, double max)
{
    int ticks = std::max(2, axis->tickCount());
    if (!(max > min) || !std::isfinite(max - min)) {
        axis->setRange(min, max);
        return;
    }
    const double step = niceNumber(niceNumber(max - min, true) / (ticks - 1), false);
    const double low = std::floor(min / step), high = std::ceil(max / step);
    ticks = int(high - low) + 1;
    if (axis->min() != low * step || axis->max() != high * step)
        axis->setRange(low * step, high * step);
    if (axis->tickCount() != ticks) axis->setTickCount(ticks);
}
} // namespace

// The chart is given to the view at construction: QChartView::setChart() would release (not
// delete) the chart a default-constructed view makes for itself.
TimeChart::TimeChart(const QString& title, const QString& yTitle, QWidget* parent)
    : QChartView(new QChart, parent)
{
    QChart* chart = this->chart();
    chart->setTitle(title);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignTop);
    chart->setMargins(QMargins(6, 4, 6, 4));
    m_x = new QValueAxis;
    m_x->setTitleText(virtualTimeTitle());
    m_x->setLabelFormat("%.0f");
    m_y = new QValueAxis;
    m_y->setTitleText(yTitle);
    m_y->setLabelFormat("%.4g");
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(320, 200);
    m_columnPixels = kPixelsPerColumn;
    m_minColumns = kMinColumns;
}

TimeChart::~TimeChart() = default;

SeriesId TimeChart::add(const QString& name)
{
    if (m_lines.count(name)) qFatal("TimeChart: two series named \"%s\"", qPrintable(name));
    m_order.push_back(name);
    return SeriesId(int(m_order.size()) - 1);
}

const QString& TimeChart::nameOf(SeriesId series) const
{
    Q_ASSERT(series.valid() && series.m_index < int(m_order.size()));
    if (!series.valid() || series.m_index >= int(m_order.size()))
        qFatal("TimeChart \"%s\": a series it does not have", qPrintable(chart()->title()));
    return m_order[std::size_t(series.m_index)];
}

SeriesId TimeChart::addLine(const QString& name, const QColor& color, Qt::PenStyle style,
                            qreal width)
{
    const SeriesId id = add(name);
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
    return id;
}

SeriesId TimeChart::addSecondaryLine(const QString& name, const QColor& color,
                                     const QString& axisTitle, bool percent, Qt::PenStyle style)
{
    const SeriesId id = add(name);
    if (!m_secondary) {
        m_secondary = new QValueAxis;
        m_secondary->setTitleText(axisTitle);
        m_secondaryPercent = percent;
        if (percent) {
            // A little headroom, so a line at 100 % is not drawn on the plot's frame.
            m_secondary->setRange(0.0, 105.0);
            m_secondary->setTickType(QValueAxis::TicksDynamic);
            m_secondary->setTickAnchor(0.0);
            m_secondary->setTickInterval(25.0);
            m_secondary->setLabelFormat("%.0f %%");
        } else {
            m_secondary->setLabelFormat("%.4g");
        }
        m_secondary->setGridLineVisible(false);
        chart()->addAxis(m_secondary, Qt::AlignRight);
    }
    auto* line = new QLineSeries;
    line->setName(name);
    QPen pen(color);
    pen.setWidthF(2.0);
    pen.setStyle(style);
    line->setPen(pen);
    chart()->addSeries(line);
    line->attachAxis(m_x);
    line->attachAxis(m_secondary);
    m_lines[name] = line;
    m_pens[name] = pen;
    m_secondaryLines.push_back(name);
    return id;
}

SeriesId TimeChart::addBand(const QString& name, const QColor& color)
{
    return addArea(name, color, SeriesId(), kBandAlpha);
}

SeriesId TimeChart::addStackedArea(const QString& name, const QColor& color, SeriesId below)
{
    const SeriesId id = addArea(name, color, below, kStackedAlpha);
    m_stacked.insert(name);
    return id;
}

SeriesId TimeChart::addArea(const QString& name, const QColor& color, SeriesId below, int alpha)
{
    QLineSeries* lower = below.valid() ? m_lines.at(nameOf(below)) : nullptr;
    const SeriesId id = add(name);
    auto* upper = new QLineSeries(this);
    auto* area = new QAreaSeries(upper, lower);
    area->setName(name);
    QColor fill = color;
    fill.setAlpha(alpha);
    area->setBrush(fill);
    area->setPen(Qt::NoPen);
    chart()->addSeries(area);
    area->attachAxis(m_x);
    area->attachAxis(m_y);
    m_lines[name] = upper;
    m_areas[name] = area;
    m_brushes[name] = QBrush(fill);
    return id;
}

SeriesId TimeChart::addRangeBand(const QString& name, const QColor& color)
{
    const SeriesId id = add(name);
    auto* upper = new QLineSeries(this);
    auto* lower = new QLineSeries(this);
    auto* area = new QAreaSeries(upper, lower);
    area->setName(name);
    QColor fill = color;
    fill.setAlpha(kRangeBandAlpha);
    area->setBrush(fill);
    area->setPen(Qt::NoPen);
    chart()->addSeries(area);
    area->attachAxis(m_x);
    area->attachAxis(m_y);
    m_lines[name] = upper;
    m_lowers[name] = lower;
    m_areas[name] = area;
    m_brushes[name] = QBrush(fill);
    return id;
}

void TimeChart::setDecimation(int pixelsPerColumn, int minColumns)
{
    m_columnPixels = std::max(1, pixelsPerColumn);
    m_minColumns = std::max(1, minColumns);
}

void TimeChart::setLogY(bool log)
{
    if (log == logY()) return;
    QAbstractAxis* from = m_log ? static_cast<QAbstractAxis*>(m_log) : m_y;
    QAbstractAxis* to = nullptr;
    if (log) {
        m_log = new QLogValueAxis;
        m_log->setBase(10.0);
        m_log->setLabelFormat("%g");
        m_log->setMinorTickCount(-1);
        m_log->setTitleText(m_y->titleText() + tr(" (log)"));
        chart()->addAxis(m_log, Qt::AlignLeft);
        to = m_log;
    } else {
        to = m_y;
    }
    for (QAbstractSeries* s : chart()->series()) {
        if (!s->attachedAxes().contains(from)) continue;
        s->detachAxis(from);
        s->attachAxis(to);
    }
    m_y->setVisible(!log);
    if (!log) {
        chart()->removeAxis(m_log);
        delete m_log;
        m_log = nullptr;
    }
}

void TimeChart::setDark(bool dark)
{
    chart()->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    // setTheme() recolours the series; ours carry meaning (outcome colours), so put them back.
    for (const auto& [name, pen] : m_pens)
        m_lines[name]->setPen(pen);
    for (const auto& [name, area] : m_areas) { // bands keep their fill
        area->setPen(Qt::NoPen);
        area->setBrush(m_brushes[name]);
    }
    chart()->setMargins(QMargins(6, 4, 6, 4));
    chart()->legend()->setAlignment(Qt::AlignTop);
}

ChartAnnotations* TimeChart::annotations()
{
    if (!m_annotations) m_annotations = new ChartAnnotations(chart());
    return m_annotations;
}

QString TimeChart::csv(bool visibleOnly) const
{
    QString out =
        QStringLiteral("series,%1,value\n").arg(m_x->titleText().contains("time") ? "t_s" : "x");
    const auto rows = [this, visibleOnly, &out](const QString& name, const QLineSeries* line) {
        const QString quoted = csvField(name);
        for (const QPointF& p : line->points())
            if (!std::isnan(p.y()) && // a gap in the line, not a value
                (!visibleOnly || (p.x() >= m_x->min() && p.x() <= m_x->max())))
                out += QStringLiteral("%1,%2,%3\n")
                           .arg(quoted)
                           .arg(p.x(), 0, 'g', 10)
                           .arg(p.y(), 0, 'g', 10);
    };
    for (const QString& name : m_order) {
        if (auto lower = m_lowers.find(name); lower != m_lowers.end()) { // a band: both edges
            rows(tr("%1 (least)").arg(name), lower->second);
            rows(tr("%1 (most)").arg(name), m_lines.at(name));
        } else {
            rows(name, m_lines.at(name));
        }
    }
    return out;
}

void TimeChart::contextMenuEvent(QContextMenuEvent* event)
{
    QMenu menu(this);
    menu.addAction(tr("Export as PNG, SVG or CSV…"), this, [this] {
        exportViewInteractively(
            this, chart()->title().isEmpty() ? QStringLiteral("chart") : chart()->title(),
            [this] { return csv(); }, this);
    });
    menu.addAction(tr("Export the visible range as PNG, SVG or CSV…"), this, [this] {
        exportViewInteractively(
            this,
            (chart()->title().isEmpty() ? QStringLiteral("chart") : chart()->title()) +
                QStringLiteral(" %1-%2 s").arg(m_x->min(), 0, 'f', 0).arg(m_x->max(), 0, 'f', 0),
            [this] { return csv(true); }, this);
    });
    menu.exec(event->globalPos());
}

void TimeChart::setPoints(SeriesId series, const std::vector<QPointF>& points)
{
    const QString& name = nameOf(series);
    m_lines.find(name)->second->replace(reduce(name, points));
}

QList<QPointF> TimeChart::reduce(const QString& name, const std::vector<QPointF>& points)
{
    // Up to four points per column (first, min, max, last): a column of kPixelsPerColumn pixels
    // keeps about one point per pixel, which is all a line can show, and the stroking (the most
    // expensive part of a redraw) stays cheap.
    // Stacked areas (filled, antialiased: costlier than lines) keep a point per
    // kAreaPixelsPerColumn; bands are step functions and keep their steps like lines.
    const bool area = m_stacked.count(name) != 0;
    const int width = static_cast<int>(chart()->plotArea().width());
    QList<QPointF> reduced = area
                                 ? sample(points, std::max(50, width / kAreaPixelsPerColumn))
                                 : decimate(points, std::max(m_minColumns, width / m_columnPixels));
    const bool secondary =
        std::find(m_secondaryLines.begin(), m_secondaryLines.end(), name) != m_secondaryLines.end();
    double& top = secondary ? m_secondaryMax : m_yMax;
    if (!hiddenByUser(name)) // a hidden series leaves the y fit
        for (const QPointF& p : reduced) {
            top = std::max(top, p.y());
            if (!secondary && p.y() > 0 && (m_yMinPositive == 0.0 || p.y() < m_yMinPositive))
                m_yMinPositive = p.y();
        }
    return reduced;
}

QList<QPointF> TimeChart::reduceEdge(const QString& name, const std::vector<QPointF>& points,
                                     bool upper)
{
    const int width = static_cast<int>(chart()->plotArea().width());
    QList<QPointF> reduced =
        envelope(points, std::max(m_minColumns, width / kBandPixelsPerColumn), upper);
    if (upper && !hiddenByUser(name))
        for (const QPointF& p : reduced)
            m_yMax = std::max(m_yMax, p.y());
    return reduced;
}

void TimeChart::setAll(const std::vector<std::pair<SeriesId, const std::vector<QPointF>*>>& all,
                       double fromS, double toS, double yAtLeast,
                       const std::vector<BandFeed>& bands)
{
    // Qt Charts lays every series out again (its outline stroked) at each change of an axis,
    // and setRange changes two or three: with the series emptied first those are cheap, and
    // each series is laid out once, when it is filled.
    std::vector<std::pair<QLineSeries*, QList<QPointF>>> filled;
    for (const auto& [series, points] : all) {
        const QString& name = nameOf(series);
        filled.emplace_back(m_lines.at(name), reduce(name, *points));
    }
    for (const BandFeed& b : bands) {
        const QString& name = nameOf(b.band);
        filled.emplace_back(m_lowers.at(name), reduceEdge(name, *b.low, false));
        filled.emplace_back(m_lines.at(name), reduceEdge(name, *b.high, true));
    }
    for (auto& [line, points] : filled)
        line->clear();
    applyRange(fromS, toS, yAtLeast, 0.0);
    for (auto& [line, points] : filled)
        line->replace(points);
    emit redrawn();
}

void TimeChart::setRange(double fromS, double toS, double yAtLeast, double fixedTop)
{
    applyRange(fromS, toS, yAtLeast, fixedTop);
    emit redrawn();
}

void TimeChart::applyRange(double fromS, double toS, double yAtLeast, double fixedTop)
{
    m_x->setRange(fromS, std::max(toS, fromS + 1.0));
    if (!m_fixedXTicks) {
        // Ticks on round values (1, 2 or 5 × 10ᵏ seconds), about six of them, anchored at 0.
        const double raw = std::max(toS - fromS, 1.0) / 6.0;
        const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
        // Whole seconds at least: the labels have no decimals ("0 0 1 1 1" on an empty chart).
        const double step = std::max(1.0, raw / magnitude < 1.5   ? magnitude
                                          : raw / magnitude < 3.5 ? 2 * magnitude
                                                                  : 5 * magnitude);
        m_x->setTickType(QValueAxis::TicksDynamic);
        m_x->setTickAnchor(0.0);
        m_x->setTickInterval(step);
    }
    if (m_log) {
        // Whole decades around the data (at least one), so the ticks are 1, 10, 100, …
        const double low = m_yMinPositive > 0 ? m_yMinPositive : 1.0;
        const double bottom = std::pow(10.0, std::floor(std::log10(low)));
        const double top = std::pow(10.0, std::ceil(std::log10(std::max(m_yMax, low) * 1.05)));
        m_log->setRange(bottom, std::max(top, bottom * 10.0));
    } else if (fixedTop > 0.0) {
        m_y->setRange(0.0, fixedTop);
    } else {
        setNiceRange(m_y, 0.0, std::max(yAtLeast, m_yMax * 1.05));
    }
    m_yMax = 0.0;
    m_yMinPositive = 0.0;
    if (m_secondary && !m_secondaryPercent)
        setNiceRange(m_secondary, 0.0, std::max(1.0, m_secondaryMax * 1.05));
    m_secondaryMax = 0.0;
}

std::pair<double, double> TimeChart::xRange() const
{
    return {m_x->min(), m_x->max()};
}

bool TimeChart::shown(const QString& name) const
{
    return !m_userHidden.count(name) && !m_pageHidden.count(name);
}

void TimeChart::setHiddenByUser(const QString& name, bool hidden)
{
    if (hidden)
        m_userHidden.insert(name);
    else
        m_userHidden.erase(name);
    QAbstractSeries* series = nullptr;
    if (auto area = m_areas.find(name); area != m_areas.end())
        series = area->second;
    else if (auto line = m_lines.find(name); line != m_lines.end())
        series = line->second;
    if (series) series->setVisible(shown(name));
}

QList<QPointF> TimeChart::points(SeriesId series) const
{
    return m_lines.at(nameOf(series))->points();
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

void TimeChart::setVisible(SeriesId id, bool visible)
{
    const QString& name = nameOf(id);
    QAbstractSeries* series = nullptr;
    if (auto area = m_areas.find(name); area != m_areas.end())
        series = area->second;
    else if (auto line = m_lines.find(name); line != m_lines.end())
        series = line->second;
    if (visible)
        m_pageHidden.erase(name);
    else
        m_pageHidden.insert(name);
    // A series the user hid stays hidden, its legend entry stays to show it again.
    const bool drawn = visible && !hiddenByUser(name);
    if (!series || (series->isVisible() == drawn && !hiddenByUser(name))) return;
    series->setVisible(drawn);
    for (QLegendMarker* marker : chart()->legend()->markers(series))
        marker->setVisible(visible);
}

QList<QPointF> TimeChart::pointsNamed(const QString& name) const
{
    auto it = m_lines.find(name);
    return it == m_lines.end() ? QList<QPointF>() : it->second->points();
}

int TimeChart::pointCount(const QString& name) const
{
    auto it = m_lines.find(name);
    return it == m_lines.end() ? 0 : static_cast<int>(it->second->count());
}

void TimeChart::setTimeAxisTitle(const QString& title)
{
    m_x->setTitleText(title);
}

QString TimeChart::timeAxisTitle() const
{
    return m_x->titleText();
}

QString TimeChart::virtualTimeTitle()
{
    return tr("virtual time (s)");
}

QString TimeChart::servedTimeTitle()
{
    return tr("time since serving began (s)");
}

} // namespace reslab::ui

#include "heatmap_view.h"

#include "metric_labels.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <array>
#include <cmath>

namespace reslab::ui {

namespace {
// Margins around the cells: room for the value labels and the axis titles.
constexpr int kLeft = 92, kBottom = 58, kTop = 34, kRight = 150;
constexpr int kLegendWidth = 18;
// Cells at least this large print their value.
constexpr int kLabelMinWidth = 44, kLabelMinHeight = 20;

// viridis (matplotlib) at nine even stops, interpolated linearly between them.
constexpr std::array<QRgb, 9> kViridis = {0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c,
                                          0x28ae80, 0x5ec962, 0xaddc30, 0xfde725};

} // namespace

QString HeatmapView::valueLabel(const QJsonValue& v)
{
    // Log-spaced values (39.68419958…) print with the digits a label has room for: whole numbers
    // from 100 up, one decimal from 10, two from 1, three significant digits below.
    if (!v.isDouble()) return QString::fromStdString(paramValueText(v));
    const double x = v.toDouble();
    const double magnitude = std::abs(x);
    if (x == std::round(x) && magnitude < 1e9) return QString::number(qint64(x));
    if (magnitude >= 100) return QString::number(std::round(x), 'f', 0);
    if (magnitude >= 10) return QString::number(x, 'f', 1);
    if (magnitude >= 1) return QString::number(x, 'f', 2);
    return QString::number(x, 'g', 3);
}

HeatmapView::HeatmapView(QWidget* parent) : QWidget(parent)
{
    setMouseTracking(true);
    setMinimumSize(400, 300); // beside the Pareto chart, the page fits a 1280-pixel window
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

QColor HeatmapView::scaleColor(double fraction)
{
    fraction = std::clamp(fraction, 0.0, 1.0);
    const double at = fraction * double(kViridis.size() - 1);
    const auto i = std::min<std::size_t>(std::size_t(at), kViridis.size() - 2);
    const double t = at - double(i);
    const QColor a(kViridis[i]), b(kViridis[i + 1]);
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
                            float(a.greenF() + (b.greenF() - a.greenF()) * t),
                            float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

void HeatmapView::show(const TuningSelection& selection)
{
    m_selection = selection;
    m_cells.assign(columns() * rows(), -1);
    if (const TuningResult* r = m_selection.result.get(); r && r->paramCount() >= 2)
        for (std::size_t p = 0; p < r->pointCount(); ++p)
            m_cells[r->valueIndex(p, 0) * rows() + r->valueIndex(p, 1)] = int(p);
    update();
}

std::size_t HeatmapView::columns() const
{
    const TuningResult* r = m_selection.result.get();
    return r && r->paramCount() >= 2 ? r->plan().params[0].values.size() : 0;
}

std::size_t HeatmapView::rows() const
{
    const TuningResult* r = m_selection.result.get();
    return r && r->paramCount() >= 2 ? r->plan().params[1].values.size() : 0;
}

QRect HeatmapView::plotRect() const
{
    return rect().adjusted(kLeft, kTop, -kRight, -kBottom);
}

QRect HeatmapView::cellRect(std::size_t column, std::size_t row) const
{
    const QRect plot = plotRect();
    const double w = double(plot.width()) / double(columns());
    const double h = double(plot.height()) / double(rows());
    // Row 0 at the bottom, as on a chart's y axis.
    const int x0 = plot.left() + int(std::lround(double(column) * w));
    const int x1 = plot.left() + int(std::lround(double(column + 1) * w));
    const int y1 = plot.bottom() + 1 - int(std::lround(double(row) * h));
    const int y0 = plot.bottom() + 1 - int(std::lround(double(row + 1) * h));
    return QRect(QPoint(x0, y0), QPoint(x1 - 1, y1 - 1));
}

int HeatmapView::pointAt(const QPoint& pos) const
{
    for (std::size_t c = 0; c < columns(); ++c)
        for (std::size_t r = 0; r < rows(); ++r)
            if (cellRect(c, r).contains(pos)) return m_cells[c * rows() + r];
    return -1;
}

QPoint HeatmapView::cellCentre(std::size_t point) const
{
    const TuningResult* r = m_selection.result.get();
    if (!r || point >= r->pointCount() || r->paramCount() < 2) return {};
    return cellRect(r->valueIndex(point, 0), r->valueIndex(point, 1)).center();
}

void HeatmapView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette& pal = palette();
    painter.fillRect(rect(), pal.color(QPalette::Base));
    const TuningResult* r = m_selection.result.get();
    if (!r || columns() == 0 || rows() == 0) {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter,
                         tr("Pick two parameters and run the sweep: the heatmap fills here."));
        return;
    }
    const std::size_t metric = m_selection.metric;
    // Values print in the metric's unit (a rate in percent, as everywhere in the testbench).
    const double scale = metricUnit(r->metrics()[metric]).scale;
    double lo = INFINITY, hi = -INFINITY;
    for (int p : m_cells)
        if (p >= 0 && r->measured(std::size_t(p))) {
            const double v = r->interval(std::size_t(p), metric).mean;
            if (std::isnan(v)) continue;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    auto fraction = [&](double v) { return hi > lo ? (v - lo) / (hi - lo) : 0.5; };

    const QColor text = pal.color(QPalette::Text);
    const QFontMetrics fm(font());
    for (std::size_t c = 0; c < columns(); ++c)
        for (std::size_t row = 0; row < rows(); ++row) {
            const QRect cell = cellRect(c, row);
            const int p = m_cells[c * rows() + row];
            if (p < 0 || !r->measured(std::size_t(p))) {
                painter.fillRect(cell, pal.color(QPalette::Window));
                painter.setPen(pal.color(QPalette::PlaceholderText));
                painter.drawText(cell, Qt::AlignCenter, tr("not run"));
                continue;
            }
            const auto point = std::size_t(p);
            const double v = r->interval(point, metric).mean;
            const QColor fill =
                std::isnan(v) ? pal.color(QPalette::Window) : scaleColor(fraction(v));
            painter.fillRect(cell, fill);
            const Standing standing = r->standing(point);
            if (standing == Standing::Fails || standing == Standing::Inconclusive) {
                const QColor ink =
                    fill.lightnessF() > 0.55 ? QColor(0, 0, 0, 150) : QColor(255, 255, 255, 150);
                painter.fillRect(cell,
                                 QBrush(ink, standing == Standing::Fails ? Qt::BDiagPattern
                                                                         : Qt::Dense6Pattern));
            }
            if (cell.width() >= kLabelMinWidth && cell.height() >= kLabelMinHeight) {
                painter.setPen(fill.lightnessF() > 0.55 ? Qt::black : Qt::white);
                QRect label = cell;
                if (m_selection.best == point) label.setTop(cell.center().y());
                painter.drawText(label, Qt::AlignCenter, metricText(v * scale));
            }
            if (m_selection.best == point) {
                // A star in the cell's upper half.
                const QPointF centre(cell.center().x(),
                                     cell.top() + std::min(cell.height() / 3.0, 14.0));
                const double outer = std::min({cell.width() / 4.0, cell.height() / 4.0, 9.0});
                QPainterPath star;
                for (int k = 0; k < 10; ++k) {
                    const double radius = k % 2 ? outer * 0.45 : outer;
                    const double angle = -M_PI / 2 + k * M_PI / 5;
                    const QPointF at =
                        centre + QPointF(radius * std::cos(angle), radius * std::sin(angle));
                    k ? star.lineTo(at) : star.moveTo(at);
                }
                star.closeSubpath();
                painter.setPen(QPen(Qt::black, 1));
                painter.setBrush(Qt::white);
                painter.drawPath(star);
                painter.setBrush(Qt::NoBrush);
            }
            if (m_selection.isPicked(point) || m_hover == p) {
                painter.setPen(
                    QPen(m_selection.isPicked(point) ? text : pal.color(QPalette::Highlight),
                         m_selection.isPicked(point) ? 3 : 2));
                painter.drawRect(cell.adjusted(1, 1, -2, -2));
            }
        }

    // Axis labels: the values under their columns and beside their rows, then the titles.
    painter.setPen(text);
    const QRect plot = plotRect();
    const auto& xs = r->plan().params[0].values;
    const auto& ys = r->plan().params[1].values;
    for (std::size_t c = 0; c < columns(); ++c) {
        const QRect cell = cellRect(c, 0);
        painter.drawText(QRect(cell.left(), plot.bottom() + 4, cell.width(), fm.height()),
                         Qt::AlignHCenter | Qt::AlignTop,
                         fm.elidedText(valueLabel(xs[c]), Qt::ElideRight, cell.width()));
    }
    for (std::size_t row = 0; row < rows(); ++row) {
        const QRect cell = cellRect(0, row);
        painter.drawText(QRect(4, cell.top(), kLeft - 10, cell.height()),
                         Qt::AlignRight | Qt::AlignVCenter,
                         fm.elidedText(valueLabel(ys[row]), Qt::ElideRight, kLeft - 10));
    }
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.drawText(
        QRect(plot.left(), plot.bottom() + 6 + fm.height(), plot.width(), fm.height() + 6),
        Qt::AlignHCenter | Qt::AlignTop, paramTitle(r->plan().params[0].path.text));
    painter.save();
    painter.translate(14, plot.center().y());
    painter.rotate(-90);
    painter.drawText(
        QRect(-plot.height() / 2, -fm.height() / 2 - 2, plot.height(), fm.height() + 4),
        Qt::AlignCenter, paramTitle(r->plan().params[1].path.text));
    painter.restore();
    const QRect titleRect(8, 6, width() - 16, kTop - 10);
    const QString title = tr("%1, mean of %2 seeds (%3 is better)")
                              .arg(metricTitle(r->metrics()[metric]))
                              .arg(r->plan().seeds.size())
                              .arg(m_selection.maximize ? tr("higher") : tr("lower"));
    painter.drawText(titleRect, Qt::AlignHCenter | Qt::AlignVCenter,
                     QFontMetrics(bold).elidedText(title, Qt::ElideRight, titleRect.width()));
    painter.setFont(font());
    paintLegend(painter, QRect(plot.right() + 16, plot.top(), kRight - 20, plot.height()),
                lo * scale, hi * scale);
}

void HeatmapView::paintLegend(QPainter& painter, const QRect& area, double lo, double hi)
{
    const QPalette& pal = palette();
    const QFontMetrics fm(font());
    // The colour bar, low at the bottom, with five labelled ticks.
    const int barHeight = std::max(60, area.height() - 4 * (fm.height() + 8));
    const QRect bar(area.left(), area.top(), kLegendWidth, barHeight);
    for (int y = 0; y < bar.height(); ++y)
        painter.fillRect(QRect(bar.left(), bar.bottom() - y, bar.width(), 1),
                         scaleColor(double(y) / double(std::max(1, bar.height() - 1))));
    painter.setPen(pal.color(QPalette::Mid));
    painter.drawRect(bar.adjusted(0, 0, -1, -1));
    painter.setPen(pal.color(QPalette::Text));
    constexpr int kTicks = 5;
    for (int k = 0; k < kTicks; ++k) {
        const double f = double(k) / (kTicks - 1);
        const int y = bar.bottom() - int(std::lround(f * (bar.height() - 1)));
        painter.drawLine(bar.right() + 1, y, bar.right() + 4, y);
        const double v = std::isfinite(lo) ? lo + f * (hi - lo) : NAN;
        painter.drawText(QRect(bar.right() + 7, y - fm.height() / 2,
                               area.width() - kLegendWidth - 7, fm.height()),
                         Qt::AlignLeft | Qt::AlignVCenter, metricText(v));
    }
    // What the marks mean.
    int y = bar.bottom() + 12;
    auto swatch = [&](const QBrush& overlay, const QString& label) {
        const QRect box(area.left(), y, kLegendWidth, fm.height());
        painter.fillRect(box, scaleColor(0.5));
        if (overlay.style() != Qt::NoBrush) painter.fillRect(box, overlay);
        painter.setPen(pal.color(QPalette::Mid));
        painter.drawRect(box.adjusted(0, 0, -1, -1));
        painter.setPen(pal.color(QPalette::Text));
        painter.drawText(QRect(box.right() + 7, y, area.width() - kLegendWidth - 7, fm.height()),
                         Qt::AlignLeft | Qt::AlignVCenter, label);
        y += fm.height() + 6;
    };
    swatch(QBrush(QColor(255, 255, 255, 150), Qt::BDiagPattern), tr("fails"));
    swatch(QBrush(QColor(255, 255, 255, 150), Qt::Dense6Pattern), tr("inconclusive"));
    painter.drawText(QRect(area.left(), y, area.width(), fm.height()),
                     Qt::AlignLeft | Qt::AlignVCenter, tr("★ best feasible"));
}

void HeatmapView::mouseMoveEvent(QMouseEvent* event)
{
    const int p = pointAt(event->pos());
    if (p != m_hover) {
        m_hover = p;
        update();
    }
    const TuningResult* r = m_selection.result.get();
    if (p >= 0 && r)
        QToolTip::showText(event->globalPosition().toPoint(),
                           r->pointTooltip(std::size_t(p), m_selection.metric), this);
    else
        QToolTip::hideText();
    setCursor(p >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
}

void HeatmapView::mousePressEvent(QMouseEvent* event)
{
    const int p = pointAt(event->pos());
    if (event->button() == Qt::LeftButton && p >= 0) emit pointClicked(p, event->modifiers());
}

void HeatmapView::leaveEvent(QEvent*)
{
    m_hover = -1;
    update();
}

} // namespace reslab::ui

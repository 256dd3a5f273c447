#include "chart_annotations.h"

#include <QChart>
#include <QFontMetricsF>
#include <QPainter>
#include <QValueAxis>
#include <algorithm>

namespace reslab::ui {

namespace {
// Above the series (whose items sit at small z values in Qt Charts) so marks are never hidden,
// translucent so the lines under a span stay readable.
constexpr qreal kAnnotationZ = 100.0;
constexpr int kSpanAlpha = 38;
constexpr int kHatchAlpha = 90;
constexpr qreal kProbeSize = 7.0; // the triangle's width in pixels: visible at any zoom
constexpr qreal kLabelPad = 3.0;
constexpr int kLabelBackAlpha = 225; // labels stay readable over bands and hatching
// Lanes: 5 px still reads as a strip at a glance; all lanes together take at most this share of
// the plot's height, so a zone of hosts out at once leaves the lines above them readable.
constexpr qreal kThinLanePx = 5.0;
constexpr qreal kLaneGapPx = 1.0;
constexpr qreal kMaxLanesShare = 0.3;
constexpr int kLaneTrackAlpha = 20; // the lane's colour where it is empty: whose lane it is
constexpr int kLaneFillAlpha = 215; // solid where it holds: nothing else on the chart is
constexpr int kLaneEdgeAlpha = 150; // the stretch's ends across the plot, solid
} // namespace

ChartAnnotations::ChartAnnotations(QChart* chart) : QGraphicsObject(chart), m_chart(chart)
{
    setZValue(kAnnotationZ);
    setAcceptedMouseButtons(Qt::NoButton); // the chart below keeps its interactions
    connect(chart, &QChart::plotAreaChanged, this, [this] {
        prepareGeometryChange();
        update();
    });
    watchAxes();
}

void ChartAnnotations::watchAxes()
{
    for (QValueAxis* a : {axis(Qt::Horizontal), axis(Qt::Vertical)})
        if (a) connect(a, &QValueAxis::rangeChanged, this, [this] { update(); });
}

QValueAxis* ChartAnnotations::axis(Qt::Orientation o) const
{
    // The left axis for levels: the first vertical one the chart was given.
    for (QAbstractAxis* a : m_chart->axes(o))
        if (auto* v = qobject_cast<QValueAxis*>(a);
            v && (o == Qt::Horizontal || v->alignment() == Qt::AlignLeft))
            return v;
    return nullptr;
}

void ChartAnnotations::setSpans(std::vector<TimeSpan> spans)
{
    m_spans = std::move(spans);
    update();
}
void ChartAnnotations::setStateSpans(std::vector<TimeSpan> spans)
{
    m_stateSpans = std::move(spans);
    update();
}
void ChartAnnotations::setMarks(std::vector<TimeMark> marks)
{
    m_marks = std::move(marks);
    update();
}
void ChartAnnotations::setLevels(std::vector<LevelLine> levels)
{
    m_levels = std::move(levels);
    update();
}
void ChartAnnotations::setLanes(std::vector<TimeLane> lanes, bool labelled)
{
    m_lanes = std::move(lanes);
    m_lanesLabelled = labelled;
    update();
}

qreal ChartAnnotations::laneHeight() const
{
    if (m_lanes.empty()) return 0.0;
    // Tall enough for a label, or thin: a lane squeezed between the two could show neither.
    const qreal labelled = QFontMetricsF(m_chart->font()).height() + 2;
    const qreal room = m_chart->plotArea().height() * kMaxLanesShare / qreal(m_lanes.size());
    const qreal wanted = m_lanesLabelled && labelled <= room - kLaneGapPx ? labelled : kThinLanePx;
    return std::max(2.0, std::min(wanted, room - kLaneGapPx));
}

void ChartAnnotations::setSelected(std::optional<TimeMark> mark)
{
    m_selected = std::move(mark);
    update();
}

bool ChartAnnotations::darkTheme() const
{
    // The chart themes paint their background with a gradient, whose brush colour reads black
    // in both: the title's ink tells the theme instead (light ink on a dark chart).
    return m_chart->titleBrush().color().lightness() > 128;
}

QColor ChartAnnotations::labelBackground() const
{
    QColor back = darkTheme() ? QColor(0x26, 0x28, 0x2c) : QColor(Qt::white);
    back.setAlpha(kLabelBackAlpha);
    return back;
}

QRectF ChartAnnotations::boundingRect() const
{
    return m_chart->plotArea().adjusted(-2, -2, 2, 2);
}

std::optional<double> ChartAnnotations::xOf(double s) const
{
    const QValueAxis* x = axis(Qt::Horizontal);
    const QRectF plot = m_chart->plotArea();
    if (!x || x->max() <= x->min() || s < x->min() || s > x->max()) return std::nullopt;
    return plot.left() + (s - x->min()) / (x->max() - x->min()) * plot.width();
}

void ChartAnnotations::paintSpan(QPainter* p, const TimeSpan& s, const QRectF& plot,
                                 std::optional<qreal> labelTop) const
{
    const QValueAxis* x = axis(Qt::Horizontal);
    const double from = std::max(s.fromS, x->min());
    const double to = std::min(s.toS, x->max());
    if (to <= from) return;
    const double scale = plot.width() / (x->max() - x->min());
    const QRectF r(plot.left() + (from - x->min()) * scale, plot.top(), (to - from) * scale,
                   plot.height());
    if (!labelTop) {
        QColor fill = s.color;
        fill.setAlpha(s.pattern == Qt::SolidPattern ? kSpanAlpha : kHatchAlpha);
        // Without antialiasing: the rectangle is axis-aligned anyway, and an antialiased
        // pattern fill took a tenth of the Hosts view's redraw.
        p->setRenderHint(QPainter::Antialiasing, false);
        p->fillRect(r, QBrush(fill, s.pattern));
        p->setRenderHint(QPainter::Antialiasing, true);
        QColor edge = s.color;
        edge.setAlpha(140);
        p->setPen(QPen(edge, 1.0, Qt::DotLine));
        p->drawLine(r.topLeft(), r.bottomLeft());
        p->drawLine(r.topRight(), r.bottomRight());
        return;
    }
    if (s.label.isEmpty()) return;
    // The label in the span's top left; only when it fits (a phase's label may run past it).
    const QFontMetricsF fm(p->font());
    // A hatched span's label stays inside it, elided; too narrow for a word, it has none.
    const QString text =
        s.pattern == Qt::SolidPattern
            ? s.label
            : fm.elidedText(s.label, Qt::ElideRight, r.width() - 2 * kLabelPad - 2);
    if (text.size() < 3) return;
    const qreal w = fm.horizontalAdvance(text) + 2 * kLabelPad;
    const QRectF box(r.left() + 1, *labelTop, w, fm.height());
    p->fillRect(box, labelBackground());
    const QColor ink =
        darkTheme() ? s.color.lighter(130) : s.color.darker(s.color.lightness() > 160 ? 160 : 100);
    p->setPen(ink);
    p->drawText(box.adjusted(kLabelPad, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft, text);
}

void ChartAnnotations::paintMark(QPainter* p, const TimeMark& m, const QRectF& plot) const
{
    const std::optional<double> at = xOf(m.atS);
    if (!at) return;
    const qreal x = *at;
    switch (m.shape) {
    case TimeMark::Shape::Probe: {
        p->setPen(QPen(m.color.darker(130), 1.0));
        p->setBrush(m.color);
        const QPointF tri[3] = {QPointF(x - kProbeSize / 2, plot.top()),
                                QPointF(x + kProbeSize / 2, plot.top()),
                                QPointF(x, plot.top() + kProbeSize)};
        p->drawPolygon(tri, 3);
        p->setPen(QPen(m.color, 2.0));
        p->drawLine(QPointF(x, plot.top() + kProbeSize), QPointF(x, plot.top() + 3 * kProbeSize));
        return;
    }
    case TimeMark::Shape::Line:
    case TimeMark::Shape::Selected: {
        const bool selected = m.shape == TimeMark::Shape::Selected;
        p->setPen(QPen(m.color, selected ? 3.0 : 1.5, selected ? Qt::SolidLine : Qt::DashLine));
        p->drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        if (m.label.isEmpty()) return;
        const QFontMetricsF fm(p->font());
        const qreal w = fm.horizontalAdvance(m.label) + 2 * kLabelPad;
        // Beside the line, on the side with room, near the bottom (spans label the top).
        const qreal left = x + w + 4 <= plot.right() ? x + 3 : x - w - 3;
        const QRectF box(left, plot.bottom() - fm.height() - (selected ? 2 * fm.height() : 4), w,
                         fm.height());
        p->fillRect(box, labelBackground());
        p->setPen(darkTheme() ? m.color.lighter(150) : m.color.darker(115)); // readable on its box
        p->drawText(box.adjusted(kLabelPad, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft, m.label);
        return;
    }
    }
}

void ChartAnnotations::paintLanes(QPainter* p, const QRectF& plot) const
{
    const QValueAxis* x = axis(Qt::Horizontal);
    const double scale = plot.width() / (x->max() - x->min());
    const qreal h = laneHeight();
    p->save();
    p->setFont(m_chart->font()); // as laneHeight() measured it
    const QFontMetricsF fm(p->font());
    p->setRenderHint(QPainter::Antialiasing, false);
    for (std::size_t i = 0; i < m_lanes.size(); ++i) {
        const TimeLane& lane = m_lanes[i];
        const qreal top = plot.bottom() - qreal(i + 1) * (h + kLaneGapPx);
        QColor track = lane.color;
        track.setAlpha(kLaneTrackAlpha);
        p->fillRect(QRectF(plot.left(), top, plot.width(), h), track);
        QColor fill = lane.color;
        fill.setAlpha(kLaneFillAlpha);
        // Ink that reads on the fill: dark on light host colours (olive, cyan), else white.
        const QColor ink = lane.color.lightness() > 150 ? QColor(0x20, 0x20, 0x20) : Qt::white;
        for (const auto& [fromS, toS] : lane.stretches) {
            const double from = std::max(fromS, x->min());
            const double to = std::min(toS, x->max());
            if (to <= from) continue;
            // At least a pixel: an ejection of a few seconds in a day's view still shows.
            const QRectF r(plot.left() + (from - x->min()) * scale, top,
                           std::max(1.0, (to - from) * scale), h);
            p->fillRect(r, fill);
            if (lane.label.isEmpty() || h < fm.height() - 1) continue;
            const QString text =
                fm.elidedText(lane.label, Qt::ElideRight, r.width() - 2 * kLabelPad);
            if (text.size() < 3) continue;
            p->setPen(ink);
            p->drawText(r.adjusted(kLabelPad, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft, text);
        }
    }
    p->restore();
}

void ChartAnnotations::paint(QPainter* p, const QStyleOptionGraphicsItem*, QWidget*)
{
    const QValueAxis* x = axis(Qt::Horizontal);
    if (!x || x->max() <= x->min()) return;
    const QRectF plot = m_chart->plotArea();
    p->save();
    p->setClipRect(plot.adjusted(-1, -1, 1, 1));
    p->setRenderHint(QPainter::Antialiasing);
    // Fills first, then levels and marks, then the spans' labels over everything (a label under
    // the hatching or a probe tick could not be read).
    for (const TimeSpan& s : m_spans)
        paintSpan(p, s, plot, std::nullopt);
    for (const TimeSpan& s : m_stateSpans)
        paintSpan(p, s, plot, std::nullopt);
    // A lane's stretches begin and end across the whole plot too, solid, so the moment a host's
    // lines drop is tied to its lane below (a phase's edges are dotted).
    for (const TimeLane& lane : m_lanes) {
        QColor edge = lane.color;
        edge.setAlpha(kLaneEdgeAlpha);
        p->setPen(QPen(edge, 1.0));
        for (const auto& [fromS, toS] : lane.stretches)
            for (const double at : {fromS, toS})
                if (const std::optional<double> px = xOf(at))
                    p->drawLine(QPointF(*px, plot.top()), QPointF(*px, plot.bottom()));
    }
    if (const QValueAxis* y = axis(Qt::Vertical); y && y->max() > y->min()) {
        const QFontMetricsF fm(p->font());
        for (const LevelLine& l : m_levels) {
            if (l.value < y->min()) continue;
            // A bound above the data stays in view as a label on the top edge, pointing up.
            const bool above = l.value > y->max();
            const QString label = above ? l.label + QStringLiteral(" ↑") : l.label;
            const qreal py = above ? plot.top()
                                   : plot.bottom() - (l.value - y->min()) / (y->max() - y->min()) *
                                                         plot.height();
            if (!above) {
                p->setPen(QPen(l.color, 1.5, Qt::DashDotLine));
                p->drawLine(QPointF(plot.left(), py), QPointF(plot.right(), py));
            }
            const qreal w = fm.horizontalAdvance(label) + 2 * kLabelPad;
            const QRectF box(plot.right() - w - 2,
                             above ? plot.top() + 1
                                   : std::max(plot.top() + 1, py - fm.height() - 1),
                             w, fm.height());
            p->fillRect(box, labelBackground());
            p->setPen(l.color);
            p->drawText(box.adjusted(kLabelPad, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft, label);
        }
    }
    for (const TimeMark& m : m_marks)
        paintMark(p, m, plot);
    if (!m_lanes.empty()) paintLanes(p, plot);
    if (m_selected) paintMark(p, *m_selected, plot);
    // Labels start below the probe ticks on the top edge; spans whose times overlap get theirs
    // on separate rows, the breaker's state spans on the row after them.
    const bool probes = std::any_of(m_marks.begin(), m_marks.end(), [](const TimeMark& m) {
        return m.shape == TimeMark::Shape::Probe;
    });
    const qreal rowHeight = QFontMetricsF(p->font()).height() + 2;
    const qreal top = plot.top() + 1 + (probes ? 3 * kProbeSize + 2 : 0);
    std::vector<double> ends; // end of each label row's last span
    for (const TimeSpan& s : m_spans) {
        std::size_t row = 0;
        while (row < ends.size() && ends[row] > s.fromS)
            ++row;
        if (row == ends.size())
            ends.push_back(s.toS);
        else
            ends[row] = s.toS;
        paintSpan(p, s, plot, top + qreal(row) * rowHeight);
    }
    // State spans (a breaker's frozen windows, hosts' ejections) on the rows after those, again
    // a row per overlap (hosts ejected at different moments, out together).
    const std::size_t first = ends.size();
    std::vector<double> stateEnds;
    for (const TimeSpan& s : m_stateSpans) {
        std::size_t row = 0;
        while (row < stateEnds.size() && stateEnds[row] > s.fromS)
            ++row;
        if (row == stateEnds.size())
            stateEnds.push_back(s.toS);
        else
            stateEnds[row] = s.toS;
        paintSpan(p, s, plot, top + qreal(first + row) * rowHeight);
    }
    p->restore();
}

} // namespace reslab::ui

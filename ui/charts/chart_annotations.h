#pragma once
// What a time chart explains besides its series, drawn over its plot area: spans of time shaded
// and labelled (an endpoint's outage, a load spike, a breaker's open wait, hatched), lanes along
// the plot's bottom edge (a host's ejections, a strip per host), marks at instants (a breaker's
// transitions, its half-open probes, the selected transition) and level lines (an expectation's
// bound). It follows the chart's axes, so it needs no feeding on redraws:
// set what to show when it changes. Pure drawing: what the marks mean is for run_annotations.h.

#include <QColor>
#include <QGraphicsObject>
#include <QString>
#include <optional>
#include <vector>

class QChart;
class QValueAxis;

namespace reslab::ui {

struct TimeSpan
{
    double fromS = 0.0;
    double toS = 0.0;
    QString label; // drawn at the span's top left when it fits
    QColor color;
    Qt::BrushStyle pattern = Qt::SolidPattern; // hatched: a span where the data does not move
};

struct TimeMark
{
    enum class Shape
    {
        Line,  // a vertical line over the plot (a transition)
        Probe, // a triangle on the top edge and a short tick (a half-open probe)
        Selected
    };
    double atS = 0.0;
    QColor color;
    Shape shape = Shape::Line;
    QString label; // drawn beside a Line or Selected mark when there is room
};

// A strip along the bottom of the plot, filled where something held (a host was ejected): lanes
// stack upwards from the x axis, one per subject, so stretches of different subjects never cover
// each other or the spans shaded over the whole plot height (a phase).
struct TimeLane
{
    QColor color;
    std::vector<std::pair<double, double>> stretches; // [from, to] in seconds, filled
    QString label; // written inside each stretch when the lane is tall enough and it fits
};

struct LevelLine
{
    double value = 0.0; // on the left y axis
    QString label;
    QColor color;
};

class ChartAnnotations : public QGraphicsObject
{
    Q_OBJECT
public:
    // Draws over `chart`'s plot area (as a child item of the chart) and repaints with its axes.
    explicit ChartAnnotations(QChart* chart);

    // Each layer is set whole; layers are independent so pages can own one each.
    void setSpans(std::vector<TimeSpan> spans);      // scenario phases and rate changes
    void setStateSpans(std::vector<TimeSpan> spans); // a breaker's frozen windows
    void setMarks(std::vector<TimeMark> marks);      // transitions and probes
    void setLevels(std::vector<LevelLine> levels);   // expectations' bounds
    // Lanes from the bottom edge up; with `labelled`, tall enough for their labels, else thin.
    void setLanes(std::vector<TimeLane> lanes, bool labelled);
    void setSelected(std::optional<TimeMark> mark); // the selected transition

    const std::vector<TimeSpan>& spans() const { return m_spans; }
    const std::vector<TimeSpan>& stateSpans() const { return m_stateSpans; }
    const std::vector<TimeMark>& marks() const { return m_marks; }
    const std::vector<LevelLine>& levels() const { return m_levels; }
    const std::vector<TimeLane>& lanes() const { return m_lanes; }
    // Each lane's height in pixels at the current plot size (0 without lanes).
    qreal laneHeight() const;
    const std::optional<TimeMark>& selected() const { return m_selected; }
    // Where an instant is drawn in the chart's coordinates; none when it is off the visible range.
    std::optional<double> xOf(double s) const;

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option,
               QWidget* widget = nullptr) override;

private:
    // Its fill, or with `labelTop` only its label, at that height.
    void paintSpan(QPainter* p, const TimeSpan& s, const QRectF& plot,
                   std::optional<qreal> labelTop) const;
    void paintMark(QPainter* p, const TimeMark& m, const QRectF& plot) const;
    void paintLanes(QPainter* p, const QRectF& plot) const;
    void watchAxes();
    bool darkTheme() const;
    QColor labelBackground() const;
    QValueAxis* axis(Qt::Orientation o) const;

    QChart* m_chart;
    std::vector<TimeSpan> m_spans;
    std::vector<TimeSpan> m_stateSpans;
    std::vector<TimeMark> m_marks;
    std::vector<LevelLine> m_levels;
    std::vector<TimeLane> m_lanes;
    bool m_lanesLabelled = false;
    std::optional<TimeMark> m_selected;
};

} // namespace reslab::ui

#pragma once
// A live chart of values over virtual time (seconds on x), for the testbench's views. Lines are
// fed with one replace() per redraw (never append(): it is O(N) per point in Qt 6.4), decimated
// to the chart's pixel width. Animations stay off; OpenGL stays off (it crashes offscreen).

#include <QChartView>
#include <QColor>
#include <QList>
#include <QPointF>
#include <map>
#include <set>
#include <vector>

class QAreaSeries;
class QLineSeries;
class QLogValueAxis;
class QValueAxis;

namespace reslab::ui {

class ChartAnnotations;

// A series of one chart, as returned when it was added: the only way to feed or show it, so a
// misspelt series cannot exist. A default-constructed one is invalid and using it is a bug that
// stops the program at once (Q_ASSERT in debug builds, qFatal otherwise).
class SeriesId
{
public:
    SeriesId() = default;
    bool valid() const { return m_index >= 0; }
    bool operator==(const SeriesId&) const = default;

private:
    friend class TimeChart;
    explicit SeriesId(int index) : m_index(index) {}
    int m_index = -1;
};

class TimeChart : public QChartView
{
    Q_OBJECT
public:
    explicit TimeChart(const QString& title, const QString& yTitle, QWidget* parent = nullptr);
    ~TimeChart() override;

    // Declares a line; lines are drawn in the order they are added. Names (the legend's) are
    // unique within a chart.
    SeriesId addLine(const QString& name, const QColor& color, Qt::PenStyle style = Qt::SolidLine,
                     qreal width = 2.0);
    // A line on a second y axis at the right: 0 … 100 % when `percent` (utilization next to
    // counts), else fitted to its data (rejections per second next to percentages).
    SeriesId addSecondaryLine(const QString& name, const QColor& color, const QString& axisTitle,
                              bool percent, Qt::PenStyle style = Qt::SolidLine);
    // A band: the area under a step line, translucent, behind the lines (a breaker's state).
    SeriesId addBand(const QString& name, const QColor& color);
    // A stacked area between `below` (another stacked area; invalid for zero) and this one's
    // points, which must be the running total (failures per second stacked by outcome).
    SeriesId addStackedArea(const QString& name, const QColor& color, SeriesId below);
    // A band between two lines, translucent, behind the lines: the range several series span
    // (the hosts of a fleet without lines of their own, from the least to the most of them).
    SeriesId addRangeBand(const QString& name, const QColor& color);
    // Replaces a series' points (x in seconds of virtual time). A NaN y leaves a gap in a line
    // (where there is no value: a host that answered nothing while it was ejected).
    void setPoints(SeriesId series, const std::vector<QPointF>& points);
    // Every series of `all` fed and the range set, as setPoints for each then setRange, at a
    // fraction of the cost when a chart has many lines (a fleet's hosts): each is laid out once.
    // Areas are not for this (their lower series are not fed here).
    // A range band's edges, fed with setAll: each is kept as its envelope (the most, or the
    // least, per column of pixels), so the band covers every value under it.
    struct BandFeed
    {
        SeriesId band;
        const std::vector<QPointF>* low = nullptr;
        const std::vector<QPointF>* high = nullptr;
    };
    void setAll(const std::vector<std::pair<SeriesId, const std::vector<QPointF>*>>& all,
                double fromS, double toS, double yAtLeast = 1.0,
                const std::vector<BandFeed>& bands = {});
    // Lines keep up to four points per `pixelsPerColumn` pixels of the plot (at least
    // `minColumns` columns): 4 and 100 by default, about a point per pixel. Small multiples with
    // many lines draw coarser (Qt Charts strokes every line's outline again on every redraw).
    void setDecimation(int pixelsPerColumn, int minColumns);
    // Sets the visible x range (virtual seconds) and fits y to the data (at least [0, yAtLeast]);
    // with fixedTop > 0, y is exactly [0, fixedTop] (percentages).
    void setRange(double fromS, double toS, double yAtLeast = 1.0, double fixedTop = 0.0);
    // The time axis's title: the run's virtual time, or the wall time of served traffic.
    void setTimeAxisTitle(const QString& title);
    QString timeAxisTitle() const;
    static QString virtualTimeTitle();
    static QString servedTimeTitle();
    // Shows or hides a series and its legend entry.
    void setVisible(SeriesId series, bool visible);
    QList<QPointF> points(SeriesId series) const;
    // By legend name, for tests and benchmarks: 0 when the chart has no such series.
    int pointCount(const QString& name) const;
    QList<QPointF> pointsNamed(const QString& name) const;
    int seriesCount() const { return int(m_order.size()); }
    const std::vector<QString>& seriesNames() const { return m_order; } // in the order added
    void setXTitle(const QString& title);
    // A label format, and a fixed number of ticks (0: round values chosen with the range).
    void setXAxis(const char* labelFormat, int tickCount);
    // The left axis on a log scale (latency, whose tail spans decades), or back to linear. Values
    // must be positive on a log scale (QLogValueAxis draws nothing otherwise): callers leave gaps.
    void setLogY(bool log);
    bool logY() const { return m_log != nullptr; }
    // Light or dark: the chart theme, with every line keeping its own colour and style.
    void setDark(bool dark);
    // The points on screen as CSV: series,x,value (x in the x axis's unit); with visibleOnly,
    // only those inside the visible x range.
    QString csv(bool visibleOnly = false) const;
    // The x axis's range.
    std::pair<double, double> xRange() const;
    // Series the user hid with a legend click: they stay hidden (whatever the page shows), leave
    // the y fit and the crosshair's readout (chart_interaction.h).
    bool hiddenByUser(const QString& name) const { return m_userHidden.count(name) != 0; }
    void setHiddenByUser(const QString& name, bool hidden);
    // Drawn: neither hidden by the page (no data) nor by the user.
    bool shown(const QString& name) const;

    // Phases, marks and level lines drawn over the plot (chart_annotations.h), made on first use.
    ChartAnnotations* annotations();
    ChartAnnotations* annotationsIfAny() const { return m_annotations; }

signals:
    // After every setRange(): the data and the range on screen changed.
    void redrawn();

protected:
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    // The points a series keeps of `points` (decimated), noted in the y fit.
    QList<QPointF> reduce(const QString& name, const std::vector<QPointF>& points);
    // A range band's edge as its envelope, noted in the y fit.
    QList<QPointF> reduceEdge(const QString& name, const std::vector<QPointF>& points, bool upper);
    void applyRange(double fromS, double toS, double yAtLeast, double fixedTop);
    SeriesId addArea(const QString& name, const QColor& color, SeriesId below, int alpha);
    SeriesId add(const QString& name);
    const QString& nameOf(SeriesId series) const;

    std::map<QString, QLineSeries*> m_lines;
    std::map<QString, QPen> m_pens;
    std::map<QString, QAreaSeries*> m_areas;  // bands and stacked areas, by name
    std::map<QString, QLineSeries*> m_lowers; // a range band's lower edge (m_lines: its upper)
    std::map<QString, QBrush> m_brushes;
    std::set<QString> m_stacked; // stacked areas (sampled coarser than lines and bands)
    std::vector<QString> m_order;
    QValueAxis* m_x = nullptr;
    QValueAxis* m_y = nullptr;
    QValueAxis* m_secondary = nullptr;
    QLogValueAxis* m_log = nullptr;
    double m_yMinPositive = 0.0;
    bool m_secondaryPercent = false;
    double m_secondaryMax = 0.0;
    std::vector<QString> m_secondaryLines;
    double m_yMax = 0.0;
    bool m_fixedXTicks = false;
    int m_columnPixels = 4; // setDecimation (kPixelsPerColumn, kMinColumns in the .cpp)
    int m_minColumns = 100;
    std::set<QString> m_userHidden;
    std::set<QString> m_pageHidden;
    ChartAnnotations* m_annotations = nullptr; // a child item of the chart
};

} // namespace reslab::ui

#pragma once
// What makes a TimeChart an instrument, kept apart from its drawing: time zoom and pan that go
// through the window's time model (so every linked chart follows), a crosshair at the model's
// cursor with every visible series' value there, and legend entries that hide and show their
// series. Gestures (PlotJuggler's): the wheel zooms time around the pointer; a left drag selects
// a range to show; Ctrl+left drag or a middle drag pans; a click puts the cursor there; a
// double-click goes back to following the run at the default span.

#include <QObject>
#include <QPoint>
#include <QString>
#include <vector>

class QGraphicsLineItem;
class QGraphicsRectItem;
class QGraphicsSimpleTextItem;
class QRubberBand;

namespace reslab::ui {

class TimeChart;
class TimeModel;

class ChartInteraction : public QObject
{
    Q_OBJECT
public:
    ChartInteraction(TimeChart& chart, TimeModel& time);

    // The readout at the cursor as shown: "name: value" lines, in the chart's series order.
    QString readout() const;
    // The time at a viewport position, through the chart's x axis.
    double timeAt(QPoint viewportPos) const;
    // A wheel notch zooms by this factor (PlotJuggler's magnifier uses about the same).
    static constexpr double kWheelZoom = 0.8;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void refresh(); // the crosshair and its readout, for the cursor and the data on screen
    void connectMarkers();
    void toggle(const QString& series);

    TimeChart& m_chart;
    TimeModel& m_time;
    QGraphicsLineItem* m_line = nullptr;
    QGraphicsRectItem* m_box = nullptr;
    QGraphicsSimpleTextItem* m_text = nullptr;
    QRubberBand* m_band = nullptr;
    QPoint m_press{-1, -1};
    QPoint m_last;
    bool m_panning = false;
};

// Stacked charts (Endpoint, Limit, Latency) share one plot rectangle's left and right edges, so an
// instant sits at the same x in each: Qt Charts sizes each plot area from its own axis labels, so
// after every redraw (coalesced) and resize each chart is laid out on its own, then all are given
// the innermost edges of the stack (QChart::setPlotArea).
class PlotAligner : public QObject
{
    Q_OBJECT
public:
    explicit PlotAligner(QObject* parent) : QObject(parent) {}
    void add(TimeChart* chart);
    void align();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void schedule();
    std::vector<TimeChart*> m_charts;
    bool m_pending = false;
};

} // namespace reslab::ui

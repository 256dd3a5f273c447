#pragma once
// Keeps every legend entry of a TimeChart readable: Qt Charts lays a top legend out on one row
// and, when the entries do not fit, elides each label ("failure th…", "reached …": the Circuit
// breaker view at 1280×800). While the shown entries fit the chart's width the legend stays on
// top (charts stacked on a page keep their plot areas wide); when they would be elided it moves
// to the right of the plot, one entry per line, each in full. Re-checked on every resize and
// redraw (entries come and go with the data and the runs compared).

#include <QObject>

namespace reslab::ui {

class TimeChart;

class LegendFit : public QObject
{
    Q_OBJECT
public:
    explicit LegendFit(TimeChart& chart); // a child of the chart
    // The width the shown entries take on one row, in pixels (an estimate on the safe side:
    // each label's text, its marker and Qt's padding around both).
    int rowWidth() const;
    void fit();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    TimeChart& m_chart;
};

} // namespace reslab::ui

#pragma once
// A page of time charts whose series are made per run: built for the model's runs, and built
// again when the runs change (a comparison starts or stops), so every run has its series and no
// series is looked up by name.

#include "page.h"
#include "time_chart.h"

#include <map>
#include <vector>

class QVBoxLayout;

namespace reslab::ui {
class EmptyState;
}

namespace reslab::ui {

class PlotAligner;

class ChartPage : public Page
{
    Q_OBJECT
public:
    ChartPage(ViewId id, LiveModel& model, QWidget* parent = nullptr);

    // The page's chart by its key ("traffic", "attempt-latency"), for export and tests.
    TimeChart* chart(const QString& key) const;
    std::vector<TimeChart*> charts() const;
    void setDark(bool dark);
    QString csv() const override;

protected:
    // Makes the charts (through makeChart) and their series for the model's runs.
    virtual void build() = 0;
    // Called from the subclass's constructor, once it can build.
    void rebuild();
    TimeChart* makeChart(const QString& key, const QString& title, const QString& yTitle);
    // Where build() puts widgets other than charts (pickers above, panels below), in order.
    QVBoxLayout* content() const { return m_content; }
    // The time model's visible range: what every time chart shows.
    double visibleFrom() const;
    // Before a run has data, each chart is covered by a message saying what fills it.
    void updateEmptyState();
    double visibleTo() const;

private:
    QWidget* m_container = nullptr;
    QVBoxLayout* m_content = nullptr;
    std::vector<std::pair<QString, TimeChart*>> m_charts;
    std::vector<EmptyState*> m_empty; // one over each chart
    PlotAligner* m_aligner = nullptr; // the stacked charts' plot areas, aligned
    bool m_dark = false;
};

} // namespace reslab::ui

#pragma once
// The timeline strip under the views: the whole run at a glance (attempts and failures per pixel
// column, breaker transitions as ticks), the visible range as a band, the cursor as a line. Drag
// to choose a range, click to move the cursor, ←/→ to step it (Shift: a second), F or the Follow
// button to follow the run again. A cheap custom painter (hotspot's timeline), not a chart: one
// mapping between x and time serves painting and hit-testing alike.

#include <QWidget>
#include <vector>

class QToolButton;

namespace reslab::ui {

class LiveModel;
class TimeModel;

class TimelineStrip : public QWidget
{
    Q_OBJECT
public:
    explicit TimelineStrip(LiveModel& model, QWidget* parent = nullptr);

    // x ↔ time over the whole run (the strip's width, less its margins).
    double timeAt(double x) const;
    double xAt(double t) const;
    QSize sizeHint() const override { return {400, kHeight}; }
    static constexpr int kHeight = 44;

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    // The overview has a column per pixel: a new width needs new columns.
    void resizeEvent(QResizeEvent* event) override;

private:
    void refresh(); // recomputes the overview columns (on a redraw of the model)

    LiveModel& m_model;
    TimeModel& m_time;
    struct Column
    {
        double attempts = 0.0;
        double failures = 0.0;
    };
    std::vector<Column> m_columns;
    double m_peak = 1.0;
    double m_extent = 1.0; // the run's length when the columns were made
    int m_pressX = -1;
    int m_dragX = -1;
};

// The strip with its Follow button and the range in words, to put under the views.
class TimelineBar : public QWidget
{
    Q_OBJECT
public:
    explicit TimelineBar(LiveModel& model, QWidget* parent = nullptr);
    TimelineStrip* strip() const { return m_strip; }
    QToolButton* followButton() const { return m_follow; }

private:
    TimelineStrip* m_strip;
    QToolButton* m_follow;
};

// `views` with the timeline bar under it, as one widget (the window's central widget).
QWidget* withTimeline(QWidget* views, LiveModel& model);

} // namespace reslab::ui

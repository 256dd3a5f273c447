#pragma once
// The window's one time state (PlotJuggler's tracker time and hotspot's time range in one
// object): the run's extent, the visible range every time chart shows, the cursor instant the
// Attempts and Events pages follow, and follow mode (during a run the range keeps to the newest
// time). Owned by the live model, so every page that has the model has it. Setters clamp,
// normalise and return early when nothing changed: applying a range never re-emits it, which
// breaks the echo between linked views.

#include <QObject>

namespace reslab::ui {

class TimeModel : public QObject
{
    Q_OBJECT
public:
    // What follow mode shows: the newest ten virtual minutes (the charts' span before the run's
    // whole history was kept; enough for an outage and its recovery at a readable scale).
    static constexpr double kDefaultSpanS = 600.0;
    // The narrowest range a zoom reaches: ten 100 ms rows, the live timeline's resolution.
    static constexpr double kMinSpanS = 1.0;
    // An arrow key moves the cursor by one live row (100 ms); with Shift by a second.
    static constexpr double kStepS = 0.1;

    explicit TimeModel(QObject* parent = nullptr);

    double end() const { return m_end; } // the newest time of the run (its start is 0)
    double from() const { return m_from; }
    double to() const { return m_to; }
    double span() const { return m_to - m_from; }
    bool following() const { return m_follow; }
    bool hasCursor() const { return m_cursor >= 0.0; }
    double cursor() const { return m_cursor; } // negative: no cursor

    // The run reached `end` seconds (while following, the range moves with it).
    void setEnd(double end);
    // A fresh run: extent 0, following with the default span, no cursor.
    void reset();
    // A range the user chose (zoom, pan, a drag on the timeline): leaves follow mode.
    void setView(double from, double to);
    // Zooms by `factor` (< 1 in) keeping `anchor` where it is on screen.
    void zoom(double anchor, double factor);
    void pan(double seconds);
    // Back to follow mode; the span is kept (the default span with `defaultSpan`).
    void follow(bool defaultSpan = false);
    void setCursor(double t);
    void clearCursor();
    void stepCursor(int steps);

signals:
    void endChanged(double end);
    void viewChanged(double from, double to);
    void followChanged(bool following);
    void cursorChanged(double t);

private:
    void followRange();
    void apply(double from, double to);
    void setFollowing(bool follow);

    double m_end = 0.0;
    double m_from = 0.0;
    double m_to = kDefaultSpanS;
    double m_followSpan = kDefaultSpanS;
    double m_cursor = -1.0;
    bool m_follow = true;
};

} // namespace reslab::ui

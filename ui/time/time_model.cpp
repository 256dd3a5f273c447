#include "time_model.h"

#include <algorithm>
#include <cmath>

namespace reslab::ui {

TimeModel::TimeModel(QObject* parent) : QObject(parent) {}

void TimeModel::setEnd(double end)
{
    if (!std::isfinite(end) || end == m_end) return;
    m_end = std::max(0.0, end);
    emit endChanged(m_end);
    if (m_follow) followRange();
}

void TimeModel::reset()
{
    m_end = 0.0;
    m_followSpan = kDefaultSpanS;
    m_cursor = -1.0;
    emit endChanged(m_end);
    emit cursorChanged(m_cursor);
    setFollowing(true);
    followRange();
}

void TimeModel::setView(double from, double to)
{
    if (!std::isfinite(from) || !std::isfinite(to)) return;
    if (to < from) std::swap(from, to);
    // Clamp to the run (and at least the minimum span), keeping the span when it fits.
    const double limit = std::max(m_end, kMinSpanS);
    double span = std::clamp(to - from, kMinSpanS, std::max(limit, kMinSpanS));
    from = std::clamp(from, 0.0, std::max(0.0, limit - span));
    setFollowing(false);
    apply(from, from + span);
}

void TimeModel::zoom(double anchor, double factor)
{
    if (!std::isfinite(anchor) || !(factor > 0.0)) return;
    anchor = std::clamp(anchor, m_from, m_to);
    setView(anchor - (anchor - m_from) * factor, anchor + (m_to - anchor) * factor);
}

void TimeModel::pan(double seconds)
{
    if (!std::isfinite(seconds) || seconds == 0.0) return;
    setView(m_from + seconds, m_to + seconds);
}

void TimeModel::follow(bool defaultSpan)
{
    m_followSpan = defaultSpan ? kDefaultSpanS : std::max(span(), kMinSpanS);
    setFollowing(true);
    followRange();
}

void TimeModel::setCursor(double t)
{
    if (!std::isfinite(t)) return;
    t = std::clamp(t, 0.0, m_end);
    if (t == m_cursor) return;
    m_cursor = t;
    emit cursorChanged(m_cursor);
}

void TimeModel::clearCursor()
{
    if (m_cursor < 0.0) return;
    m_cursor = -1.0;
    emit cursorChanged(m_cursor);
}

void TimeModel::stepCursor(int steps)
{
    const double start = hasCursor() ? m_cursor : m_from;
    setCursor(start + steps * kStepS);
    // Keep the cursor on screen: the range moves with it (a user action, so no follow).
    if (m_cursor < m_from)
        setView(m_cursor, m_cursor + span());
    else if (m_cursor > m_to)
        setView(m_cursor - span(), m_cursor);
}

void TimeModel::followRange()
{
    // The newest span, or the run so far while it is shorter (as a run's first seconds always
    // looked: the range grows from 0).
    const double from = std::max(0.0, m_end - m_followSpan);
    apply(from, std::max(m_end, from + kMinSpanS));
}

void TimeModel::apply(double from, double to)
{
    if (from == m_from && to == m_to) return;
    m_from = from;
    m_to = to;
    emit viewChanged(m_from, m_to);
}

void TimeModel::setFollowing(bool follow)
{
    if (follow == m_follow) return;
    m_follow = follow;
    emit followChanged(m_follow);
}

} // namespace reslab::ui

#pragma once
// One colour per outcome, shared by every view (the Hystrix dashboard's spirit: green for
// success, red for failures, blue for short-circuited calls, orange for timeouts, purple for
// rejections), so an outcome looks the same in the attempts timeline, the event log and the panels.

#include "metrics/outcome.h"

#include <QColor>
#include <QString>

namespace reslab::ui {

inline QColor outcomeColor(Outcome o)
{
    static const QColor colors[kOutcomeCount] = {
        QColor("#2e9e44"), // ok
        QColor("#d62728"), // error
        QColor("#8c564b"), // fatal
        QColor("#ff7f0e"), // timeout
        QColor("#bcbd22"), // rate_limited
        QColor("#9467bd"), // rejected
        QColor("#e377c2"), // reset
        QColor("#17becf"), // conflict
        QColor("#1f77b4"), // breaker_open
        QColor("#7b4173"), // bulkhead_full
        QColor("#637939"), // throttled
        QColor("#843c39"), // budget_exhausted
        QColor("#7f7f7f"), // cancelled
    };
    return colors[static_cast<std::size_t>(o)];
}

inline QString outcomeLabel(Outcome o)
{
    return QString::fromLatin1(outcomeName(o).data(), qsizetype(outcomeName(o).size()));
}

} // namespace reslab::ui

#pragma once
// One colour per outcome, shared by every view (the Hystrix dashboard's spirit: green for
// success, red for failures, blue for short-circuited calls, orange for timeouts, purple for
// rejections), so an outcome looks the same in the attempts timeline, the event log and the panels.

#include "metrics/outcome.h"
#include "palette.h"

#include <QColor>
#include <QString>

namespace reslab::ui {

inline QColor outcomeColor(Outcome o)
{
    static const QColor colors[kOutcomeCount] = {
        palette::kGreen,   // ok
        palette::kRed,     // error
        QColor("#8c564b"), // fatal
        palette::kOrange,  // timeout
        QColor("#bcbd22"), // rate_limited
        palette::kPurple,  // rejected
        QColor("#e377c2"), // reset
        QColor("#17becf"), // conflict
        palette::kBlue,    // breaker_open
        QColor("#7b4173"), // bulkhead_full
        QColor("#637939"), // throttled
        QColor("#843c39"), // budget_exhausted
        palette::kGrey,    // cancelled
        QColor("#393b79"), // limited
    };
    return colors[static_cast<std::size_t>(o)];
}

inline QString outcomeLabel(Outcome o)
{
    return QString::fromLatin1(outcomeName(o).data(), qsizetype(outcomeName(o).size()));
}

} // namespace reslab::ui

#pragma once
// The engine's names as the testbench shows them.

#include "metrics/breaker_state.h"

#include <QString>
#include <string_view>

namespace reslab::ui {

inline QString fromView(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

// "half_open", as the summary and the CLI write it.
inline QString stateName(BreakerState s)
{
    return fromView(breakerStateName(s));
}

} // namespace reslab::ui

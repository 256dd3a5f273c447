#pragma once
// The colours of the data the views draw, in one place (the categorical palette of d3/matplotlib,
// which reads in the light and the dark theme alike). Outcomes have their own table in
// outcome_style.h, built from these; the window's own colours are the theme's (theme.cpp).

#include <QColor>

namespace reslab::ui::palette {

inline const QColor kBlue{0x1f, 0x77, 0xb4};   // offered load, medians, the main line
inline const QColor kRed{0xd6, 0x27, 0x28};    // failures, maxima, problems
inline const QColor kGreen{0x2e, 0x9e, 0x44};  // successes, a closed breaker
inline const QColor kLime{0x2c, 0xa0, 0x2c};   // low percentiles
inline const QColor kOrange{0xff, 0x7f, 0x0e}; // timeouts, high percentiles
inline const QColor kAmber{0xff, 0x99, 0x00};  // half-open, warnings
inline const QColor kPurple{0x94, 0x67, 0xbd}; // rejections, comparisons
inline const QColor kGrey{0x7f, 0x7f, 0x7f};   // attempts, what is off

} // namespace reslab::ui::palette

#pragma once
// The colours of the data the views draw, in one place (the categorical palette of d3/matplotlib,
// which reads in the light and the dark theme alike). Outcomes have their own table in
// outcome_style.h, built from these; the window's own colours are the theme's (theme.cpp).

#include <QColor>
#include <array>
#include <cstddef>

namespace reslab::ui::palette {

inline const QColor kBlue{0x1f, 0x77, 0xb4};   // offered load, medians, the main line
inline const QColor kRed{0xd6, 0x27, 0x28};    // failures, maxima, problems
inline const QColor kGreen{0x2e, 0x9e, 0x44};  // successes, a closed breaker
inline const QColor kLime{0x2c, 0xa0, 0x2c};   // low percentiles
inline const QColor kOrange{0xff, 0x7f, 0x0e}; // timeouts, high percentiles
inline const QColor kAmber{0xff, 0x99, 0x00};  // half-open, warnings
inline const QColor kPurple{0x94, 0x67, 0xbd}; // rejections, comparisons
inline const QColor kGrey{0x7f, 0x7f, 0x7f};   // attempts, what is off

// The hosts of a fleet (the Hosts page): host h in kHosts[h % 10], d3's category10, so the first
// hosts' colours are those the other views use for their main lines.
inline const std::array<QColor, 10> kHosts = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e),
                                              QColor(0x2c, 0xa0, 0x2c), QColor(0xd6, 0x27, 0x28),
                                              QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                                              QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f),
                                              QColor(0xbc, 0xbd, 0x22), QColor(0x17, 0xbe, 0xcf)};
inline QColor hostColor(std::size_t host)
{
    return kHosts[host % kHosts.size()];
}

} // namespace reslab::ui::palette

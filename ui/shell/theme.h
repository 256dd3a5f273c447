#pragma once
// The light and dark themes: Qt's Fusion style with a matching palette, so every widget, the
// painted views and the charts (TimeChart::setDark) agree.

class QApplication;

namespace reslab::ui {

enum class Theme
{
    Light,
    Dark
};

void applyTheme(Theme theme);

} // namespace reslab::ui

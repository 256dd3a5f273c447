#pragma once
// What the testbench keeps between sessions, with QSettings (~/.config/Resilience Lab/…): the
// window's geometry and dock layout, the theme, the speed and the recent files. The keys are
// spelled here only.

#include <QByteArray>
#include <QStringList>

class QMainWindow;

namespace reslab::ui {

class WindowSettings
{
public:
    static constexpr int kMaxRecentFiles = 8;

    static void restoreLayout(QMainWindow& window);
    static void saveLayout(const QMainWindow& window);
    static bool dark();
    static void setDark(bool dark);
    static double speed(double fallback);
    static void setSpeed(double speed);
    // Newest first, absolute paths, at most kMaxRecentFiles.
    static QStringList recentFiles();
    static void addRecentFile(const QString& path);
};

} // namespace reslab::ui

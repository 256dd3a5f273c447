#include "window_settings.h"

#include <QFileInfo>
#include <QMainWindow>
#include <QSettings>

namespace reslab::ui {

namespace {
constexpr const char* kGeometryKey = "window/geometry";
constexpr const char* kStateKey = "window/state";
constexpr const char* kRecentKey = "files/recent";
constexpr const char* kThemeKey = "view/dark";
constexpr const char* kSpeedKey = "run/speed";
} // namespace

void WindowSettings::restoreLayout(QMainWindow& window)
{
    const QSettings settings;
    window.restoreGeometry(settings.value(kGeometryKey).toByteArray());
    window.restoreState(settings.value(kStateKey).toByteArray());
}

void WindowSettings::saveLayout(const QMainWindow& window)
{
    QSettings settings;
    settings.setValue(kGeometryKey, window.saveGeometry());
    settings.setValue(kStateKey, window.saveState());
}

bool WindowSettings::dark()
{
    return QSettings().value(kThemeKey, false).toBool();
}

void WindowSettings::setDark(bool dark)
{
    QSettings().setValue(kThemeKey, dark);
}

double WindowSettings::speed(double fallback)
{
    return QSettings().value(kSpeedKey, fallback).toDouble();
}

void WindowSettings::setSpeed(double speed)
{
    QSettings().setValue(kSpeedKey, speed);
}

QStringList WindowSettings::recentFiles()
{
    return QSettings().value(kRecentKey).toStringList();
}

void WindowSettings::addRecentFile(const QString& path)
{
    QSettings settings;
    QStringList recent = settings.value(kRecentKey).toStringList();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > kMaxRecentFiles)
        recent.removeLast();
    settings.setValue(kRecentKey, recent);
}

} // namespace reslab::ui

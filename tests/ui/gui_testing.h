#pragma once
// Helpers shared by the testbench's GUI suites (offscreen platform).

#include "main_window.h"
#include "scenario_editor.h"
#include "view_navigator.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QSize>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <functional>

namespace reslab::ui::testing {

// The rows of a screenshot test: both sizes the GUI is judged at, light and dark.
inline void addScreenshotRows()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<bool>("dark");
    QTest::addRow("1280x800-light") << QSize(1280, 800) << false;
    QTest::addRow("1280x800-dark") << QSize(1280, 800) << true;
    QTest::addRow("1920x1080-light") << QSize(1920, 1080) << false;
    QTest::addRow("1920x1080-dark") << QSize(1920, 1080) << true;
}

inline QString screenshotDir()
{
    const QString dir = QDir(QCoreApplication::applicationDirPath()).filePath("screenshots");
    QDir().mkpath(dir);
    return dir;
}

// Writes `json` into `name` in `dir`; the file's path, or "" when it could not be written.
inline QString writeScenarioFile(const QTemporaryDir& dir, const QString& name, const char* json)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(json) < 0) return {};
    return path;
}

// Runs the open scenario to its end as fast as possible.
inline bool runToEnd(MainWindow& window)
{
    QSignalSpy finished(&window, &MainWindow::runFinished);
    window.setSpeed(0.0);
    window.play();
    return finished.wait(120'000);
}

// Shows each view there is a tab for in turn and redraws it (only the visible view is redrawn
// during a run).
inline void visitEveryView(MainWindow& window,
                           const std::function<void(int, const QString&)>& atView = {})
{
    for (int i = 0; i < window.views()->count(); ++i) {
        if (!window.views()->isTabVisible(i)) continue; // Compare, while not comparing
        window.views()->setCurrentIndex(i);
        window.redrawNow();
        QCoreApplication::processEvents();
        if (atView) atView(i, window.views()->tabText(i).toLower().replace(' ', '-'));
    }
}

inline int retryIndex(const ScenarioEditor& editor)
{
    const QJsonArray pipeline = editor.document().value("pipeline").toArray();
    for (int i = 0; i < pipeline.size(); ++i)
        if (pipeline[i].toObject().value("type") == "retry") return i;
    return -1;
}

inline void typeInto(QWidget* field, const QString& text)
{
    auto* line = qobject_cast<QLineEdit*>(field);
    QVERIFY(line);
    line->setFocus();
    line->selectAll();
    QTest::keyClicks(line, text);
}

} // namespace reslab::ui::testing

// A GUI suite's main: the offscreen platform unless one is set, a fixed DPI so screenshots are
// comparable, and settings in a test location, never the user's.
#define RESLAB_UI_TEST_MAIN(TestClass)                                                             \
    int main(int argc, char** argv)                                                                \
    {                                                                                              \
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))                                        \
            qputenv("QT_QPA_PLATFORM", "offscreen");                                               \
        QApplication::setAttribute(Qt::AA_Use96Dpi);                                               \
        QApplication app(argc, argv);                                                              \
        QCoreApplication::setOrganizationName(QStringLiteral("ResilienceLabTests"));               \
        QCoreApplication::setApplicationName(QStringLiteral(#TestClass));                          \
        QStandardPaths::setTestModeEnabled(true);                                                  \
        TestClass test;                                                                            \
        return QTest::qExec(&test, argc, argv);                                                    \
    }

// The testbench window on the offscreen platform: each preset runs to the end, every live view
// receives points, the breaker demo opens and closes, an invalid scenario is refused with the
// validator's message; and a PNG of each view is written for a look (build/…/screenshots/).

#include "backoff_designer.h"
#include "main_window.h"
#include "time_chart.h"

#include <QApplication>
#include <QDir>
#include <QDoubleSpinBox>
#include <QComboBox>
#include <QListWidget>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace reslab::ui;

class TestMainWindow : public QObject
{
    Q_OBJECT
private slots:
    void presetRunsFeedEveryView_data()
    {
        QTest::addColumn<QString>("preset");
        QTest::addRow("outage") << "outage-and-recovery";
        QTest::addRow("steady") << "steady-flaky-api";
        QTest::addRow("storm") << "retry-storm-overload";
    }

    void presetRunsFeedEveryView()
    {
        QFETCH(QString, preset);
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        QVERIFY(window.openScenario(":/presets/" + preset + ".json"));
        QSignalSpy finished(&window, &MainWindow::runFinished);
        window.setSpeed(0.0);
        window.play();
        QVERIFY(finished.wait(120'000));
        window.redrawNow();
        for (const char* chart : {"traffic", "latency", "amplification", "endpoints"})
            QVERIFY2(window.chart(chart)->pointCount(chart == QString("latency") ? "p99" : window.chart(chart)->chart()->series().first()->name()) > 10, chart);
        if (preset == "outage-and-recovery") {
            const auto& t = window.store().transitions();
            QVERIFY(std::any_of(t.begin(), t.end(), [](const auto& x) { return x.to == "open"; }));
            QCOMPARE(QString::fromStdString(t.back().to), QStringLiteral("closed"));
            QVERIFY(window.chart("breaker")->pointCount("failure rate") > 10);
        }
        // Screenshots of every view, for a person to look at.
        const QString dir = QDir(QCoreApplication::applicationDirPath()).filePath("screenshots");
        QDir().mkpath(dir);
        for (int i = 0; i < window.views()->count(); ++i) {
            window.views()->setCurrentIndex(i);
            window.redrawNow();
            QCoreApplication::processEvents();
            const QString name = preset + "-" + window.views()->tabText(i).toLower().replace(' ', '-') + ".png";
            QVERIFY(window.grab().save(QDir(dir).filePath(name)));
        }
    }

    void everyPresetFeedsTheViews_data()
    {
        QTest::addColumn<QString>("path");
        const QDir presets(":/presets");
        for (const QString& name : presets.entryList({"*.json"}, QDir::Files, QDir::Name))
            QTest::addRow("%s", qPrintable(name)) << presets.filePath(name);
    }

    void everyPresetFeedsTheViews()
    {
        // Three virtual seconds of each bundled preset, a step at a time.
        QFETCH(QString, path);
        MainWindow window;
        QVERIFY2(window.openScenario(path), qPrintable(window.lastError()));
        for (int i = 0; i < 3; ++i) window.step();
        QTRY_VERIFY_WITH_TIMEOUT(window.store().nowS() >= 3.0 || window.finished(), 30'000);
        window.redrawNow();
        QVERIFY(window.chart("traffic")->pointCount("offered") >= 10);
        QVERIFY(window.chart("endpoints")->pointCount("in service") >= 10);
        QVERIFY(window.chart("amplification")->pointCount("attempts ÷ requests") >= 1);
    }

    void designerFollowsItsForm()
    {
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        QVERIFY(window.openScenario(":/presets/steady-flaky-api.json"));
        BackoffDesigner* designer = window.designer();
        const QList<QPointF> before = designer->delayChart()->points("median");
        QCOMPARE(before.size(), 3); // 4 attempts: 3 retries
        // Redrawn synchronously on the change (its time is a benchmark matter, not a test's).
        designer->multiplierField()->setValue(3.0);
        const QList<QPointF> after = designer->delayChart()->points("median");
        QCOMPARE(after.size(), 3);
        QVERIFY(after[2].y() > before[2].y() * 1.5); // 100·3² vs 100·2² before jitter
        // The herd: no jitter piles every retry into one bin; full jitter spreads them.
        designer->compareJitterField()->setCurrentIndex(0);
        double peakNone = 0, peakFull = 0;
        for (const QPointF& p : designer->herdChart()->points("compared")) peakNone = std::max(peakNone, p.y());
        for (const QPointF& p : designer->herdChart()->points("this jitter")) peakFull = std::max(peakFull, p.y());
        QCOMPARE(peakNone, double(BackoffDesigner::kHerd));
        QVERIFY(peakFull < peakNone / 5);
        window.views()->setCurrentWidget(designer);
        QCoreApplication::processEvents();
        const QString dir = QDir(QCoreApplication::applicationDirPath()).filePath("screenshots");
        QDir().mkpath(dir);
        QVERIFY(window.grab().save(QDir(dir).filePath("backoff-designer.png")));
    }

    void invalidScenarioIsRefusedWithTheMessage()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("broken.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format": "resilience-lab.scenario/1", "duration_s": -1})");
        f.close();
        MainWindow window;
        QVERIFY(!window.openScenario(path));
        QVERIFY2(window.lastError().contains("duration_s: must be >"), qPrintable(window.lastError()));
    }
};

int main(int argc, char** argv)
{
    // A headless platform unless one is set, and a fixed DPI, so screenshots are comparable.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication::setAttribute(Qt::AA_Use96Dpi);
    QApplication app(argc, argv);
    TestMainWindow test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_main_window.moc"

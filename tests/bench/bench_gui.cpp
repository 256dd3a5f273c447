// GUI smoothness benchmark (not part of ctest): the testbench window runs a 10,000 requests/s
// scenario for 3,600 virtual seconds "as fast as possible" while a 10 ms timer on the UI thread
// measures how late the event loop serves it. Prints the worst and 99th-percentile event-loop
// latency, redraws per second, the most points any chart series held, and the resident memory
// as the run goes (it must stay flat once the views' buffers are full).
//   bench_gui [SCENARIO] [--view NAME]   (NAME: a tab, e.g. traffic, events; default: cycle them)
// Runs on the offscreen platform unless QT_QPA_PLATFORM is set.

#include "backoff_designer.h"
#include "designer_page.h"
#include "main_window.h"
#include "pages/designer_page.h"
#include "time_chart.h"
#include "view_navigator.h"

#include <QApplication>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLineSeries>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unistd.h>
#include <vector>

using namespace reslab::ui;

namespace {
constexpr int kProbeIntervalMs = 10;       // the UI-thread timer whose lateness is measured
constexpr double kViewSwitchSeconds = 2.0; // wall seconds on each view when cycling
constexpr double kMemorySampleEveryS = 300.0;

double residentMiB()
{
    QFile statm("/proc/self/statm");
    if (!statm.open(QIODevice::ReadOnly)) return 0.0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1
               ? fields[1].toDouble() * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0)
               : 0.0;
}

int mostPoints(const MainWindow& window)
{
    int most = 0;
    for (const char* name : {"traffic", "amplification", "latency", "attempt-latency", "breaker",
                             "endpoints", "host-calls", "host-latency"})
        if (TimeChart* c = window.chart(name))
            for (QAbstractSeries* s : c->chart()->series())
                if (auto* line = qobject_cast<QXYSeries*>(s))
                    most = std::max(most, int(line->count()));
    return most;
}
} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName("ResilienceLabBench");
    QString path = RESLAB_BENCH_DIR "/gui-10k.json";
    QString onlyView;
    for (int i = 1; i < argc; ++i) {
        if (QString(argv[i]) == "--view" && i + 1 < argc)
            onlyView = argv[++i];
        else
            path = argv[i];
    }
    MainWindow window;
    window.resize(1280, 800);
    window.show();
    if (!window.openScenario(path)) {
        std::fprintf(stderr, "%s\n", qPrintable(window.lastError()));
        return 2;
    }
    int fixedTab = -1;
    for (int i = 0; i < window.views()->count(); ++i)
        if (!onlyView.isEmpty() &&
            window.views()->tabText(i).toLower().startsWith(onlyView.toLower()))
            fixedTab = i;
    window.views()->setCurrentIndex(fixedTab >= 0 ? fixedTab : 0);

    std::vector<double> lateness;
    QElapsedTimer sinceProbe, wall, sinceSwitch;
    double lastMemoryAt = -kMemorySampleEveryS;
    std::vector<std::pair<double, double>> memory; // (virtual s, MiB)
    int points = 0;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(kProbeIntervalMs);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        lateness.push_back(
            std::max(0.0, double(sinceProbe.nsecsElapsed()) / 1e6 - kProbeIntervalMs));
        sinceProbe.start();
        points = std::max(points, mostPoints(window));
        const double now = window.store().nowS();
        if (now - lastMemoryAt >= kMemorySampleEveryS) {
            memory.emplace_back(now, residentMiB());
            lastMemoryAt = now;
        }
        if (fixedTab < 0 && double(sinceSwitch.elapsed()) > kViewSwitchSeconds * 1000) {
            window.views()->setCurrentIndex((window.views()->currentIndex() + 1) %
                                            window.views()->count());
            sinceSwitch.start();
        }
    });
    QObject::connect(&window, &MainWindow::runFinished, &app,
                     [&] { QTimer::singleShot(100, &app, &QCoreApplication::quit); });
    window.setSpeed(0.0);
    const int redrawsBefore = window.redrawCount();
    wall.start();
    sinceProbe.start();
    sinceSwitch.start();
    probe.start();
    window.play();
    app.exec();
    const double seconds = double(wall.elapsed()) / 1000.0;
    memory.emplace_back(window.store().nowS(), residentMiB());

    std::sort(lateness.begin(), lateness.end());
    const double worst = lateness.empty() ? 0.0 : lateness.back();
    const double p99 =
        lateness.empty() ? 0.0 : lateness[std::size_t(0.99 * double(lateness.size() - 1))];
    std::printf("scenario            %s\n", qPrintable(path));
    std::printf("virtual time        %.0f s in %.1f s of wall time (%.0f× real time)\n",
                window.store().nowS(), seconds, window.store().nowS() / seconds);
    std::printf("event-loop latency  worst %.1f ms, p99 %.1f ms over %zu probes of %d ms\n", worst,
                p99, lateness.size(), kProbeIntervalMs);
    std::printf("redraws             %.1f per second (%d in all)\n",
                (window.redrawCount() - redrawsBefore) / seconds,
                window.redrawCount() - redrawsBefore);
    std::printf("points per series   at most %d\n", points);
    // The backoff designer redraws synchronously on every change: time 50 multiplier changes.
    BackoffDesigner* designer = window.page<DesignerPage>()->widget();
    window.views()->setCurrentWidget(window.page<DesignerPage>());
    QCoreApplication::processEvents();
    double worstDesignerMs = 0, sumDesignerMs = 0;
    constexpr int kDesignerChanges = 50;
    for (int i = 0; i < kDesignerChanges; ++i) {
        QElapsedTimer t;
        t.start();
        designer->multiplierField()->setValue(1.5 + 0.05 * i);
        designer->repaint(); // the charts paint too, as they would on screen
        const double ms = double(t.nsecsElapsed()) / 1e6;
        worstDesignerMs = std::max(worstDesignerMs, ms);
        sumDesignerMs += ms;
    }
    std::printf(
        "backoff designer    redraw after a change: mean %.1f ms, worst %.1f ms over %d changes\n",
        sumDesignerMs / kDesignerChanges, worstDesignerMs, kDesignerChanges);
    // Every sample for a short run; for a long one (bench/gui-24h.json), one per virtual hour.
    const double every = memory.size() > 30 ? 3600.0 : 0.0;
    std::printf("resident memory    ");
    for (const auto& [t, mib] : memory)
        if (every == 0.0 || std::fmod(t, every) < kMemorySampleEveryS ||
            &mib == &memory.back().second)
            std::printf(" %.0f s: %.1f MiB;", t, mib);
    std::printf("\n");
    return 0;
}

#include "main_window.h"

#include "run/live_run.h"
#include "scenario/scenario_io.h"
#include "backoff_designer.h"
#include "time_chart.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QFileDialog>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QThread>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>

namespace reslab::ui {

namespace {
// Hystrix dashboard colours for outcomes (semantics.md), reused across views.
const QColor kOk("#2e9e44");
const QColor kFailure("#d62728");
const QColor kOffered("#1f77b4");
const QColor kAttempts("#7f7f7f");
const QColor kAmber("#ff9900");
const QColor kPurple("#9467bd");

struct Speed
{
    const char* label;
    double value;
};
constexpr Speed kSpeeds[] = {{"0.1×", 0.1}, {"1×", 1.0}, {"10×", 10.0}, {"100×", 100.0}, {"1000×", 1000.0},
                             {"As fast as possible", LiveRun::kFastest}};
} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setWindowTitle(tr("Resilience Lab"));
    m_thread = new QThread(this);
    m_run = new LiveRun;
    m_run->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_run, &QObject::deleteLater);
    connect(m_run, &LiveRun::snapshotReady, this, &MainWindow::onSnapshot, Qt::QueuedConnection);
    m_thread->start();

    m_redrawTimer = new QTimer(this);
    m_redrawTimer->setSingleShot(true);
    m_redrawTimer->setInterval(kSnapshotIntervalMs);
    connect(m_redrawTimer, &QTimer::timeout, this, &MainWindow::redraw);

    buildViews();
    buildActions();
    updateControls();
    resize(1280, 800);
}

MainWindow::~MainWindow()
{
    m_thread->quit();
    m_thread->wait();
}

void MainWindow::buildActions()
{
    auto* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open Scenario…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open Scenario"), QString(), tr("Scenarios (*.json)"));
        if (!path.isEmpty()) openScenario(path);
    });
    open->setShortcut(QKeySequence::Open);
    auto* presets = menuBar()->addMenu(tr("&Presets"));
    const QDir dir(QStringLiteral(":/presets"));
    for (const QString& name : dir.entryList({"*.json"}, QDir::Files, QDir::Name)) {
        const QString path = dir.filePath(name);
        const ScenarioLoad load = loadScenarioFile(path.toStdString());
        const QString title = load.scenario ? QString::fromStdString(load.scenario->name) : name;
        QAction* a = presets->addAction(title, this, [this, path] { openScenario(path); });
        if (load.scenario) a->setStatusTip(QString::fromStdString(load.scenario->description));
    }
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    auto* bar = addToolBar(tr("Run"));
    bar->setObjectName("runToolbar");
    bar->addAction(open);
    bar->addSeparator();
    m_runAction = bar->addAction(tr("Run"), this, [this] {
        if (m_running) QMetaObject::invokeMethod(m_run, "pause", Qt::QueuedConnection);
        else play();
    });
    m_runAction->setShortcut(Qt::Key_Space);
    m_stepAction = bar->addAction(tr("Step 1 s"), this, &MainWindow::step);
    m_resetAction = bar->addAction(tr("Reset"), this, &MainWindow::reset);
    bar->addSeparator();
    bar->addWidget(new QLabel(tr(" Speed ")));
    m_speed = new QComboBox;
    for (const Speed& s : kSpeeds) m_speed->addItem(tr(s.label), s.value);
    m_speed->setCurrentIndex(1);
    connect(m_speed, &QComboBox::currentIndexChanged, this, [this](int) {
        QMetaObject::invokeMethod(m_run, "setSpeed", Qt::QueuedConnection, Q_ARG(double, m_speed->currentData().toDouble()));
    });
    bar->addWidget(m_speed);
    bar->addWidget(new QLabel(tr("  Seed ")));
    m_seed = new QSpinBox;
    m_seed->setRange(0, 2'000'000'000);
    m_seed->setToolTip(tr("Every random number of the run derives from the seed; Reset applies a new one."));
    bar->addWidget(m_seed);
    bar->addSeparator();
    m_clock = new QLabel;
    m_clock->setMinimumWidth(160);
    bar->addWidget(m_clock);
}

void MainWindow::buildViews()
{
    m_tabs = new QTabWidget;
    auto make = [this](const QString& key, const QString& title, const QString& y) {
        auto* chart = new TimeChart(title, y);
        m_charts[key] = chart;
        return chart;
    };
    TimeChart* traffic = make("traffic", tr("Traffic"), tr("per second"));
    traffic->addLine(tr("offered"), kOffered);
    traffic->addLine(tr("attempts"), kAttempts, Qt::DashLine);
    traffic->addLine(tr("ok"), kOk);
    traffic->addLine(tr("failures"), kFailure);
    m_tabs->addTab(traffic, tr("Traffic"));

    TimeChart* amplification = make("amplification", tr("Amplification"), tr("attempts per request"));
    amplification->addLine(tr("attempts ÷ requests"), kPurple);
    m_tabs->addTab(amplification, tr("Amplification"));

    TimeChart* latency = make("latency", tr("End-to-end latency of the requests that ended"), tr("ms"));
    latency->addLine(tr("p50"), kOffered);
    latency->addLine(tr("p99"), kFailure);
    m_tabs->addTab(latency, tr("Latency"));

    auto* breakerPage = new QSplitter(Qt::Vertical);
    TimeChart* breaker = make("breaker", tr("Circuit breaker"), tr("% of calls in the window"));
    breaker->addLine(tr("open"), QColor(214, 39, 40, 160), Qt::SolidLine, 6.0);
    breaker->addLine(tr("half-open"), QColor(255, 153, 0, 200), Qt::SolidLine, 6.0);
    breaker->addLine(tr("failure rate"), kFailure);
    breaker->addLine(tr("failure threshold"), kFailure, Qt::DashLine, 1.0);
    breaker->addLine(tr("slow-call rate"), kAmber);
    breakerPage->addWidget(breaker);
    m_transitions = new QListWidget;
    m_transitions->setToolTip(tr("Every transition with the numbers that decided it"));
    breakerPage->addWidget(m_transitions);
    breakerPage->setStretchFactor(0, 3);
    breakerPage->setStretchFactor(1, 1);
    m_tabs->addTab(breakerPage, tr("Circuit breaker"));

    TimeChart* endpoints = make("endpoints", tr("Target endpoint"), tr("calls"));
    endpoints->addLine(tr("in service"), kOffered);
    endpoints->addLine(tr("queued"), kAmber);
    m_tabs->addTab(endpoints, tr("Endpoint"));

    m_designer = new BackoffDesigner;
    m_tabs->addTab(m_designer, tr("Backoff designer"));

    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::scheduleRedraw);
    setCentralWidget(m_tabs);
    statusBar()->showMessage(tr("Open a scenario or pick a preset to begin."));
}

TimeChart* MainWindow::chart(const QString& name) const
{
    auto it = m_charts.find(name);
    return it == m_charts.end() ? nullptr : it->second;
}

bool MainWindow::openScenario(const QString& path)
{
    ScenarioLoad load = loadScenarioFile(path.toStdString());
    if (!load.scenario) {
        m_lastError = QString::fromStdString(formatDiagnostics(QFileInfo(path).fileName().toStdString(), load.diagnostics));
        if (isVisible()) QMessageBox::warning(this, tr("Invalid scenario"), m_lastError);
        statusBar()->showMessage(tr("Invalid scenario: %1").arg(m_lastError.section('\n', 0, 0)));
        return false;
    }
    m_scenario = *load.scenario;
    m_seed->setValue(static_cast<int>(std::min<std::uint64_t>(m_scenario->seed, 2'000'000'000)));
    if (const RetrySpec* retry = m_scenario->firstRetry()) m_designer->setRetry(*retry);
    setWindowTitle(tr("%1 — Resilience Lab").arg(QString::fromStdString(m_scenario->name)));
    statusBar()->showMessage(QString::fromStdString(m_scenario->description));
    reset();
    return true;
}

void MainWindow::reset()
{
    if (!m_scenario) return;
    m_store.clear();
    m_transitions->clear();
    m_finished = false;
    m_running = false;
    QMetaObject::invokeMethod(m_run, "load", Qt::QueuedConnection, Q_ARG(reslab::Scenario, *m_scenario),
                              Q_ARG(quint64, static_cast<quint64>(m_seed->value())));
    QMetaObject::invokeMethod(m_run, "setSpeed", Qt::QueuedConnection, Q_ARG(double, m_speed->currentData().toDouble()));
    updateControls();
}

void MainWindow::setSpeed(double speed)
{
    for (int i = 0; i < m_speed->count(); ++i)
        if (m_speed->itemData(i).toDouble() == speed) m_speed->setCurrentIndex(i);
}

void MainWindow::play()
{
    if (!m_scenario || m_finished) return;
    QMetaObject::invokeMethod(m_run, "play", Qt::QueuedConnection);
}

void MainWindow::step()
{
    if (!m_scenario || m_finished) return;
    QMetaObject::invokeMethod(m_run, "step", Qt::QueuedConnection);
}

void MainWindow::onSnapshot(const LiveSnapshot& s)
{
    Q_ASSERT(QThread::currentThread() == thread());
    m_store.add(s);
    for (const BreakerTransitionRecord& t : s.transitions)
        m_transitions->addItem(QStringLiteral("%1 s   %2: %3 → %4   (%5)")
                                   .arg(toSeconds(t.at), 0, 'f', 3)
                                   .arg(QString::fromStdString(t.breaker), QString::fromStdString(t.from),
                                        QString::fromStdString(t.to), QString::fromStdString(t.reason)));
    m_running = s.running;
    m_clock->setText(tr("virtual time %1 s").arg(toSeconds(s.virtualNow), 0, 'f', 1));
    if (s.finished && !m_finished) {
        m_finished = true;
        if (s.summary)
            statusBar()->showMessage(tr("Finished: %1 requests, %2 % succeeded, %3 attempts per request")
                                         .arg(s.summary->requests)
                                         .arg(100.0 * s.summary->successRate(), 0, 'f', 2)
                                         .arg(s.summary->attemptsPerRequest(), 0, 'f', 3));
        emit runFinished();
    }
    updateControls();
    scheduleRedraw();
}

void MainWindow::scheduleRedraw()
{
    if (!m_redrawTimer->isActive()) m_redrawTimer->start();
}

void MainWindow::redrawNow()
{
    m_redrawTimer->stop();
    redraw();
}

void MainWindow::redraw()
{
    const double now = m_store.nowS();
    // The last ten minutes of virtual time, or everything when the run is shorter.
    const double from = std::max(0.0, now - 600.0);
    TimeChart* traffic = m_charts["traffic"];
    traffic->setPoints(tr("offered"), m_store.rate(LiveStore::Rate::Offered));
    traffic->setPoints(tr("attempts"), m_store.rate(LiveStore::Rate::Attempts));
    traffic->setPoints(tr("ok"), m_store.rate(LiveStore::Rate::Ok));
    traffic->setPoints(tr("failures"), m_store.rate(LiveStore::Rate::Failures));
    traffic->setRange(from, now);
    m_charts["amplification"]->setPoints(tr("attempts ÷ requests"), m_store.amplification());
    m_charts["amplification"]->setRange(from, now, 2.0);
    m_charts["latency"]->setPoints(tr("p50"), m_store.latency(false));
    m_charts["latency"]->setPoints(tr("p99"), m_store.latency(true));
    m_charts["latency"]->setRange(from, now);
    TimeChart* breaker = m_charts["breaker"];
    if (!m_store.breakers().empty()) {
        breaker->setPoints(tr("open"), m_store.breakerState(0, BreakerState::Open, 100.0));
        breaker->setPoints(tr("half-open"), m_store.breakerState(0, BreakerState::HalfOpen, 100.0));
        breaker->setPoints(tr("failure rate"), m_store.breakerRate(0, false));
        breaker->setPoints(tr("slow-call rate"), m_store.breakerRate(0, true));
        const double threshold = 100.0 * m_store.breakers().front().failureThreshold;
        breaker->setPoints(tr("failure threshold"), {QPointF(from, threshold), QPointF(std::max(now, from + 1.0), threshold)});
        breaker->chart()->setTitle(tr("Circuit breaker “%1”: %2")
                                       .arg(QString::fromStdString(m_store.breakers().front().name),
                                            QString::fromStdString(m_store.breakers().front().state)));
    }
    breaker->setRange(from, now, 100.0, 100.0);
    // The target endpoint (endpoints are kept sorted by id).
    std::size_t target = 0;
    for (std::size_t i = 0; m_scenario && i < m_scenario->endpoints.size(); ++i)
        if (m_scenario->endpoints[i].id == m_scenario->target) target = i;
    m_charts["endpoints"]->setPoints(tr("in service"), m_store.endpointGauge(target, false));
    m_charts["endpoints"]->setPoints(tr("queued"), m_store.endpointGauge(target, true));
    if (target < m_store.endpoints().size())
        m_charts["endpoints"]->chart()->setTitle(tr("Endpoint “%1”").arg(QString::fromStdString(m_store.endpoints()[target].id)));
    m_charts["endpoints"]->setRange(from, now, 4.0);
}

void MainWindow::updateControls()
{
    const bool loaded = m_scenario.has_value();
    m_runAction->setEnabled(loaded && !m_finished);
    m_runAction->setText(m_running ? tr("Pause") : tr("Run"));
    m_stepAction->setEnabled(loaded && !m_finished && !m_running);
    m_resetAction->setEnabled(loaded);
}

} // namespace reslab::ui

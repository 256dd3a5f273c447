#include "main_window.h"

#include "attempts_view.h"
#include "backoff_designer.h"
#include "breaker_panel.h"
#include "chart_export.h"
#include "event_log.h"
#include "outcome_style.h"
#include "palette.h"
#include "run/live_run.h"
#include "scenario_editor.h"
#include "text.h"
#include "time_chart.h"
#include "trace_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

namespace reslab::ui {

namespace {
// Line colours: the outcome colours where a line is an outcome (outcome_style.h).
const QColor kOk = palette::kGreen;
const QColor kFailure = palette::kRed;
const QColor kOffered = palette::kBlue;
const QColor kAttempts = palette::kGrey;
const QColor kAmber = palette::kAmber;
const QColor kPurple = palette::kPurple;
// The charts show the last ten minutes of virtual time, or everything when the run is shorter.
constexpr double kVisibleSeconds = LiveStore::kVisibleSeconds;

// The tab of each scenario "view" (kScenarioViews), in tab order.
constexpr const char* kViewTabs[] = {"traffic",  "amplification", "latency",  "breaker", "endpoint",
                                     "attempts", "events",        "designer", "trace",   "compare"};
} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
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
    resize(1280, 800);
    restoreSettings();
    updateControls();
    updateTitle();
}

MainWindow::~MainWindow()
{
    m_thread->quit();
    m_thread->wait();
}

void MainWindow::buildViews()
{
    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
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
    // Failures per second stacked by outcome, in the outcome colours; outcomes the run has not
    // produced stay out of the legend.
    QString below;
    for (std::size_t o = 1; o < kOutcomeCount; ++o) {
        const QString name = outcomeLabel(Outcome(o));
        traffic->addStackedArea(name, outcomeColor(Outcome(o)), below);
        traffic->setLineVisible(name, false);
        below = name;
    }
    m_tabs->addTab(traffic, tr("Traffic"));

    TimeChart* amplification =
        make("amplification", tr("Amplification"), tr("attempts per request"));
    amplification->addLine(tr("attempts ÷ requests"), kPurple);
    m_tabs->addTab(amplification, tr("Amplification"));

    auto* latencyPage = new QSplitter(Qt::Vertical);
    TimeChart* latency =
        make("latency", tr("End to end: requests that ended in the last second"), tr("ms"));
    TimeChart* attemptLatency = make(
        "attempt-latency", tr("Per attempt: attempts that ended in the last second"), tr("ms"));
    for (TimeChart* c : {latency, attemptLatency}) {
        c->addLine(tr("p50"), kOffered);
        c->addLine(tr("p90"), kAmber);
        c->addLine(tr("p99"), kFailure);
        latencyPage->addWidget(c);
    }
    m_tabs->addTab(latencyPage, tr("Latency"));

    m_tabs->addTab(buildBreakerPage(), tr("Circuit breaker"));
    m_tabs->addTab(buildEndpointPage(), tr("Endpoint"));

    auto* attemptsPage = new QSplitter(Qt::Vertical);
    m_attempts = new AttemptsTimeline;
    m_attemptsHistogram = new AttemptsHistogram;
    attemptsPage->addWidget(m_attempts);
    attemptsPage->addWidget(m_attemptsHistogram);
    attemptsPage->setStretchFactor(0, 3);
    attemptsPage->setStretchFactor(1, 1);
    m_tabs->addTab(attemptsPage, tr("Attempts"));

    m_events = new EventLogView;
    m_tabs->addTab(m_events, tr("Events"));

    m_designer = new BackoffDesigner;
    m_tabs->addTab(m_designer, tr("Backoff designer"));

    m_traceView = new TraceView;
    m_charts["trace-load"] = m_traceView->loadChart();
    m_charts["trace-latency"] = m_traceView->latencyChart();
    m_tabs->addTab(m_traceView, tr("Trace"));
    m_tabs->addTab(buildComparePage(), tr("Compare"));
    // Compare mode's B lines: dotted, in the colour of the A line they shadow, hidden until used.
    auto addB = [this](const char* chart, const QString& name, const QColor& color) {
        m_charts[chart]->addLine(name, color, Qt::DotLine, 2.0);
        m_charts[chart]->setLineVisible(name, false);
    };
    addB("traffic", tr("attempts (B)"), kAttempts);
    addB("traffic", tr("failures (B)"), kFailure);
    addB("amplification", tr("B"), kPurple);
    for (const char* c : {"latency", "attempt-latency"}) {
        addB(c, tr("p50 (B)"), kOffered);
        addB(c, tr("p99 (B)"), kFailure);
    }
    addB("breaker", tr("failure rate (B)"), kFailure);
    addB("endpoints", tr("in service (B)"), kOffered);
    addB("endpoints", tr("queued (B)"), kAmber);

    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::scheduleRedraw);
    setCentralWidget(m_tabs);
    statusBar()->showMessage(tr("Open a scenario, start a new one or pick a preset to begin."));
}

TimeChart* MainWindow::chart(const QString& name) const
{
    auto it = m_charts.find(name);
    return it == m_charts.end() ? nullptr : it->second;
}

void MainWindow::reset()
{
    if (!m_scenario) return;
    m_store.clear();
    m_storeB.clear();
    applyComparison();
    m_transitions->clear();
    m_transitionDetail->setText(tr("Click a transition to see its cause."));
    m_events->clear();
    QStringList endpointNames;
    for (const EndpointSpec& e : m_scenario->endpoints)
        endpointNames << QString::fromStdString(e.id);
    m_events->model()->setEndpointNames(endpointNames);
    m_finished = false;
    m_running = false;
    QMetaObject::invokeMethod(m_run, "load", Qt::QueuedConnection,
                              Q_ARG(reslab::Scenario, *m_scenario),
                              Q_ARG(quint64, static_cast<quint64>(m_seed->value())));
    QMetaObject::invokeMethod(m_run, "setSpeed", Qt::QueuedConnection,
                              Q_ARG(double, m_speed->currentData().toDouble()));
    updateControls();
}

void MainWindow::setSpeed(double speed)
{
    for (int i = 0; i < m_speed->count(); ++i)
        if (m_speed->itemData(i).toDouble() == speed) m_speed->setCurrentIndex(i);
}

void MainWindow::play()
{
    if (!m_scenario || m_finished || !m_editor->isValid()) return;
    QMetaObject::invokeMethod(m_run, "play", Qt::QueuedConnection);
}

void MainWindow::step()
{
    if (!m_scenario || m_finished || !m_editor->isValid()) return;
    QMetaObject::invokeMethod(m_run, "step", Qt::QueuedConnection);
}

void MainWindow::onEditorEdited()
{
    setDirty(true);
    if (!m_editor->isValid()) {
        statusBar()->showMessage(tr("The scenario has problems (see the editor): %1")
                                     .arg(m_editor->problems().section('\n', 0, 0)));
        if (m_running) QMetaObject::invokeMethod(m_run, "pause", Qt::QueuedConnection);
        updateControls();
        return;
    }
    // A valid edit restarts the run with it, and keeps it going if it was going.
    const bool wasRunning = m_running;
    m_scenario = *m_editor->scenario();
    onStrategySelected(m_editor->property("selectedStrategy").toInt());
    statusBar()->showMessage(tr("Scenario changed: the run restarts with it."), 3000);
    reset();
    if (wasRunning) play();
}

void MainWindow::onStrategySelected(int index)
{
    m_editor->setProperty("selectedStrategy", index);
    if (!m_scenario) return;
    // The designer follows the selected retry, or the scenario's first one.
    const RetrySpec* retry = nullptr;
    if (index >= 0 && index < int(m_scenario->pipeline.size()))
        retry = std::get_if<RetrySpec>(&m_scenario->pipeline[std::size_t(index)]);
    if (!retry) retry = m_scenario->firstRetry();
    if (retry) m_designer->setRetry(*retry);
}

void MainWindow::onSnapshot(const LiveSnapshot& s)
{
    Q_ASSERT(QThread::currentThread() == thread());
    m_store.add(s);
    if (s.comparing) {
        LiveSnapshot b;
        b.virtualNow = s.virtualNow;
        b.rows = s.rowsB;
        m_storeB.add(b);
        if (s.summary && s.summaryB) showComparisonTable(*s.summary, *s.summaryB);
    }
    for (const BreakerTransitionRecord& t : s.transitions)
        m_transitions->addItem(
            QStringLiteral("%1 s   %2: %3 → %4")
                .arg(toSeconds(t.at), 0, 'f', 3)
                .arg(QString::fromStdString(t.breaker), stateName(t.from), stateName(t.to)));
    m_events->model()->append(s.recentAttempts, s.transitions);
    m_events->addSkipped(s.attemptsSkipped);
    m_running = s.running;
    m_clock->setText(tr("virtual time %1 s").arg(toSeconds(s.virtualNow), 0, 'f', 1));
    if (s.finished && !m_finished) {
        m_finished = true;
        if (s.summary)
            statusBar()->showMessage(
                tr("Finished: %1 requests, %2 % succeeded, %3 attempts per request")
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
    ++m_redraws;
    const double now = m_store.nowS();
    const double from = std::max(0.0, now - kVisibleSeconds);
    // Only the view on screen is redrawn; switching tabs redraws the new one at once.
    const QString view =
        kViewTabs[std::clamp(m_tabs->currentIndex(), 0, int(std::size(kViewTabs)) - 1)];
    if (view == "traffic") {
        TimeChart* traffic = m_charts["traffic"];
        traffic->setPoints(tr("offered"), m_store.rate(LiveStore::Rate::Offered));
        traffic->setPoints(tr("attempts"), m_store.rate(LiveStore::Rate::Attempts));
        traffic->setPoints(tr("ok"), m_store.rate(LiveStore::Rate::Ok));
        traffic->setPoints(tr("failures"), m_store.rate(LiveStore::Rate::Failures));
        std::vector<QPointF> stacked;
        for (std::size_t o = 1; o < kOutcomeCount; ++o) {
            const std::vector<QPointF> rate = m_store.outcomeRate(Outcome(o));
            if (stacked.empty()) stacked.assign(rate.size(), QPointF());
            bool any = false;
            for (std::size_t i = 0; i < rate.size() && i < stacked.size(); ++i) {
                stacked[i] = QPointF(rate[i].x(), stacked[i].y() + rate[i].y());
                any = any || rate[i].y() > 0;
            }
            const QString name = outcomeLabel(Outcome(o));
            traffic->setLineVisible(name, any);
            traffic->setPoints(name, stacked);
        }
        traffic->setRange(from, now);
    } else if (view == "amplification") {
        m_charts["amplification"]->setPoints(tr("attempts ÷ requests"), m_store.amplification());
        m_charts["amplification"]->setRange(from, now, 2.0);
    } else if (view == "latency") {
        using L = LiveStore::Latency;
        for (auto [key, p50, p90, p99] :
             {std::tuple{"latency", L::P50, L::P90, L::P99},
              std::tuple{"attempt-latency", L::AttemptP50, L::AttemptP90, L::AttemptP99}}) {
            TimeChart* c = m_charts[key];
            c->setPoints(tr("p50"), m_store.latency(p50));
            c->setPoints(tr("p90"), m_store.latency(p90));
            c->setPoints(tr("p99"), m_store.latency(p99));
            c->setRange(from, now);
        }
    } else if (view == "breaker") {
        redrawBreaker(from, now);
    } else if (view == "endpoint") {
        redrawEndpoint(from, now);
    } else if (view == "attempts") {
        m_attempts->setAttempts(m_store.clientAttempts());
        m_attemptsHistogram->setCounts(m_store.attemptsPerRequest());
    }
    if (comparing()) redrawComparison();
}

void MainWindow::showView(const std::string& view)
{
    for (int i = 0; i < int(std::size(kViewTabs)); ++i)
        if (view == kViewTabs[i]) m_tabs->setCurrentIndex(i);
    if (view.empty()) m_tabs->setCurrentIndex(0);
}

void MainWindow::updateControls()
{
    const bool runnable = m_scenario.has_value() && m_editor->isValid();
    m_runAction->setEnabled(runnable && !m_finished);
    m_runAction->setText(m_running ? tr("Pause") : tr("Run"));
    m_runAction->setToolTip(runnable ? tr("Run or pause (Space)")
                                     : tr("Fix the scenario's problems first (see the editor)"));
    m_stepAction->setEnabled(runnable && !m_finished && !m_running);
    m_resetAction->setEnabled(runnable);
}

void MainWindow::exportCurrentView()
{
    const QString view =
        kViewTabs[std::clamp(m_tabs->currentIndex(), 0, int(std::size(kViewTabs)) - 1)];
    std::function<QString()> csv;
    if (TimeChart* c = chart(view == "endpoint" ? "endpoints" : view))
        csv = [c] { return c->csv(); };
    if (view == "latency")
        csv = [this] {
            return m_charts["latency"]->csv() + m_charts["attempt-latency"]->csv().section('\n', 1);
        };
    if (view == "events" || view == "attempts") csv = [this] { return m_events->csv(); };
    exportViewInteractively(m_tabs->currentWidget(), QStringLiteral("resilience-lab-%1").arg(view),
                            csv, this);
}

} // namespace reslab::ui

// The main window's two pages with pickers: the circuit breaker (chart, Hystrix-style panel,
// transitions with their causes) and the endpoint per layer (in service, queued, utilization).

#include "breaker_panel.h"
#include "main_window.h"
#include "outcome_style.h"
#include "palette.h"
#include "text.h"
#include "time_chart.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QSplitter>
#include <QVBoxLayout>

namespace reslab::ui {

namespace {
const QColor kOk = outcomeColor(Outcome::Ok);
const QColor kFailure = outcomeColor(Outcome::Error);
const QColor kOffered = palette::kBlue;
const QColor kAmber = palette::kAmber;
const QColor kPurple = palette::kPurple;
// A page with a picker above its content: "Breaker [▾]" or "Endpoint [▾]". Returns the page's
// picker (its row is added to `layout`).
QComboBox* addPickerRow(QVBoxLayout* layout, const QString& label, const QString& tooltip)
{
    layout->setContentsMargins(0, 0, 0, 0);
    auto* top = new QHBoxLayout;
    top->setContentsMargins(8, 4, 8, 0);
    top->addWidget(new QLabel(label));
    auto* pick = new QComboBox;
    pick->setMinimumContentsLength(24);
    pick->setToolTip(tooltip);
    top->addWidget(pick);
    top->addStretch();
    layout->addLayout(top);
    return pick;
}
} // namespace

QWidget* MainWindow::buildBreakerPage()
{
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    m_breakerPick = addPickerRow(layout, tr("Breaker"),
                                 tr("The breaker the chart shows (the panel shows them all)"));
    connect(m_breakerPick, &QComboBox::currentIndexChanged, this, &MainWindow::scheduleRedraw);

    auto* split = new QSplitter(Qt::Vertical);
    auto* breaker = new TimeChart(tr("Circuit breaker"), tr("% of window"));
    m_charts["breaker"] = breaker;
    // The state as a band behind the rates: closed green, half-open amber, open red.
    breaker->addBand(tr("closed"), kOk);
    breaker->addBand(tr("half-open"), kAmber);
    breaker->addBand(tr("open"), kFailure);
    breaker->addLine(tr("failure rate"), kFailure);
    breaker->addLine(tr("failure threshold"), kFailure, Qt::DashLine, 1.0);
    breaker->addLine(tr("slow-call rate"), kAmber);
    breaker->addLine(tr("slow threshold"), kAmber, Qt::DashLine, 1.0);
    breaker->addSecondaryLine(tr("rejected/s"), palette::kBlue, tr("rejected calls per second"),
                              false);
    split->addWidget(breaker);
    m_breakerPanel = new BreakerPanel;
    split->addWidget(m_breakerPanel);
    auto* transitions = new QWidget;
    auto* tl = new QVBoxLayout(transitions);
    tl->setContentsMargins(4, 0, 4, 4);
    m_transitions = new QListWidget;
    m_transitions->setToolTip(tr("Every transition; click one to see the numbers that decided it"));
    tl->addWidget(m_transitions, 1);
    m_transitionDetail = new QLabel(tr("Click a transition to see its cause."));
    m_transitionDetail->setWordWrap(true);
    m_transitionDetail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    tl->addWidget(m_transitionDetail);
    split->addWidget(transitions);
    split->setStretchFactor(0, 5);
    split->setStretchFactor(1, 0);
    split->setStretchFactor(2, 2);
    split->setSizes({520, 140, 160});
    layout->addWidget(split, 1);
    connect(m_transitions, &QListWidget::currentRowChanged, this, [this](int row) {
        const auto& all = m_store.transitions();
        if (row < 0 || row >= int(all.size())) return;
        const BreakerTransitionRecord& t = all[std::size_t(row)];
        m_transitionDetail->setText(tr("<b>%1</b> at %2 s: %3 → %4<br>Cause: %5")
                                        .arg(QString::fromStdString(t.breaker).toHtmlEscaped())
                                        .arg(toSeconds(t.at), 0, 'f', 3)
                                        .arg(stateName(t.from), stateName(t.to),
                                             QString::fromStdString(t.reason).toHtmlEscaped()));
    });
    return page;
}

QWidget* MainWindow::buildEndpointPage()
{
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    m_endpointPick = addPickerRow(
        layout, tr("Endpoint"),
        tr("Each endpoint, with its layer: 0 is called by the client, 1 by a layer-0 service, …"));
    connect(m_endpointPick, &QComboBox::currentIndexChanged, this, &MainWindow::scheduleRedraw);
    auto* chart = new TimeChart(tr("Endpoint"), tr("calls"));
    m_charts["endpoints"] = chart;
    chart->addLine(tr("in service"), kOffered);
    chart->addLine(tr("queued"), kAmber);
    chart->addSecondaryLine(tr("utilization"), kPurple, tr("utilization (mean over 1 s)"), true);
    layout->addWidget(chart, 1);
    return page;
}

void MainWindow::redrawBreaker(double from, double now)
{
    const auto& breakers = m_store.breakers();
    if (m_breakerPick->count() != int(breakers.size())) {
        const QSignalBlocker block(m_breakerPick);
        m_breakerPick->clear();
        for (const BreakerGauge& b : breakers)
            m_breakerPick->addItem(QString::fromStdString(b.name));
    }
    m_breakerPanel->setCards(m_store.breakerCards(BreakerPanel::kRollingSeconds));
    TimeChart* chart = m_charts["breaker"];
    const std::size_t i = std::size_t(std::max(0, m_breakerPick->currentIndex()));
    if (i < breakers.size()) {
        chart->setPoints(tr("open"), m_store.breakerState(i, BreakerState::Open, 100.0));
        chart->setPoints(tr("half-open"), m_store.breakerState(i, BreakerState::HalfOpen, 100.0));
        chart->setPoints(tr("closed"), m_store.breakerState(i, BreakerState::Closed, 100.0));
        chart->setPoints(tr("failure rate"), m_store.breakerRate(i, false));
        chart->setPoints(tr("slow-call rate"), m_store.breakerRate(i, true));
        const double right = std::max(now, from + 1.0);
        const double failure = 100.0 * breakers[i].failureThreshold;
        chart->setPoints(tr("failure threshold"),
                         {QPointF(from, failure), QPointF(right, failure)});
        const double slow = 100.0 * breakers[i].slowThreshold;
        chart->setPoints(tr("slow threshold"),
                         slow > 0 ? std::vector<QPointF>{QPointF(from, slow), QPointF(right, slow)}
                                  : std::vector<QPointF>{});
        chart->setPoints(tr("rejected/s"), m_store.breakerRejections(i));
        chart->chart()->setTitle(
            tr("Circuit breaker “%1”: %2")
                .arg(QString::fromStdString(breakers[i].name), stateName(breakers[i].state)));
    }
    chart->setRange(from, now, 100.0, 100.0);
}

void MainWindow::redrawEndpoint(double from, double now)
{
    const auto& endpoints = m_store.endpoints();
    if (m_endpointPick->count() != int(endpoints.size()) && m_scenario) {
        const QSignalBlocker block(m_endpointPick);
        m_endpointPick->clear();
        for (std::size_t i = 0; i < endpoints.size(); ++i) {
            const int depth = m_scenario->layerOf(endpoints[i].id);
            m_endpointPick->addItem(
                tr("%1 (layer %2)").arg(QString::fromStdString(endpoints[i].id)).arg(depth));
            if (endpoints[i].id == m_scenario->target) m_endpointPick->setCurrentIndex(int(i));
        }
    }
    const std::size_t i = std::size_t(std::max(0, m_endpointPick->currentIndex()));
    TimeChart* chart = m_charts["endpoints"];
    chart->setPoints(tr("in service"), m_store.endpointGauge(i, false));
    chart->setPoints(tr("queued"), m_store.endpointGauge(i, true));
    chart->setPoints(tr("utilization"), m_store.endpointUtilization(i));
    if (i < endpoints.size()) {
        const EndpointGauge& e = endpoints[i];
        chart->chart()->setTitle(
            e.workers ? tr("Endpoint “%1”: %2 of %3 workers busy, %4 queued")
                            .arg(QString::fromStdString(e.id))
                            .arg(e.inService)
                            .arg(e.workers)
                            .arg(e.queue)
                      : tr("Endpoint “%1”: %2 in service (no worker limit), %3 queued")
                            .arg(QString::fromStdString(e.id))
                            .arg(e.inService)
                            .arg(e.queue));
    }
    chart->setRange(from, now, 4.0);
}

} // namespace reslab::ui

#include "breaker_page.h"

#include "breaker_panel.h"
#include "chart_annotations.h"
#include "outcome_style.h"
#include "palette.h"
#include "picker_row.h"
#include "run_annotations.h"
#include "text.h"

#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QSplitter>
#include <QVBoxLayout>

namespace reslab::ui {

BreakerPage::BreakerPage(LiveModel& model, QWidget* parent) : ChartPage(kId, model, parent)
{
    connect(&m_model, &LiveModel::snapshotAdded, this, [this](const LiveSnapshot& s) {
        if (!s.runs.empty()) addTransitions(s.runs.front().transitions);
    });
    connect(&m_model, &LiveModel::cleared, this, [this] {
        m_transitions->clear();
        if (m_chart) m_chart->annotations()->setSelected(std::nullopt);
        m_detail->setText(tr("Click a transition to see its cause."));
    });
    rebuild();
}

void BreakerPage::build()
{
    m_pick = addPickerRow(content(), tr("Breaker"),
                          tr("The breaker the chart shows (the panel shows them all)"));
    connect(m_pick, &QComboBox::currentIndexChanged, this, &BreakerPage::redraw);

    auto* split = new QSplitter(Qt::Vertical);
    m_chart = makeChart("breaker", tr("Circuit breaker"), tr("% of window"));
    const QColor ok = outcomeColor(Outcome::Ok);
    const QColor failure = outcomeColor(Outcome::Error);
    // The state as a band behind the rates: closed green, half-open amber, open red.
    m_closed = m_chart->addBand(tr("closed"), ok);
    m_halfOpen = m_chart->addBand(tr("half-open"), palette::kAmber);
    m_open = m_chart->addBand(tr("open"), failure);
    m_failureRate = m_chart->addLine(tr("failure rate"), failure);
    m_failureThreshold = m_chart->addLine(tr("failure threshold"), failure, Qt::DashLine, 1.0);
    m_slowRate = m_chart->addLine(tr("slow-call rate"), palette::kAmber);
    m_slowThreshold = m_chart->addLine(tr("slow threshold"), palette::kAmber, Qt::DashLine, 1.0);
    m_otherFailureRates.clear();
    for (std::size_t r = 1; r < m_model.runCount(); ++r)
        m_otherFailureRates.push_back(m_chart->addLine(
            seriesName(tr("failure rate"), r, m_model.style(r)), failure, m_model.style(r).dash));
    // Calls that reached the service against calls the breaker refused, on one axis.
    m_passed = m_chart->addSecondaryLine(tr("reached service/s"), palette::kBlue,
                                         tr("calls per second"), false);
    m_rejected = m_chart->addSecondaryLine(tr("refused/s"), palette::kPurple,
                                           tr("calls per second"), false, Qt::DashLine);
    split->addWidget(m_chart);
    // Below the chart the panel and the transitions side by side: stacked, they left the chart
    // under 200 px at 1280×800.
    auto* below = new QSplitter(Qt::Horizontal);
    m_panel = new BreakerPanel;
    below->addWidget(m_panel);
    auto* transitions = new QWidget;
    auto* tl = new QVBoxLayout(transitions);
    tl->setContentsMargins(4, 0, 4, 4);
    m_transitions = new QListWidget;
    m_transitions->setToolTip(tr("Every transition; click one to see the numbers that decided it"));
    tl->addWidget(m_transitions, 1);
    m_detail = new QLabel(tr("Click a transition to see its cause."));
    m_detail->setWordWrap(true);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    tl->addWidget(m_detail);
    below->addWidget(transitions);
    below->setStretchFactor(0, 0);
    below->setStretchFactor(1, 1);
    below->setSizes({m_panel->sizeHint().width(), 1000}); // one card wide; the list takes the rest
    split->addWidget(below);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setSizes({560, 240});
    content()->addWidget(split, 1);
    connect(m_transitions, &QListWidget::currentRowChanged, this, &BreakerPage::showCause);
    addTransitions(m_model.first().transitions()); // those before the page was built again
}

void BreakerPage::addTransitions(const std::vector<BreakerTransitionRecord>& transitions)
{
    for (const BreakerTransitionRecord& t : transitions)
        m_transitions->addItem(
            QStringLiteral("%1 s   %2: %3 → %4")
                .arg(toSeconds(t.at), 0, 'f', 3)
                .arg(QString::fromStdString(t.breaker), stateName(t.from), stateName(t.to)));
}

void BreakerPage::showCause(int row)
{
    const auto& all = m_model.first().transitions();
    if (row < 0 || row >= int(all.size())) return;
    const BreakerTransitionRecord& t = all[std::size_t(row)];
    // The decision's numbers (run_annotations.h) and the transition as a line on the chart.
    m_detail->setText(decisionHtml(t));
    m_chart->annotations()->setSelected(selectedMark(t));
}

void BreakerPage::redraw()
{
    const LiveStore& a = m_model.first();
    const auto& breakers = a.breakers();
    if (m_pick->count() != int(breakers.size())) {
        const QSignalBlocker block(m_pick);
        m_pick->clear();
        for (const BreakerGauge& b : breakers)
            m_pick->addItem(QString::fromStdString(b.name));
    }
    m_panel->setCards(a.breakerCards(BreakerPanel::kRollingSeconds));
    const double from = visibleFrom();
    const double now = visibleTo(); // the visible range's end
    const std::size_t i = std::size_t(std::max(0, m_pick->currentIndex()));
    if (i < breakers.size()) {
        m_chart->setPoints(m_open, a.breakerState(i, BreakerState::Open, 100.0));
        m_chart->setPoints(m_halfOpen, a.breakerState(i, BreakerState::HalfOpen, 100.0));
        m_chart->setPoints(m_closed, a.breakerState(i, BreakerState::Closed, 100.0));
        m_chart->setPoints(m_failureRate, a.breakerRate(i, false));
        m_chart->setPoints(m_slowRate, a.breakerRate(i, true));
        const double right = std::max(now, from + 1.0);
        const double failure = 100.0 * breakers[i].failureThreshold;
        m_chart->setPoints(m_failureThreshold, {QPointF(from, failure), QPointF(right, failure)});
        const double slow = 100.0 * breakers[i].slowThreshold;
        m_chart->setPoints(m_slowThreshold, slow > 0 ? std::vector<QPointF>{QPointF(from, slow),
                                                                            QPointF(right, slow)}
                                                     : std::vector<QPointF>{});
        m_chart->setPoints(m_rejected, a.breakerRejections(i));
        m_chart->setPoints(m_passed, a.breakerPassed(i));
        ChartAnnotations* notes = m_chart->annotations();
        notes->setMarks(transitionMarks(a.transitions(), breakers[i].name));
        notes->setStateSpans(frozenSpans(a.transitions(), breakers[i].name, now));
        for (std::size_t r = 1; r < m_model.runCount() && r - 1 < m_otherFailureRates.size(); ++r)
            m_chart->setPoints(m_otherFailureRates[r - 1], m_model.store(r).breakerRate(i, false));
        // From opening to closing no new call enters its window (run_annotations.h, frozenSpans).
        const BreakerState state = breakers[i].state;
        const QString frozen = isOpen(state) || state == BreakerState::HalfOpen
                                   ? tr(" — window frozen: no new calls until it closes")
                                   : QString();
        m_chart->chart()->setTitle(
            tr("Circuit breaker “%1”: %2%3")
                .arg(QString::fromStdString(breakers[i].name), stateName(state), frozen));
    }
    m_chart->setRange(from, now, 100.0, 100.0);
}

} // namespace reslab::ui

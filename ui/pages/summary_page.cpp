#include "summary_page.h"

#include "chart_export.h"
#include "outcome_style.h"
#include "run/compare.h"
#include "run_picker.h"
#include "summary_expect.h"
#include "text.h"

#include <QCheckBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>

namespace reslab::ui {

SummaryPage::SummaryPage(LiveModel& model, QWidget* parent) : Page(kId, model, parent)
{
    auto* layout = new QVBoxLayout(this);
    m_heading = new QLabel;
    m_heading->setWordWrap(true);
    layout->addWidget(m_heading);
    m_rangeOnly = new QCheckBox(tr("Only the charts' time range"));
    m_rangeOnly->setToolTip(
        tr("Count only what happened in the range the time charts show (chosen on the timeline "
           "or by zooming a chart; while following, the newest ten minutes). The numbers come "
           "from the run's timeline rows, so the range is widened to whole rows, latency is "
           "the worst one-second percentile in it, and attempts' outcomes stand in for "
           "requests'."));
    layout->addWidget(m_rangeOnly);
    m_table = new QTableWidget;
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    layout->addWidget(m_table, 1);
    layout->addStretch(); // takes the room while there is no table to show
    m_table->hide();
    connect(&m_model, &LiveModel::runsChanged, this, &SummaryPage::redraw);
    connect(&m_model, &LiveModel::cleared, this, &SummaryPage::redraw);
    connect(m_rangeOnly, &QCheckBox::toggled, this, &SummaryPage::redraw);
    // A new range reaches the page as the model's (coalesced) redrawDue, as every chart's does.
}

void SummaryPage::redraw()
{
    if (m_rangeOnly->isChecked() && m_model.runCount() > 0 && !m_model.first().empty()) {
        drawRange();
        return;
    }
    std::vector<const Summary*> summaries;
    for (std::size_t r = 0; r < m_model.runCount(); ++r)
        if (const auto& s = m_model.store(r).summary()) summaries.push_back(&*s);
    if (summaries.size() != m_model.runCount() || summaries.empty()) {
        m_heading->setText(tr("Run the scenario: what <tt>resilience-lab run</tt> prints appears "
                              "here as the run goes."));
        m_table->setRowCount(0);
        m_table->hide();
        return;
    }
    m_table->show();
    const Summary& first = *summaries.front();
    m_heading->setText((m_model.finished()
                            ? tr("<b>%1</b>, seed %2: finished at %3 s of virtual time.")
                            : tr("<b>%1</b>, seed %2: so far, at %3 s of virtual time "
                                 "(requests in flight are not counted yet)."))
                           .arg(QString::fromStdString(first.scenario).toHtmlEscaped())
                           .arg(first.seed)
                           .arg(first.endMs / 1000.0, 0, 'f', 1));
    // The metrics `run` prints, and attempts by outcome where any run has them.
    using Row = SummaryRow;
    std::vector<Row> rows;
    for (const ComparisonRow& r : comparisonRows(summaries)) {
        const QString name = QString::fromStdString(r.metric);
        Row row{displayMetric(name), {}};
        for (double v : r.values)
            row.values.push_back(formatValue(name, v)); // durations in ms or s (summary_expect.h)
        rows.push_back(std::move(row));
        if (r.metric == "attempts per request") {
            for (std::size_t o = 0; o < kOutcomeCount; ++o) {
                bool any = false;
                Row byOutcome{tr("    attempts %1").arg(fromView(outcomeName(Outcome(o)))), {}};
                for (const Summary* s : summaries) {
                    any = any || s->attemptsByOutcome[o] > 0;
                    byOutcome.values.push_back(QString::number(s->attemptsByOutcome[o]));
                }
                if (any) rows.push_back(std::move(byOutcome));
            }
        }
    }
    // The scenario's `expect` block: each bound with every run's verdict.
    std::vector<int> verdictRows; // rows to colour, with the verdicts of the first run
    if (const Scenario* scenario = m_model.scenario()) {
        std::vector<std::vector<ExpectVerdict>> byRun;
        for (const Summary* s : summaries)
            byRun.push_back(expectVerdicts(*scenario, *s));
        for (std::size_t e = 0; e < scenario->expect.size(); ++e) {
            Row row{tr("expect %1").arg(byRun.front()[e].bound), {}};
            for (const auto& verdicts : byRun)
                row.values.push_back(verdicts[e].text);
            verdictRows.push_back(int(rows.size()));
            rows.push_back(std::move(row));
        }
    }
    fill(rows, verdictRows);
}

void SummaryPage::drawRange()
{
    const TimeModel& time = m_model.time();
    std::vector<RangeSummary> runs;
    for (std::size_t r = 0; r < m_model.runCount(); ++r)
        runs.push_back(summarizeRange(m_model.store(r).history(), time.from(), time.to()));
    std::vector<QString> breakers, endpoints;
    for (const BreakerGauge& b : m_model.first().breakers())
        breakers.push_back(QString::fromStdString(b.name));
    for (const EndpointGauge& e : m_model.first().endpoints())
        endpoints.push_back(QString::fromStdString(e.id));
    const QString name =
        m_model.scenario() ? QString::fromStdString(m_model.scenario()->name) : QString();
    m_heading->setText(
        tr("<b>%1</b>: only the charts' range, <b>%2</b>%3 — from the run's timeline rows "
           "(attempts counted where they end, requests where they start; the scenario's "
           "<tt>expect</tt> bounds are judged on the whole run).")
            .arg(name.toHtmlEscaped(), rangeText(runs.front().fromS, runs.front().toS),
                 time.following() ? tr(", following the run") : QString()));
    m_table->show();
    fill(rangeRows(runs, breakers, endpoints), {});
}

void SummaryPage::fill(const std::vector<SummaryRow>& rows, const std::vector<int>& verdictRows)
{
    const int columns = int(m_model.runCount()) + 1;
    m_table->setColumnCount(columns);
    auto* metric = new QTableWidgetItem(tr("Metric"));
    m_table->setHorizontalHeaderItem(0, metric);
    for (std::size_t r = 0; r < m_model.runCount(); ++r)
        m_table->setHorizontalHeaderItem(
            int(r) + 1, new QTableWidgetItem(runSwatch(m_model.style(r)), m_model.style(r).name));
    m_table->setRowCount(int(rows.size()));
    for (int i = 0; i < int(rows.size()); ++i) {
        m_table->setItem(i, 0, new QTableWidgetItem(rows[std::size_t(i)].metric));
        for (int c = 1; c < columns; ++c) {
            auto* item = new QTableWidgetItem(rows[std::size_t(i)].values[std::size_t(c - 1)]);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (std::find(verdictRows.begin(), verdictRows.end(), i) != verdictRows.end()) {
                const QString& text = item->text();
                if (text.startsWith(QStringLiteral("✔")))
                    item->setForeground(outcomeColor(Outcome::Ok));
                else if (text.startsWith(QStringLiteral("✘")))
                    item->setForeground(outcomeColor(Outcome::Error));
            }
            m_table->setItem(i, c, item);
        }
    }
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int c = 1; c < columns; ++c)
        m_table->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
}

QString SummaryPage::csv() const
{
    return tableCsv(m_table);
}

} // namespace reslab::ui

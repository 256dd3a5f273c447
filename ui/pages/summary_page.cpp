#include "summary_page.h"

#include "chart_export.h"
#include "run/compare.h"
#include "run_picker.h"
#include "text.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>

namespace reslab::ui {

namespace {
// Whole numbers without decimals; others with three.
QString number(double v, int decimals = 3)
{
    return v == std::floor(v) && std::fabs(v) < 1e15 ? QString::number(v, 'f', 0)
                                                     : QString::number(v, 'f', decimals);
}
} // namespace

SummaryPage::SummaryPage(LiveModel& model, QWidget* parent) : Page(kId, model, parent)
{
    auto* layout = new QVBoxLayout(this);
    m_heading = new QLabel;
    m_heading->setWordWrap(true);
    layout->addWidget(m_heading);
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
}

void SummaryPage::redraw()
{
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
    struct Row
    {
        QString metric;
        std::vector<QString> values;
    };
    std::vector<Row> rows;
    for (const ComparisonRow& r : comparisonRows(summaries)) {
        Row row{QString::fromStdString(r.metric), {}};
        for (double v : r.values)
            row.values.push_back(number(v));
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
    const int columns = int(summaries.size()) + 1;
    m_table->setColumnCount(columns);
    auto* metric = new QTableWidgetItem(tr("Metric"));
    m_table->setHorizontalHeaderItem(0, metric);
    for (std::size_t r = 0; r < summaries.size(); ++r)
        m_table->setHorizontalHeaderItem(
            int(r) + 1, new QTableWidgetItem(runSwatch(m_model.style(r)), m_model.style(r).name));
    m_table->setRowCount(int(rows.size()));
    for (int i = 0; i < int(rows.size()); ++i) {
        m_table->setItem(i, 0, new QTableWidgetItem(rows[std::size_t(i)].metric));
        for (int c = 1; c < columns; ++c) {
            auto* item = new QTableWidgetItem(rows[std::size_t(i)].values[std::size_t(c - 1)]);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
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

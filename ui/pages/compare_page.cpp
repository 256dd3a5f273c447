#include "compare_page.h"

#include "chart_export.h"
#include "run/compare.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>

namespace reslab::ui {

ComparePage::ComparePage(LiveModel& model, QWidget* parent) : Page(kId, model, parent)
{
    auto* layout = new QVBoxLayout(this);
    m_title = new QLabel;
    m_title->setWordWrap(true);
    layout->addWidget(m_title);
    m_table = new QTableWidget(0, 0);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    layout->addWidget(m_table, 1);
    layout->addStretch(); // takes the room while there is no table to show
    setDescription({});
    const auto empty = [this] {
        m_table->setRowCount(0);
        m_table->hide(); // an empty grid says nothing; the text above says what will come
        m_filled = false;
    };
    empty();
    connect(&m_model, &LiveModel::runsChanged, this, empty);
    connect(&m_model, &LiveModel::cleared, this, empty);
    // The table fills once, when the runs end, whether or not the page is on screen.
    connect(&m_model, &LiveModel::snapshotAdded, this, [this](const LiveSnapshot& s) {
        if (s.finished && !m_filled) redraw();
    });
}

void ComparePage::setDescription(const QString& html)
{
    m_title->setText(
        html.isEmpty()
            ? tr("No comparison. Compare ▸ Compare With Pipeline… runs the scenario again with "
                 "another pipeline on the same seed (up to five more); each run is drawn with its "
                 "own dash in the views and the differences are listed here when the runs end.")
            : html);
}

void ComparePage::redraw()
{
    if (m_model.runCount() < 2 || !m_model.finished()) return;
    std::vector<const Summary*> summaries;
    for (std::size_t r = 0; r < m_model.runCount(); ++r)
        if (const auto& s = m_model.store(r).summary()) summaries.push_back(&*s);
    if (summaries.size() != m_model.runCount()) return;
    const std::vector<ComparisonRow> rows = comparisonRows(summaries);
    const int runs = int(summaries.size());
    QStringList headers{tr("Metric")};
    for (int r = 0; r < runs; ++r)
        headers << (r == 0 ? tr("%1 (scenario)").arg(m_model.style(0).name)
                           : m_model.style(std::size_t(r)).name);
    for (int r = 1; r < runs; ++r)
        headers << tr("%1 − %2").arg(m_model.style(std::size_t(r)).name, m_model.style(0).name);
    m_table->setColumnCount(int(headers.size()));
    m_table->setHorizontalHeaderLabels(headers);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int c = 1; c < int(headers.size()); ++c)
        m_table->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    auto cell = [](double v, bool sign) {
        QString text = v == std::floor(v) && std::fabs(v) < 1e15 ? QString::number(v, 'f', 0)
                                                                 : QString::number(v, 'f', 3);
        if (sign && v > 0) text.prepend('+');
        auto* item = new QTableWidgetItem(text);
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        return item;
    };
    m_table->setRowCount(int(rows.size()));
    for (int i = 0; i < int(rows.size()); ++i) {
        const ComparisonRow& row = rows[std::size_t(i)];
        m_table->setItem(i, 0, new QTableWidgetItem(QString::fromStdString(row.metric)));
        for (int r = 0; r < runs; ++r)
            m_table->setItem(i, 1 + r, cell(row.values[std::size_t(r)], false));
        for (int r = 1; r < runs; ++r)
            m_table->setItem(i, runs + r, cell(row.delta(std::size_t(r)), true));
    }
    m_table->show();
    m_filled = true;
}

QString ComparePage::csv() const
{
    return tableCsv(m_table);
}

} // namespace reslab::ui

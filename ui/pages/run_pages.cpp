#include "run_pages.h"

#include "attempts_view.h"
#include "chart_export.h"
#include "event_log.h"
#include "picker_row.h"
#include "run/compare.h"
#include "text.h"

#include <QHeaderView>
#include <QPainter>
#include <QPixmap>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableWidget>
#include <cmath>

namespace reslab::ui {

namespace {
QIcon swatch(const RunStyle& style)
{
    QPixmap pixmap(24, 12);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    QPen pen(style.color, 3);
    pen.setStyle(style.dash);
    p.setPen(pen);
    p.drawLine(1, 6, 23, 6);
    return QIcon(pixmap);
}

QString number(double v, int decimals = 3)
{
    return v == std::floor(v) && std::fabs(v) < 1e15 ? QString::number(v, 'f', 0)
                                                     : QString::number(v, 'f', decimals);
}
} // namespace

void RunPicker::attach(QComboBox* combo, LiveModel& model)
{
    m_combo = combo;
    refill(model);
}

void RunPicker::refill(const LiveModel& model)
{
    const QSignalBlocker block(m_combo);
    m_combo->clear();
    for (std::size_t r = 0; r < model.runCount(); ++r)
        m_combo->addItem(swatch(model.style(r)), model.style(r).name);
    // The picker row (label and combo) shows only when there is something to pick.
    m_combo->parentWidget()->setVisible(model.runCount() > 1);
}

std::size_t RunPicker::current() const
{
    return std::size_t(std::max(0, m_combo->currentIndex()));
}

namespace {
// A picker row inside a widget of its own, so that it can be hidden with its label.
QComboBox* runPickerRow(QVBoxLayout* layout)
{
    auto* row = new QWidget;
    auto* rowLayout = new QVBoxLayout(row);
    rowLayout->setContentsMargins(0, 0, 0, 0);
    QComboBox* combo =
        addPickerRow(rowLayout, QObject::tr("Run"), QObject::tr("The run this view shows"));
    layout->addWidget(row);
    return combo;
}
} // namespace

AttemptsPage::AttemptsPage(LiveModel& model, QWidget* parent)
    : Page(ViewId::Attempts, model, parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    QComboBox* combo = runPickerRow(layout);
    m_picker.attach(combo, m_model);
    connect(combo, &QComboBox::currentIndexChanged, this, &AttemptsPage::redraw);
    connect(&m_model, &LiveModel::runsChanged, this, [this] { m_picker.refill(m_model); });
    auto* split = new QSplitter(Qt::Vertical);
    m_timeline = new AttemptsTimeline;
    m_histogram = new AttemptsHistogram;
    split->addWidget(m_timeline);
    split->addWidget(m_histogram);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);
}

void AttemptsPage::redraw()
{
    const std::size_t run = std::min(m_picker.current(), m_model.runCount() - 1);
    m_timeline->setAttempts(m_model.store(run).clientAttempts());
    m_histogram->setCounts(m_model.store(run).attemptsPerRequest());
}

EventsPage::EventsPage(LiveModel& model, QWidget* parent) : Page(ViewId::Events, model, parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    QComboBox* combo = runPickerRow(layout);
    m_stack = new QStackedWidget;
    layout->addWidget(m_stack, 1);
    m_picker.attach(combo, m_model);
    connect(combo, &QComboBox::currentIndexChanged, m_stack, &QStackedWidget::setCurrentIndex);
    connect(&m_model, &LiveModel::runsChanged, this, &EventsPage::rebuild);
    connect(&m_model, &LiveModel::cleared, this, [this] {
        for (EventLogView* log : m_logs)
            log->clear();
    });
    connect(&m_model, &LiveModel::snapshotAdded, this, &EventsPage::append);
    rebuild();
}

void EventsPage::rebuild()
{
    for (EventLogView* log : m_logs)
        delete log;
    m_logs.clear();
    QStringList endpoints;
    if (const Scenario* s = m_model.scenario())
        for (const EndpointSpec& e : s->endpoints)
            endpoints << QString::fromStdString(e.id);
    for (std::size_t r = 0; r < m_model.runCount(); ++r) {
        auto* log = new EventLogView;
        log->model()->setEndpointNames(endpoints);
        m_stack->addWidget(log);
        m_logs.push_back(log);
    }
    m_picker.refill(m_model);
    m_stack->setCurrentIndex(0);
}

void EventsPage::append(const LiveSnapshot& s)
{
    for (std::size_t r = 0; r < s.runs.size() && r < m_logs.size(); ++r) {
        m_logs[r]->model()->append(s.runs[r].recentAttempts, s.runs[r].transitions);
        m_logs[r]->addSkipped(s.runs[r].attemptsSkipped);
    }
}

EventLogView* EventsPage::log() const
{
    return m_logs.at(
        std::min<std::size_t>(std::size_t(m_stack->currentIndex()), m_logs.size() - 1));
}

QString EventsPage::csv() const
{
    return log()->csv();
}

SummaryPage::SummaryPage(LiveModel& model, QWidget* parent) : Page(ViewId::Summary, model, parent)
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
            int(r) + 1, new QTableWidgetItem(swatch(m_model.style(r)), m_model.style(r).name));
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

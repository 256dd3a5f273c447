#include "event_log.h"

#include "chart_export.h"
#include "outcome_style.h"
#include "text.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

namespace reslab::ui {

EventLogModel::EventLogModel(QObject* parent) : QAbstractTableModel(parent) {}

void EventLogModel::setEndpointNames(const QStringList& names)
{
    m_endpoints = names;
}

void EventLogModel::clear()
{
    beginResetModel();
    m_events.clear();
    m_marked = 0;
    m_markTimes.clear();
    endResetModel();
}

void EventLogModel::append(const std::vector<AttemptRecord>& attempts,
                           const std::vector<BreakerTransitionRecord>& transitions)
{
    // Merge by time so a transition sits among the attempts that caused it.
    std::vector<Event> fresh;
    fresh.reserve(attempts.size() + transitions.size());
    std::size_t t = 0;
    for (const AttemptRecord& a : attempts) {
        while (t < transitions.size() && transitions[t].at <= a.end)
            fresh.emplace_back(transitions[t++]);
        fresh.emplace_back(a);
    }
    while (t < transitions.size())
        fresh.emplace_back(transitions[t++]);
    if (fresh.size() > kMaxEvents) fresh.erase(fresh.begin(), fresh.end() - kMaxEvents);
    if (fresh.empty()) return;

    for (const Event& e : fresh)
        if (const auto* transition = std::get_if<BreakerTransitionRecord>(&e))
            m_markTimes.push_back(transition->at);
    // The oldest of the latest events leave; those near a transition join the marked ones.
    std::size_t leaving = m_events.size() - m_marked + fresh.size() > kMaxEvents
                              ? m_events.size() - m_marked + fresh.size() - kMaxEvents
                              : 0;
    while (leaving > 0 && m_marked < m_events.size()) {
        if (marked(m_events[m_marked])) {
            ++m_marked;
            --leaving;
            continue;
        }
        std::size_t n = 0;
        while (n < leaving && m_marked + n < m_events.size() && !marked(m_events[m_marked + n]))
            ++n;
        removeRows(m_marked, n);
        leaving -= n;
    }
    if (m_marked > kMaxMarkedEvents) {
        const std::size_t excess = m_marked - kMaxMarkedEvents;
        removeRows(0, excess);
        m_marked -= excess;
    }
    beginInsertRows({}, int(m_events.size()), int(m_events.size() + fresh.size()) - 1);
    m_events.insert(m_events.end(), fresh.begin(), fresh.end());
    endInsertRows();
}

void EventLogModel::removeRows(std::size_t first, std::size_t count)
{
    if (count == 0) return;
    beginRemoveRows({}, int(first), int(first + count) - 1);
    m_events.erase(m_events.begin() + std::ptrdiff_t(first),
                   m_events.begin() + std::ptrdiff_t(first + count));
    endRemoveRows();
}

bool EventLogModel::marked(const Event& e) const
{
    const auto* a = std::get_if<AttemptRecord>(&e);
    if (!a) return true; // a transition
    const Time reach = fromSeconds(kMarkSeconds);
    auto it = std::lower_bound(m_markTimes.begin(), m_markTimes.end(), a->end - reach);
    return it != m_markTimes.end() && *it <= a->end + reach;
}

int EventLogModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}
int EventLogModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    static const char* names[ColumnCount] = {"Time (s)",  "Event",       "Request",
                                             "Attempt",   "Endpoint",    "Outcome",
                                             "Took (ms)", "Waited (ms)", "Detail"};
    return tr(names[section]);
}

QVariant EventLogModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_events.size())) return {};
    const Event& e = m_events[std::size_t(index.row())];
    if (const auto* a = std::get_if<AttemptRecord>(&e)) {
        if (role == kOutcomeRole) return int(a->result.outcome);
        if (role == Qt::ForegroundRole && index.column() == ColOutcome)
            return outcomeColor(a->result.outcome);
        if (role == Qt::TextAlignmentRole && index.column() != ColKind &&
            index.column() != ColEndpoint && index.column() != ColOutcome &&
            index.column() != ColDetail)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        if (role != Qt::DisplayRole) return {};
        switch (index.column()) {
        case ColTime:
            return QString::number(toSeconds(a->end), 'f', 3);
        case ColKind:
            return a->depth == 0 ? tr("attempt") : tr("call (layer %1)").arg(a->depth);
        case ColRequest:
            return qulonglong(a->request);
        case ColAttempt:
            return a->attempt;
        case ColEndpoint:
            return a->endpoint < uint(m_endpoints.size()) ? m_endpoints[int(a->endpoint)]
                                                          : QString::number(a->endpoint);
        case ColOutcome:
            return outcomeLabel(a->result.outcome);
        case ColDuration:
            return QString::number(toMillis(a->end - a->start), 'f', 1);
        case ColWait:
            return a->wait > 0 ? QString::number(toMillis(a->wait), 'f', 1) : QString();
        case ColDetail:
            if (a->result.status > 0) {
                QString d = tr("HTTP %1").arg(a->result.status);
                if (a->result.retryAfter >= 0)
                    d += tr(", Retry-After %1 ms").arg(toMillis(a->result.retryAfter), 0, 'f', 0);
                return d;
            }
            return {};
        }
        return {};
    }
    const auto& t = std::get<BreakerTransitionRecord>(e);
    if (role == kOutcomeRole) return -1;
    if (role == Qt::FontRole) {
        QFont f;
        f.setBold(true);
        return f;
    }
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case ColTime:
        return QString::number(toSeconds(t.at), 'f', 3);
    case ColKind:
        return tr("breaker");
    case ColEndpoint:
        return QString::fromStdString(t.breaker);
    case ColOutcome:
        return QStringLiteral("%1 → %2").arg(stateName(t.from), stateName(t.to));
    case ColDetail:
        return QString::fromStdString(t.reason);
    }
    return {};
}

void EventFilterModel::setOutcomeFilter(int filter)
{
    m_filter = filter;
    invalidateRowsFilter();
}

bool EventFilterModel::filterAcceptsRow(int row, const QModelIndex& parent) const
{
    if (m_filter == kAll) return true;
    const int outcome =
        sourceModel()->index(row, 0, parent).data(EventLogModel::kOutcomeRole).toInt();
    if (m_filter == kTransitions) return outcome < 0;
    if (m_filter == kFailures) return outcome > 0 && outcome != int(Outcome::Cancelled);
    return outcome == m_filter;
}

EventLogView::EventLogView(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Show")));
    m_filterBox = new QComboBox;
    m_filterBox->addItem(tr("Everything"), EventFilterModel::kAll);
    m_filterBox->addItem(tr("Failures"), EventFilterModel::kFailures);
    m_filterBox->addItem(tr("Breaker transitions"), EventFilterModel::kTransitions);
    for (std::size_t o = 0; o < kOutcomeCount; ++o)
        m_filterBox->addItem(outcomeLabel(Outcome(o)), int(o));
    bar->addWidget(m_filterBox);
    bar->addStretch();
    m_skipped = new QLabel;
    bar->addWidget(m_skipped);
    layout->addLayout(bar);

    m_model = new EventLogModel(this);
    m_filter = new EventFilterModel(this);
    m_filter->setSourceModel(m_model);
    m_table = new QTableView;
    m_table->setModel(m_filter);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    const int digit = m_table->fontMetrics().horizontalAdvance('0');
    const int widths[EventLogModel::ColumnCount - 1] = {10, 14, 9, 8, 16, 17, 10, 11};
    for (int c = 0; c < EventLogModel::ColumnCount - 1; ++c)
        m_table->setColumnWidth(c, widths[c] * digit);
    layout->addWidget(m_table, 1);

    connect(m_filterBox, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setOutcomeFilter(m_filterBox->currentData().toInt()); });
    // Follow the newest rows while the user is at the bottom.
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_table->isVisible()) return;
        QScrollBar* scroll = m_table->verticalScrollBar();
        if (scroll->value() >= scroll->maximum() - 2) m_table->scrollToBottom();
    });
}

bool EventLogView::scrollToTime(double seconds)
{
    // Rows come in time order (each snapshot's events are appended as they ended), so a binary
    // search over the filtered rows finds the cursor's place.
    int lo = 0, hi = m_filter->rowCount();
    auto timeOf = [this](int row) {
        return m_filter->index(row, EventLogModel::ColTime).data().toString().toDouble();
    };
    while (lo < hi) {
        const int mid = lo + (hi - lo) / 2;
        if (timeOf(mid) < seconds)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo >= m_filter->rowCount()) return false;
    const QModelIndex index = m_filter->index(lo, EventLogModel::ColTime);
    m_table->scrollTo(index, QAbstractItemView::PositionAtCenter);
    m_table->selectRow(lo);
    return true;
}

void EventLogView::addSkipped(std::uint64_t skipped)
{
    m_skippedCount += skipped;
    m_skipped->setText(
        m_skippedCount
            ? tr("%L1 attempts too fast to list (all are in the attempts CSV)").arg(m_skippedCount)
            : QString());
}

QString EventLogView::csv() const
{
    QStringList lines;
    QStringList header;
    for (int c = 0; c < EventLogModel::ColumnCount; ++c)
        header << csvField(m_filter->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString());
    lines << header.join(',');
    for (int r = 0; r < m_filter->rowCount(); ++r) {
        QStringList fields;
        for (int c = 0; c < EventLogModel::ColumnCount; ++c)
            fields << csvField(m_filter->index(r, c).data().toString());
        lines << fields.join(',');
    }
    return lines.join('\n') + '\n';
}

void EventLogView::clear()
{
    m_model->clear();
    m_skippedCount = 0;
    addSkipped(0);
}

} // namespace reslab::ui

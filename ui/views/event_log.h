#pragma once
// The event log: attempts and breaker transitions as a table (model/view), newest last, bounded
// to the latest kMaxEvents plus those around breaker transitions, filterable by outcome. At high
// rates the engine hands the UI only the latest attempts of each snapshot; the log says how many it
// was not given (the attempts CSV of `resilience-lab run` has every one).

#include "metrics/records.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>
#include <QWidget>
#include <deque>
#include <variant>

class QComboBox;
class QLabel;
class QTableView;

namespace reslab::ui {

class EventLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    static constexpr std::size_t kMaxEvents = 20'000;
    // Beyond the latest kMaxEvents, events within kMarkSeconds of a breaker transition (and the
    // transitions) are kept, at most kMaxMarkedEvents of them (the oldest go first), so the log
    // can be scrolled back to an outage long after it.
    static constexpr std::size_t kMaxMarkedEvents = 20'000;
    static constexpr double kMarkSeconds = 5.0;
    std::size_t markedCount() const { return m_marked; }
    enum Column
    {
        ColTime,
        ColKind,
        ColRequest,
        ColAttempt,
        ColEndpoint,
        ColOutcome,
        ColDuration,
        ColWait,
        ColDetail,
        ColumnCount
    };
    static constexpr int kOutcomeRole = Qt::UserRole; // the outcome's index, −1 for a transition

    explicit EventLogModel(QObject* parent = nullptr);
    void setEndpointNames(const QStringList& names);
    void append(const std::vector<AttemptRecord>& attempts,
                const std::vector<BreakerTransitionRecord>& transitions);
    void clear();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    using Event = std::variant<AttemptRecord, BreakerTransitionRecord>;
    bool marked(const Event& e) const;
    void removeRows(std::size_t first, std::size_t count);

    std::deque<Event> m_events; // the kept marked events (m_marked of them), then the latest
    std::size_t m_marked = 0;
    std::vector<Time> m_markTimes; // the transitions' times, in order
    QStringList m_endpoints;
};

// Keeps the rows whose outcome is the chosen one; "failures" keeps every outcome but ok and
// cancelled, "transitions" only the breaker's.
class EventFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    static constexpr int kAll = -1, kFailures = -2, kTransitions = -3;
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setOutcomeFilter(int filter);

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override;

private:
    int m_filter = kAll;
};

class EventLogView : public QWidget
{
    Q_OBJECT
public:
    explicit EventLogView(QWidget* parent = nullptr);
    EventLogModel* model() const { return m_model; }
    EventFilterModel* filter() const { return m_filter; }
    QComboBox* filterBox() const { return m_filterBox; }
    QTableView* table() const { return m_table; }
    void addSkipped(std::uint64_t skipped);
    // Scrolls to (and selects) the first row the filter shows at or after `seconds`, the time
    // model's cursor; false when the log holds nothing that late.
    bool scrollToTime(double seconds);
    // The rows the filter shows, as CSV with the table's headers.
    QString csv() const;
    void clear();

private:
    EventLogModel* m_model = nullptr;
    EventFilterModel* m_filter = nullptr;
    QComboBox* m_filterBox = nullptr;
    QTableView* m_table = nullptr;
    QLabel* m_skipped = nullptr;
    std::uint64_t m_skippedCount = 0;
};

} // namespace reslab::ui

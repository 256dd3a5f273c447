#pragma once
// The attempts view: the latest requests one per row, each attempt a bar in its outcome's colour
// with the backoff waited before it as a thin line — where the time of a retried request goes —
// and under it the distribution of attempts per request over the whole run.

#include "metrics/records.h"

#include <QWidget>
#include <deque>
#include <vector>

namespace reslab::ui {

class AttemptsTimeline : public QWidget
{
    Q_OBJECT
public:
    explicit AttemptsTimeline(QWidget* parent = nullptr);
    // The client's latest attempts (depth 0), oldest first.
    void setAttempts(const std::deque<AttemptRecord>& attempts);
    int requestsShown() const { return int(m_rows.size()); }
    // The heading over the rows, with %1 for their count (empty: "Latest %1 requests…").
    void setHeading(const QString& heading) { m_heading = heading; }
    // How many requests fit (one row each) at the current height.
    int capacity() const;
    // The attempts of the requests shown, row by row (for tests).
    std::vector<AttemptRecord> shownAttempts() const
    {
        std::vector<AttemptRecord> all;
        for (const Row& r : m_rows)
            all.insert(all.end(), r.attempts.begin(), r.attempts.end());
        return all;
    }
    QSize sizeHint() const override { return {600, 400}; }

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void layoutRows();
    struct Row
    {
        std::uint64_t request = 0;
        std::vector<AttemptRecord> attempts;
    };
    std::deque<AttemptRecord> m_attempts;
    std::vector<Row> m_rows;
    QString m_heading;
    Time m_from = 0, m_to = 1;
};

class AttemptsHistogram : public QWidget
{
    Q_OBJECT
public:
    explicit AttemptsHistogram(QWidget* parent = nullptr);
    // [k]: requests that ended after k attempts.
    void setCounts(const std::vector<std::uint64_t>& counts);
    std::uint64_t total() const;
    QSize sizeHint() const override { return {600, 200}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::vector<std::uint64_t> m_counts;
};

} // namespace reslab::ui

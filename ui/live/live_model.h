#pragma once
// The live runs as the window's pages see them: one LiveStore per run (the scenario's own first,
// then the pipelines it is compared with), each with its style. Owned by the UI thread; the pages
// subscribe to it. Snapshots arrive up to every 33 ms; redrawDue() is coalesced to at most one
// per kSnapshotIntervalMs, and a page redraws itself only while it is on screen.

#include "live_store.h"
#include "run_style.h"
#include "time_model.h"

#include <QObject>
#include <QTimer>
#include <optional>
#include <vector>

namespace reslab::ui {

class LiveModel : public QObject
{
    Q_OBJECT
public:
    explicit LiveModel(QObject* parent = nullptr);

    // A fresh set of runs of `scenario` (clears every store); emits runsChanged.
    void setRuns(const Scenario& scenario, std::vector<RunStyle> runs);
    // The scenario the runs share (the first run's); null before one is set.
    const Scenario* scenario() const { return m_scenario ? &*m_scenario : nullptr; }
    // Clears the stores, keeps the runs.
    void clear();
    void add(const LiveSnapshot& snapshot);

    std::size_t runCount() const { return m_stores.size(); }
    const LiveStore& store(std::size_t run) const { return m_stores.at(run); }
    const RunStyle& style(std::size_t run) const { return m_styles.at(run); }
    const std::vector<RunStyle>& styles() const { return m_styles; }
    // The first run's store (the scenario's own pipeline).
    const LiveStore& first() const { return m_stores.front(); }
    double nowS() const { return m_stores.front().nowS(); }
    bool finished() const { return m_finished; }
    // The window's time state (cursor, visible range, follow mode): every page reads it here.
    // A change of the visible range sets every store's span and asks for a (coalesced) redraw.
    TimeModel& time() { return m_time; }
    const TimeModel& time() const { return m_time; }

signals:
    void runsChanged();
    void cleared();
    // Every snapshot, for pages that keep what arrives (the event log, the transitions list).
    void snapshotAdded(const reslab::LiveSnapshot& snapshot);
    void redrawDue();

private:
    std::vector<LiveStore> m_stores;
    std::vector<RunStyle> m_styles;
    std::optional<Scenario> m_scenario;
    void applySpan();

    TimeModel m_time;
    QTimer m_redraw;
    bool m_finished = false;
};

} // namespace reslab::ui

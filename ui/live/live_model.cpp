#include "live_model.h"

namespace reslab::ui {

LiveModel::LiveModel(QObject* parent) : QObject(parent), m_stores(1), m_styles{runStyle(0, "A")}
{
    m_redraw.setSingleShot(true);
    m_redraw.setInterval(kSnapshotIntervalMs);
    connect(&m_redraw, &QTimer::timeout, this, &LiveModel::redrawDue);
    connect(&m_time, &TimeModel::viewChanged, this, [this] {
        applySpan();
        if (!m_redraw.isActive()) m_redraw.start();
    });
    // Pages that follow the cursor (Attempts, Events) redraw with the rest, coalesced.
    connect(&m_time, &TimeModel::cursorChanged, this, [this] {
        if (!m_redraw.isActive()) m_redraw.start();
    });
}

void LiveModel::applySpan()
{
    for (LiveStore& s : m_stores)
        s.setSpan(m_time.from(), m_time.to());
}

void LiveModel::setRuns(const Scenario& scenario, std::vector<RunStyle> runs)
{
    Q_ASSERT(!runs.empty() && runs.size() <= kMaxLiveRuns);
    m_scenario = scenario;
    m_styles = std::move(runs);
    m_stores.assign(m_styles.size(), LiveStore{});
    m_finished = false;
    m_time.reset();
    applySpan();
    emit runsChanged();
}

void LiveModel::clear()
{
    for (LiveStore& s : m_stores)
        s.clear();
    m_finished = false;
    m_time.reset();
    applySpan();
    emit cleared();
}

void LiveModel::add(const LiveSnapshot& snapshot)
{
    for (std::size_t i = 0; i < snapshot.runs.size() && i < m_stores.size(); ++i)
        m_stores[i].add(snapshot.runs[i], snapshot.virtualNow);
    m_finished = snapshot.finished;
    m_time.setEnd(m_stores.front().nowS());
    emit snapshotAdded(snapshot);
    if (!m_redraw.isActive()) m_redraw.start();
}

} // namespace reslab::ui

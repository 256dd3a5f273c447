#pragma once
// Hosts: the hosts of a fleet (an endpoint with replicas) over time, as a mesh's dashboard shows
// its upstream hosts — the calls each received, its failed answers and timeouts, the latency of
// its answers and its calls in flight, a line per host in its colour on four small charts (in a
// fleet of more than six, lines for the hosts that stand out and a band for the others); each
// host ejected by outlier detection a lane along every chart's bottom, solid where it was out,
// and the detections that did not eject as marks; under them the hosts over the visible range (each
// one's share of the calls as a bar: how the balancer spread them), which is also the charts'
// legend, and the ejections as a list. One run at a time (picked while comparing), one fleet at a
// time (picked when several endpoints have replicas); a scenario without a fleet is told how to
// make one.

#include "chart_page.h"
#include "run_picker.h"

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QSplitter;

namespace reslab::ui {

class EjectionList;
class EmptyState;
class HostTable;

class HostsPage final : public ChartPage
{
    Q_OBJECT
public:
    static constexpr ViewId kId = ViewId::Hosts;
    // Marks for detections that did not eject, at most, on screen (thinned evenly beyond).
    static constexpr std::size_t kMaxDetectionMarks = 400;
    // Fleets this small draw every host's lines (the presets' fleets of five and six hosts); a
    // larger one draws those of the hosts that stand out, at most kStandOutLines
    // (host_standout.h), and the others as one band: ten hosts' forty lines took the UI thread
    // about 40 ms a redraw and as much again to paint (tests/bench/gui-fleet-10k.json).
    static constexpr std::size_t kEveryLineUpTo = 6;
    static constexpr std::size_t kStandOutLines = 3;

    explicit HostsPage(LiveModel& model, QWidget* parent = nullptr);
    QString title() const override { return tr("Hosts"); }
    void redraw() override;

    // The fleet drawn (null: none), from the picked run's store.
    const FleetHosts* fleet() const;
    QComboBox* endpointPicker() const { return m_pick; }
    RunPicker& runPicker() { return m_runs; }
    HostTable* table() const { return m_table; }
    EjectionList* ejectionList() const { return m_list; }
    QLabel* heading() const { return m_heading; }
    QLabel* detectionNote() const { return m_detections; }
    // Shown instead of the charts when the scenario has no fleet.
    QLabel* noFleetNote() const;
    // A host's series name on every chart ("host 2 · b").
    QString hostSeriesName(std::size_t host) const;
    // The band's name on every chart: the hosts without lines of their own.
    static QString otherHostsName();
    // The hosts with lines of their own (the others are in the band), host by host.
    const std::vector<bool>& ownLines() const { return m_own; }
    // Whether the hosts with lines are picked at each redraw (those that stand out).
    QCheckBox* autoPick() const { return m_auto; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void build() override;
    // The charts, the table and the list sized to the page (placePanes(): the table at its
    // natural size, the list the rest), until the user drags a splitter's handle.
    void placePanes();
    // Refills the endpoint picker from the store's fleets and rebuilds the charts when the fleet
    // to draw is not the one they were built for (the first snapshot, another pick or run).
    void checkFleets();
    const LiveStore& store() const;
    const FleetHosts* picked() const;
    void fillEjections();
    void showEjection(int row);
    void hostToggled(std::size_t host, bool shown);

    RunPicker m_runs;
    QWidget* m_pickRow = nullptr;
    QComboBox* m_pick = nullptr;
    QLabel* m_heading = nullptr;
    EmptyState* m_none = nullptr;
    TimeChart* m_calls = nullptr;
    TimeChart* m_failed = nullptr;
    TimeChart* m_latency = nullptr;
    TimeChart* m_inFlight = nullptr;
    struct HostSeries
    {
        SeriesId calls, failed, latency, inFlight;
    };
    std::vector<HostSeries> m_series;
    SeriesId m_band[4]; // on each chart, in the order above
    std::vector<bool> m_own;
    bool m_autoPick = false;
    QCheckBox* m_auto = nullptr;
    std::optional<FleetHosts> m_built; // the fleet the charts were built for
    HostTable* m_table = nullptr;
    EjectionList* m_list = nullptr;
    QLabel* m_detections = nullptr;
    QSplitter* m_split = nullptr; // the charts above, the table and the list below
    QSplitter* m_below = nullptr; // the table and the list
    bool m_userSized = false;
    bool m_placing = false;
    std::pair<std::uint64_t, std::size_t> m_listedFrom{~0ull, 0}; // (dropped, kept) listed
};

} // namespace reslab::ui

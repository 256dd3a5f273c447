#pragma once
// What a live run hands the views: immutable values, one per snapshot, from a paced simulation
// (run/live_run.h) or from `serve` (serve/served_live_feed.h), so the views need not know which.

#include "metrics/records.h"
#include "metrics/summary.h"
#include "run/gauges.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace reslab {

// Live views draw rates per step; a tenth of a second keeps the charts smooth at 1×.
inline constexpr Time kLiveTimelineStep = kNanosPerSecond / 10;
// Latency percentiles in the live views cover the last second (ten steps), not one noisy step.
inline constexpr int kLiveLatencyWindowSteps = 10;
// Redraws are coalesced: at most one snapshot per this many milliseconds of wall time.
inline constexpr int kSnapshotIntervalMs = 33;
// The attempts a snapshot carries at most: the latest of those since the previous snapshot (the
// attempts timeline and the event log show recent ones; the attempts CSV has them all).
inline constexpr std::size_t kRecentAttemptsPerSnapshot = 2000;
// Attempts per request are counted 0 … 63; more fall in the last bin.
inline constexpr std::size_t kAttemptsPerRequestBins = 64;
// The live summary (the Summary view) is worked out at most this often: a copy of every
// breaker's transitions and the percentiles, not worth doing 30 times a second.
inline constexpr int kLiveSummaryIntervalMs = 250;
// Runs side by side on one clock (the testbench's colours and dashes tell six apart).
inline constexpr std::size_t kMaxLiveRuns = 6;
// Hosts a snapshot's rows carry per-step series for (TimelineRow::hosts), in all: a row grows
// by 28 bytes a host, and a run keeps up to 19,920 rows (ui/live/run_history.h), so 32 hosts
// cost at most 18 MB a run. Endpoints are taken in the scenario's order until they are used up;
// a larger fleet shows its first hosts (the summary counts every host).
inline constexpr std::size_t kMaxLiveHosts = 32;
// Outlier detections that did not eject (not enforced, or held back by max_ejection_percent) a
// snapshot carries at most: the latest (a failing host can trip one every few calls). Ejections
// and un-ejections are always carried.
inline constexpr std::size_t kMaxDetectionsPerSnapshot = 2000;

// An endpoint with replicas whose hosts the rows follow: rows' hosts[first … first + shown).
struct FleetHosts
{
    std::uint32_t endpoint = 0; // index into Scenario::endpoints
    std::string id;
    std::size_t first = 0;              // its first host's place in TimelineRow::hosts
    std::size_t shown = 0;              // hosts with series (at most kMaxLiveHosts in all)
    std::size_t hostCount = 0;          // hosts it has
    std::vector<std::string> zones;     // per host shown ("" without zones)
    std::vector<std::uint32_t> workers; // per host shown (0: no limit)
};

// What one run reports in a snapshot.
struct RunSnapshot
{
    std::vector<TimelineRow> rows;                    // steps completed since the last snapshot
    std::vector<BreakerTransitionRecord> transitions; // since the last snapshot
    // Since the last snapshot, the latest kRecentAttemptsPerSnapshot, and how many earlier ones
    // were left out.
    std::vector<AttemptRecord> recentAttempts;
    std::uint64_t attemptsSkipped = 0;
    std::vector<std::uint64_t> attemptsPerRequest; // [k]: requests that ended after k attempts
    std::vector<BreakerGauge> breakers;            // now
    std::vector<EndpointGauge> endpoints;          // now
    std::vector<LimiterGauge> limiters;            // now
    // The endpoints with replicas the rows have host series for (the same in every snapshot of
    // a run; none without a fleet, and none for served traffic).
    std::vector<FleetHosts> fleets;
    // The balancers' outlier detections since the last snapshot, in the order they happened:
    // every ejection and un-ejection, and the latest kMaxDetectionsPerSnapshot of the others.
    std::vector<HostEjectionRecord> ejections;
    std::uint64_t detectionsSkipped = 0;
    // The run's summary so far: in every snapshot that ends the run, that is forced (load,
    // step, pause), and at most every kLiveSummaryIntervalMs otherwise.
    std::optional<Summary> summary;
};

struct LiveSnapshot
{
    Time virtualNow = 0; // the shared virtual clock (the runs' end once finished)
    bool running = false;
    bool finished = false;         // every run has finished
    std::vector<RunSnapshot> runs; // in the order load() was given them
};

} // namespace reslab

#pragma once
// What a live run hands the views: immutable values, one per snapshot, from a paced simulation
// (run/live_run.h) or from `serve` (serve/served_live_feed.h), so the views need not know which.

#include "metrics/records.h"
#include "metrics/summary.h"
#include "run/gauges.h"

#include <cstddef>
#include <optional>
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

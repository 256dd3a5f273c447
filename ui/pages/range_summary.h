#pragma once
// The Summary restricted to a time range: what a run's kept timeline rows (live/run_history.h)
// say about [from, to] — requests offered, attempts by outcome, the highest one-second latency
// percentiles, the time each breaker was open, each endpoint's calls and longest queue. A run's
// summary covers the whole run and cannot be cut by time, so these numbers come from the rows
// alone: request outcomes are not in them (a request is counted where it starts, an attempt
// where it ends), which is why the range shows attempts' outcomes and not a success rate.

#include "metrics/records.h"

#include <QString>
#include <array>
#include <cstdint>
#include <vector>

namespace reslab::ui {

class RunHistory;

struct RangeSummary
{
    double fromS = 0.0; // the rows' own extent: the range widened to whole rows
    double toS = 0.0;
    std::size_t rows = 0;
    std::uint64_t offered = 0;
    std::uint64_t attempts = 0;
    std::array<std::uint64_t, kOutcomeCount> byOutcome{};
    // The highest one-second percentiles of the rows in range, in ms (0: nothing ended).
    double p50Ms = 0.0, p90Ms = 0.0, p99Ms = 0.0, attemptP99Ms = 0.0;
    std::vector<double> breakerOpenS; // per breaker: rows whose state at their end was open
    std::vector<std::uint64_t> endpointMaxQueue;
    // Per endpoint: the calls to it that ended in range (at every layer; 0 for served traffic).
    std::vector<std::uint64_t> endpointCalls;
    double attemptsPerRequest() const { return offered ? double(attempts) / double(offered) : 0.0; }
};

// The rows of `history` whose middle lies in [fromS, toS] (each row whole: a 100 ms row in the
// last ten minutes, half a bucket further back).
RangeSummary summarizeRange(const RunHistory& history, double fromS, double toS);

// A table row: a metric and its value for each run.
struct SummaryRow
{
    QString metric;
    std::vector<QString> values;
};
// The rows the Summary shows for the runs' ranges (one summary per run; the names of the first
// run's breakers and endpoints).
std::vector<SummaryRow> rangeRows(const std::vector<RangeSummary>& runs,
                                  const std::vector<QString>& breakers,
                                  const std::vector<QString>& endpoints);

// "0:01:00 – 0:02:00 (60.0 s)": a range as the Summary names it.
QString rangeText(double fromS, double toS);

} // namespace reslab::ui

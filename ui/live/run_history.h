#pragma once
// A run's timeline rows for the whole run, in bounded memory (the pyramid PlotJuggler lacks and
// the testbench needs to scrub a 24-hour run back to its outage). The newest rows are kept as
// they come (100 ms each); older ones are merged into coarser buckets, each stored as two rows:
// the first half's and the second half's counts (so totals and rates stay exact), the gauges'
// minimum in the first row and maximum in the second (so a spike survives as the top of the
// envelope and a dip as its bottom), and the cumulative counters as they were at the end of each
// half. The coarsest level halves itself when full, so memory never grows past kMaxRows rows.

#include "metrics/records.h"

#include <array>
#include <cstddef>
#include <deque>
#include <vector>

namespace reslab::ui {

class RunHistory
{
public:
    // Levels, finest first: the rows as they come, then buckets of 1 s, 10 s and 60 s. Each
    // level keeps `capacity` rows (two per bucket); what falls off one level's old end is merged
    // into the next. The last level's buckets double in width whenever it is full.
    struct Level
    {
        std::size_t rowsPerBucket; // rows of the finer level merged into one bucket (0: raw)
        std::size_t capacity;      // rows kept at this level
    };
    static constexpr std::array<Level, 4> kLevels{{
        {0, 6000},  // 10 virtual minutes of 100 ms rows: the full resolution of the recent past
        {10, 6000}, // 1 s buckets (10 raw rows each, kept as 2 rows): 50 minutes more
        {20, 5040}, // 10 s buckets (10 of the 1 s buckets): 7 hours more
        {12, 2880}, // 60 s buckets: 24 hours more, then 2 min, 4 min, … as the run goes on
    }};
    static constexpr std::size_t kMaxRows = 6000 + 6000 + 5040 + 2880;

    void clear();
    void add(const TimelineRow& row);

    // The rows covering [fromS, toS] in time order, from every level, with at least
    // `marginS` before fromS (for sliding windows) and one row past toS.
    std::vector<const TimelineRow*> rows(double fromS, double toS, double marginS = 1.5) const;
    // The newest rows as they came (the finest level), oldest first.
    const std::deque<TimelineRow>& recent() const { return m_levels[0]; }
    bool empty() const { return m_levels[0].empty(); }
    std::size_t rowCount() const;
    // Memory held by the rows (with their per-breaker, endpoint, limiter and host vectors), in
    // bytes.
    std::size_t bytes() const;

    // Merges consecutive rows (time order, at least two) into the two rows of one bucket.
    static std::array<TimelineRow, 2> merge(const std::vector<const TimelineRow*>& rows);

private:
    void spill(std::size_t level);

    std::array<std::deque<TimelineRow>, kLevels.size()> m_levels;
};

} // namespace reslab::ui

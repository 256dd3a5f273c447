#pragma once
// A sweep's result as files (docs/sweep.md): CSV or JSON Lines, one row per point, the
// parameters by path, the seeds, and each metric's mean and 95 % interval; and the --json summary.

#include "sweep/sweep.h"

#include <string>

namespace reslab {

enum class SweepFormat
{
    Csv,
    Jsonl
};

std::string sweepCsvHeader(const SweepPlan& plan);
std::string sweepCsvRow(const SweepPlan& plan, const SweepPoint& point, const PointResult& result);
std::string sweepJsonlRow(const SweepPlan& plan, const SweepPoint& point,
                          const PointResult& result);
// The whole table in one format, every finished point in point order.
std::string sweepTable(const SweepPlan& plan, const SweepResult& result, SweepFormat format);

// What ran, for `--json`: the parameters and their values, the seeds, the metrics, the counts.
std::string sweepSummaryJson(const SweepPlan& plan, const SweepResult& result,
                             const std::string& output);

} // namespace reslab

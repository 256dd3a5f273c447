#pragma once
// How the Tuning page names what it draws: a metric ("success_rate", "latency_ms.p99") by a label
// and one unit — the unit the rest of the testbench uses (percent for rates, ms for latency) — and
// a swept parameter's JSON path ("pipeline[1].timeout_ms") by a readable title. The raw names stay
// in the tooltips, where a user matching them to a scenario file or a CSV column finds them.

#include <QString>
#include <string>

namespace reslab::ui {

struct MetricUnit
{
    QString label;    // "Success rate", "Latency p99"
    QString unit;     // "%", "ms", "" for a count or a ratio
    double scale = 1; // the metric's value × scale is what is shown (a fraction × 100 = %)
};

MetricUnit metricUnit(const std::string& metric);
// "Success rate (%)", "Latency p99 (ms)", "Attempts per request".
QString metricTitle(const std::string& metric);
// A value of the metric as shown: scaled, up to 4 significant digits, with its unit ("97.31 %").
QString metricValue(const std::string& metric, double value);
// "pipeline[1].timeout_ms" → "Timeout (ms), pipeline step 2"; "workload.rate" → "Rate, workload".
QString paramTitle(const std::string& path);

} // namespace reslab::ui

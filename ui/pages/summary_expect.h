#pragma once
// The Summary's verdicts on the scenario's `expect` block, and its number formats: a run's value
// of each expected metric (those a summary holds), whether it is within the bounds, and
// durations in the unit a reader wants ("60.5 s", not "60488.431 ms").

#include "metrics/summary.h"
#include "scenario/scenario.h"

#include <QString>
#include <optional>
#include <vector>

namespace reslab::ui {

// The value of a metric (scenario/metric_names.h) that a run's summary holds; none for those only
// a full measurement gives (recovery_s, endpoints.*.peak_attempts_per_s: run `check`).
std::optional<double> summaryMetric(const Summary& s, const std::string& metric);

struct ExpectVerdict
{
    QString bound;               // "success_rate ≥ 0.95"
    std::optional<double> value; // none: not in the summary
    std::optional<bool> pass;    // none: not measured here
    QString text;                // "pass: 0.962", "fail: 2410 ms", "measured by check"
};
std::vector<ExpectVerdict> expectVerdicts(const Scenario& scenario, const Summary& s);

// A value of a comparison row: durations (a metric in ms) as ms below a second and seconds above,
// whole numbers without decimals, others with three. `metric` is the row's name.
QString formatValue(const QString& metric, double v);
// The row's name without the "(ms)" its values now carry themselves.
QString displayMetric(const QString& metric);

} // namespace reslab::ui

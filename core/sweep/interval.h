#pragma once
// The mean of a metric over a point's seeds and its 95 % confidence interval (Student's t with
// K − 1 degrees of freedom: the seeds are K independent runs of the same configuration).

#include <string>
#include <vector>

namespace reslab {

inline constexpr double kConfidenceLevel = 0.95;

struct Interval
{
    double mean = 0;
    double lo = 0; // NaN with fewer than two values: one run has no spread to go by
    double hi = 0;
    int count = 0; // values that were measured (NaN values are left out)
};

Interval meanInterval(const std::vector<double>& values);
// The same for the metric called `metric` (scenario/metric_names.h), its interval kept within
// the values the metric can take: every metric is ≥ 0 (counts, times, rates) and success_rate, a
// fraction, is ≤ 1, so a run of all-successes with one bad seed never reports success_rate_hi
// 1.02 (the t interval is symmetric; the metric is not).
Interval meanInterval(const std::vector<double>& values, const std::string& metric);

// The two-sided Student t quantile: P(|T| ≤ t) = level for `dof` degrees of freedom.
double studentT(double level, int dof);

} // namespace reslab

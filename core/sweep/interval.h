#pragma once
// The mean of a metric over a point's seeds and its 95 % confidence interval (Student's t with
// K − 1 degrees of freedom: the seeds are K independent runs of the same configuration).

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

// The two-sided Student t quantile: P(|T| ≤ t) = level for `dof` degrees of freedom.
double studentT(double level, int dof);

} // namespace reslab

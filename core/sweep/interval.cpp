#include "sweep/interval.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace reslab {

namespace {

// The regularized incomplete beta function I_x(a, b) by its continued fraction (Lentz's method,
// as in Numerical Recipes §6.4); accurate to about 1e-14 here.
double betaContinuedFraction(double a, double b, double x)
{
    constexpr double kTiny = 1e-300;
    double c = 1.0;
    double d = 1.0 - (a + b) * x / (a + 1.0);
    if (std::fabs(d) < kTiny) d = kTiny;
    d = 1.0 / d;
    double h = d;
    for (int m = 1; m <= 300; ++m) {
        const double m2 = 2.0 * m;
        double aa = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
        d = 1.0 + aa * d;
        if (std::fabs(d) < kTiny) d = kTiny;
        c = 1.0 + aa / c;
        if (std::fabs(c) < kTiny) c = kTiny;
        d = 1.0 / d;
        h *= d * c;
        aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
        d = 1.0 + aa * d;
        if (std::fabs(d) < kTiny) d = kTiny;
        c = 1.0 + aa / c;
        if (std::fabs(c) < kTiny) c = kTiny;
        d = 1.0 / d;
        const double delta = d * c;
        h *= delta;
        if (std::fabs(delta - 1.0) < 1e-15) break;
    }
    return h;
}

double incompleteBeta(double a, double b, double x)
{
    if (x <= 0.0) return 0.0;
    if (x >= 1.0) return 1.0;
    const double front = std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) +
                                  a * std::log(x) + b * std::log1p(-x));
    if (x < (a + 1.0) / (a + b + 2.0)) return front * betaContinuedFraction(a, b, x) / a;
    return 1.0 - front * betaContinuedFraction(b, a, 1.0 - x) / b;
}

// P(|T| ≤ t) for Student's t with `dof` degrees of freedom.
double twoSidedCdf(double t, int dof)
{
    const double v = dof;
    return 1.0 - incompleteBeta(v / 2.0, 0.5, v / (v + t * t));
}

} // namespace

double studentT(double level, int dof)
{
    double lo = 0.0, hi = 1.0;
    while (twoSidedCdf(hi, dof) < level)
        hi *= 2.0;
    for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; ++i) {
        const double mid = 0.5 * (lo + hi);
        (twoSidedCdf(mid, dof) < level ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

Interval meanInterval(const std::vector<double>& values)
{
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    Interval out;
    double sum = 0.0;
    for (double v : values)
        if (!std::isnan(v)) {
            sum += v;
            ++out.count;
        }
    if (out.count == 0) return Interval{kNaN, kNaN, kNaN, 0};
    out.mean = sum / out.count;
    if (out.count < 2) {
        out.lo = out.hi = kNaN;
        return out;
    }
    double squares = 0.0;
    for (double v : values)
        if (!std::isnan(v)) squares += (v - out.mean) * (v - out.mean);
    const double sd = std::sqrt(squares / (out.count - 1));
    const double half = studentT(kConfidenceLevel, out.count - 1) * sd / std::sqrt(out.count);
    out.lo = out.mean - half;
    out.hi = out.mean + half;
    return out;
}

Interval meanInterval(const std::vector<double>& values, const std::string& metric)
{
    Interval out = meanInterval(values);
    const double top = metric == "success_rate" ? 1.0 : std::numeric_limits<double>::infinity();
    if (!std::isnan(out.lo)) out.lo = std::clamp(out.lo, 0.0, top);
    if (!std::isnan(out.hi)) out.hi = std::clamp(out.hi, 0.0, top);
    return out;
}

} // namespace reslab

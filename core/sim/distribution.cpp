#include "sim/distribution.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>

namespace reslab {

double normalQuantile(double p)
{
    // Wichura, "Algorithm AS 241: The Percentage Points of the Normal Distribution" (1988).
    // u = 0 would be −∞: nudge it to the smallest 53-bit uniform's midpoint instead.
    if (p <= 0.0) p = 0x1.0p-54;
    const double q = p - 0.5;
    if (std::abs(q) <= 0.425) {
        const double r = 0.180625 - q * q;
        return q *
               (((((((2509.0809287301226727 * r + 33430.575583588128105) * r +
                     67265.770927008700853) *
                        r +
                    45921.953931549871457) *
                       r +
                   13731.693765509461125) *
                      r +
                  1971.5909503065514427) *
                     r +
                 133.14166789178437745) *
                    r +
                3.387132872796366608) /
               (((((((5226.495278852545925 * r + 28729.085735721942674) * r +
                     39307.89580009271061) *
                        r +
                    21213.794301586595867) *
                       r +
                   5394.1960214247511077) *
                      r +
                  687.1870074920579083) *
                     r +
                 42.313330701600911252) *
                    r +
                1.0);
    }
    double r = q < 0.0 ? p : 1.0 - p;
    r = std::sqrt(-std::log(r));
    double x;
    if (r <= 5.0) {
        r -= 1.6;
        x = (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r +
                  0.24178072517745061177) *
                     r +
                 1.27045825245236838258) *
                    r +
                3.64784832476320460504) *
                   r +
               5.7694972214606914055) *
                  r +
              4.6303378461565452959) *
                 r +
             1.42343711074968357734) /
            (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r +
                  0.0151986665636164571966) *
                     r +
                 0.14810397642748007459) *
                    r +
                0.68976733498510000455) *
                   r +
               1.6763848301838038494) *
                  r +
              2.05319162663775882187) *
                 r +
             1.0);
    } else {
        r -= 5.0;
        x = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r +
                  0.0012426609473880784386) *
                     r +
                 0.026532189526576123093) *
                    r +
                0.29656057182850489123) *
                   r +
               1.7848265399172913358) *
                  r +
              5.4637849111641143699) *
                 r +
             6.6579046435011037772) /
            (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r +
                  1.8463183175100546818e-5) *
                     r +
                 7.868691311456132591e-4) *
                    r +
                0.0148753612908506148525) *
                   r +
               0.13692988092273580531) *
                  r +
              0.59983220655588793769) *
                 r +
             1.0);
    }
    return q < 0.0 ? -x : x;
}

Distribution Distribution::constant(double ms)
{
    Distribution d;
    d.kind = Kind::Constant;
    d.a = ms;
    return d;
}

Distribution Distribution::uniform(double minMs, double maxMs)
{
    Distribution d;
    d.kind = Kind::Uniform;
    d.a = minMs;
    d.b = maxMs;
    return d;
}

Distribution Distribution::exponential(double meanMs)
{
    Distribution d;
    d.kind = Kind::Exponential;
    d.a = meanMs;
    return d;
}

Distribution Distribution::normal(double meanMs, double sdMs)
{
    Distribution d;
    d.kind = Kind::Normal;
    d.a = meanMs;
    d.b = sdMs;
    return d;
}

Distribution Distribution::lognormalMedianP99(double medianMs, double p99Ms)
{
    Distribution d = lognormalMedianSigma(medianMs, std::log(p99Ms / medianMs) / kNormalQuantile99);
    d.p99 = p99Ms;
    return d;
}

Distribution Distribution::lognormalMedianSigma(double medianMs, double sigma)
{
    Distribution d;
    d.kind = Kind::Lognormal;
    d.a = medianMs;
    d.b = sigma;
    return d;
}

Distribution Distribution::pareto(double scaleMs, double shape)
{
    Distribution d;
    d.kind = Kind::Pareto;
    d.a = scaleMs;
    d.b = shape;
    return d;
}

Distribution Distribution::mixture(std::vector<double> rawWeights, std::vector<Distribution> parts)
{
    Distribution d;
    d.kind = Kind::Mixture;
    const double total = std::accumulate(rawWeights.begin(), rawWeights.end(), 0.0);
    double running = 0.0;
    for (double w : rawWeights) {
        running += w;
        d.cumulative.push_back(running / total);
    }
    if (!d.cumulative.empty()) d.cumulative.back() = 1.0;
    d.weights = std::move(rawWeights);
    d.components = std::move(parts);
    return d;
}

Distribution Distribution::empirical(std::vector<double> valuesMs)
{
    Distribution d;
    d.kind = Kind::Empirical;
    d.values = std::move(valuesMs);
    return d;
}

double Distribution::meanMs() const
{
    switch (kind) {
    case Kind::Constant:
        return a;
    case Kind::Uniform:
        return (a + b) / 2.0;
    case Kind::Exponential:
    case Kind::Normal:
        return a;
    case Kind::Lognormal:
        return a * std::exp(b * b / 2.0);
    case Kind::Pareto:
        return b <= 1.0 ? std::numeric_limits<double>::infinity() : a * b / (b - 1.0);
    case Kind::Mixture: {
        const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
        double mean = 0.0;
        for (std::size_t i = 0; i < components.size(); ++i)
            mean += weights[i] / total * components[i].meanMs();
        return mean;
    }
    case Kind::Empirical:
        return values.empty() ? 0.0
                              : std::accumulate(values.begin(), values.end(), 0.0) /
                                    static_cast<double>(values.size());
    }
    return 0.0;
}

double Distribution::sdMs() const
{
    switch (kind) {
    case Kind::Constant:
        return 0.0;
    case Kind::Uniform:
        return (b - a) / std::sqrt(12.0);
    case Kind::Exponential:
        return a;
    case Kind::Normal:
        return b;
    case Kind::Lognormal:
        return meanMs() * std::sqrt(std::expm1(b * b));
    case Kind::Pareto:
        return b <= 2.0 ? std::numeric_limits<double>::infinity()
                        : a / (b - 1.0) * std::sqrt(b / (b - 2.0));
    case Kind::Mixture: {
        // The law of total variance: E[var] + var[mean] over the components.
        const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
        const double mean = meanMs();
        double second = 0.0;
        for (std::size_t i = 0; i < components.size(); ++i) {
            const double m = components[i].meanMs(), sd = components[i].sdMs();
            second += weights[i] / total * (sd * sd + m * m);
        }
        return std::sqrt(std::max(0.0, second - mean * mean));
    }
    case Kind::Empirical: {
        if (values.empty()) return 0.0;
        const double mean = meanMs();
        double sum = 0.0;
        for (double v : values)
            sum += (v - mean) * (v - mean);
        return std::sqrt(sum / static_cast<double>(values.size()));
    }
    }
    return 0.0;
}

} // namespace reslab

#include "sim/distribution.h"

#include <limits>
#include <numbers>
#include <numeric>

namespace reslab {

double sampleStandardNormal(double u1, double u2)
{
    // u1 ∈ [0,1) → 1 − u1 ∈ (0,1], so the log is finite.
    const double r = std::sqrt(-2.0 * std::log(1.0 - u1));
    return r * std::cos(2.0 * std::numbers::pi * u2);
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

const char* distributionKindName(Distribution::Kind kind)
{
    switch (kind) {
    case Distribution::Kind::Constant: return "constant";
    case Distribution::Kind::Uniform: return "uniform";
    case Distribution::Kind::Exponential: return "exponential";
    case Distribution::Kind::Normal: return "normal";
    case Distribution::Kind::Lognormal: return "lognormal";
    case Distribution::Kind::Pareto: return "pareto";
    case Distribution::Kind::Mixture: return "mixture";
    case Distribution::Kind::Empirical: return "empirical";
    }
    return "?";
}

} // namespace reslab

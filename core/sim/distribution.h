#pragma once
// Duration distributions, implemented here rather than with std::*_distribution, whose algorithms
// differ between standard libraries: the same seed must give the same run everywhere.
// Exponential and normal (so lognormal) draws use the ziggurat (sim/ziggurat.h), which takes one
// 64-bit number for ~99 % of draws and a few more otherwise; the others take one. Every number a
// draw takes comes from the generator it is given, so a counter-based CallRng gives call k the
// same value whatever happened before it.
// Values are in milliseconds, as in scenario files; sample() returns nanoseconds, floored at 0.

#include "sim/rng.h"
#include "sim/time.h"
#include "sim/ziggurat.h"
#include "util/name_table.h"

#include <string>
#include <vector>

namespace reslab {

// Standard normal quantile at 0.99, for lognormal{median, p99}: sigma = ln(p99/median) / z.
inline constexpr double kNormalQuantile99 = 2.3263478740408408;

struct Distribution
{
    enum class Kind
    {
        Constant,
        Uniform,
        Exponential,
        Normal,
        Lognormal,
        Pareto,
        Mixture,
        Empirical
    };

    Kind kind = Kind::Constant;
    double a = 0.0; // constant: value_ms · uniform: min_ms · exponential: mean_ms · normal: mean_ms
                    // lognormal: median_ms · pareto: scale_ms (x_m)
    double b = 0.0; // uniform: max_ms · normal: sd_ms · lognormal: sigma · pareto: shape (alpha)
    double p99 = 0.0; // lognormal given as {median_ms, p99_ms}: kept so a saved file reads the same
    std::vector<double> weights;    // mixture: as given
    std::vector<double> cumulative; // mixture: running sums of weights, normalised to end at 1
    std::vector<Distribution> components; // mixture
    std::vector<double> values;           // empirical: observed values (ms), drawn uniformly

    static Distribution constant(double ms);
    static Distribution uniform(double minMs, double maxMs);
    static Distribution exponential(double meanMs);
    static Distribution normal(double meanMs, double sdMs);
    static Distribution lognormalMedianP99(double medianMs, double p99Ms);
    static Distribution lognormalMedianSigma(double medianMs, double sigma);
    static Distribution pareto(double scaleMs, double shape);
    static Distribution mixture(std::vector<double> rawWeights, std::vector<Distribution> parts);
    static Distribution empirical(std::vector<double> valuesMs);

    // One draw in milliseconds (may be negative only for an untruncated normal).
    template <BitSource G> double sampleMs(G& g) const;
    // One draw as a duration: nanoseconds, never negative.
    template <BitSource G> Time sample(G& g) const { return fromMillis(sampleMs(g)); }

    // Expected value in ms (infinite for pareto with shape ≤ 1); normal ignores truncation at 0.
    double meanMs() const;
    // Standard deviation in ms (infinite for pareto with shape ≤ 2); normal ignores truncation.
    double sdMs() const;
    bool isZero() const { return kind == Kind::Constant && a == 0.0; }

    bool operator==(const Distribution&) const = default;
};

// The names the scenario format gives them ({"dist": …}).
inline constexpr auto kDistributionKindNames = makeNameTable<Distribution::Kind>(
    std::pair{Distribution::Kind::Constant, std::string_view("constant")},
    std::pair{Distribution::Kind::Uniform, std::string_view("uniform")},
    std::pair{Distribution::Kind::Exponential, std::string_view("exponential")},
    std::pair{Distribution::Kind::Normal, std::string_view("normal")},
    std::pair{Distribution::Kind::Lognormal, std::string_view("lognormal")},
    std::pair{Distribution::Kind::Pareto, std::string_view("pareto")},
    std::pair{Distribution::Kind::Mixture, std::string_view("mixture")},
    std::pair{Distribution::Kind::Empirical, std::string_view("empirical")});

// ---- samplers -------------------------------------------------------------------------------

// The standard normal quantile Φ⁻¹(p) by Wichura's algorithm AS 241 (PPND16, relative error
// about 1e-16), for quantiles (the samplers draw by the ziggurat).
double normalQuantile(double p);

template <BitSource G> double Distribution::sampleMs(G& g) const
{
    switch (kind) {
    case Kind::Constant:
        return a;
    case Kind::Uniform:
        return a + (b - a) * toUnit(g.next());
    case Kind::Exponential:
        return a * standardExponential(g);
    case Kind::Normal:
        return a + b * standardNormal(g);
    case Kind::Lognormal:
        return a * std::exp(b * standardNormal(g));
    case Kind::Pareto:
        return a * std::pow(1.0 - toUnit(g.next()), -1.0 / b);
    case Kind::Mixture: {
        const double u = toUnit(g.next());
        std::size_t i = 0;
        while (i + 1 < cumulative.size() && u >= cumulative[i])
            ++i;
        return components[i].sampleMs(g);
    }
    case Kind::Empirical: {
        const auto n = static_cast<double>(values.size());
        auto i = static_cast<std::size_t>(toUnit(g.next()) * n);
        if (i >= values.size()) i = values.size() - 1;
        return values[i];
    }
    }
    return 0.0;
}

inline std::string_view distributionKindName(Distribution::Kind kind)
{
    return kDistributionKindNames.name(kind);
}

} // namespace reslab

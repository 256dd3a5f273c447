#include "fit/latency_fit.h"

#include "fit/fit_text.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>

namespace reslab {

namespace {

constexpr double kLn2Pi = 1.8378770664093453; // ln(2π)
// EM for the mixture: stop when an iteration gains less than this in ln L (a thousandth of a
// unit of BIC decides nothing), or after this many.
constexpr double kEmTolerance = 1e-3;
constexpr int kEmMaxIterations = 400;
// A mixture part narrower than this (in ln ms) would be a spike on one value: not a service time.
constexpr double kMinLogSigma = 1e-3;

double normalCdf(double z)
{
    return 0.5 * std::erfc(-z / std::numbers::sqrt2);
}

struct LogStats
{
    double n = 0, sumLog = 0, mu = 0, sigma = 0;
};

LogStats logStats(const std::vector<double>& x)
{
    LogStats s;
    s.n = static_cast<double>(x.size());
    for (double v : x)
        s.sumLog += std::log(std::max(v, kLatencyFloorMs));
    s.mu = s.sumLog / s.n;
    double ss = 0;
    for (double v : x) {
        const double d = std::log(std::max(v, kLatencyFloorMs)) - s.mu;
        ss += d * d;
    }
    s.sigma = std::sqrt(ss / s.n);
    return s;
}

LatencyCandidate candidate(Distribution d, int k, double logL, double n)
{
    LatencyCandidate c;
    c.dist = std::move(d);
    c.parameters = k;
    c.logLikelihood = logL;
    c.aic = 2.0 * k - 2.0 * logL;
    c.bic = k * std::log(n) - 2.0 * logL;
    return c;
}

LatencyCandidate fitExponential(const std::vector<double>& x)
{
    const double n = static_cast<double>(x.size());
    const double mean = std::accumulate(x.begin(), x.end(), 0.0) / n;
    return candidate(Distribution::exponential(mean), 1, -n * std::log(mean) - n, n);
}

LatencyCandidate fitNormal(const std::vector<double>& x)
{
    const double n = static_cast<double>(x.size());
    const double mean = std::accumulate(x.begin(), x.end(), 0.0) / n;
    double ss = 0;
    for (double v : x)
        ss += (v - mean) * (v - mean);
    const double sd = std::sqrt(ss / n);
    return candidate(Distribution::normal(mean, sd), 2,
                     -0.5 * n * (kLn2Pi + 2.0 * std::log(sd)) - 0.5 * n, n);
}

LatencyCandidate fitLognormal(const std::vector<double>& x, const LogStats& s)
{
    // ln L = Σ ln φ((ln x − μ)/σ)/σ − Σ ln x, at μ and σ the mean and (n-divisor) sd of ln x.
    const double logL = -0.5 * s.n * (kLn2Pi + 2.0 * std::log(s.sigma)) - 0.5 * s.n - s.sumLog;
    (void)x;
    return candidate(Distribution::lognormalMedianSigma(std::exp(s.mu), s.sigma), 2, logL, s.n);
}

LatencyCandidate fitPareto(const std::vector<double>& sorted, const LogStats& s)
{
    // x_m = the smallest value, α = n / Σ ln(x / x_m) (both maximum likelihood).
    const double xm = std::max(sorted.front(), kLatencyFloorMs);
    const double alpha = s.n / (s.sumLog - s.n * std::log(xm));
    const double logL = s.n * std::log(alpha) + s.n * alpha * std::log(xm) - (alpha + 1) * s.sumLog;
    return candidate(Distribution::pareto(xm, alpha), 2, logL, s.n);
}

// Two lognormal parts by EM on ln x, started from three splits of the sorted sample (the lower
// half, 80 % and 95 % as the first part): the best of the three, so a small slow tail is found.
LatencyCandidate fitLognormalMixture(const std::vector<double>& sorted, const LogStats& s)
{
    const std::size_t n = sorted.size();
    std::vector<double> y(n);
    for (std::size_t i = 0; i < n; ++i)
        y[i] = std::log(std::max(sorted[i], kLatencyFloorMs));
    struct Params
    {
        double w = 0.5, mu1 = 0, s1 = 1, mu2 = 0, s2 = 1, logL = -INFINITY;
    };
    auto moments = [&](std::size_t b, std::size_t e, double& mu, double& sd) {
        double sum = 0, ss = 0;
        for (std::size_t i = b; i < e; ++i)
            sum += y[i];
        mu = sum / static_cast<double>(e - b);
        for (std::size_t i = b; i < e; ++i)
            ss += (y[i] - mu) * (y[i] - mu);
        sd = std::max(kMinLogSigma, std::sqrt(ss / static_cast<double>(e - b)));
    };
    Params best;
    std::vector<double> r(n); // responsibility of the first part
    for (double split : {0.5, 0.8, 0.95}) {
        const auto k = std::clamp<std::size_t>(
            static_cast<std::size_t>(split * static_cast<double>(n)), 1, n - 1);
        Params p;
        p.w = static_cast<double>(k) / static_cast<double>(n);
        moments(0, k, p.mu1, p.s1);
        moments(k, n, p.mu2, p.s2);
        double previous = -INFINITY;
        for (int it = 0; it < kEmMaxIterations; ++it) {
            double logL = 0, r1 = 0, m1 = 0, m2 = 0;
            // ln(w·φ₁) and ln((1 − w)·φ₂) up to −z²/2: the constants once per iteration.
            const double c1 = std::log(p.w) - std::log(p.s1) - 0.5 * kLn2Pi;
            const double c2 = std::log1p(-p.w) - std::log(p.s2) - 0.5 * kLn2Pi;
            const double h1 = 0.5 / (p.s1 * p.s1), h2 = 0.5 / (p.s2 * p.s2);
            for (std::size_t i = 0; i < n; ++i) {
                const double d1 = y[i] - p.mu1, d2 = y[i] - p.mu2;
                const double a = c1 - h1 * d1 * d1;
                const double b = c2 - h2 * d2 * d2;
                const double top = std::max(a, b);
                const double other = std::exp(std::min(a, b) - top);
                const double total = top + std::log1p(other);
                r[i] = a >= b ? 1.0 / (1.0 + other) : other / (1.0 + other);
                logL += total;
                r1 += r[i];
                m1 += r[i] * y[i];
                m2 += (1 - r[i]) * y[i];
            }
            p.logL = logL - s.sumLog; // back from ln x to x: the Jacobian 1/x
            const double r2 = static_cast<double>(n) - r1;
            if (r1 < 2 || r2 < 2) break; // a part emptied: this start found one lognormal
            p.w = r1 / static_cast<double>(n);
            p.mu1 = m1 / r1;
            p.mu2 = m2 / r2;
            double v1 = 0, v2 = 0;
            for (std::size_t i = 0; i < n; ++i) {
                v1 += r[i] * (y[i] - p.mu1) * (y[i] - p.mu1);
                v2 += (1 - r[i]) * (y[i] - p.mu2) * (y[i] - p.mu2);
            }
            p.s1 = std::max(kMinLogSigma, std::sqrt(v1 / r1));
            p.s2 = std::max(kMinLogSigma, std::sqrt(v2 / r2));
            if (logL - previous < kEmTolerance) break;
            previous = logL;
        }
        if (p.logL > best.logL && p.w > 0 && p.w < 1) best = p;
    }
    if (!std::isfinite(best.logL)) best = Params{0.5, s.mu, s.sigma, s.mu, s.sigma, -INFINITY};
    if (best.mu1 > best.mu2) { // the fast part first, as one writes a mixture
        std::swap(best.mu1, best.mu2);
        std::swap(best.s1, best.s2);
        best.w = 1 - best.w;
    }
    Distribution d = Distribution::mixture(
        {best.w, 1 - best.w}, {Distribution::lognormalMedianSigma(std::exp(best.mu1), best.s1),
                               Distribution::lognormalMedianSigma(std::exp(best.mu2), best.s2)});
    return candidate(std::move(d), 5, best.logL, s.n);
}

Distribution empiricalQuantiles(const std::vector<double>& sorted)
{
    const std::size_t n = sorted.size();
    const std::size_t q = std::min(n, kEmpiricalQuantiles);
    std::vector<double> values(q);
    for (std::size_t i = 0; i < q; ++i) {
        const auto rank = static_cast<std::size_t>((static_cast<double>(i) + 0.5) /
                                                   static_cast<double>(q) * static_cast<double>(n));
        values[i] = sorted[std::min(rank, n - 1)];
    }
    return Distribution::empirical(std::move(values));
}

// A time as the scenario file holds it: four significant digits, never past the longest
// duration a scenario takes (a trace's latency may be 100 years exactly, and rounding up, or a
// sample kept as a float, would step over it).
double scenarioMs(double ms)
{
    return std::min(significant(ms), kMaxDurationMs);
}

// The chosen model as the scenario file shows it: four significant digits per parameter, each
// within what the scenario reader takes (distribution_reader.cpp).
Distribution rounded(const Distribution& d)
{
    using K = Distribution::Kind;
    switch (d.kind) {
    case K::Exponential:
        return Distribution::exponential(scenarioMs(d.a));
    case K::Normal:
        return Distribution::normal(scenarioMs(d.a), scenarioMs(d.b));
    case K::Lognormal:
        return Distribution::lognormalMedianSigma(scenarioMs(d.a),
                                                  std::min(significant(d.b), kMaxLognormalSigma));
    case K::Pareto:
        // Near-equal latencies give a shape in the millions; the reader takes up to 1e6.
        return Distribution::pareto(scenarioMs(d.a), std::min(significant(d.b), kMaxParetoShape));
    case K::Mixture: {
        std::vector<double> weights;
        std::vector<Distribution> parts;
        for (std::size_t i = 0; i < d.components.size(); ++i) {
            weights.push_back(significant(d.weights[i]));
            parts.push_back(rounded(d.components[i]));
        }
        return Distribution::mixture(std::move(weights), std::move(parts));
    }
    case K::Empirical: { // the recorded values as they are, within a scenario's durations
        Distribution e = d;
        for (double& v : e.values)
            v = std::min(v, kMaxDurationMs);
        return e;
    }
    default:
        return d;
    }
}

} // namespace

double distributionCdf(const Distribution& d, double x)
{
    using K = Distribution::Kind;
    switch (d.kind) {
    case K::Constant:
        return x >= d.a ? 1.0 : 0.0;
    case K::Uniform:
        return d.b > d.a ? std::clamp((x - d.a) / (d.b - d.a), 0.0, 1.0) : (x >= d.a ? 1.0 : 0.0);
    case K::Exponential:
        return x <= 0 ? 0.0 : -std::expm1(-x / d.a);
    case K::Normal:
        return d.b > 0 ? normalCdf((x - d.a) / d.b) : (x >= d.a ? 1.0 : 0.0);
    case K::Lognormal:
        if (x <= 0) return 0.0;
        return d.b > 0 ? normalCdf(std::log(x / d.a) / d.b) : (x >= d.a ? 1.0 : 0.0);
    case K::Pareto:
        return x <= d.a ? 0.0 : 1.0 - std::pow(d.a / x, d.b);
    case K::Mixture: {
        double f = 0, previous = 0;
        for (std::size_t i = 0; i < d.components.size(); ++i) {
            f += (d.cumulative[i] - previous) * distributionCdf(d.components[i], x);
            previous = d.cumulative[i];
        }
        return f;
    }
    case K::Empirical: {
        // Values as written need not be sorted; ksDistance sorts a copy before it asks.
        const auto below =
            std::is_sorted(d.values.begin(), d.values.end())
                ? std::upper_bound(d.values.begin(), d.values.end(), x) - d.values.begin()
                : std::count_if(d.values.begin(), d.values.end(), [x](double v) { return v <= x; });
        return d.values.empty() ? 0.0
                                : static_cast<double>(below) / static_cast<double>(d.values.size());
    }
    }
    return 0.0;
}

double ksDistance(const std::vector<double>& sorted, const Distribution& model)
{
    Distribution d = model;
    if (d.kind == Distribution::Kind::Empirical) std::sort(d.values.begin(), d.values.end());
    const double n = static_cast<double>(sorted.size());
    double D = 0;
    for (std::size_t i = 0; i < sorted.size();) {
        std::size_t j = i; // a run of ties: the sample's CDF jumps once, from i/n to j/n
        while (j < sorted.size() && sorted[j] == sorted[i])
            ++j;
        // Just below the value both are at their left limits (a step model's F(x−) < F(x)).
        const double f = distributionCdf(d, sorted[i]);
        const double below = distributionCdf(d, std::nextafter(sorted[i], -INFINITY));
        D = std::max({D, std::abs(below - static_cast<double>(i) / n),
                      std::abs(static_cast<double>(j) / n - f)});
        i = j;
    }
    return D;
}

LatencyFit fitLatency(std::vector<double> x)
{
    LatencyFit fit;
    fit.samples = x.size();
    if (x.empty()) {
        fit.chosen = Distribution::constant(0.0);
        fit.reason = "no calls to fit";
        return fit;
    }
    std::sort(x.begin(), x.end());
    if (x.front() == x.back()) {
        fit.chosen = Distribution::constant(std::min(x.front(), kMaxDurationMs));
        fit.reason = "every call took the same time";
        return fit;
    }
    const LogStats s = logStats(x);
    fit.candidates.push_back(fitExponential(x));
    fit.candidates.push_back(fitNormal(x));
    if (s.sigma > 0) {
        fit.candidates.push_back(fitLognormal(x, s));
        fit.candidates.push_back(fitPareto(x, s));
        fit.candidates.push_back(fitLognormalMixture(x, s));
    }
    for (LatencyCandidate& c : fit.candidates)
        c.ks = ksDistance(x, c.dist);
    const auto best = std::min_element(
        fit.candidates.begin(), fit.candidates.end(),
        [](const LatencyCandidate& a, const LatencyCandidate& b) { return a.bic < b.bic; });
    const double allowed = kEmpiricalKsFloor + 1.36 / std::sqrt(static_cast<double>(x.size()));
    if (best->ks > allowed) {
        fit.chosen = rounded(empiricalQuantiles(x));
        fit.empirical = true;
        fit.ks = ksDistance(x, fit.chosen);
        fit.reason = "the least-BIC kind (" + std::string(distributionKindName(best->dist.kind)) +
                     ") is " + std::to_string(best->ks).substr(0, 5) +
                     " from the sample in KS distance, over " +
                     std::to_string(allowed).substr(0, 5);
        return fit;
    }
    fit.chosen = rounded(best->dist);
    best->dist = fit.chosen; // the table marks the chosen row by equality
    fit.ks = best->ks;
    fit.reason = "least BIC";
    return fit;
}

} // namespace reslab

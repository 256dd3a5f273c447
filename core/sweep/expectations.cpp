#include "sweep/expectations.h"

#include "scenario/scenario.h"
#include "util/json_writer.h"

#include <cmath>

namespace reslab {

namespace {

// Where the interval [lo, hi] (or the value, with one seed) stands against one bound.
Verdict against(double bound, bool isMin, const Interval& i, bool hasInterval)
{
    const double lo = hasInterval ? i.lo : i.mean;
    const double hi = hasInterval ? i.hi : i.mean;
    if (isMin)
        return lo >= bound ? Verdict::Pass : hi < bound ? Verdict::Fail : Verdict::Inconclusive;
    return hi <= bound ? Verdict::Pass : lo > bound ? Verdict::Fail : Verdict::Inconclusive;
}

// The seeds n for which t(0.975, n − 1)·s/√n falls below the distance from the mean to the bound.
std::optional<int> seedsToSettle(const std::vector<double>& values, const Interval& i, double bound)
{
    const double gap = std::fabs(i.mean - bound);
    if (gap == 0.0 || i.count < 2) return std::nullopt;
    double squares = 0.0;
    for (double v : values)
        if (!std::isnan(v)) squares += (v - i.mean) * (v - i.mean);
    const double sd = std::sqrt(squares / (i.count - 1));
    for (int n = i.count + 1; n <= kMaxSuggestedSeeds; n += (n < 100 ? 1 : n / 20))
        if (studentT(kConfidenceLevel, n - 1) * sd / std::sqrt(double(n)) < gap) return n;
    return std::nullopt;
}

} // namespace

std::string_view verdictName(Verdict v)
{
    switch (v) {
    case Verdict::Pass:
        return "pass";
    case Verdict::Fail:
        return "fail";
    case Verdict::Inconclusive:
        return "inconclusive";
    }
    return "";
}

std::string boundText(const std::string& metric, std::optional<double> min,
                      std::optional<double> max)
{
    if (min && max)
        return JsonWriter::formatNumber(*min) + " ≤ " + metric + " ≤ " +
               JsonWriter::formatNumber(*max);
    if (min) return metric + " ≥ " + JsonWriter::formatNumber(*min);
    return metric + " ≤ " + JsonWriter::formatNumber(max.value_or(0.0));
}

ExpectationResult evaluateExpectation(const Expectation& e, const std::vector<double>& values)
{
    ExpectationResult r;
    r.metric = e.metric;
    r.min = e.min;
    r.max = e.max;
    r.measured = meanInterval(values, e.metric);
    if (r.measured.count == 0) {
        r.verdict = Verdict::Inconclusive;
        r.note = "not measured in this scenario (recovery_s needs an outage or a spike after "
                 "some calm)";
        return r;
    }
    const bool hasInterval = r.measured.count >= 2;
    if (!hasInterval) r.note = "one seed: no interval, the value alone decides";
    std::optional<double> undecided;
    r.verdict = Verdict::Pass;
    for (const auto& [bound, isMin] : {std::pair{e.min, true}, std::pair{e.max, false}}) {
        if (!bound) continue;
        const Verdict v = against(*bound, isMin, r.measured, hasInterval);
        if (v == Verdict::Fail) r.verdict = Verdict::Fail;
        if (v == Verdict::Inconclusive && r.verdict != Verdict::Fail) {
            r.verdict = Verdict::Inconclusive;
            undecided = *bound;
        }
    }
    if (r.verdict == Verdict::Inconclusive && undecided) {
        r.seedsToSettle = seedsToSettle(values, r.measured, *undecided);
        r.note = r.seedsToSettle
                     ? "the interval straddles " + JsonWriter::formatNumber(*undecided) +
                           "; about " + std::to_string(*r.seedsToSettle) +
                           " seeds would likely settle it"
                     : "the mean sits on " + JsonWriter::formatNumber(*undecided) +
                           ": more seeds will not settle it";
    }
    return r;
}

} // namespace reslab

#include "sweep/tune.h"

#include "scenario/param_path.h"
#include "scenario/scenario_io.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace reslab {

namespace {

using RunCache = std::vector<std::vector<std::vector<double>>>; // [point][seed][metric]

std::size_t indexOf(const std::vector<std::string>& names, const std::string& name)
{
    return std::size_t(std::find(names.begin(), names.end(), name) - names.begin());
}

// Runs seeds [from, to) of `points`, adding them to the cache; false when cancelled.
bool runMore(const SweepPlan& plan, const std::vector<std::size_t>& points, int from, int to,
             RunCache& cache, int jobs, const std::atomic<bool>& cancel,
             const std::function<void(std::size_t)>& done)
{
    if (from >= to || points.empty()) return true;
    SweepPlan sub;
    sub.params = plan.params;
    sub.metrics = plan.metrics;
    sub.seeds.assign(plan.seeds.begin() + from, plan.seeds.begin() + to);
    for (std::size_t p : points)
        sub.points.push_back(plan.points[p]);
    const SweepResult r = runSweep(sub, jobs, cancel, [&](std::size_t d, std::size_t) { done(d); });
    if (r.cancelled) return false;
    for (std::size_t i = 0; i < points.size(); ++i)
        for (auto& run : r.points[i].runs)
            cache[points[i]].push_back(std::move(run));
    return true;
}

class Evaluator
{
public:
    Evaluator(const SweepPlan& plan, const std::vector<Expectation>& expect, const TuneSpec& spec)
        : m_plan(plan), m_expect(expect), m_spec(spec),
          m_objective(indexOf(plan.metrics, spec.metric))
    {
    }

    TuneCandidate evaluate(std::size_t point, const RunCache& cache) const
    {
        TuneCandidate c;
        c.point = point;
        const auto& runs = cache[point];
        c.seeds = int(runs.size());
        for (std::size_t m = 0; m < m_plan.metrics.size(); ++m)
            c.metrics.push_back(meanInterval(column(runs, m), m_plan.metrics[m]));
        c.feasible = true;
        for (const Expectation& e : m_expect) {
            const std::size_t m = indexOf(m_plan.metrics, e.metric);
            ExpectationResult r = evaluateExpectation(e, column(runs, m));
            c.feasible = c.feasible && r.verdict == Verdict::Pass;
            c.failed = c.failed || r.verdict == Verdict::Fail;
            const double mean = r.measured.mean;
            const auto relative = [](double over, double bound) {
                return std::max(0.0, over) / std::max(std::fabs(bound), 1e-9);
            };
            if (!std::isnan(mean)) {
                if (e.min) c.violation += relative(*e.min - mean, *e.min);
                if (e.max) c.violation += relative(mean - *e.max, *e.max);
            }
            c.checks.push_back(std::move(r));
        }
        return c;
    }

    // Best first: not failed, then (in the final ranking) those proven to meet every
    // expectation, then by the metric (NaN last), then by point. Early rounds do not rank by
    // "proven": two seeds prove little, and a good candidate near a bound must not be dropped
    // for an interval that more seeds will narrow.
    bool better(const TuneCandidate& a, const TuneCandidate& b, bool final) const
    {
        if (a.failed != b.failed) return !a.failed;
        if (final && a.feasible != b.feasible) return a.feasible;
        if (a.failed && a.violation != b.violation) return a.violation < b.violation;
        const double x = objective(a), y = objective(b);
        if (std::isnan(x) != std::isnan(y)) return !std::isnan(x);
        if (x != y) return m_spec.maximize ? x > y : x < y;
        return a.point < b.point;
    }
    double objective(const TuneCandidate& c) const { return c.metrics[m_objective].mean; }

private:
    static std::vector<double> column(const std::vector<std::vector<double>>& runs, std::size_t m)
    {
        std::vector<double> values;
        for (const auto& run : runs)
            values.push_back(run[m]);
        return values;
    }
    const SweepPlan& m_plan;
    const std::vector<Expectation>& m_expect;
    const TuneSpec& m_spec;
    std::size_t m_objective;
};

// The refinement's points: midpoints between the winner and its neighbours on each numeric
// parameter (whole numbers for a parameter whose values all are), valid ones only.
std::vector<SweepPoint> refinementPoints(const SweepPlan& plan, const SweepPoint& winner,
                                         const QJsonObject& document, const std::string& baseDir,
                                         TraceCache& traces)
{
    std::vector<SweepPoint> out;
    std::set<std::vector<double>> seen;
    for (const SweepPoint& p : plan.points) {
        std::vector<double> key;
        for (const QJsonValue& v : p.values)
            key.push_back(v.isDouble() ? v.toDouble() : std::nan(""));
        seen.insert(key);
    }
    for (std::size_t d = 0; d < plan.params.size(); ++d) {
        const auto& values = plan.params[d].values;
        if (!std::all_of(values.begin(), values.end(),
                         [](const QJsonValue& v) { return v.isDouble(); }))
            continue;
        const bool whole = std::all_of(values.begin(), values.end(), [](const QJsonValue& v) {
            return v.toDouble() == std::floor(v.toDouble());
        });
        std::vector<double> sorted;
        for (const QJsonValue& v : values)
            sorted.push_back(v.toDouble());
        std::sort(sorted.begin(), sorted.end());
        const double at = winner.values[d].toDouble();
        const auto it = std::lower_bound(sorted.begin(), sorted.end(), at);
        std::vector<double> neighbours;
        if (it != sorted.begin()) neighbours.push_back(*(it - 1));
        if (it != sorted.end() && it + 1 != sorted.end()) neighbours.push_back(*(it + 1));
        for (double n : neighbours) {
            double mid = (at + n) / 2.0;
            if (whole) mid = std::floor(mid);
            if (mid == at || mid == n) continue;
            SweepPoint point;
            point.index = plan.points.size() + out.size();
            point.values = winner.values;
            point.values[d] = QJsonValue(mid);
            std::vector<double> key;
            for (const QJsonValue& v : point.values)
                key.push_back(v.isDouble() ? v.toDouble() : std::nan(""));
            if (!seen.insert(key).second) continue;
            QJsonObject doc = document;
            for (std::size_t q = 0; q < plan.params.size(); ++q)
                setAtPath(doc, plan.params[q].path, point.values[q]);
            ScenarioLoad load = parseScenario(doc);
            resolveTraces(load, baseDir, traces);
            if (!load.scenario) continue; // the midpoint is not a valid value: skip it
            point.scenario = std::move(*load.scenario);
            out.push_back(std::move(point));
        }
    }
    return out;
}

} // namespace

TuneResult tune(SweepPlan plan, const QJsonObject& document, const std::string& baseDir,
                TraceCache& traces, const std::vector<Expectation>& expect, const TuneSpec& spec,
                int jobs, const std::atomic<bool>& cancel, const SweepProgress& progress)
{
    TuneResult result;
    const int seeds = std::max(spec.seeds, 2);
    const std::uint64_t first = plan.seeds.empty() ? 1 : plan.seeds.front();
    plan.seeds.clear();
    for (int k = 0; k < seeds; ++k)
        plan.seeds.push_back(first + static_cast<std::uint64_t>(k));

    // The runs the rounds will take, for the progress (refinement adds a little).
    std::size_t expected = 0;
    {
        std::size_t n = plan.points.size();
        int before = 0, k = n <= kMinSurvivors ? seeds : std::min(kFirstRoundSeeds, seeds);
        while (true) {
            expected += n * std::size_t(k - before);
            if (k == seeds) break;
            n = std::max(std::min(n, kMinSurvivors), (n + 1) / 2);
            before = k;
            k = n <= kMinSurvivors ? seeds : std::min(2 * k, seeds);
        }
        expected += 4 * plan.params.size() * std::size_t(seeds) / 2;
    }
    std::size_t finished = 0;
    const auto done = [&](std::size_t inCall) {
        if (progress) progress(std::min(finished + inCall, expected), expected);
    };

    RunCache cache(plan.points.size());
    const Evaluator evaluator(plan, expect, spec);
    const auto sortBest = [&](std::vector<TuneCandidate>& cands, bool final) {
        std::sort(cands.begin(), cands.end(),
                  [&](const auto& a, const auto& b) { return evaluator.better(a, b, final); });
    };
    std::vector<std::size_t> alive(plan.points.size());
    for (std::size_t i = 0; i < alive.size(); ++i)
        alive[i] = i;
    int before = 0;
    int k = alive.size() <= kMinSurvivors ? seeds : std::min(kFirstRoundSeeds, seeds);
    std::vector<TuneCandidate> candidates;
    while (true) {
        if (!runMore(plan, alive, before, k, cache, jobs, cancel, done)) {
            result.cancelled = true;
            result.plan = std::move(plan);
            return result;
        }
        finished += alive.size() * std::size_t(k - before);
        candidates.clear();
        for (std::size_t p : alive)
            candidates.push_back(evaluator.evaluate(p, cache));
        const bool last = k == seeds;
        sortBest(candidates, last);
        if (last) {
            result.rounds.push_back(TuneRound{alive.size(), k, alive.size()});
            break;
        }
        const std::size_t keep =
            std::max(std::min(candidates.size(), kMinSurvivors), (candidates.size() + 1) / 2);
        alive.clear();
        for (std::size_t i = 0; i < keep; ++i)
            alive.push_back(candidates[i].point);
        // The best candidate already proven to meet every expectation stays, so that a round
        // whose better half is all near-misses cannot lose every feasible one.
        for (std::size_t i = keep; i < candidates.size(); ++i)
            if (candidates[i].feasible) {
                if (std::none_of(candidates.begin(), candidates.begin() + std::ptrdiff_t(keep),
                                 [](const TuneCandidate& c) { return c.feasible; }))
                    alive.push_back(candidates[i].point);
                break;
            }
        result.rounds.push_back(TuneRound{candidates.size(), k, alive.size()});
        before = k;
        k = alive.size() <= kMinSurvivors ? seeds : std::min(2 * k, seeds);
    }

    // Refinement around the winner, on every seed.
    if (spec.refine && !candidates.empty() && candidates.front().feasible) {
        std::vector<SweepPoint> extra = refinementPoints(
            plan, plan.points[candidates.front().point], document, baseDir, traces);
        result.refined = extra.size();
        std::vector<std::size_t> added;
        for (SweepPoint& p : extra) {
            added.push_back(plan.points.size());
            plan.points.push_back(std::move(p));
            cache.emplace_back();
        }
        if (!runMore(plan, added, 0, seeds, cache, jobs, cancel, done)) {
            result.cancelled = true;
            result.plan = std::move(plan);
            return result;
        }
        for (std::size_t p : added)
            candidates.push_back(evaluator.evaluate(p, cache));
        sortBest(candidates, true);
    }
    result.finalists = std::move(candidates);
    for (std::size_t i = 0; i < result.finalists.size(); ++i)
        if (result.finalists[i].feasible) {
            result.winner = i;
            break;
        }

    // The feasible front of the metric against the other axis (minimised).
    const std::size_t other = indexOf(plan.metrics, spec.paretoMetric);
    for (std::size_t i = 0; i < result.finalists.size(); ++i) {
        const TuneCandidate& a = result.finalists[i];
        if (!a.feasible || other >= plan.metrics.size()) continue;
        bool dominated = false;
        for (const TuneCandidate& b : result.finalists) {
            if (&a == &b || !b.feasible) continue;
            const double ao = evaluator.objective(a), bo = evaluator.objective(b);
            const bool noWorse = (spec.maximize ? bo >= ao : bo <= ao) &&
                                 b.metrics[other].mean <= a.metrics[other].mean;
            const bool better = (spec.maximize ? bo > ao : bo < ao) ||
                                b.metrics[other].mean < a.metrics[other].mean;
            if (noWorse && better) {
                dominated = true;
                break;
            }
        }
        if (!dominated) result.pareto.push_back(i);
    }
    if (progress) progress(expected, expected);
    result.plan = std::move(plan);
    return result;
}

} // namespace reslab

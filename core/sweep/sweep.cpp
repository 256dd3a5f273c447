#include "sweep/sweep.h"

#include "scenario/scenario_io.h"
#include "sim/rng.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <limits>
#include <mutex>
#include <numeric>
#include <thread>

namespace reslab {

namespace {

// Keys a sweep may not vary: the seeds are the sweep's own (--seeds), and the format is fixed.
constexpr std::array<std::string_view, 2> kReservedPaths = {"seed", "format"};

std::vector<std::vector<std::size_t>> choosePoints(const SweepSpec& spec, std::uint64_t seed,
                                                   std::string& error)
{
    std::vector<std::vector<std::size_t>> points;
    const std::size_t dims = spec.params.size();
    if (spec.sampling == SweepSpec::Sampling::Grid) {
        std::size_t total = 1;
        for (const ParamSpec& p : spec.params) {
            if (total > kMaxSweepPoints / p.values.size()) {
                error = "the grid has more than " + std::to_string(kMaxSweepPoints) +
                        " points; draw some with --sample random:N or lhs:N";
                return {};
            }
            total *= p.values.size();
        }
        points.reserve(total);
        for (std::size_t i = 0; i < total; ++i) {
            std::vector<std::size_t> at(dims);
            std::size_t rest = i;
            for (std::size_t d = dims; d-- > 0;) { // the last parameter varies fastest
                at[d] = rest % spec.params[d].values.size();
                rest /= spec.params[d].values.size();
            }
            points.push_back(std::move(at));
        }
        return points;
    }
    const std::size_t n = spec.samples;
    if (n == 0 || n > kMaxSweepPoints) {
        error = "--sample needs a number of points from 1 to " + std::to_string(kMaxSweepPoints);
        return {};
    }
    Rng rng = Rng::named(seed, "sweep/sample");
    points.assign(n, std::vector<std::size_t>(dims));
    for (std::size_t d = 0; d < dims; ++d) {
        const std::size_t size = spec.params[d].values.size();
        if (spec.sampling == SweepSpec::Sampling::Random) {
            for (std::size_t i = 0; i < n; ++i)
                points[i][d] =
                    std::min(size - 1, static_cast<std::size_t>(rng.uniform() * double(size)));
            continue;
        }
        // Latin hypercube: each of the n strata of [0, 1) once per parameter, in random order.
        std::vector<std::size_t> strata(n);
        std::iota(strata.begin(), strata.end(), 0);
        for (std::size_t i = n; i-- > 1;)
            std::swap(strata[i],
                      strata[static_cast<std::size_t>(rng.uniform() * double(i + 1)) % (i + 1)]);
        for (std::size_t i = 0; i < n; ++i) {
            const double u = (double(strata[i]) + rng.uniform()) / double(n);
            points[i][d] = std::min(size - 1, static_cast<std::size_t>(u * double(size)));
        }
    }
    return points;
}

std::string valuesText(const SweepPlan& plan, const std::vector<QJsonValue>& values)
{
    std::string out;
    for (std::size_t d = 0; d < plan.params.size(); ++d) {
        if (d) out += ", ";
        out += plan.params[d].path.text + "=" + paramValueText(values[d]);
    }
    return out;
}

} // namespace

bool applySweepSetup(const SweepSetup& setup, SweepSpec& spec, bool keepSeeds, std::string& error)
{
    spec.params.clear();
    for (std::size_t i = 0; i < setup.params.size(); ++i) {
        auto param = parseParamSpec(setup.params[i].path + "=" + setup.params[i].values, error);
        if (!param) {
            error = "sweep.params[" + std::to_string(i) + "]: " + error;
            return false;
        }
        spec.params.push_back(std::move(*param));
    }
    if (!keepSeeds && setup.seeds) spec.seeds = *setup.seeds;
    return true;
}

std::string describePoint(const SweepPlan& plan, const SweepPoint& point)
{
    return "point " + std::to_string(point.index) + " (" + valuesText(plan, point.values) + ")";
}

std::variant<SweepPlan, std::string> planSweep(const QJsonObject& document,
                                               const std::string& baseDir, TraceCache& traces,
                                               const SweepSpec& spec, const WorkLimits& limits)
{
    SweepPlan plan;
    plan.params = spec.params;
    if (spec.params.empty()) return std::string("a sweep needs at least one --param PATH=VALUES");
    if (spec.seeds < 1) return std::string("--seeds must be at least 1");

    // Each parameter on its own first: a path that does not exist is reported once, by name.
    for (const ParamSpec& p : spec.params) {
        const auto& first = p.path.steps.front();
        if (const auto* key = std::get_if<std::string>(&first);
            key && p.path.steps.size() == 1 &&
            std::find(kReservedPaths.begin(), kReservedPaths.end(), *key) != kReservedPaths.end())
            return "--param " + p.path.text + ": cannot be swept" +
                   (*key == "seed" ? std::string(" (the seeds are --seeds K)") : std::string());
        if (p.values.empty()) return "--param " + p.path.text + ": has no values";
        for (const ParamSpec& q : spec.params)
            if (&q != &p && q.path.text == p.path.text)
                return "--param " + p.path.text + ": given twice";
        if (auto error = unknownNameInPath(document, p.path))
            return "--param " + p.path.text + ": " + *error;
        QJsonObject probe = document;
        if (auto error = setAtPath(probe, p.path, p.values.front()))
            return "--param " + p.path.text + ": " + *error;
    }

    const ScenarioLoad base = parseScenario(document);
    if (!base.scenario) return formatDiagnostics("the scenario", base.diagnostics);
    const std::uint64_t firstSeed = spec.firstSeed.value_or(base.scenario->seed);
    if (auto problem = seedRangeProblem(firstSeed, spec.seeds)) return *problem;
    for (int k = 0; k < spec.seeds; ++k)
        plan.seeds.push_back(firstSeed + static_cast<std::uint64_t>(k));

    std::string error;
    const auto chosen = choosePoints(spec, spec.sampleSeed.value_or(base.scenario->seed), error);
    if (!error.empty()) return error;
    plan.points.reserve(chosen.size());
    for (std::size_t i = 0; i < chosen.size(); ++i) {
        SweepPoint point;
        point.index = i;
        QJsonObject doc = document;
        for (std::size_t d = 0; d < spec.params.size(); ++d) {
            point.values.push_back(spec.params[d].values[chosen[i][d]]);
            setAtPath(doc, spec.params[d].path, point.values.back()); // checked above
        }
        ScenarioLoad load = parseScenario(doc);
        resolveTraces(load, baseDir, traces);
        if (!load.scenario) {
            std::string message = describePoint(plan, point) + " is not a valid scenario:\n";
            for (const Diagnostic& d : load.diagnostics)
                message +=
                    "  " + (d.path.empty() ? std::string() : d.path + ": ") + d.message + "\n";
            message.pop_back();
            return message;
        }
        point.scenario = std::move(*load.scenario);
        const WorkEstimate estimate = estimateWork(point.scenario);
        if (const auto refusal = workRefusal(estimate, limits))
            return describePoint(plan, point) + ": " + *refusal;
        plan.estimatedEvents += estimate.events * double(plan.seeds.size());
        plan.points.push_back(std::move(point));
    }
    if (!limits.allowLarge && plan.estimatedEvents > limits.maxEvents)
        return "the sweep is estimated at " + readableCount(plan.estimatedEvents) + " events (" +
               std::to_string(plan.points.size()) + " points × " +
               std::to_string(plan.seeds.size()) + " seeds), over the limit of " +
               readableCount(limits.maxEvents) +
               ": sweep fewer points or seeds, raise --max-events, or pass --allow-large";
    plan.metrics = metricNames(plan.points.front().scenario);
    return plan;
}

std::optional<std::string> seedRangeProblem(std::uint64_t first, int seeds)
{
    const auto extra = static_cast<std::uint64_t>(std::max(seeds, 1) - 1);
    if (first <= std::numeric_limits<std::uint64_t>::max() - extra) return std::nullopt;
    return "--seed " + std::to_string(first) + " with --seeds " + std::to_string(seeds) +
           " runs seeds " + std::to_string(first) + " … " + std::to_string(first) + " + " +
           std::to_string(extra) + ", past the largest seed, 2^64 − 1 = " +
           std::to_string(std::numeric_limits<std::uint64_t>::max()) + ": give --seed at most " +
           std::to_string(std::numeric_limits<std::uint64_t>::max() - extra);
}

SweepPlan singlePointPlan(const Scenario& scenario, int seeds,
                          std::optional<std::uint64_t> firstSeed)
{
    SweepPlan plan;
    plan.points.push_back(SweepPoint{0, {}, scenario});
    const std::uint64_t first = firstSeed.value_or(scenario.seed);
    for (int k = 0; k < seeds; ++k)
        plan.seeds.push_back(first + static_cast<std::uint64_t>(k));
    plan.metrics = metricNames(scenario);
    plan.estimatedEvents = estimateWork(scenario).events * double(seeds);
    return plan;
}

SweepResult runSweep(const SweepPlan& plan, int jobs, const std::atomic<bool>& cancel,
                     const SweepProgress& progress)
{
    const auto started = std::chrono::steady_clock::now();
    SweepResult result;
    result.points.resize(plan.points.size());
    for (PointResult& p : result.points)
        p.runs.resize(plan.seeds.size());
    const std::size_t total = plan.runs();
    if (jobs <= 0) jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    jobs = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(jobs), total));

    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> done{0};
    std::mutex mutex;
    std::condition_variable wake;
    std::vector<std::string> stopped(plan.points.size());
    auto worker = [&] {
        while (!cancel.load(std::memory_order_relaxed)) {
            const std::size_t task = next.fetch_add(1);
            if (task >= total) break;
            const std::size_t p = task / plan.seeds.size();
            const std::size_t k = task % plan.seeds.size();
            RunMetrics m = measureRun(plan.points[p].scenario, plan.seeds[k], &cancel);
            if (m.cancelled) break;
            std::vector<double> values(plan.metrics.size(),
                                       std::numeric_limits<double>::quiet_NaN());
            for (const auto& [name, value] : m.values) {
                const auto it = std::find(plan.metrics.begin(), plan.metrics.end(), name);
                if (it != plan.metrics.end())
                    values[std::size_t(it - plan.metrics.begin())] = value;
            }
            {
                std::lock_guard lock(mutex);
                result.points[p].runs[k] = std::move(values);
                if (!m.stopped.empty() && stopped[p].empty())
                    stopped[p] = "seed " + std::to_string(plan.seeds[k]) + ": " + m.stopped;
            }
            done.fetch_add(1);
            wake.notify_one();
        }
    };
    std::vector<std::thread> threads;
    for (int i = 0; i < jobs; ++i)
        threads.emplace_back(worker);
    {
        std::unique_lock lock(mutex);
        while (done.load() < total && !cancel.load()) {
            wake.wait_for(lock, std::chrono::milliseconds(200));
            if (progress) {
                lock.unlock();
                progress(done.load(), total);
                lock.lock();
            }
        }
    }
    for (std::thread& t : threads)
        t.join();
    if (progress) progress(done.load(), total);
    result.cancelled = done.load() < total;

    for (std::size_t p = 0; p < plan.points.size(); ++p) {
        PointResult& point = result.points[p];
        point.stopped = stopped[p];
        bool complete = true;
        for (const auto& run : point.runs)
            complete = complete && !run.empty();
        if (!complete) continue;
        for (std::size_t m = 0; m < plan.metrics.size(); ++m) {
            std::vector<double> values;
            for (const auto& run : point.runs)
                values.push_back(run[m]);
            point.intervals.push_back(meanInterval(values, plan.metrics[m]));
        }
    }
    result.wallS =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

} // namespace reslab

#pragma once
// What the Tuning page shows: a sweep of the open scenario (core/sweep) and, for each point, its
// metrics over the seeds and its verdict on the scenario's expectations. A TuningResult is made
// once by the worker (tuning_worker.h) and never changes: the page and its charts only read it.

#include "sweep/expectations.h"
#include "sweep/sweep.h"

#include <QJsonObject>
#include <QString>
#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>
#include <vector>

namespace reslab::ui {

struct TuningRequest
{
    QJsonObject document; // the scenario as the editor holds it
    QString baseDir;      // where its traces are found
    SweepSpec spec;
    int jobs = 0; // 0: one per core
};

// A point's standing against the expectations: what the charts draw over its colour.
enum class Standing
{
    Unmeasured, // cancelled before all its seeds ran
    Feasible,   // every expectation passes (or there are none)
    Inconclusive,
    Fails
};

class TuningResult
{
public:
    // Plans and runs the sweep on the calling thread (which waits for `jobs` workers); a plan
    // that cannot be made gives a result with error() set and no points.
    static std::shared_ptr<const TuningResult> run(const TuningRequest& request,
                                                   const std::atomic<bool>& cancel,
                                                   const SweepProgress& progress = {});

    const QString& error() const { return m_error; }
    bool cancelled() const { return m_sweep.cancelled; }
    const SweepPlan& plan() const { return m_plan; }
    std::size_t pointCount() const { return m_plan.points.size(); }
    std::size_t paramCount() const { return m_plan.params.size(); }
    const std::vector<std::string>& metrics() const { return m_plan.metrics; }
    // The metric's place in metrics(), or nullopt.
    std::optional<std::size_t> metricIndex(const std::string& name) const;
    double wallSeconds() const { return m_sweep.wallS; }

    bool measured(std::size_t point) const { return !m_sweep.points[point].intervals.empty(); }
    const Interval& interval(std::size_t point, std::size_t metric) const
    {
        return m_sweep.points[point].intervals[metric];
    }
    Standing standing(std::size_t point) const { return m_standing[point]; }
    const std::vector<ExpectationResult>& checks(std::size_t point) const
    {
        return m_checks[point];
    }
    // The index of the point's value of parameter `param` among that parameter's values.
    std::size_t valueIndex(std::size_t point, std::size_t param) const
    {
        return m_valueIndex[point][param];
    }

    // The best point by `metric` among the feasible ones (nullopt when none is).
    std::optional<std::size_t> best(std::size_t metric, bool maximize) const;
    // The feasible points no other feasible point beats on both metrics, by the first.
    std::vector<std::size_t> paretoFront(std::size_t metricX, bool maximizeX, std::size_t metricY,
                                         bool maximizeY) const;

    // "initial_ms=30, budget_percent=20": the point's values by the last key of each path.
    QString pointLabel(std::size_t point) const;
    // The point as a tooltip (rich text): its values, the metric with its interval, each
    // expectation's verdict.
    QString pointTooltip(std::size_t point, std::size_t metric) const;
    // The scenario document with the point's values set, ready for the editor.
    QJsonObject pointDocument(std::size_t point) const;
    const QString& baseDir() const { return m_baseDir; }
    // Every point and metric as the sweep command's CSV writes them.
    QString csv() const;

private:
    QJsonObject m_document;
    QString m_baseDir;
    QString m_error;
    SweepPlan m_plan;
    SweepResult m_sweep;
    std::vector<std::vector<ExpectationResult>> m_checks; // [point][expectation]
    std::vector<Standing> m_standing;
    std::vector<std::vector<std::size_t>> m_valueIndex; // [point][param]
};

using TuningSnapshot = std::shared_ptr<const TuningResult>;

// What the Tuning page's views draw: a result, the metric they show and which way is better,
// the best feasible point by it, and the points the user picked.
struct TuningSelection
{
    TuningSnapshot result;
    std::size_t metric = 0;
    bool maximize = false;
    std::optional<std::size_t> best;
    std::vector<std::size_t> picked;
    bool isPicked(std::size_t point) const
    {
        return std::find(picked.begin(), picked.end(), point) != picked.end();
    }
};

// A number as the views print it: up to 4 significant digits, "—" for NaN.
QString metricText(double value);

// The direction a metric is better in when nothing says otherwise: only the success rate is
// better high; latencies, attempts, load, open time and recovery are better low.
bool higherIsBetter(const std::string& metric);

} // namespace reslab::ui

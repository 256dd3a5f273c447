#include "tuning_result.h"

#include "metric_labels.h"
#include "scenario/param_path.h"
#include "sweep/sweep_output.h"

#include <QObject>
#include <algorithm>
#include <cmath>

namespace reslab::ui {

std::shared_ptr<const TuningResult> TuningResult::run(const TuningRequest& request,
                                                      const std::atomic<bool>& cancel,
                                                      const SweepProgress& progress)
{
    auto out = std::make_shared<TuningResult>();
    out->m_document = request.document;
    out->m_baseDir = request.baseDir;
    TraceCache traces; // the worker's own: the window's cache belongs to its thread
    auto planned = planSweep(request.document, request.baseDir.toStdString(), traces, request.spec,
                             WorkLimits{});
    if (auto* message = std::get_if<std::string>(&planned)) {
        out->m_error = QString::fromStdString(*message);
        return out;
    }
    out->m_plan = std::get<SweepPlan>(std::move(planned));
    out->m_sweep = runSweep(out->m_plan, request.jobs, cancel, progress);

    const SweepPlan& plan = out->m_plan;
    const std::vector<Expectation>& expect = plan.points.front().scenario.expect;
    for (const SweepPoint& point : plan.points) {
        std::vector<std::size_t> at;
        for (std::size_t d = 0; d < plan.params.size(); ++d) {
            const auto& values = plan.params[d].values;
            at.push_back(std::size_t(std::find(values.begin(), values.end(), point.values[d]) -
                                     values.begin()));
        }
        out->m_valueIndex.push_back(std::move(at));

        const PointResult& r = out->m_sweep.points[point.index];
        std::vector<ExpectationResult> checks;
        Standing standing = r.intervals.empty() ? Standing::Unmeasured : Standing::Feasible;
        if (!r.intervals.empty())
            for (const Expectation& e : expect) {
                const std::size_t m = *out->metricIndex(e.metric); // the validator checked it
                std::vector<double> values;
                for (const auto& run : r.runs)
                    values.push_back(run[m]);
                checks.push_back(evaluateExpectation(e, values));
                if (checks.back().verdict == Verdict::Fail)
                    standing = Standing::Fails;
                else if (checks.back().verdict == Verdict::Inconclusive &&
                         standing == Standing::Feasible)
                    standing = Standing::Inconclusive;
            }
        out->m_checks.push_back(std::move(checks));
        out->m_standing.push_back(standing);
    }
    return out;
}

std::optional<std::size_t> TuningResult::metricIndex(const std::string& name) const
{
    const auto it = std::find(m_plan.metrics.begin(), m_plan.metrics.end(), name);
    if (it == m_plan.metrics.end()) return std::nullopt;
    return std::size_t(it - m_plan.metrics.begin());
}

std::optional<std::size_t> TuningResult::best(std::size_t metric, bool maximize) const
{
    std::optional<std::size_t> best;
    for (std::size_t p = 0; p < pointCount(); ++p) {
        if (m_standing[p] != Standing::Feasible) continue;
        const double v = interval(p, metric).mean;
        if (std::isnan(v)) continue;
        const double b = best ? interval(*best, metric).mean : 0.0;
        if (!best || (maximize ? v > b : v < b)) best = p;
    }
    return best;
}

std::vector<std::size_t> TuningResult::paretoFront(std::size_t metricX, bool maximizeX,
                                                   std::size_t metricY, bool maximizeY) const
{
    // Each metric turned into "smaller is better", then the classic sweep along x.
    auto value = [&](std::size_t p, std::size_t m, bool maximize) {
        const double v = interval(p, m).mean;
        return maximize ? -v : v;
    };
    std::vector<std::size_t> candidates;
    for (std::size_t p = 0; p < pointCount(); ++p)
        if (m_standing[p] == Standing::Feasible && !std::isnan(interval(p, metricX).mean) &&
            !std::isnan(interval(p, metricY).mean))
            candidates.push_back(p);
    std::sort(candidates.begin(), candidates.end(), [&](std::size_t a, std::size_t b) {
        const double xa = value(a, metricX, maximizeX), xb = value(b, metricX, maximizeX);
        if (xa != xb) return xa < xb;
        return value(a, metricY, maximizeY) < value(b, metricY, maximizeY);
    });
    std::vector<std::size_t> front;
    double bestY = INFINITY;
    for (std::size_t p : candidates) {
        const double y = value(p, metricY, maximizeY);
        if (y < bestY) {
            front.push_back(p);
            bestY = y;
        }
    }
    return front;
}

QString TuningResult::pointLabel(std::size_t point) const
{
    QStringList parts;
    for (std::size_t d = 0; d < m_plan.params.size(); ++d) {
        const QString path = QString::fromStdString(m_plan.params[d].path.text);
        parts << QStringLiteral("%1=%2").arg(
            path.section('.', -1),
            QString::fromStdString(paramValueText(m_plan.points[point].values[d])));
    }
    return parts.join(QStringLiteral(", "));
}

QString TuningResult::pointTooltip(std::size_t point, std::size_t metric) const
{
    QString html = QStringLiteral("<b>point %1</b>").arg(point);
    for (std::size_t d = 0; d < m_plan.params.size(); ++d)
        html +=
            QStringLiteral("<br>%1 = <b>%2</b>")
                .arg(
                    paramTitle(m_plan.params[d].path.text).toHtmlEscaped() +
                        QStringLiteral(" <i>(%1)</i>")
                            .arg(
                                QString::fromStdString(m_plan.params[d].path.text).toHtmlEscaped()),
                    QString::fromStdString(paramValueText(m_plan.points[point].values[d])));
    if (!measured(point)) return html + QObject::tr("<br><i>not run (cancelled)</i>");
    const Interval& i = interval(point, metric);
    const std::string& name = m_plan.metrics[metric];
    html += QStringLiteral("<br>%1 <i>(%2)</i> = <b>%3</b>")
                .arg(metricUnit(name).label, QString::fromStdString(name).toHtmlEscaped(),
                     metricValue(name, i.mean));
    if (!std::isnan(i.lo))
        html +=
            QObject::tr(" (95 %: %1 … %2)").arg(metricValue(name, i.lo), metricValue(name, i.hi));
    html += QObject::tr("<br>%1 seeds").arg(m_plan.seeds.size());
    for (const ExpectationResult& e : m_checks[point])
        html += QStringLiteral("<br>%1: %2 (%3)")
                    .arg(QString::fromStdString(boundText(e.metric, e.min, e.max)).toHtmlEscaped(),
                         QString::fromUtf8(verdictName(e.verdict).data(),
                                           qsizetype(verdictName(e.verdict).size())),
                         metricValue(e.metric, e.measured.mean));
    return html;
}

QJsonObject TuningResult::pointDocument(std::size_t point) const
{
    QJsonObject doc = m_document;
    for (std::size_t d = 0; d < m_plan.params.size(); ++d)
        setAtPath(doc, m_plan.params[d].path, m_plan.points[point].values[d]); // planned: valid
    return doc;
}

QString TuningResult::csv() const
{
    if (m_plan.points.empty()) return {};
    return QString::fromStdString(sweepTable(m_plan, m_sweep, SweepFormat::Csv));
}

QString metricText(double value)
{
    if (std::isnan(value)) return QStringLiteral("—");
    return QString::number(value, 'g', 4);
}

bool higherIsBetter(const std::string& metric)
{
    return metric == "success_rate";
}

} // namespace reslab::ui

#include "summary_expect.h"

#include "sweep/expectations.h"

#include <QCoreApplication>
#include <algorithm>
#include <cmath>

namespace reslab::ui {

namespace {
constexpr double kMsPerSecond = 1000.0;
constexpr double kSecondsPerMinute = 60.0;

double breakerOpenSeconds(const Summary& s, const std::string& name)
{
    // Open stretches from the transitions the summary keeps (a stretch still open ends with the
    // run).
    for (const BreakerSummary& b : s.breakers) {
        if (b.name != name) continue;
        double total = 0.0;
        std::optional<double> since;
        for (const BreakerTransition& t : b.transitions) {
            if (isOpen(t.to) && !since) since = t.tMs;
            if (!isOpen(t.to) && since) {
                total += t.tMs - *since;
                since.reset();
            }
        }
        if (since) total += s.endMs - *since;
        return total / kMsPerSecond;
    }
    return 0.0;
}

QString plain(double v)
{
    return v == std::floor(v) && std::fabs(v) < 1e15 ? QString::number(v, 'f', 0)
                                                     : QString::number(v, 'f', 3);
}
} // namespace

std::optional<double> summaryMetric(const Summary& s, const std::string& m)
{
    if (m == "success_rate") return s.successRate();
    if (m == "attempts.per_request") return s.attemptsPerRequest();
    const std::pair<const char*, double> latency[] = {
        {"latency_ms.mean", s.latency.mean}, {"latency_ms.p50", s.latency.p50},
        {"latency_ms.p90", s.latency.p90},   {"latency_ms.p99", s.latency.p99},
        {"latency_ms.p999", s.latency.p999}, {"latency_ms.max", s.latency.max}};
    for (const auto& [name, value] : latency)
        if (m == name) return value;
    for (const EndpointSummary& e : s.endpoints) {
        const std::string prefix = "endpoints." + e.id + ".";
        if (m == prefix + "attempts") return double(e.attempts);
        if (m == prefix + "utilization") return e.utilization;
        if (m == prefix + "max_queue") return double(e.maxQueue);
        if (m == prefix + "shed") return double(e.shed);
        if (m == prefix + "refused") return double(e.refused);
    }
    const std::string breakers = "breakers.";
    const std::string openS = ".open_s";
    if (m.starts_with(breakers) && m.ends_with(openS) && m.size() > breakers.size() + openS.size())
        return breakerOpenSeconds(
            s, m.substr(breakers.size(), m.size() - breakers.size() - openS.size()));
    return std::nullopt;
}

std::vector<ExpectVerdict> expectVerdicts(const Scenario& scenario, const Summary& s)
{
    std::vector<ExpectVerdict> out;
    for (const Expectation& e : scenario.expect) {
        ExpectVerdict v;
        v.bound = QString::fromStdString(boundText(e.metric, e.min, e.max));
        v.value = summaryMetric(s, e.metric);
        if (!v.value || std::isnan(*v.value)) {
            v.text = QCoreApplication::translate("SummaryPage",
                                                 "not in the run's summary: `check` measures it");
        } else {
            v.pass = (!e.min || *v.value >= *e.min) && (!e.max || *v.value <= *e.max);
            v.text = (*v.pass ? QCoreApplication::translate("SummaryPage", "✔ pass: %1")
                              : QCoreApplication::translate("SummaryPage", "✘ fail: %1"))
                         .arg(formatValue(QString::fromStdString(e.metric), *v.value));
        }
        out.push_back(std::move(v));
    }
    return out;
}

QString formatValue(const QString& metric, double v)
{
    const bool ms = metric.contains(QStringLiteral("(ms)")) || metric.contains("_ms");
    if (!ms || !std::isfinite(v)) return plain(v);
    if (std::fabs(v) < kMsPerSecond) return QString::number(v, 'f', v < 10.0 ? 2 : 1) + " ms";
    const double s = v / kMsPerSecond;
    if (std::fabs(s) < 10 * kSecondsPerMinute)
        return QString::number(s, 'f', s < 10 ? 2 : 1) + " s";
    const double minutes = std::floor(s / kSecondsPerMinute);
    return QStringLiteral("%1 min %2 s")
        .arg(minutes, 0, 'f', 0)
        .arg(s - minutes * kSecondsPerMinute, 0, 'f', 0);
}

QString displayMetric(const QString& metric)
{
    QString out = metric;
    return out.remove(QStringLiteral(" (ms)"));
}

} // namespace reslab::ui

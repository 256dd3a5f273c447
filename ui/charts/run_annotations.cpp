#include "run_annotations.h"

#include "outcome_style.h"
#include "palette.h"
#include "text.h"

#include <QCoreApplication>
#include <cmath>

namespace reslab::ui {

namespace {
QString tr(const char* s)
{
    return QCoreApplication::translate("RunAnnotations", s);
}
// A failure share at or above this during a phase reads as an outage, below as errors.
constexpr double kOutageShare = 0.99;

QString phaseLabel(const PhaseSpec& p)
{
    QStringList parts;
    if (p.failures) {
        const double share =
            p.failures->error + p.failures->fatal + p.failures->timeout + p.failures->reset;
        parts << (share >= kOutageShare ? tr("outage")
                                        : tr("errors %1 %").arg(100.0 * share, 0, 'g', 3));
    }
    if (p.latency || p.network) parts << tr("slow");
    if (p.capacity) parts << tr("capacity");
    if (p.rateLimit) parts << tr("rate limit");
    return parts.isEmpty() ? tr("phase") : parts.join(QStringLiteral(", "));
}

QColor phaseColor(const PhaseSpec& p)
{
    if (p.failures) return outcomeColor(Outcome::Error);
    if (p.latency || p.network) return palette::kAmber;
    return palette::kPurple;
}

QString percent(double share)
{
    return QStringLiteral("%1 %").arg(100.0 * share, 0, 'g', 3);
}
} // namespace

std::vector<TimeSpan> scenarioSpans(const Scenario& scenario)
{
    std::vector<TimeSpan> out;
    for (const EndpointSpec& e : scenario.endpoints)
        for (const PhaseSpec& p : e.phases) {
            // A phase that hits some hosts of a fleet names them ("api host 2", "api zone a").
            QString where = QString::fromStdString(e.id);
            if (!p.zone.empty()) where += tr(" zone %1").arg(QString::fromStdString(p.zone));
            if (!p.hosts.empty()) {
                QStringList hosts;
                for (int h : p.hosts)
                    hosts << QString::number(h);
                where += (p.hosts.size() == 1 ? tr(" host %1") : tr(" hosts %1"))
                             .arg(hosts.join(QStringLiteral(", ")));
            }
            out.push_back(TimeSpan{p.startS, p.endS,
                                   QStringLiteral("%1: %2").arg(where, phaseLabel(p)),
                                   phaseColor(p), Qt::SolidPattern});
        }
    const WorkloadSpec& w = scenario.workload;
    if (w.type == WorkloadSpec::Type::Open) {
        const auto& points = w.rateSchedule;
        const double end = scenario.durationS.value_or(points.empty() ? 0.0 : points.back().atS);
        for (std::size_t i = 0; i < points.size(); ++i) {
            const double to = i + 1 < points.size() ? points[i + 1].atS : end;
            if (points[i].ratePerS == w.ratePerS || to <= points[i].atS) continue;
            out.push_back(TimeSpan{points[i].atS, to,
                                   tr("load %1/s").arg(points[i].ratePerS, 0, 'g', 4),
                                   palette::kBlue, Qt::SolidPattern});
        }
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const TimeSpan& a, const TimeSpan& b) { return a.fromS < b.fromS; });
    return out;
}

std::vector<TimeMark> transitionMarks(const std::vector<BreakerTransitionRecord>& transitions,
                                      const std::string& breaker)
{
    std::vector<TimeMark> out;
    for (const BreakerTransitionRecord& t : transitions) {
        if (t.breaker != breaker) continue;
        const double at = toSeconds(t.at);
        if (t.to == BreakerState::HalfOpen)
            out.push_back(TimeMark{at, palette::kAmber, TimeMark::Shape::Probe, {}});
        else if (t.to == BreakerState::Open && t.from == BreakerState::Closed)
            out.push_back(
                TimeMark{at, outcomeColor(Outcome::Error), TimeMark::Shape::Line, tr("opened")});
        else if (t.to == BreakerState::Closed)
            out.push_back(
                TimeMark{at, outcomeColor(Outcome::Ok), TimeMark::Shape::Line, tr("closed")});
    }
    return out;
}

std::vector<TimeSpan> frozenSpans(const std::vector<BreakerTransitionRecord>& transitions,
                                  const std::string& breaker, double nowS)
{
    std::vector<TimeSpan> out;
    bool open = false;
    double openSince = 0.0;
    const QColor red = outcomeColor(Outcome::Error);
    auto close = [&](double at) {
        if (open && at > openSince)
            out.push_back(TimeSpan{openSince, at, tr("window frozen"), red, Qt::BDiagPattern});
        open = false;
    };
    for (const BreakerTransitionRecord& t : transitions) {
        if (t.breaker != breaker) continue;
        const double at = toSeconds(t.at);
        // Half-open counts its probes apart: the window stays as it was until the breaker closes.
        if (!isOpen(t.to) && t.to != BreakerState::HalfOpen) {
            close(at);
        } else if (!open) {
            open = true;
            openSince = at;
        }
    }
    close(nowS);
    return out;
}

std::vector<LevelLine> expectLevels(const Scenario& scenario, const QString& chartKey)
{
    // The chart that draws each expectable metric, and the name its legend gives it.
    struct Drawn
    {
        const char* metric;
        const char* chart;
        const char* name;
        const char* unit;
    };
    static constexpr Drawn kDrawn[] = {
        {"latency_ms.p50", "latency", "p50", " ms"},
        {"latency_ms.p90", "latency", "p90", " ms"},
        {"latency_ms.p99", "latency", "p99", " ms"},
        {"latency_ms.p999", "latency", "p99.9", " ms"},
        {"latency_ms.mean", "latency", "mean", " ms"},
        {"latency_ms.max", "latency", "max", " ms"},
        {"attempts.per_request", "amplification", "attempts per request", ""},
    };
    std::vector<LevelLine> out;
    for (const Expectation& e : scenario.expect)
        for (const Drawn& d : kDrawn) {
            if (e.metric != d.metric || chartKey != QLatin1String(d.chart)) continue;
            auto add = [&](double v, const char* op) {
                out.push_back(LevelLine{v,
                                        tr("expect %1 %2 %3%4 (run)")
                                            .arg(tr(d.name), QString::fromUtf8(op))
                                            .arg(v, 0, 'g', 6)
                                            .arg(QString::fromLatin1(d.unit)),
                                        palette::kGrey});
            };
            if (e.min) add(*e.min, "≥");
            if (e.max) add(*e.max, "≤");
        }
    return out;
}

TimeMark selectedMark(const BreakerTransitionRecord& t)
{
    const QColor c = t.to == BreakerState::Closed     ? outcomeColor(Outcome::Ok)
                     : t.to == BreakerState::HalfOpen ? palette::kAmber
                                                      : outcomeColor(Outcome::Error);
    return TimeMark{toSeconds(t.at), c, TimeMark::Shape::Selected,
                    QStringLiteral("%1 → %2").arg(stateName(t.from), stateName(t.to))};
}

QStringList decisionLines(const BreakerDecision& d)
{
    QStringList out;
    const bool rateRule = d.rule == BreakerRule::FailureRate ||
                          d.rule == BreakerRule::SlowCallRate || d.rule == BreakerRule::FiresRate ||
                          d.rule == BreakerRule::ProbesPassed ||
                          d.rule == BreakerRule::ProbesFailed;
    const bool probes = d.rule == BreakerRule::ProbesPassed || d.rule == BreakerRule::ProbesFailed;
    switch (d.rule) {
    case BreakerRule::None:
        return {tr("no rule: the state was set from outside")};
    case BreakerRule::OpenWaitOver:
        return {tr("the open wait was over: half-open, probes may pass")};
    case BreakerRule::HalfOpenTimeLimit:
        return {tr("half-open too long without a verdict (%1 probes back)").arg(d.calls)};
    case BreakerRule::Consecutive:
        return {
            tr("consecutive failures: %1 ≥ %2 → fired").arg(d.failures).arg(d.failureThreshold)};
    case BreakerRule::FailuresInPeriod:
        return {
            tr("failures in the period: %1 ≥ %2 → fired").arg(d.failures).arg(d.failureThreshold)};
    default:
        break;
    }
    if (!rateRule) return out;
    const QString unit = d.rule == BreakerRule::FiresRate ? tr("fires") : tr("calls");
    out << (probes ? tr("probes counted: %1").arg(d.calls)
                   : tr("%1 in window: %2").arg(unit).arg(d.calls));
    const double failureShare = d.calls ? double(d.failures) / d.calls : 0.0;
    const double slowShare = d.calls ? double(d.slow) / d.calls : 0.0;
    out << tr("failed: %1 (%2)").arg(d.failures).arg(percent(failureShare));
    const bool slowRule = std::isfinite(d.slowCallMs) && d.rule != BreakerRule::FiresRate;
    if (slowRule)
        out << tr("slow (over %1 ms): %2 (%3)")
                   .arg(d.slowCallMs)
                   .arg(d.slow)
                   .arg(percent(slowShare));
    out << tr("minimum %1: %2 ≥ %3 → met").arg(unit).arg(d.calls).arg(d.minimum);
    const bool fires = d.rule == BreakerRule::FiresRate;
    const bool failureFired = fires ? failureShare > d.failureRate : failureShare >= d.failureRate;
    out << tr("failure-rate rule: %1 %2 %3 → %4")
               .arg(percent(failureShare), failureFired ? (fires ? ">" : "≥") : "<",
                    percent(d.failureRate), failureFired ? tr("fired") : tr("not fired"));
    if (slowRule) {
        const bool slowFired = !failureFired && slowShare >= d.slowCallRate;
        out << tr("slow-call rule: %1 %2 %3 → %4")
                   .arg(percent(slowShare), slowShare >= d.slowCallRate ? "≥" : "<",
                        percent(d.slowCallRate),
                        slowFired                     ? tr("fired")
                        : slowShare >= d.slowCallRate ? tr("not needed")
                                                      : tr("not fired"));
    }
    out << tr("rule: %1").arg(QString::fromUtf8(breakerRuleName(d.rule)).replace('_', ' '));
    return out;
}

QString decisionHtml(const BreakerTransitionRecord& t)
{
    QString html = tr("<b>%1</b> at %2 s: %3 → %4<br>")
                       .arg(QString::fromStdString(t.breaker).toHtmlEscaped())
                       .arg(toSeconds(t.at), 0, 'f', 3)
                       .arg(stateName(t.from), stateName(t.to));
    html += tr("Cause: %1").arg(QString::fromStdString(t.reason).toHtmlEscaped());
    html += QStringLiteral("<ul style='margin:2px'>");
    for (const QString& line : decisionLines(t.decision))
        html += QStringLiteral("<li>%1</li>").arg(line.toHtmlEscaped());
    return html + QStringLiteral("</ul>");
}

} // namespace reslab::ui

#include "range_summary.h"

#include "run_history.h"
#include "summary_expect.h"
#include "text.h"

#include <QCoreApplication>
#include <algorithm>
#include <cmath>

namespace reslab::ui {

namespace {

double ms(Time t)
{
    return double(t) / double(kNanosPerMilli);
}

} // namespace

RangeSummary summarizeRange(const RunHistory& history, double fromS, double toS)
{
    RangeSummary out;
    out.fromS = fromS;
    out.toS = fromS;
    bool any = false;
    for (const TimelineRow* row : history.rows(fromS, toS, 0.0)) {
        const TimelineRow& r = *row;
        const double start = toSeconds(r.start);
        const double end = toSeconds(r.start + r.width); // exact ends: no 49.999… for 50
        const double width = end - start;
        const double middle = start + width / 2.0;
        if (middle < fromS || middle > toS) continue;
        if (!any) out.fromS = start;
        any = true;
        out.fromS = std::min(out.fromS, start);
        out.toS = std::max(out.toS, end);
        ++out.rows;
        out.offered += r.offered;
        out.attempts += r.attempts;
        for (std::size_t o = 0; o < kOutcomeCount; ++o)
            out.byOutcome[o] += r.byOutcome[o];
        out.p50Ms = std::max(out.p50Ms, ms(r.p50));
        out.p90Ms = std::max(out.p90Ms, ms(r.p90));
        out.p99Ms = std::max(out.p99Ms, ms(r.p99));
        out.attemptP99Ms = std::max(out.attemptP99Ms, ms(r.attemptP99));
        if (out.breakerOpenS.size() < r.breakers.size()) out.breakerOpenS.resize(r.breakers.size());
        for (std::size_t b = 0; b < r.breakers.size(); ++b)
            if (r.breakers[b].state == BreakerState::Open ||
                r.breakers[b].state == BreakerState::ForcedOpen)
                out.breakerOpenS[b] += width;
        if (out.endpointMaxQueue.size() < r.endpoints.size()) {
            out.endpointMaxQueue.resize(r.endpoints.size());
            out.endpointCalls.resize(r.endpoints.size());
        }
        for (std::size_t e = 0; e < r.endpoints.size(); ++e)
            out.endpointCalls[e] += r.endpoints[e].attempts;
        for (std::size_t e = 0; e < r.endpoints.size(); ++e)
            out.endpointMaxQueue[e] =
                std::max<std::uint64_t>(out.endpointMaxQueue[e], r.endpoints[e].queue);
    }
    if (!any) out.toS = out.fromS = std::max(0.0, fromS);
    return out;
}

std::vector<SummaryRow> rangeRows(const std::vector<RangeSummary>& runs,
                                  const std::vector<QString>& breakers,
                                  const std::vector<QString>& endpoints)
{
    auto tr = [](const char* s) { return QCoreApplication::translate("SummaryPage", s); };
    std::vector<SummaryRow> rows;
    auto add = [&](const QString& metric, auto value) {
        SummaryRow row{metric, {}};
        for (const RangeSummary& r : runs)
            row.values.push_back(value(r));
        rows.push_back(std::move(row));
    };
    auto count = [](std::uint64_t n) { return QString::number(n); };
    add(tr("range"), [](const RangeSummary& r) { return rangeText(r.fromS, r.toS); });
    add(tr("requests offered"), [&](const RangeSummary& r) { return count(r.offered); });
    add(tr("attempts"), [&](const RangeSummary& r) { return count(r.attempts); });
    add(tr("attempts per request"), [](const RangeSummary& r) {
        return formatValue("attempts per request", r.attemptsPerRequest());
    });
    add(tr("attempts ok (%)"), [](const RangeSummary& r) {
        const auto ok = r.byOutcome[std::size_t(Outcome::Ok)];
        return r.attempts ? QString::number(100.0 * double(ok) / double(r.attempts), 'f', 1)
                          : QStringLiteral("–");
    });
    for (std::size_t o = 0; o < kOutcomeCount; ++o) {
        const bool any = std::any_of(runs.begin(), runs.end(),
                                     [o](const RangeSummary& r) { return r.byOutcome[o] > 0; });
        if (any)
            add(tr("    attempts %1").arg(fromView(outcomeName(Outcome(o)))),
                [&](const RangeSummary& r) { return count(r.byOutcome[o]); });
    }
    // The rows hold percentiles over a sliding second, not the requests themselves: the range's
    // worst second is what they can say.
    const QString ms = QStringLiteral("(ms)");
    add(tr("latency p50, worst second"),
        [&](const RangeSummary& r) { return formatValue(ms, r.p50Ms); });
    add(tr("latency p90, worst second"),
        [&](const RangeSummary& r) { return formatValue(ms, r.p90Ms); });
    add(tr("latency p99, worst second"),
        [&](const RangeSummary& r) { return formatValue(ms, r.p99Ms); });
    add(tr("attempt p99, worst second"),
        [&](const RangeSummary& r) { return formatValue(ms, r.attemptP99Ms); });
    for (std::size_t b = 0; b < breakers.size(); ++b)
        add(tr("breaker %1: open").arg(breakers[b]), [&](const RangeSummary& r) {
            return formatValue(ms, b < r.breakerOpenS.size() ? r.breakerOpenS[b] * 1000.0 : 0.0);
        });
    // Calls per request at each endpoint: how the layers multiplied the range's requests.
    for (std::size_t e = 0; e < endpoints.size(); ++e) {
        auto calls = [e](const RangeSummary& r) {
            return e < r.endpointCalls.size() ? r.endpointCalls[e] : std::uint64_t{0};
        };
        add(tr("endpoint %1: calls").arg(endpoints[e]),
            [&](const RangeSummary& r) { return count(calls(r)); });
        add(tr("endpoint %1: calls per request").arg(endpoints[e]), [&](const RangeSummary& r) {
            return r.offered
                       ? formatValue("calls per request", double(calls(r)) / double(r.offered))
                       : QStringLiteral("–");
        });
    }
    for (std::size_t e = 0; e < endpoints.size(); ++e)
        add(tr("endpoint %1: longest queue").arg(endpoints[e]), [&](const RangeSummary& r) {
            return count(e < r.endpointMaxQueue.size() ? r.endpointMaxQueue[e] : 0);
        });
    return rows;
}

QString rangeText(double fromS, double toS)
{
    auto clock = [](double s) {
        const auto t = static_cast<long long>(std::floor(std::max(0.0, s) + 1e-6));
        return QStringLiteral("%1:%2:%3")
            .arg(t / 3600)
            .arg(t / 60 % 60, 2, 10, QLatin1Char('0'))
            .arg(t % 60, 2, 10, QLatin1Char('0'));
    };
    return QStringLiteral("%1 – %2 (%3 s)")
        .arg(clock(fromS), clock(toS))
        .arg(toS - fromS, 0, 'f', 1);
}

} // namespace reslab::ui

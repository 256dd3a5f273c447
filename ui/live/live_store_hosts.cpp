// LiveStore's per-host series: the hosts of a fleet as the Hosts page draws them.

#include "live_store.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace reslab::ui {

namespace {
// Rates and means per host over a sliding second, as the other views take theirs.
constexpr Time kHostWindow = kNanosPerSecond;

Time hostRowEnd(const TimelineRow& r)
{
    return r.start + r.width;
}
} // namespace

LiveStore::FleetLines LiveStore::hostLines(std::size_t first, const std::vector<bool>& own) const
{
    // One pass over the span's rows for every host and line: ten hosts' forty lines walked the
    // rows forty times (each row's hosts are a block of their own: a cache miss per visit).
    const std::size_t count = own.size();
    FleetLines out;
    out.hosts.resize(count);
    out.banded = std::size_t(std::count(own.begin(), own.end(), false));
    const auto rows = spanRows();
    for (std::size_t h = 0; h < count; ++h)
        if (own[h])
            for (auto* line : {&out.hosts[h].calls, &out.hosts[h].failed, &out.hosts[h].latency,
                               &out.hosts[h].inFlight})
                line->reserve(rows.size());
    if (out.banded)
        for (HostLines* edge : {&out.low, &out.high})
            for (auto* line : {&edge->calls, &edge->failed, &edge->latency, &edge->inFlight})
                line->reserve(rows.size());
    // Per host, the sums over the window [w, k] of rows (any width: coarse buckets further
    // back), kept by adding row k and taking off the rows that fell out of it.
    struct Sums
    {
        double calls = 0, failed = 0, latencyMs = 0, answered = 0, inFlight = 0, seconds = 0;
    };
    std::vector<Sums> window(count);
    const auto add = [&](const TimelineRow& r, double sign) {
        const double width = toSeconds(r.width);
        for (std::size_t h = 0; h < count && first + h < r.hosts.size(); ++h) {
            const TimelineRow::Host& x = r.hosts[first + h];
            Sums& s = window[h];
            s.calls += sign * double(x.calls);
            s.failed += sign * (double(x.failed) + double(x.timeouts));
            s.latencyMs += sign * double(x.latencyMs);
            s.answered += sign * double(x.answered);
            // In flight is a gauge read at each step's end: its mean weighted by the steps'
            // widths (a few calls per host jump at every step).
            s.inFlight += sign * double(x.inFlight) * width;
            s.seconds += sign * width;
        }
    };
    constexpr double kGap = std::numeric_limits<double>::quiet_NaN();
    constexpr double kInf = std::numeric_limits<double>::infinity();
    struct Edge
    {
        double low = kInf, high = -kInf;
        void take(double v)
        {
            low = std::min(low, v);
            high = std::max(high, v);
        }
    };
    std::size_t w = 0;
    for (std::size_t k = 0; k < rows.size(); ++k) {
        add(*rows[k], 1.0);
        while (w < k && hostRowEnd(*rows[k]) - rows[w]->start > kHostWindow)
            add(*rows[w++], -1.0);
        if (first + count > rows[k]->hosts.size()) continue; // served traffic: no hosts
        const double t = toSeconds(hostRowEnd(*rows[k]));
        const Time begin = w > 0 ? hostRowEnd(*rows[w - 1]) : rows[w]->start;
        const double seconds = std::max(1e-9, toSeconds(hostRowEnd(*rows[k]) - begin));
        Edge calls, failed, latency, inFlight;
        for (std::size_t h = 0; h < count; ++h) {
            const Sums& s = window[h];
            const double callRate = std::max(0.0, s.calls) / seconds;
            const double failRate = std::max(0.0, s.failed) / seconds;
            const bool answered = s.answered >= 0.5;
            const double meanMs = answered ? std::max(0.0, s.latencyMs) / s.answered : kGap;
            const bool busyKnown = s.seconds > 1e-9;
            const double busy = busyKnown ? std::max(0.0, s.inFlight) / s.seconds : 0.0;
            if (!own[h]) {
                calls.take(callRate);
                failed.take(failRate);
                if (answered) latency.take(meanMs);
                if (busyKnown) inFlight.take(busy);
                continue;
            }
            HostLines& l = out.hosts[h];
            l.calls.emplace_back(t, callRate);
            l.failed.emplace_back(t, failRate);
            if (answered)
                l.latency.emplace_back(t, meanMs);
            else if (!l.latency.empty() && !std::isnan(l.latency.back().y()))
                // It answered nothing over the last second (ejected, or idle): a gap, not a
                // line drawn straight across to its next answer.
                l.latency.emplace_back(t, kGap);
            if (busyKnown) l.inFlight.emplace_back(t, busy);
        }
        if (!out.banded) continue;
        const std::pair<const Edge*, std::vector<QPointF> HostLines::*> edges[] = {
            {&calls, &HostLines::calls},
            {&failed, &HostLines::failed},
            {&latency, &HostLines::latency},
            {&inFlight, &HostLines::inFlight}};
        for (const auto& [edge, line] : edges) {
            std::vector<QPointF>& low = out.low.*line;
            std::vector<QPointF>& high = out.high.*line;
            if (edge->low <= edge->high) { // some host of the band had a value
                low.emplace_back(t, edge->low);
                high.emplace_back(t, edge->high);
            } else if (!low.empty()) {
                // None had (the band's hosts all ejected: no latency): the band closes to
                // nothing at its last value, as a filled area cannot have a gap (joined across,
                // it was a wedge over the stretch).
                low.emplace_back(t, low.back().y());
                high.emplace_back(t, low.back().y());
            }
        }
    }
    return out;
}

std::vector<LiveStore::HostTotals> LiveStore::hostTotals(const FleetHosts& fleet, double fromS,
                                                         double toS) const
{
    std::vector<HostTotals> out(fleet.shown);
    for (const TimelineRow* row : m_history.rows(fromS, toS, 0.0)) {
        const TimelineRow& r = *row;
        // Whole rows, those whose middle lies in the range (as the Summary's range does).
        const double start = toSeconds(r.start);
        const double middle = start + (toSeconds(r.start + r.width) - start) / 2.0;
        if (middle < fromS || middle > toS) continue;
        for (std::size_t h = 0; h < fleet.shown && fleet.first + h < r.hosts.size(); ++h) {
            const TimelineRow::Host& in = r.hosts[fleet.first + h];
            HostTotals& t = out[h];
            t.calls += in.calls;
            t.failed += in.failed;
            t.timeouts += in.timeouts;
            t.answered += in.answered;
            t.latencyMs += double(in.latencyMs);
        }
    }
    return out;
}

} // namespace reslab::ui

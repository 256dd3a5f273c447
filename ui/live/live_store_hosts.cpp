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

std::vector<LiveStore::HostLines> LiveStore::hostLines(std::size_t first, std::size_t count) const
{
    // One pass over the span's rows for every host and line: ten hosts' forty lines walked the
    // rows forty times (each row's hosts are a block of their own: a cache miss per visit).
    std::vector<HostLines> out(count);
    const auto rows = spanRows();
    for (HostLines& h : out)
        for (auto* line : {&h.calls, &h.failed, &h.latency, &h.inFlight})
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
    std::size_t w = 0;
    for (std::size_t k = 0; k < rows.size(); ++k) {
        add(*rows[k], 1.0);
        while (w < k && hostRowEnd(*rows[k]) - rows[w]->start > kHostWindow)
            add(*rows[w++], -1.0);
        if (first + count > rows[k]->hosts.size()) continue; // served traffic: no hosts
        const double t = toSeconds(hostRowEnd(*rows[k]));
        const Time begin = w > 0 ? hostRowEnd(*rows[w - 1]) : rows[w]->start;
        const double seconds = std::max(1e-9, toSeconds(hostRowEnd(*rows[k]) - begin));
        for (std::size_t h = 0; h < count; ++h) {
            const Sums& s = window[h];
            HostLines& l = out[h];
            l.calls.emplace_back(t, std::max(0.0, s.calls) / seconds);
            l.failed.emplace_back(t, std::max(0.0, s.failed) / seconds);
            if (s.answered >= 0.5)
                l.latency.emplace_back(t, std::max(0.0, s.latencyMs) / s.answered);
            else if (!l.latency.empty() && !std::isnan(l.latency.back().y()))
                // It answered nothing over the last second (ejected, or idle): a gap, not a
                // line drawn straight across to its next answer.
                l.latency.emplace_back(t, kGap);
            if (s.seconds > 1e-9) l.inFlight.emplace_back(t, std::max(0.0, s.inFlight) / s.seconds);
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

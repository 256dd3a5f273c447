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

std::vector<QPointF> LiveStore::hostLine(std::size_t slot, HostLine which) const
{
    std::vector<QPointF> out;
    const auto rows = spanRows();
    out.reserve(rows.size());
    // Sums over the window [w, k] of rows (any width: coarse buckets further back), kept by
    // adding row k and taking off the rows that fell out of it: a count and what it divides.
    double sum = 0.0, count = 0.0;
    const auto value = [which, slot](const TimelineRow& r) -> std::pair<double, double> {
        if (slot >= r.hosts.size()) return {0.0, 0.0};
        const TimelineRow::Host& h = r.hosts[slot];
        switch (which) {
        case HostLine::Calls:
            return {double(h.calls), 0.0};
        case HostLine::Failed:
            return {double(h.failed) + double(h.timeouts), 0.0};
        case HostLine::Latency:
            return {double(h.latencyMs), double(h.answered)};
        case HostLine::InFlight: // the gauge at each step's end, weighted by the step's width
            return {double(h.inFlight) * toSeconds(r.width), toSeconds(r.width)};
        }
        return {0.0, 0.0};
    };
    std::size_t w = 0;
    for (std::size_t k = 0; k < rows.size(); ++k) {
        const auto [v, n] = value(*rows[k]);
        sum += v;
        count += n;
        while (w < k && hostRowEnd(*rows[k]) - rows[w]->start > kHostWindow) {
            const auto [ov, on] = value(*rows[w]);
            sum -= ov;
            count -= on;
            ++w;
        }
        if (slot >= rows[k]->hosts.size()) continue;
        const double t = toSeconds(hostRowEnd(*rows[k]));
        if (which == HostLine::Latency) {
            if (count >= 0.5)
                out.emplace_back(t, std::max(0.0, sum) / count);
            else if (!out.empty() && !std::isnan(out.back().y()))
                // It answered nothing over the last second (ejected, or idle): a gap, not a
                // line drawn straight across to its next answer.
                out.emplace_back(t, std::numeric_limits<double>::quiet_NaN());
            continue;
        }
        if (which == HostLine::InFlight) {
            if (count > 1e-9) out.emplace_back(t, std::max(0.0, sum) / count);
            continue;
        }
        const Time begin = w > 0 ? hostRowEnd(*rows[w - 1]) : rows[w]->start;
        const double seconds = std::max(1e-9, toSeconds(hostRowEnd(*rows[k]) - begin));
        out.emplace_back(t, std::max(0.0, sum) / seconds);
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

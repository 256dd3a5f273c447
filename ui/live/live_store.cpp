#include "live_store.h"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace reslab::ui {

namespace {
constexpr std::size_t kRowsPerSecond = kNanosPerSecond / kLiveTimelineStep;
// Rates and means are taken over a sliding second, as the engine's latency window is.
constexpr Time kWindow = kNanosPerSecond;

Time endOf(const TimelineRow& r)
{
    return r.start + r.width;
}

double endS(const TimelineRow& r)
{
    return toSeconds(endOf(r));
}

// For each row k, the first row w of its sliding second: rows w..k end within a second of row k's
// end (at least row k itself). Rows may be of any width (coarse buckets further back), so the
// window is found by time, not by counting rows.
template <typename Visit>
void slidingWindows(const std::vector<const TimelineRow*>& rows, Visit visit)
{
    std::size_t w = 0;
    for (std::size_t k = 0; k < rows.size(); ++k) {
        while (w < k && endOf(*rows[k]) - rows[w]->start > kWindow)
            ++w;
        visit(k, w);
    }
}

// The window's length in seconds: from the end of the row before it (or its first row's start).
double windowSeconds(const std::vector<const TimelineRow*>& rows, std::size_t k, std::size_t w)
{
    const Time begin = w > 0 ? endOf(*rows[w - 1]) : rows[w]->start;
    return std::max(1e-9, toSeconds(endOf(*rows[k]) - begin));
}
} // namespace

void LiveStore::clear()
{
    *this = LiveStore{};
}

void LiveStore::setSpan(double fromS, double toS)
{
    m_spanFrom = fromS;
    m_spanTo = toS;
}

std::vector<const TimelineRow*> LiveStore::spanRows() const
{
    return m_history.rows(m_spanFrom, m_spanTo);
}

void LiveStore::add(const RunSnapshot& s, Time virtualNow)
{
    for (const TimelineRow& r : s.rows)
        m_history.add(r);
    m_nowS = toSeconds(virtualNow);
    if (s.summary) m_summary = s.summary;
    m_lastBreakers = s.breakers;
    m_lastEndpoints = s.endpoints;
    m_lastLimiters = s.limiters;
    m_transitions.insert(m_transitions.end(), s.transitions.begin(), s.transitions.end());
    m_fleets = s.fleets;
    m_ejections.add(s.ejections);
    m_detectionsSkipped += s.detectionsSkipped;
    // A transition marks a moment: the attempts around it are kept beyond the ring, those
    // already seen (from the ring) and those still to come (until kMarkSeconds after it).
    const Time mark = fromSeconds(kMarkSeconds);
    for (const BreakerTransitionRecord& t : s.transitions) {
        for (const AttemptRecord& a : m_clientAttempts)
            if (a.end >= t.at - mark && a.start < t.at && a.start >= m_markUntil)
                m_markedAttempts.push_back(a);
        m_markUntil = std::max(m_markUntil, t.at + mark);
    }
    for (const AttemptRecord& a : s.recentAttempts) {
        if (a.depth != 0) continue;
        m_clientAttempts.push_back(a);
        if (a.start < m_markUntil) m_markedAttempts.push_back(a);
    }
    while (m_clientAttempts.size() > kMaxAttempts)
        m_clientAttempts.pop_front();
    while (m_markedAttempts.size() > kMaxMarkedAttempts)
        m_markedAttempts.pop_front();
    m_attemptsPerRequest = s.attemptsPerRequest;
}

std::deque<AttemptRecord> LiveStore::clientAttemptsIn(double fromS, double toS) const
{
    const Time from = fromSeconds(std::max(0.0, fromS));
    const Time to = fromSeconds(std::max(0.0, toS));
    std::vector<AttemptRecord> found;
    auto take = [&](const std::deque<AttemptRecord>& list) {
        for (const AttemptRecord& a : list)
            if (a.end >= from && a.start - a.wait <= to) found.push_back(a);
    };
    take(m_markedAttempts);
    take(m_clientAttempts);
    const auto key = [](const AttemptRecord& a) {
        return std::tuple(a.start, a.request, a.attempt);
    };
    std::sort(found.begin(), found.end(),
              [&](const AttemptRecord& x, const AttemptRecord& y) { return key(x) < key(y); });
    found.erase(std::unique(found.begin(), found.end(),
                            [&](const AttemptRecord& x, const AttemptRecord& y) {
                                return key(x) == key(y);
                            }),
                found.end());
    return {found.begin(), found.end()};
}

std::vector<BreakerCard> LiveStore::breakerCards(double seconds) const
{
    // Differences of the cumulative counts between the newest row and the one `seconds` earlier
    // (or the first row, or nothing, early in a run).
    const auto& rows = m_history.recent();
    const auto back = static_cast<std::size_t>(seconds * kRowsPerSecond);
    std::vector<BreakerCard> cards;
    for (std::size_t i = 0; i < m_lastBreakers.size(); ++i) {
        BreakerCard c{m_lastBreakers[i], {}};
        if (!rows.empty() && i < rows.back().breakers.size()) {
            const auto& now = rows.back().breakers[i].outcomes;
            const std::size_t last = rows.size() - 1;
            const TimelineRow* base = last >= back ? &rows[last - back] : nullptr;
            for (std::size_t o = 0; o < kOutcomeCount; ++o)
                c.rolling[o] =
                    now[o] -
                    (base && i < base->breakers.size() ? base->breakers[i].outcomes[o] : 0u);
        }
        cards.push_back(std::move(c));
    }
    return cards;
}

std::vector<QPointF> LiveStore::endpointUtilization(std::size_t i) const
{
    std::vector<QPointF> out;
    if (i >= m_lastEndpoints.size() || m_lastEndpoints[i].workers == 0) return out;
    // The gauge is read once per step; a handful of workers makes it jump between a few levels,
    // so the view shows its mean over the sliding second (weighted by each row's width).
    const double workers = static_cast<double>(m_lastEndpoints[i].workers);
    const auto rows = spanRows();
    slidingWindows(rows, [&](std::size_t k, std::size_t w) {
        if (i >= rows[k]->endpoints.size()) return;
        double sum = 0.0;
        for (std::size_t j = w; j <= k; ++j)
            if (i < rows[j]->endpoints.size())
                sum += rows[j]->endpoints[i].inService * toSeconds(rows[j]->width);
        const double seconds = toSeconds(endOf(*rows[k]) - rows[w]->start);
        out.emplace_back(endS(*rows[k]), 100.0 * sum / (workers * std::max(1e-9, seconds)));
    });
    return out;
}

std::vector<QPointF> LiveStore::limiter(std::size_t i, LimiterLine which) const
{
    std::vector<QPointF> out;
    const auto rows = spanRows();
    out.reserve(rows.size());
    slidingWindows(rows, [&](std::size_t k, std::size_t w) {
        const TimelineRow& r = *rows[k];
        if (i >= r.limiters.size()) return;
        const TimelineRow::Limiter& l = r.limiters[i];
        const double t = endS(r);
        if (which == LimiterLine::Limit) {
            out.emplace_back(t, l.limit);
        } else if (which == LimiterLine::InFlight) {
            out.emplace_back(t, l.inflight);
        } else {
            // The samples since the row before the window: their mean RTT (none: no point).
            const TimelineRow* base = w > 0 ? rows[w - 1] : nullptr;
            const bool hasBase = base && i < base->limiters.size();
            const std::uint64_t n = l.samples - (hasBase ? base->limiters[i].samples : 0);
            if (n == 0) return;
            const double sum = l.rttSumMs - (hasBase ? base->limiters[i].rttSumMs : 0.0);
            out.emplace_back(t, sum / static_cast<double>(n));
        }
    });
    return out;
}

template <typename Value> std::vector<QPointF> LiveStore::slidingRate(Value value) const
{
    std::vector<QPointF> out;
    const auto rows = spanRows();
    out.reserve(rows.size());
    double window = 0.0;
    std::size_t first = 0; // the window's first row, as summed so far
    slidingWindows(rows, [&](std::size_t k, std::size_t w) {
        window += value(*rows[k]);
        for (; first < w; ++first)
            window -= value(*rows[first]);
        out.emplace_back(endS(*rows[k]), window / windowSeconds(rows, k, w));
    });
    return out;
}

std::vector<QPointF> LiveStore::rate(Rate which) const
{
    return slidingRate([which](const TimelineRow& r) {
        switch (which) {
        case Rate::Offered:
            return static_cast<double>(r.offered);
        case Rate::Attempts:
            return static_cast<double>(r.attempts);
        case Rate::Ok:
            return static_cast<double>(r.byOutcome[0]);
        case Rate::Failures:
            return static_cast<double>(r.attempts - r.byOutcome[0]);
        }
        return 0.0;
    });
}

std::vector<QPointF> LiveStore::outcomeRate(Outcome o) const
{
    return slidingRate([o](const TimelineRow& r) {
        return static_cast<double>(r.byOutcome[static_cast<std::size_t>(o)]);
    });
}

template <typename Value> std::vector<QPointF> LiveStore::slidingRatio(Value value) const
{
    std::vector<QPointF> out;
    // Rows from far enough back that the first points on screen can widen their window too.
    const auto rows = m_history.rows(m_spanFrom, m_spanTo, kMaxRatioWindowS + 1.0);
    out.reserve(rows.size());
    // Prefix sums: row k's window [w, k] sums to sums[k + 1] − sums[w].
    std::vector<double> sums(rows.size() + 1, 0.0);
    std::vector<std::uint64_t> offered(rows.size() + 1, 0);
    for (std::size_t k = 0; k < rows.size(); ++k) {
        sums[k + 1] = sums[k] + value(*rows[k]);
        offered[k + 1] = offered[k] + rows[k]->offered;
    }
    const Time widest = fromSeconds(kMaxRatioWindowS);
    slidingWindows(rows, [&](std::size_t k, std::size_t w) {
        while (offered[k + 1] - offered[w] < kMinRatioRequests && w > 0 &&
               endOf(*rows[k]) - rows[w - 1]->start <= widest)
            --w;
        const std::uint64_t requests = offered[k + 1] - offered[w];
        if (requests >= kMinRatioRequests)
            out.emplace_back(endS(*rows[k]),
                             (sums[k + 1] - sums[w]) / static_cast<double>(requests));
    });
    return out;
}

std::vector<QPointF> LiveStore::amplification() const
{
    return slidingRatio([](const TimelineRow& r) { return static_cast<double>(r.attempts); });
}

std::vector<QPointF> LiveStore::layerAmplification(int layer, const std::vector<int>& layers) const
{
    // Calls per endpoint are counted by the live run's observer; served traffic's rows have none
    // (the target's calls would be there too), and a line of zeros would say the layers got none.
    const auto rows = spanRows();
    const bool counted = std::any_of(rows.begin(), rows.end(), [](const TimelineRow* r) {
        return std::any_of(r->endpoints.begin(), r->endpoints.end(),
                           [](const TimelineRow::Endpoint& e) { return e.attempts > 0; });
    });
    if (!counted) return {};
    return slidingRatio([&](const TimelineRow& r) {
        double calls = 0.0;
        for (std::size_t e = 0; e < r.endpoints.size() && e < layers.size(); ++e)
            if (layers[e] == layer) calls += r.endpoints[e].attempts;
        return calls;
    });
}

std::vector<QPointF> LiveStore::latency(Latency which) const
{
    std::vector<QPointF> out;
    const auto rows = spanRows();
    out.reserve(rows.size());
    for (const TimelineRow* row : rows) {
        const TimelineRow& r = *row;
        Time v = 0;
        switch (which) {
        case Latency::P50:
            v = r.p50;
            break;
        case Latency::P90:
            v = r.p90;
            break;
        case Latency::P99:
            v = r.p99;
            break;
        case Latency::AttemptP50:
            v = r.attemptP50;
            break;
        case Latency::AttemptP90:
            v = r.attemptP90;
            break;
        case Latency::AttemptP99:
            v = r.attemptP99;
            break;
        }
        // A second in which nothing ended has no percentile: leave a gap rather than draw 0.
        const bool empty = (which <= Latency::P99) ? r.p99 == 0 : r.attemptP99 == 0;
        if (!empty && v > 0) out.emplace_back(endS(r), toMillis(v));
    }
    return out;
}

std::vector<QPointF> LiveStore::breakerRate(std::size_t i, bool slow) const
{
    std::vector<QPointF> out;
    for (const TimelineRow* r : spanRows())
        if (i < r->breakers.size())
            out.emplace_back(endS(*r),
                             100.0 * (slow ? r->breakers[i].slowRate : r->breakers[i].failureRate));
    return out;
}

std::vector<QPointF> LiveStore::breakerRejections(std::size_t i) const
{
    std::vector<QPointF> out;
    const auto rows = spanRows();
    constexpr auto kOpen = static_cast<std::size_t>(Outcome::BreakerOpen);
    slidingWindows(rows, [&](std::size_t k, std::size_t w) {
        if (i >= rows[k]->breakers.size()) return;
        const TimelineRow* base = w > 0 ? rows[w - 1] : nullptr;
        // The counts are cumulative: without a row before the window (the span's first rows)
        // they hold the whole run so far, not the window (a 2e4/s spike set the axis).
        if (!base && rows[w]->start > 0) return;
        const std::uint32_t before =
            base && i < base->breakers.size() ? base->breakers[i].outcomes[kOpen] : 0;
        out.emplace_back(endS(*rows[k]),
                         static_cast<double>(rows[k]->breakers[i].outcomes[kOpen] - before) /
                             windowSeconds(rows, k, w));
    });
    return out;
}

std::vector<QPointF> LiveStore::breakerState(std::size_t i, BreakerState s, double level) const
{
    // A step line at `level` while the breaker is in state s, at 0 otherwise: drawn as a band.
    std::vector<QPointF> out;
    double previous = -1.0;
    for (const TimelineRow* r : spanRows()) {
        if (i >= r->breakers.size()) continue;
        const double t = endS(*r);
        const double v = r->breakers[i].state == s ? level : 0.0;
        if (previous >= 0.0 && v != previous) out.emplace_back(t, previous);
        out.emplace_back(t, v);
        previous = v;
    }
    return out;
}

std::vector<QPointF> LiveStore::endpointGauge(std::size_t i, bool queue) const
{
    std::vector<QPointF> out;
    for (const TimelineRow* r : spanRows())
        if (i < r->endpoints.size())
            out.emplace_back(endS(*r), static_cast<double>(queue ? r->endpoints[i].queue
                                                                 : r->endpoints[i].inService));
    return out;
}

} // namespace reslab::ui

namespace reslab::ui {

std::vector<QPointF> LiveStore::breakerPassed(std::size_t i) const
{
    // Every outcome but breaker_open is a call that reached what the breaker guards; per second
    // over the same sliding windows as breakerRejections (rows may be coarse buckets).
    auto passed = [i](const TimelineRow& r) {
        std::uint32_t n = 0;
        for (std::size_t o = 0; o < kOutcomeCount; ++o)
            if (o != static_cast<std::size_t>(Outcome::BreakerOpen)) n += r.breakers[i].outcomes[o];
        return n;
    };
    std::vector<QPointF> out;
    const auto rows = spanRows();
    slidingWindows(rows, [&](std::size_t k, std::size_t w) {
        if (i >= rows[k]->breakers.size()) return;
        const TimelineRow* base = w > 0 ? rows[w - 1] : nullptr;
        if (!base && rows[w]->start > 0) return; // cumulative counts need the row before
        const std::uint32_t before = base && i < base->breakers.size() ? passed(*base) : 0;
        out.emplace_back(endS(*rows[k]), static_cast<double>(passed(*rows[k]) - before) /
                                             windowSeconds(rows, k, w));
    });
    return out;
}

} // namespace reslab::ui

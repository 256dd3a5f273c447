#include "live_store.h"

namespace reslab::ui {

namespace {
constexpr std::size_t kRowsPerSecond = kNanosPerSecond / kLiveTimelineStep;
}

void LiveStore::clear()
{
    *this = LiveStore{};
}

void LiveStore::add(const RunSnapshot& s, Time virtualNow)
{
    for (const TimelineRow& r : s.rows)
        m_rows.push_back(r);
    while (m_rows.size() > kMaxRows)
        m_rows.pop_front();
    m_nowS = toSeconds(virtualNow);
    if (s.summary) m_summary = s.summary;
    m_lastBreakers = s.breakers;
    m_lastEndpoints = s.endpoints;
    m_lastLimiters = s.limiters;
    m_transitions.insert(m_transitions.end(), s.transitions.begin(), s.transitions.end());
    for (const AttemptRecord& a : s.recentAttempts)
        if (a.depth == 0) m_clientAttempts.push_back(a);
    while (m_clientAttempts.size() > kMaxAttempts)
        m_clientAttempts.pop_front();
    m_attemptsPerRequest = s.attemptsPerRequest;
}

std::vector<BreakerCard> LiveStore::breakerCards(double seconds) const
{
    // Differences of the cumulative counts between the newest row and the one `seconds` earlier
    // (or the first row, or nothing, early in a run).
    const auto back = static_cast<std::size_t>(seconds * kRowsPerSecond);
    std::vector<BreakerCard> cards;
    for (std::size_t i = 0; i < m_lastBreakers.size(); ++i) {
        BreakerCard c{m_lastBreakers[i], {}};
        if (!m_rows.empty() && i < m_rows.back().breakers.size()) {
            const auto& now = m_rows.back().breakers[i].outcomes;
            const std::size_t last = m_rows.size() - 1;
            const TimelineRow* base = last >= back ? &m_rows[last - back] : nullptr;
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
    // so the view shows its mean over the sliding second.
    const double workers = static_cast<double>(m_lastEndpoints[i].workers);
    double sum = 0.0;
    std::deque<double> window;
    for (const TimelineRow& r : m_rows) {
        if (i >= r.endpoints.size()) continue;
        window.push_back(r.endpoints[i].inService);
        sum += window.back();
        if (window.size() > kRowsPerSecond) {
            sum -= window.front();
            window.pop_front();
        }
        out.emplace_back(toSeconds(r.start + r.width),
                         100.0 * sum / (workers * static_cast<double>(window.size())));
    }
    return out;
}

std::vector<QPointF> LiveStore::limiter(std::size_t i, LimiterLine which) const
{
    std::vector<QPointF> out;
    out.reserve(m_rows.size());
    for (std::size_t k = 0; k < m_rows.size(); ++k) {
        const TimelineRow& r = m_rows[k];
        if (i >= r.limiters.size()) continue;
        const TimelineRow::Limiter& l = r.limiters[i];
        const double t = toSeconds(r.start + r.width);
        if (which == LimiterLine::Limit) {
            out.emplace_back(t, l.limit);
        } else if (which == LimiterLine::InFlight) {
            out.emplace_back(t, l.inflight);
        } else {
            // The samples since the row a second back: their mean RTT (none: no point).
            const TimelineRow* base = k >= kRowsPerSecond ? &m_rows[k - kRowsPerSecond] : nullptr;
            const bool hasBase = base && i < base->limiters.size();
            const std::uint64_t n = l.samples - (hasBase ? base->limiters[i].samples : 0);
            if (n == 0) continue;
            const double sum = l.rttSumMs - (hasBase ? base->limiters[i].rttSumMs : 0.0);
            out.emplace_back(t, sum / static_cast<double>(n));
        }
    }
    return out;
}

template <typename Value> std::vector<QPointF> LiveStore::slidingRate(Value value) const
{
    std::vector<QPointF> out;
    out.reserve(m_rows.size());
    double window = 0.0;
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        window += value(m_rows[i]);
        if (i >= kRowsPerSecond) window -= value(m_rows[i - kRowsPerSecond]);
        const double seconds =
            static_cast<double>(std::min(i + 1, kRowsPerSecond)) / kRowsPerSecond;
        out.emplace_back(toSeconds(m_rows[i].start + m_rows[i].width), window / seconds);
    }
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

std::vector<QPointF> LiveStore::amplification() const
{
    const auto offered = rate(Rate::Offered);
    const auto attempts = rate(Rate::Attempts);
    std::vector<QPointF> out;
    for (std::size_t i = 0; i < offered.size(); ++i)
        if (offered[i].y() > 0) out.emplace_back(offered[i].x(), attempts[i].y() / offered[i].y());
    return out;
}

std::vector<QPointF> LiveStore::latency(Latency which) const
{
    std::vector<QPointF> out;
    out.reserve(m_rows.size());
    for (const TimelineRow& r : m_rows) {
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
        if (!empty) out.emplace_back(toSeconds(r.start + r.width), toMillis(v));
    }
    return out;
}

std::vector<QPointF> LiveStore::breakerRate(std::size_t i, bool slow) const
{
    std::vector<QPointF> out;
    for (const TimelineRow& r : m_rows)
        if (i < r.breakers.size())
            out.emplace_back(toSeconds(r.start + r.width),
                             100.0 * (slow ? r.breakers[i].slowRate : r.breakers[i].failureRate));
    return out;
}

std::vector<QPointF> LiveStore::breakerRejections(std::size_t i) const
{
    std::vector<QPointF> out;
    for (std::size_t k = 0; k < m_rows.size(); ++k) {
        if (i >= m_rows[k].breakers.size()) continue;
        const std::size_t back = k >= kRowsPerSecond ? k - kRowsPerSecond : 0;
        constexpr auto kOpen = static_cast<std::size_t>(Outcome::BreakerOpen);
        const std::uint32_t before = i < m_rows[back].breakers.size() && back < k
                                         ? m_rows[back].breakers[i].outcomes[kOpen]
                                         : 0;
        const double seconds =
            static_cast<double>(std::max<std::size_t>(1, k - back)) / kRowsPerSecond;
        out.emplace_back(toSeconds(m_rows[k].start + m_rows[k].width),
                         static_cast<double>(m_rows[k].breakers[i].outcomes[kOpen] - before) /
                             seconds);
    }
    return out;
}

std::vector<QPointF> LiveStore::breakerState(std::size_t i, BreakerState s, double level) const
{
    // A step line at `level` while the breaker is in state s, at 0 otherwise: drawn as a band.
    std::vector<QPointF> out;
    double previous = -1.0;
    for (const TimelineRow& r : m_rows) {
        if (i >= r.breakers.size()) continue;
        const double t = toSeconds(r.start + r.width);
        const double v = r.breakers[i].state == s ? level : 0.0;
        if (previous >= 0.0 && v != previous) out.emplace_back(t, previous);
        out.emplace_back(t, v);
        previous = v;
    }
    return out;
}

std::vector<QPointF> LiveStore::endpointGauge(std::size_t i, bool queue) const
{
    std::vector<QPointF> out;
    for (const TimelineRow& r : m_rows)
        if (i < r.endpoints.size())
            out.emplace_back(
                toSeconds(r.start + r.width),
                static_cast<double>(queue ? r.endpoints[i].queue : r.endpoints[i].inService));
    return out;
}

} // namespace reslab::ui

namespace reslab::ui {

std::vector<QPointF> LiveStore::breakerPassed(std::size_t i) const
{
    // Every outcome but breaker_open is a call that reached what the breaker guards.
    auto passed = [i](const TimelineRow& r) {
        std::uint32_t n = 0;
        for (std::size_t o = 0; o < kOutcomeCount; ++o)
            if (o != static_cast<std::size_t>(Outcome::BreakerOpen)) n += r.breakers[i].outcomes[o];
        return n;
    };
    std::vector<QPointF> out;
    for (std::size_t k = 0; k < m_rows.size(); ++k) {
        if (i >= m_rows[k].breakers.size()) continue;
        const std::size_t back = k >= kRowsPerSecond ? k - kRowsPerSecond : 0;
        const std::uint32_t before =
            i < m_rows[back].breakers.size() && back < k ? passed(m_rows[back]) : 0;
        const double seconds =
            static_cast<double>(std::max<std::size_t>(1, k - back)) / kRowsPerSecond;
        out.emplace_back(toSeconds(m_rows[k].start + m_rows[k].width),
                         static_cast<double>(passed(m_rows[k]) - before) / seconds);
    }
    return out;
}

} // namespace reslab::ui

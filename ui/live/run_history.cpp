#include "run_history.h"

#include <algorithm>

namespace reslab::ui {

namespace {

Time rowEnd(const TimelineRow& r)
{
    return r.start + r.width;
}

// How alarming a breaker state is: the envelope's top row shows the most alarming state a
// bucket saw (an open breaker inside a minute stays visible), its bottom row the calmest.
int severity(BreakerState s)
{
    switch (s) {
    case BreakerState::Open:
    case BreakerState::ForcedOpen:
        return 2;
    case BreakerState::HalfOpen:
        return 1;
    default:
        return 0;
    }
}

template <typename T> void low(T& into, T v)
{
    into = std::min(into, v);
}
template <typename T> void high(T& into, T v)
{
    into = std::max(into, v);
}
// Percentiles are 0 in a row where nothing ended: that is no value, not a low one.
void lowPercentile(Time& into, Time v)
{
    if (v > 0 && (into == 0 || v < into)) into = v;
}

void addCounts(TimelineRow& into, const TimelineRow& r)
{
    into.offered += r.offered;
    into.attempts += r.attempts;
    for (std::size_t o = 0; o < into.byOutcome.size(); ++o)
        into.byOutcome[o] += r.byOutcome[o];
    for (std::size_t e = 0; e < into.endpoints.size() && e < r.endpoints.size(); ++e)
        into.endpoints[e].attempts += r.endpoints[e].attempts;
    for (std::size_t h = 0; h < into.hosts.size() && h < r.hosts.size(); ++h) {
        TimelineRow::Host& to = into.hosts[h];
        const TimelineRow::Host& from = r.hosts[h];
        to.calls += from.calls;
        to.failed += from.failed;
        to.timeouts += from.timeouts;
        to.answered += from.answered;
        to.latencyMs += from.latencyMs;
    }
}

// Counts summed over [first, last), cumulative counters from last - 1.
TimelineRow halfOf(const std::vector<const TimelineRow*>& rows, std::size_t first, std::size_t last)
{
    TimelineRow out = *rows[last - 1];
    out.index = rows[first]->index;
    out.start = rows[first]->start;
    out.width = rowEnd(*rows[last - 1]) - out.start;
    out.offered = out.attempts = 0;
    out.byOutcome = {};
    for (TimelineRow::Endpoint& e : out.endpoints)
        e.attempts = 0;
    for (TimelineRow::Host& h : out.hosts) {
        h.calls = h.failed = h.timeouts = h.answered = 0;
        h.latencyMs = 0.f;
    }
    for (std::size_t i = first; i < last; ++i)
        addCounts(out, *rows[i]);
    return out;
}

} // namespace

void RunHistory::clear()
{
    for (auto& level : m_levels)
        level.clear();
}

std::array<TimelineRow, 2> RunHistory::merge(const std::vector<const TimelineRow*>& rows)
{
    const std::size_t n = rows.size();
    const std::size_t half = std::max<std::size_t>(1, n / 2);
    TimelineRow lo = halfOf(rows, 0, half);
    TimelineRow hi = n > half ? halfOf(rows, half, n) : lo;
    // Gauges: the bucket's minimum in the first row, its maximum in the second.
    for (TimelineRow* r : {&lo, &hi}) {
        r->inFlight = rows[0]->inFlight;
        r->queue = rows[0]->queue;
        for (Time TimelineRow::*p :
             {&TimelineRow::p50, &TimelineRow::p90, &TimelineRow::p99, &TimelineRow::attemptP50,
              &TimelineRow::attemptP90, &TimelineRow::attemptP99})
            r->*p = rows[0]->*p;
    }
    for (const TimelineRow* r : rows) {
        low(lo.inFlight, r->inFlight);
        high(hi.inFlight, r->inFlight);
        low(lo.queue, r->queue);
        high(hi.queue, r->queue);
        for (Time TimelineRow::*p :
             {&TimelineRow::p50, &TimelineRow::p90, &TimelineRow::p99, &TimelineRow::attemptP50,
              &TimelineRow::attemptP90, &TimelineRow::attemptP99}) {
            lowPercentile(lo.*p, r->*p);
            high(hi.*p, r->*p);
        }
    }
    // Per breaker, endpoint and limiter (a row may have fewer than the last: take what it has).
    const TimelineRow& first = *rows[0];
    for (std::size_t i = 0; i < hi.breakers.size() && i < lo.breakers.size(); ++i) {
        auto& l = lo.breakers[i];
        auto& h = hi.breakers[i];
        const TimelineRow::Breaker& seed = i < first.breakers.size() ? first.breakers[i] : h;
        l.state = h.state = seed.state;
        l.failureRate = h.failureRate = seed.failureRate;
        l.slowRate = h.slowRate = seed.slowRate;
        for (const TimelineRow* r : rows) {
            if (i >= r->breakers.size()) continue;
            const auto& b = r->breakers[i];
            if (severity(b.state) < severity(l.state)) l.state = b.state;
            if (severity(b.state) > severity(h.state)) h.state = b.state;
            low(l.failureRate, b.failureRate);
            high(h.failureRate, b.failureRate);
            low(l.slowRate, b.slowRate);
            high(h.slowRate, b.slowRate);
        }
    }
    for (std::size_t i = 0; i < hi.endpoints.size() && i < lo.endpoints.size(); ++i) {
        auto& l = lo.endpoints[i];
        auto& h = hi.endpoints[i];
        const auto loCalls = l.attempts, hiCalls = h.attempts; // counts: each half's own sum
        if (i < first.endpoints.size()) l = h = first.endpoints[i];
        l.attempts = loCalls;
        h.attempts = hiCalls;
        for (const TimelineRow* r : rows) {
            if (i >= r->endpoints.size()) continue;
            low(l.inService, r->endpoints[i].inService);
            high(h.inService, r->endpoints[i].inService);
            low(l.queue, r->endpoints[i].queue);
            high(h.queue, r->endpoints[i].queue);
        }
    }
    for (std::size_t i = 0; i < hi.limiters.size() && i < lo.limiters.size(); ++i) {
        auto& l = lo.limiters[i];
        auto& h = hi.limiters[i];
        const auto loSamples = l.samples, hiSamples = h.samples;
        const auto loRtt = l.rttSumMs, hiRtt = h.rttSumMs;
        if (i < first.limiters.size()) l = h = first.limiters[i];
        l.samples = loSamples; // cumulative: as at the end of each half
        h.samples = hiSamples;
        l.rttSumMs = loRtt;
        h.rttSumMs = hiRtt;
        for (const TimelineRow* r : rows) {
            if (i >= r->limiters.size()) continue;
            low(l.limit, r->limiters[i].limit);
            high(h.limit, r->limiters[i].limit);
            low(l.inflight, r->limiters[i].inflight);
            high(h.inflight, r->limiters[i].inflight);
        }
    }
    // Per host: counts are each half's own (above); in flight and ejected are gauges.
    for (std::size_t i = 0; i < hi.hosts.size() && i < lo.hosts.size(); ++i) {
        auto& l = lo.hosts[i];
        auto& h = hi.hosts[i];
        const TimelineRow::Host& seed = i < first.hosts.size() ? first.hosts[i] : h;
        l.inFlight = h.inFlight = seed.inFlight;
        l.ejected = h.ejected = seed.ejected;
        for (const TimelineRow* r : rows) {
            if (i >= r->hosts.size()) continue;
            low(l.inFlight, r->hosts[i].inFlight);
            high(h.inFlight, r->hosts[i].inFlight);
            low(l.ejected, r->hosts[i].ejected);
            high(h.ejected, r->hosts[i].ejected);
        }
    }
    return {std::move(lo), std::move(hi)};
}

void RunHistory::add(const TimelineRow& row)
{
    m_levels[0].push_back(row);
    spill(0);
}

void RunHistory::spill(std::size_t level)
{
    auto& rows = m_levels[level];
    const bool last = level + 1 == m_levels.size();
    if (rows.size() <= kLevels[level].capacity) return;
    if (last) {
        // The coarsest level halves itself: every two buckets (four rows) become one.
        std::deque<TimelineRow> halved;
        for (std::size_t i = 0; i + 4 <= rows.size(); i += 4) {
            auto bucket = merge({&rows[i], &rows[i + 1], &rows[i + 2], &rows[i + 3]});
            halved.push_back(std::move(bucket[0]));
            halved.push_back(std::move(bucket[1]));
        }
        for (std::size_t i = rows.size() / 4 * 4; i < rows.size(); ++i)
            halved.push_back(std::move(rows[i]));
        rows = std::move(halved);
        return;
    }
    // The oldest bucket's worth of rows goes down one level.
    const std::size_t take = kLevels[level + 1].rowsPerBucket;
    while (rows.size() > kLevels[level].capacity && rows.size() >= take) {
        std::vector<const TimelineRow*> group;
        for (std::size_t i = 0; i < take; ++i)
            group.push_back(&rows[i]);
        auto bucket = merge(group);
        rows.erase(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(take));
        m_levels[level + 1].push_back(std::move(bucket[0]));
        m_levels[level + 1].push_back(std::move(bucket[1]));
    }
    spill(level + 1);
}

std::vector<const TimelineRow*> RunHistory::rows(double fromS, double toS, double marginS) const
{
    const Time from = fromSeconds(std::max(0.0, fromS - marginS));
    const Time to = fromSeconds(std::max(0.0, toS));
    std::vector<const TimelineRow*> out;
    for (std::size_t l = m_levels.size(); l-- > 0;) {
        const auto& rows = m_levels[l];
        // The first row ending after `from`, up to and including the first starting after `to`.
        auto it = std::partition_point(rows.begin(), rows.end(),
                                       [from](const TimelineRow& r) { return rowEnd(r) <= from; });
        for (; it != rows.end(); ++it) {
            out.push_back(&*it);
            if (it->start > to) break;
        }
    }
    return out;
}

std::size_t RunHistory::rowCount() const
{
    std::size_t n = 0;
    for (const auto& level : m_levels)
        n += level.size();
    return n;
}

std::size_t RunHistory::bytes() const
{
    std::size_t n = 0;
    for (const auto& level : m_levels)
        for (const TimelineRow& r : level)
            n += sizeof(TimelineRow) + r.breakers.capacity() * sizeof(TimelineRow::Breaker) +
                 r.endpoints.capacity() * sizeof(TimelineRow::Endpoint) +
                 r.limiters.capacity() * sizeof(TimelineRow::Limiter) +
                 r.hosts.capacity() * sizeof(TimelineRow::Host);
    return n;
}

} // namespace reslab::ui

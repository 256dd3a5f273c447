#include "trace/replay.h"

#include <algorithm>
#include <cmath>

namespace reslab {

std::vector<TraceCall> selectCalls(const TraceSource& source, const std::string& fallbackId)
{
    std::vector<TraceCall> out;
    if (!source.data) return out;
    const Trace& t = *source.data;
    const std::string& wanted = source.endpoint.empty() ? fallbackId : source.endpoint;
    const auto it = std::find(t.endpoints.begin(), t.endpoints.end(), wanted);
    const bool filter = !wanted.empty() && it != t.endpoints.end();
    const auto index = static_cast<std::uint32_t>(it - t.endpoints.begin());
    for (const TraceCall& c : t.calls)
        if (!filter || c.endpoint == index) out.push_back(c);
    if (!out.empty()) {
        const Time origin = std::min_element(out.begin(), out.end(), [](const TraceCall& a, const TraceCall& b) { return a.t < b.t; })->t;
        for (TraceCall& c : out) c.t -= origin;
    }
    return out;
}

TraceReplay::TraceReplay(const ReplaySpec& spec, const std::string& endpointId)
    : m_calls(selectCalls(spec.source, endpointId)), m_mode(spec.mode),
      m_window(static_cast<Time>(std::llround(spec.windowMs * 1e6)))
{
    const bool numbered = !m_calls.empty() &&
                          std::all_of(m_calls.begin(), m_calls.end(), [](const TraceCall& c) { return c.call != kNoValue; });
    if (m_mode == ReplaySpec::Mode::Sequence && numbered)
        std::stable_sort(m_calls.begin(), m_calls.end(), [](const TraceCall& a, const TraceCall& b) { return a.call < b.call; });
    else
        std::stable_sort(m_calls.begin(), m_calls.end(), [](const TraceCall& a, const TraceCall& b) { return a.t < b.t; });
}

const TraceCall& TraceReplay::answer(std::uint64_t k, Time now, double u) const
{
    if (m_mode == ReplaySpec::Mode::Sequence) return m_calls[k % m_calls.size()];
    const auto byTime = [](const TraceCall& c, Time t) { return c.t < t; };
    const auto lo = std::lower_bound(m_calls.begin(), m_calls.end(), now - m_window, byTime);
    const auto hi = std::lower_bound(lo, m_calls.end(), now + m_window + 1, byTime);
    if (lo != hi) {
        const auto n = static_cast<std::size_t>(hi - lo);
        return *(lo + static_cast<std::ptrdiff_t>(std::min(n - 1, static_cast<std::size_t>(u * static_cast<double>(n)))));
    }
    // Nobody that close: the nearest recorded call.
    const auto at = std::lower_bound(m_calls.begin(), m_calls.end(), now, byTime);
    if (at == m_calls.end()) return m_calls.back();
    if (at == m_calls.begin()) return *at;
    return (now - (at - 1)->t) <= (at->t - now) ? *(at - 1) : *at;
}

std::vector<Time> traceArrivals(const TraceSource& source, const std::string& target)
{
    std::vector<Time> out;
    for (const TraceCall& c : selectCalls(source, target))
        if (c.attempt <= 1) out.push_back(c.t);
    std::sort(out.begin(), out.end());
    if (!out.empty()) {
        const Time origin = out.front();
        for (Time& t : out) t -= origin;
    }
    return out;
}

} // namespace reslab

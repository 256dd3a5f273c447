#include "trace/replay.h"

#include <algorithm>
#include <cmath>

namespace reslab {

std::vector<std::uint32_t> selectCalls(const TraceSource& source, const std::string& fallbackId)
{
    std::vector<std::uint32_t> out;
    if (!source.data) return out;
    const Trace& t = *source.data;
    const std::string& wanted = source.endpoint.empty() ? fallbackId : source.endpoint;
    const auto it = std::find(t.endpoints.begin(), t.endpoints.end(), wanted);
    const bool filter = !wanted.empty() && it != t.endpoints.end();
    // An endpoint named explicitly must be in the trace.
    if (!source.endpoint.empty() && !filter) return out;
    const auto index = static_cast<std::uint32_t>(it - t.endpoints.begin());
    out.reserve(filter ? 0 : t.calls.size());
    for (std::size_t i = 0; i < t.calls.size(); ++i)
        if (!filter || t.calls[i].endpoint == index) out.push_back(static_cast<std::uint32_t>(i));
    return out;
}

TraceReplay::TraceReplay(const ReplaySpec& spec, const std::string& endpointId)
    : m_trace(spec.source.data), m_order(selectCalls(spec.source, endpointId)), m_mode(spec.mode),
      m_window(static_cast<Time>(std::llround(spec.windowMs * 1e6)))
{
    if (m_order.empty()) return; // validation refuses such a scenario
    const auto& calls = m_trace->calls;
    m_origin = m_trace->earliest();
    bool numbered = true;
    for (std::uint32_t i : m_order)
        numbered = numbered && calls[i].call != kNoValue;
    if (m_mode == ReplaySpec::Mode::Sequence && numbered)
        std::stable_sort(m_order.begin(), m_order.end(), [&](std::uint32_t a, std::uint32_t b) {
            return calls[a].call < calls[b].call;
        });
    else
        std::stable_sort(m_order.begin(), m_order.end(),
                         [&](std::uint32_t a, std::uint32_t b) { return calls[a].t < calls[b].t; });
}

const TraceCall& TraceReplay::answer(std::uint64_t k, Time now, double u) const
{
    if (m_mode == ReplaySpec::Mode::Sequence) return at(k % m_order.size());
    // In the trace's own time: t = now + origin.
    const Time t = now + m_origin;
    const auto& calls = m_trace->calls;
    const auto byTime = [&](std::uint32_t i, Time x) { return calls[i].t < x; };
    const auto lo = std::lower_bound(m_order.begin(), m_order.end(), t - m_window, byTime);
    const auto hi = std::lower_bound(lo, m_order.end(), t + m_window + 1, byTime);
    if (lo != hi) {
        const auto n = static_cast<std::size_t>(hi - lo);
        return calls[*(lo + static_cast<std::ptrdiff_t>(std::min(
                                n - 1, static_cast<std::size_t>(u * static_cast<double>(n)))))];
    }
    // Nobody that close: the nearest recorded call.
    const auto near = std::lower_bound(m_order.begin(), m_order.end(), t, byTime);
    if (near == m_order.end()) return calls[m_order.back()];
    if (near == m_order.begin()) return calls[*near];
    return (t - calls[*(near - 1)].t) <= (calls[*near].t - t) ? calls[*(near - 1)] : calls[*near];
}

std::vector<Time> traceArrivals(const TraceSource& source, const std::string& target)
{
    std::vector<Time> out;
    if (!source.data) return out;
    const auto& calls = source.data->calls;
    for (std::uint32_t i : selectCalls(source, target))
        if (calls[i].attempt <= 1) out.push_back(calls[i].t);
    std::sort(out.begin(), out.end());
    const Time origin = source.data->earliest(); // the same t = 0 as every replay of this trace
    for (Time& t : out)
        t -= origin;
    return out;
}

} // namespace reslab

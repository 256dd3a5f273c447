#include "trace/trace.h"

#include <algorithm>

namespace reslab {

std::uint32_t Trace::endpointIndex(const std::string& id)
{
    // Traces name a handful of endpoints: a linear search beats a map here.
    const auto it = std::find(endpoints.begin(), endpoints.end(), id);
    if (it != endpoints.end()) return static_cast<std::uint32_t>(it - endpoints.begin());
    endpoints.push_back(id);
    return static_cast<std::uint32_t>(endpoints.size() - 1);
}

Time Trace::earliest() const
{
    if (calls.empty()) return 0;
    Time t = calls.front().t;
    for (const TraceCall& c : calls)
        t = std::min(t, c.t);
    return t;
}

} // namespace reslab

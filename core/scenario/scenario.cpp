#include "scenario/scenario.h"

#include <algorithm>
#include <map>

namespace reslab {

const EndpointSpec* Scenario::endpoint(const std::string& id) const
{
    for (const auto& e : endpoints)
        if (e.id == id) return &e;
    return nullptr;
}

std::vector<int> Scenario::layers() const
{
    // Longest path from the target in topological order (Kahn), O(endpoints + calls) and without
    // recursion, so a chain of thousands of services costs no stack. Endpoints on a cycle (only in
    // an unvalidated scenario) are never ordered and keep −1.
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < endpoints.size(); ++i)
        index.emplace(endpoints[i].id, i);
    std::vector<std::vector<std::size_t>> callees(endpoints.size());
    std::vector<std::size_t> callers(endpoints.size(), 0);
    for (std::size_t i = 0; i < endpoints.size(); ++i)
        for (const CallSpec& c : endpoints[i].calls)
            if (auto it = index.find(c.endpoint); it != index.end()) {
                callees[i].push_back(it->second);
                ++callers[it->second];
            }
    std::vector<int> layer(endpoints.size(), -1);
    if (auto it = index.find(target); it != index.end()) layer[it->second] = 0;
    std::vector<std::size_t> ready;
    for (std::size_t i = 0; i < endpoints.size(); ++i)
        if (callers[i] == 0) ready.push_back(i);
    while (!ready.empty()) {
        const std::size_t at = ready.back();
        ready.pop_back();
        for (std::size_t callee : callees[at]) {
            if (layer[at] >= 0) layer[callee] = std::max(layer[callee], layer[at] + 1);
            if (--callers[callee] == 0) ready.push_back(callee);
        }
    }
    return layer;
}

int Scenario::layerOf(const std::string& id) const
{
    const std::vector<int> all = layers();
    for (std::size_t i = 0; i < endpoints.size(); ++i)
        if (endpoints[i].id == id) return all[i];
    return -1;
}

const RetrySpec* Scenario::firstRetry() const
{
    for (const auto& s : pipeline)
        if (const auto* r = std::get_if<RetrySpec>(&s)) return r;
    return nullptr;
}

} // namespace reslab

#include "run/services.h"

#include "policy/strategy_kind.h"

#include <algorithm>

namespace reslab {

Services::Services(const Scenario& scenario, EventQueue& queue, ExecPool& execs, RecordSink* sink,
                   std::uint64_t seed)
{
    std::uint32_t index = 0;
    for (const EndpointSpec& spec : scenario.endpoints)
        m_endpoints.push_back(std::make_unique<Endpoint>(queue, spec, index++, seed, sink));

    // Each call a service makes gets its own pipeline (its own breaker, budget, jitter stream).
    // Its attempts carry the depth of the calling service: how many services stand between the
    // client and them (its layer + 1; the call graph is acyclic, validation guarantees it).
    const std::vector<int> layers = scenario.layers();
    for (std::size_t i = 0; i < scenario.endpoints.size(); ++i) {
        const EndpointSpec& spec = scenario.endpoints[i];
        std::vector<std::unique_ptr<Pipeline>> calls;
        for (std::size_t c = 0; c < spec.calls.size(); ++c) {
            Endpoint* callee = find(spec.calls[c].endpoint);
            const std::string owner = "endpoints." + spec.id + ".calls[" + std::to_string(c) + "]";
            calls.push_back(std::make_unique<Pipeline>(
                queue, execs,
                makeStages(spec.calls[c].pipeline, StageContext{queue, sink, seed, owner}), callee,
                m_endpoints[i].get(), sink,
                static_cast<std::uint16_t>(std::max(layers[i] + 1, 0))));
        }
        m_endpoints[i]->setCalls(std::move(calls));
    }
}

Endpoint* Services::find(const std::string& id) const
{
    for (const auto& e : m_endpoints)
        if (e->id() == id) return e.get();
    return nullptr;
}

bool Services::idle() const
{
    return std::all_of(m_endpoints.begin(), m_endpoints.end(),
                       [](const auto& e) { return e->idle(); });
}

} // namespace reslab

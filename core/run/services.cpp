#include "run/services.h"

#include "policy/strategy_kind.h"

#include <algorithm>

namespace reslab {

Services::Services(const Scenario& scenario, EventQueue& queue, ExecPool& execs, RecordSink* sink,
                   std::uint64_t seed)
{
    std::uint32_t index = 0;
    for (const EndpointSpec& spec : scenario.endpoints)
        m_endpoints.push_back(std::make_unique<Fleet>(queue, spec, index++, seed, sink));

    // Each call a service makes gets its own pipeline (its own breaker, budget, jitter stream),
    // on each host of a fleet (every pod has its own client). Its attempts carry the depth of the
    // calling service: how many services stand between the client and them (its layer + 1; the
    // call graph is acyclic, validation guarantees it).
    const std::vector<int> layers = scenario.layers();
    for (std::size_t i = 0; i < scenario.endpoints.size(); ++i) {
        const EndpointSpec& spec = scenario.endpoints[i];
        Fleet& fleet = *m_endpoints[i];
        for (std::size_t h = 0; h < fleet.hostCount(); ++h) {
            std::vector<std::unique_ptr<Pipeline>> calls;
            for (std::size_t c = 0; c < spec.calls.size(); ++c) {
                Fleet* callee = find(spec.calls[c].endpoint);
                std::string owner = "endpoints." + spec.id;
                if (fleet.hostCount() > 1) owner += "/host[" + std::to_string(h) + "]";
                owner += ".calls[" + std::to_string(c) + "]";
                CallTarget* target = callee->callTarget();
                calls.push_back(std::make_unique<Pipeline>(
                    queue, execs,
                    makeStages(spec.calls[c].pipeline,
                               StageContext{queue, sink, seed, owner, target}),
                    target, &fleet.host(h), sink,
                    static_cast<std::uint16_t>(std::max(layers[i] + 1, 0))));
            }
            fleet.host(h).setCalls(std::move(calls));
        }
    }
}

Fleet* Services::find(const std::string& id) const
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

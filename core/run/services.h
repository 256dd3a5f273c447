#pragma once
// The services of a scenario: its endpoints, each with the pipelines of the calls it makes, on one
// event queue. A simulation puts a workload and the client's pipeline in front of them; `serve`
// puts real HTTP clients there. Both build them here, so the served fault model is the simulated
// one: the same objects, the same random streams.

#include "model/fleet.h"
#include "policy/exec.h"
#include "policy/pipeline.h"
#include "scenario/scenario.h"
#include "sim/event_queue.h"

#include <memory>
#include <string>
#include <vector>

namespace reslab {

class Services
{
public:
    // The scenario must have passed validation; `sink` hears the calls' attempts and breakers.
    Services(const Scenario& scenario, EventQueue& queue, ExecPool& execs, RecordSink* sink,
             std::uint64_t seed);

    // The scenario's endpoints in its order, each a fleet of one or more hosts.
    const std::vector<std::unique_ptr<Fleet>>& endpoints() const { return m_endpoints; }
    Fleet* find(const std::string& id) const;
    // True when no call is anywhere inside any endpoint.
    bool idle() const;

private:
    std::vector<std::unique_ptr<Fleet>> m_endpoints;
};

} // namespace reslab

#pragma once
// Where requests come from (docs/scenario-format.md "Workload"):
//  open    Poisson arrivals at rate_per_s, optionally following a rate_schedule of steps and
//          linear ramps (non-homogeneous Poisson, sampled exactly by thinning per segment);
//  closed  `clients` clients, each sending its next request a think time after the last ended;
//  batch   `clients` clients start at t = 0, each sends requests_per_client requests in turn;
//  trace   the first attempts recorded in a trace, at their recorded times (earliest at 0).
// Arrivals stop at the scenario's duration or after max_requests, whichever comes first.

#include "model/workload_spec.h"
#include "sim/event_queue.h"
#include "sim/rng.h"

#include <string>
#include <vector>

namespace reslab {

class RequestLauncher
{
public:
    virtual ~RequestLauncher() = default;
    // Starts one request on behalf of `token` (a client index; 0 for open arrivals).
    virtual void launch(std::uint64_t token) = 0;
};

class Workload final : public EventTarget
{
public:
    // On the concrete EventQueue, as an endpoint: an arrival's next one goes into the queue's
    // lane with an inline call.
    Workload(EventQueue& scheduler, const WorkloadSpec& spec, Time arrivalsEnd, std::uint64_t seed,
             RequestLauncher& launcher, const std::string& target = {});

    void begin();
    // Inline: asked at the end of every request, and only closed and batch clients wait for it.
    void onRequestFinished(std::uint64_t token)
    {
        if (m_clientsWait) clientFinished(token);
    }
    // True once no further request can start.
    bool done() const;
    std::uint64_t started() const { return m_started; }

    // The open workload's rate at time t (requests per second).
    double rateAt(Time t) const;

    void onEvent(std::uint32_t kind, std::uint64_t arg) override;

private:
    void clientFinished(std::uint64_t token); // its next request, after its think time
    struct Knot
    {
        Time at;
        double rate;
        bool rampIn; // the rate moves linearly from the previous knot to this one
    };
    enum EventKind : std::uint32_t
    {
        OpenArrival,
        ClientLaunch,
        TraceArrival
    };

    bool mayStart() const;
    void launchOne(std::uint64_t token);
    Time nextOpenArrival(Time from);

    EventQueue& m_scheduler;
    WorkloadSpec m_spec;
    Time m_arrivalsEnd;
    RequestLauncher& m_launcher;
    Rng m_arrivals;
    Rng m_think;
    std::vector<Knot> m_knots;
    std::vector<std::int32_t> m_remaining; // batch: requests left per client
    std::uint64_t m_started = 0;
    std::uint64_t m_planned = 0; // batch: clients × requests_per_client
    bool m_openEnded = false;
    bool m_clientsWait; // closed or batch: a client sends its next request when one finishes
    std::vector<Time> m_traceArrivals; // trace
    std::size_t m_nextTrace = 0;
};

} // namespace reslab

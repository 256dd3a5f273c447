#include "run/gauges.h"

#include "policy/circuit_breaker.h"
#include "policy/outlier_detector.h"
#include "run/services.h"
#include "scenario/scenario.h"

#include <cmath>

namespace reslab {

BreakerGauge breakerGauge(const std::string& name, CircuitBreaker& breaker, Time now)
{
    const WindowTotals t = breaker.totals(now);
    const BreakerSpec& spec = breaker.spec();
    BreakerGauge g{name,
                   breaker.state(),
                   0.0,
                   0.0,
                   t.calls,
                   spec.failureRate,
                   std::isfinite(spec.slowCallMs) ? spec.slowCallRate : 0.0};
    if (t.calls) {
        g.failureRate = static_cast<double>(t.failures) / t.calls;
        g.slowRate = static_cast<double>(t.slow) / t.calls;
    }
    return g;
}

std::vector<EndpointGauge> endpointGauges(const Services& services, const Scenario& /*scenario*/)
{
    std::vector<EndpointGauge> out;
    const auto& endpoints = services.endpoints();
    for (std::size_t i = 0; i < endpoints.size(); ++i) {
        // A fleet's workers are its hosts' (0: unlimited, when any host is).
        std::uint64_t workers = 0;
        for (std::size_t h = 0; h < endpoints[i]->hostCount(); ++h) {
            const auto& w = endpoints[i]->host(h).spec().capacity.workers;
            if (!w) {
                workers = 0;
                break;
            }
            workers += static_cast<std::uint64_t>(*w);
        }
        out.push_back(EndpointGauge{endpoints[i]->id(), endpoints[i]->busyWorkers(),
                                    endpoints[i]->queueDepth(), workers});
    }
    return out;
}

void HostEjectionCounts::note(const HostEjectionRecord& r)
{
    const auto bump = [&](std::vector<std::vector<std::uint64_t>>& counts) {
        if (counts.size() <= r.endpoint) counts.resize(r.endpoint + 1);
        if (counts[r.endpoint].size() <= r.host) counts[r.endpoint].resize(r.host + 1, 0);
        ++counts[r.endpoint][r.host];
    };
    if (r.kind == static_cast<std::uint8_t>(EjectionEvent::Kind::Ejected)) bump(ejections);
    if (r.kind == static_cast<std::uint8_t>(EjectionEvent::Kind::Overflow)) bump(overflow);
}

std::vector<EndpointSummary> endpointSummaries(const Services& services, std::uint64_t requests,
                                               Time end, const HostEjectionCounts& ejections)
{
    const auto count = [](const std::vector<std::vector<std::uint64_t>>& c, std::size_t e,
                          std::size_t h) -> std::uint64_t {
        return e < c.size() && h < c[e].size() ? c[e][h] : 0;
    };
    std::vector<EndpointSummary> out;
    for (std::size_t i = 0; i < services.endpoints().size(); ++i) {
        const auto& e = services.endpoints()[i];
        const double perRequest =
            requests ? static_cast<double>(e->stats().attempts) / static_cast<double>(requests)
                     : 0.0;
        out.push_back(EndpointSummary{e->id(),
                                      e->stats().attempts,
                                      e->stats().served,
                                      e->stats().maxQueue,
                                      e->utilization(end),
                                      perRequest,
                                      e->stats().shed,
                                      e->admission() ? e->admission()->refused() : 0,
                                      {}});
        if (e->hostCount() == 1) continue;
        for (std::size_t h = 0; h < e->hostCount(); ++h) {
            const Endpoint& host = e->host(h);
            out.back().hosts.push_back(
                HostSummary{host.stats().attempts, host.stats().served, host.stats().failed,
                            host.stats().maxQueue, host.utilization(end), e->hosts()[h].zone,
                            count(ejections.ejections, i, h), count(ejections.overflow, i, h)});
        }
    }
    return out;
}

std::vector<LimiterGauge> limiterGauges(const std::vector<NamedLimiter>& limiters)
{
    std::vector<LimiterGauge> out;
    for (const NamedLimiter& l : limiters)
        out.push_back(LimiterGauge{l.name, l.limiter->limit(), l.limiter->inflight()});
    return out;
}

void fillRowGauges(TimelineRow& row, const Services& services,
                   const std::vector<CircuitBreaker*>& breakers,
                   const std::vector<NamedLimiter>& limiters, Time now)
{
    for (const NamedLimiter& l : limiters)
        row.limiters.push_back(
            TimelineRow::Limiter{static_cast<std::uint32_t>(std::max(0, l.limiter->limit())),
                                 static_cast<std::uint32_t>(std::max(0, l.limiter->inflight())),
                                 l.limiter->samples(), l.limiter->rttSumMs()});
    for (const auto& e : services.endpoints()) {
        row.queue += e->queueDepth();
        row.endpoints.push_back(TimelineRow::Endpoint{static_cast<std::uint32_t>(e->busyWorkers()),
                                                      static_cast<std::uint32_t>(e->queueDepth()),
                                                      0}); // calls: the live run's observer
    }
    for (CircuitBreaker* b : breakers) {
        const WindowTotals t = b->totals(now);
        row.breakers.push_back(TimelineRow::Breaker{
            b->state(),
            t.calls ? static_cast<float>(t.failures) / static_cast<float>(t.calls) : 0.f,
            t.calls ? static_cast<float>(t.slow) / static_cast<float>(t.calls) : 0.f,
            {}});
        // Narrowed to 32 bits: a view's differences stay right across a wrap.
        const auto& counts = b->outcomeCounts();
        for (std::size_t o = 0; o < kOutcomeCount; ++o)
            row.breakers.back().outcomes[o] = static_cast<std::uint32_t>(counts[o]);
    }
}

void noteTransition(std::vector<BreakerSummary>& breakers, const BreakerTransitionRecord& record)
{
    for (BreakerSummary& b : breakers) {
        if (b.name != record.breaker) continue;
        ++b.transitionCount;
        if (b.transitions.size() < kMaxTransitionsKept)
            b.transitions.push_back(BreakerTransition{toMillis(record.at), record.from, record.to,
                                                      record.reason, record.decision});
    }
}

} // namespace reslab

#include "export/mesh_pipeline.h"

#include "policy/strategy_kind.h"

#include <cmath>

namespace reslab::detail {

MeshPipeline meshPipeline(const Scenario& s, Notes& notes, const std::string& library)
{
    MeshPipeline m;
    for (std::size_t i = 0; i < s.pipeline.size(); ++i) {
        const std::string path = "pipeline[" + std::to_string(i) + "]";
        const StrategySpec& st = s.pipeline[i];
        if (const auto* r = std::get_if<RetrySpec>(&st); r && !m.retry) {
            m.retry = r;
            m.retryPath = path;
        } else if (const auto* t = std::get_if<TimeoutSpec>(&st)) {
            if (m.retry && !m.perTryTimeoutMs)
                m.perTryTimeoutMs = t->timeoutMs;
            else if (!m.retry && !m.routeTimeoutMs)
                m.routeTimeoutMs = t->timeoutMs;
            else
                notes.add(path, "a second timeout");
        } else if (const auto* lb = std::get_if<LoadBalancerSpec>(&st); lb && !m.balancer) {
            m.balancer = lb;
            m.balancerPath = path;
        } else if (const auto* b = std::get_if<RetryBudgetSpec>(&st); b && !m.retryBudget) {
            m.retryBudget = b;
        } else if (const auto* f = std::get_if<FinagleBudgetSpec>(&st); f && !m.finagleBudget) {
            m.finagleBudget = f;
            m.finagleBudgetPath = path;
        } else {
            notes.add(path, std::string(strategyKind(st).name) + " (not part of " + library +
                                "'s configuration)");
        }
    }
    for (const EndpointSpec& e : s.endpoints)
        if (e.id == s.target) m.target = &e;
    return m;
}

std::string meshGoDuration(double ms)
{
    if (ms >= 1000 && std::fmod(ms, 1000) == 0) return number(ms / 1000) + "s";
    return number(ms) + "ms";
}

} // namespace reslab::detail

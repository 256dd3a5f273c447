#pragma once
// The parts of a pipeline a service mesh configures, found once for the mesh exports (Envoy,
// Istio, Linkerd): the route timeout (outside the first retry), the retry, the per-try timeout
// (inside it), the retry guards, and the load balancer at the bottom; everything else is noted.

#include "export/export.h"
#include "policy/strategy_spec.h"

namespace reslab::detail {

struct MeshPipeline
{
    std::optional<double> routeTimeoutMs;
    const RetrySpec* retry = nullptr;
    std::string retryPath;
    std::optional<double> perTryTimeoutMs;
    const LoadBalancerSpec* balancer = nullptr;
    std::string balancerPath;
    const RetryBudgetSpec* retryBudget = nullptr;
    const FinagleBudgetSpec* finagleBudget = nullptr;
    std::string finagleBudgetPath;
    const EndpointSpec* target = nullptr; // the target endpoint (its replicas, zones, hosts)
};

// `library`: the target's name for the notes of strategies it has no place for.
MeshPipeline meshPipeline(const Scenario& s, Notes& notes, const std::string& library);

// Milliseconds as a Go duration (Istio, Linkerd): the shortest exact "Nms" or "Ns". Named apart
// from export_chaos_mesh.cpp's goDuration (which rounds): the unity build puts both in one unit.
std::string meshGoDuration(double ms);

} // namespace reslab::detail

#pragma once
// An Envoy Cluster as the pipeline's bottom: its lb_policy (or typed load_balancing_policy),
// least_request_lb_config, common_lb_config.healthy_panic_threshold and outlier_detection as a
// `load_balancer` strategy, its load_assignment's endpoints as the fleet's hosts (zones, weights),
// and its default-priority circuit breaker thresholds as the Envoy-mode retry's
// `circuit_breakers`. Shared by the Envoy importer's three forms (bootstrap, config_dump, the
// export's fragment).

#include "configimport/mesh_tree.h"
#include "configimport/scenario_builder.h"

namespace reslab {

// The fleet's size when the file lists no endpoints (an EDS cluster, Istio, Linkerd): a few hosts,
// enough for a balancer to choose; a number to edit.
inline constexpr int kSkeletonReplicas = 3;
// The scenario's limit on a fleet (scenario-format.md "replicas").
inline constexpr int kMaxFleetHosts = 1024;

// Envoy's retry circuit breaker thresholds, as the retry's `circuit_breakers` object; defaults
// filled in are listed by the builder's `fill` on the current (retry) strategy. `cluster` may be
// empty (no cluster found): Envoy's defaults apply.
void envoyCircuitBreakers(MeshReader& r, const QJsonObject& cluster, const std::string& path,
                          ScenarioBuilder& b);

// Appends the load_balancer strategy for `cluster` (with the route's host predicate) and sets the
// fleet from `assignment` (a ClusterLoadAssignment: the cluster's load_assignment or the dump's
// EDS entry; empty: a skeleton of kSkeletonReplicas hosts). Returns the number of hosts.
struct EnvoyHostSelection
{
    bool previousHosts = false;
    std::optional<long long> maxAttempts; // host_selection_retry_max_attempts
    std::string path;                     // where the route gave them
};
int envoyLoadBalancer(MeshReader& r, const QJsonObject& cluster, const std::string& path,
                      const EnvoyHostSelection& selection, MeshReader* assignmentReader,
                      const QJsonObject& assignment, const std::string& assignmentPath,
                      ScenarioBuilder& b);

} // namespace reslab

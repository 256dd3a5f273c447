#pragma once
// An Istio DestinationRule's trafficPolicy as the pipeline's bottom: loadBalancer and
// outlierDetection, as pilot writes them into the Envoy cluster (istio 86c9f01f
// cluster_traffic_policy.go applyLoadBalancer, applyOutlierDetection), into a load_balancer
// strategy over a skeleton fleet (Istio's resources list no endpoints). The route's half
// (timeout, retries, connectionPool, retryBudget) is import_istio.cpp's.

#include "configimport/mesh_tree.h"
#include "configimport/scenario_builder.h"

#include <QJsonObject>
#include <string>

namespace reslab {

// Where the mapping's defaults come from, named in the import's report.
inline constexpr const char* kIstioRetryGo = "istio retry.go";
inline constexpr const char* kIstioTrafficGo = "istio cluster_traffic_policy.go";

// The route's retry host predicate, which the cluster's balancer carries: Istio's default policy
// sets previous_hosts unless retryIgnorePreviousHosts is false (retry.go).
struct IstioHostPredicate
{
    bool previousHosts = false;
    bool explicitlySet = false; // retryIgnorePreviousHosts was written
    std::string retriesPath;    // the route's retries, where the defaults are listed
};

// Appends the load_balancer strategy from `policy` (the rule's trafficPolicy with its subset's
// merged in; empty when there is no rule) and sets the fleet. Problems go to `pr`'s list.
void istioLoadBalancer(MeshReader& pr, const QJsonObject& policy, const std::string& policyPath,
                       const std::string& ruleName, const IstioHostPredicate& predicate,
                       ScenarioBuilder& b);

} // namespace reslab

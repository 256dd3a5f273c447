#pragma once
// Where an Envoy import finds its routes and clusters: a static bootstrap (static_resources:
// listeners with inline route configs, clusters), an admin /config_dump (configs[]' typed dumps:
// BootstrapConfigDump, ClustersConfigDump, RoutesConfigDump, ListenersConfigDump,
// EndpointsConfigDump), the fragment `export --to envoy` writes (a RouteAction under `route`, the
// cluster's fields beside it) or a bare RouteConfiguration. Each value keeps its document and
// path, so a problem found while mapping it names its file, line and column.

#include "configimport/mesh_tree.h"

#include <QJsonObject>
#include <map>
#include <string>
#include <vector>

namespace reslab {

struct EnvoyLocated
{
    const MeshDocument* doc = nullptr;
    QJsonObject value;
    std::string path;
};

struct EnvoyRouteRef
{
    std::string title; // route config / virtual host / route
    std::string cluster;
    EnvoyLocated action; // RouteAction
    EnvoyLocated vhost;  // its VirtualHost (retry_policy, hedge_policy apply to routes without one)
};

struct EnvoyResources
{
    std::vector<EnvoyRouteRef> routes;
    std::map<std::string, EnvoyLocated> clusters;
    std::map<std::string, EnvoyLocated> assignments; // EDS: ClusterLoadAssignment by cluster_name
    std::vector<std::string> clusterOrder;
    bool fragment = false; // export --to envoy's fragment (its route has no virtual host)
};

// Adds the routes, clusters and EDS assignments of each document, in the documents' order.
// Documents of none of the forms add nothing.
void collectEnvoyResources(const std::vector<MeshDocument>& docs, EnvoyResources& out);

} // namespace reslab

// Finding an Envoy import's routes, clusters and endpoints in its documents (envoy_resources.h).

#include "configimport/envoy_resources.h"

#include <QJsonArray>

namespace reslab {

namespace {

bool endsWith(const std::string& s, std::string_view suffix)
{
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void addRouteConfig(const MeshDocument& d, const QJsonObject& rc, const std::string& path,
                    EnvoyResources& out)
{
    const std::string rcName = rc.value("name").toString().toStdString();
    const QJsonArray vhosts = rc.value("virtual_hosts").toArray();
    for (qsizetype v = 0; v < vhosts.size(); ++v) {
        const QJsonObject vh = vhosts[v].toObject();
        const std::string vp = path + ".virtual_hosts[" + std::to_string(v) + "]";
        const std::string vhName = vh.value("name").toString().toStdString();
        const QJsonArray routes = vh.value("routes").toArray();
        for (qsizetype i = 0; i < routes.size(); ++i) {
            const QJsonObject route = routes[i].toObject();
            if (!route.value("route").isObject()) continue; // a redirect or a direct response
            const std::string rp = vp + ".routes[" + std::to_string(i) + "]";
            const QJsonObject action = route.value("route").toObject();
            std::string routeName = route.value("name").toString().toStdString();
            if (routeName.empty()) routeName = "routes[" + std::to_string(i) + "]";
            std::string cluster = action.value("cluster").toString().toStdString();
            if (cluster.empty()) {
                const QJsonArray weighted =
                    action.value("weighted_clusters").toObject().value("clusters").toArray();
                if (!weighted.isEmpty())
                    cluster = weighted[0].toObject().value("name").toString().toStdString();
            }
            out.routes.push_back(
                {(rcName.empty() ? std::string() : rcName + "/") + vhName + "/" + routeName,
                 cluster,
                 {&d, action, rp + ".route"},
                 {&d, vh, vp}});
        }
    }
}

void addListener(const MeshDocument& d, const QJsonObject& listener, const std::string& path,
                 EnvoyResources& out)
{
    const QJsonArray chains = listener.value("filter_chains").toArray();
    for (qsizetype c = 0; c < chains.size(); ++c) {
        const std::string cp = path + ".filter_chains[" + std::to_string(c) + "]";
        const QJsonArray filters = chains[c].toObject().value("filters").toArray();
        for (qsizetype f = 0; f < filters.size(); ++f) {
            const QJsonObject typed = filters[f].toObject().value("typed_config").toObject();
            if (typed.value("route_config").isObject())
                addRouteConfig(d, typed.value("route_config").toObject(),
                               cp + ".filters[" + std::to_string(f) + "].typed_config.route_config",
                               out);
        }
    }
}

void addCluster(const MeshDocument& d, const QJsonObject& c, const std::string& path,
                EnvoyResources& out)
{
    const std::string name = c.value("name").toString().toStdString();
    if (out.clusters.emplace(name, EnvoyLocated{&d, c, path}).second)
        out.clusterOrder.push_back(name);
}

void addStaticResources(const MeshDocument& d, const QJsonObject& sr, const std::string& path,
                        EnvoyResources& out)
{
    const QJsonArray listeners = sr.value("listeners").toArray();
    for (qsizetype i = 0; i < listeners.size(); ++i)
        addListener(d, listeners[i].toObject(), path + ".listeners[" + std::to_string(i) + "]",
                    out);
    const QJsonArray clusters = sr.value("clusters").toArray();
    for (qsizetype i = 0; i < clusters.size(); ++i)
        addCluster(d, clusters[i].toObject(), path + ".clusters[" + std::to_string(i) + "]", out);
}

// The entries of a dump's list, each the object under `inner` ("cluster", "route_config").
template <typename F>
void eachEntry(const QJsonObject& dump, const std::string& path, const char* list,
               const char* inner, F&& f)
{
    const QJsonArray a = dump.value(list).toArray();
    for (qsizetype i = 0; i < a.size(); ++i) {
        const std::string p = path + "." + list + "[" + std::to_string(i) + "]";
        QJsonObject entry = a[i].toObject();
        std::string at = p;
        for (const QString& step : QString(inner).split('.')) {
            entry = entry.value(step).toObject();
            at += "." + step.toStdString();
        }
        if (!entry.isEmpty()) f(entry, at);
    }
}

void addConfigDump(const MeshDocument& d, const QJsonArray& configs, EnvoyResources& out)
{
    for (qsizetype i = 0; i < configs.size(); ++i) {
        const QJsonObject c = configs[i].toObject();
        const std::string p = "configs[" + std::to_string(i) + "]";
        const std::string type = c.value("@type").toString().toStdString();
        if (endsWith(type, ".BootstrapConfigDump")) {
            addStaticResources(d,
                               c.value("bootstrap").toObject().value("static_resources").toObject(),
                               p + ".bootstrap.static_resources", out);
        } else if (endsWith(type, ".ClustersConfigDump")) {
            const auto add = [&](const QJsonObject& cl, const std::string& at) {
                addCluster(d, cl, at, out);
            };
            eachEntry(c, p, "static_clusters", "cluster", add);
            eachEntry(c, p, "dynamic_active_clusters", "cluster", add);
        } else if (endsWith(type, ".RoutesConfigDump")) {
            const auto add = [&](const QJsonObject& rc, const std::string& at) {
                addRouteConfig(d, rc, at, out);
            };
            eachEntry(c, p, "static_route_configs", "route_config", add);
            eachEntry(c, p, "dynamic_route_configs", "route_config", add);
        } else if (endsWith(type, ".ListenersConfigDump")) {
            const auto add = [&](const QJsonObject& l, const std::string& at) {
                addListener(d, l, at, out);
            };
            eachEntry(c, p, "static_listeners", "listener", add);
            eachEntry(c, p, "dynamic_listeners", "active_state.listener", add);
        } else if (endsWith(type, ".EndpointsConfigDump")) {
            const auto add = [&](const QJsonObject& cla, const std::string& at) {
                out.assignments.emplace(cla.value("cluster_name").toString().toStdString(),
                                        EnvoyLocated{&d, cla, at});
            };
            eachEntry(c, p, "static_endpoint_configs", "endpoint_config", add);
            eachEntry(c, p, "dynamic_endpoint_configs", "endpoint_config", add);
        }
    }
}

} // namespace

void collectEnvoyResources(const std::vector<MeshDocument>& docs, EnvoyResources& res)
{
    for (const MeshDocument& d : docs) {
        const QJsonObject root = d.root.toObject();
        if (root.value("configs").isArray())
            addConfigDump(d, root.value("configs").toArray(), res);
        else if (root.value("static_resources").isObject())
            addStaticResources(d, root.value("static_resources").toObject(), "static_resources",
                               res);
        else if (root.value("route").isObject()) { // export --to envoy's fragment
            res.fragment = true;
            res.routes.push_back(
                {"route",
                 root.value("route").toObject().value("cluster").toString().toStdString(),
                 {&d, root.value("route").toObject(), "route"},
                 {}});
            QJsonObject cluster = root;
            cluster.remove("route");
            cluster.remove("http_filters");
            if (!cluster.isEmpty()) {
                cluster.insert("name", root.value("route").toObject().value("cluster"));
                addCluster(d, cluster, "", res);
            }
        } else if (root.value("virtual_hosts").isArray()) {
            addRouteConfig(d, root, "", res);
        }
    }
}

} // namespace reslab

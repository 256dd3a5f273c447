#include "configimport/scenario_builder.h"

#include "scenario/scenario_io.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace reslab {

std::string jsonText(const QJsonValue& value)
{
    QJsonArray wrapper{value};
    const QByteArray text = QJsonDocument(wrapper).toJson(QJsonDocument::Compact);
    return std::string(text.constData() + 1, std::size_t(text.size()) - 2); // without [ ]
}

ScenarioBuilder::ScenarioBuilder(ConfigFormat format, std::vector<std::string> files)
{
    m_config.format = format;
    m_config.files = std::move(files);
}

void ScenarioBuilder::strategy(const char* type, std::string title)
{
    m_pipeline.push_back(QJsonObject{{"type", type}});
    m_config.pipelineTitles.push_back(std::move(title));
}

QJsonObject& ScenarioBuilder::current()
{
    return m_pipeline.back();
}

std::string ScenarioBuilder::currentPath() const
{
    return "pipeline[" + std::to_string(m_pipeline.size() - 1) + "]";
}

namespace {

// Sets "a.b.c" in `object`, making the objects on the way.
void setPath(QJsonObject& object, const std::string& key, const QJsonValue& value)
{
    const std::size_t dot = key.find('.');
    if (dot == std::string::npos) {
        object.insert(QString::fromStdString(key), value);
        return;
    }
    const QString outer = QString::fromStdString(key.substr(0, dot));
    QJsonObject inner = object.value(outer).toObject();
    setPath(inner, key.substr(dot + 1), value);
    object.insert(outer, inner);
}

} // namespace

void ScenarioBuilder::set(const std::string& key, QJsonValue value)
{
    setPath(current(), key, value);
}

void ScenarioBuilder::fleet(int replicas, QJsonArray hosts, std::string sourceKey,
                            std::string filledFrom)
{
    m_replicas = replicas;
    m_hosts = std::move(hosts);
    m_config.skeletonReplicas = replicas;
    if (!filledFrom.empty())
        m_replicasDefault = FilledDefault{"replicas", std::to_string(replicas),
                                          std::move(sourceKey), std::move(filledFrom)};
}

void ScenarioBuilder::fill(const std::string& key, QJsonValue value, std::string sourceKey,
                           std::string origin)
{
    m_config.defaults.push_back(
        {currentPath() + "." + key, jsonText(value), std::move(sourceKey), std::move(origin)});
    set(key, std::move(value));
}

void ScenarioBuilder::listed(const std::string& key, QJsonValue value, std::string sourceKey,
                             std::string origin)
{
    m_config.defaults.push_back(
        {currentPath() + "." + key, jsonText(value), std::move(sourceKey), std::move(origin)});
}

void ScenarioBuilder::note(std::string sourceKey, std::string reason, SourcePlace place)
{
    m_config.notes.push_back({std::move(sourceKey), std::move(reason), std::move(place), false});
}

void ScenarioBuilder::unknownKey(std::string sourceKey, std::string library, SourcePlace place)
{
    m_config.notes.push_back(
        {std::move(sourceKey),
         "unknown key: " + library + " ignores it, so its default applies (a typo?)",
         std::move(place), true});
}

void ScenarioBuilder::setInstance(std::string instance, std::vector<std::string> instances)
{
    m_config.instance = std::move(instance);
    m_config.instances = std::move(instances);
}

namespace {

// An endpoint id: 1–64 of A-Z a-z 0-9 _ - . (scenario-format.md).
std::string endpointId(const std::string& name)
{
    std::string id;
    for (char c : name) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
        id += ok ? c : '_';
        if (id.size() == 64) break;
    }
    return id.empty() ? std::string("api") : id;
}

QJsonObject skeletonEndpoint()
{
    return QJsonObject{
        {"latency", QJsonObject{{"dist", "lognormal"},
                                {"median_ms", kSkeletonMedianMs},
                                {"p99_ms", kSkeletonP99Ms}}},
        {"failures", QJsonObject{{"error", kSkeletonErrorRate}}},
        {"phases", QJsonArray{QJsonObject{
                       {"start_s", kSkeletonIncidentStartS},
                       {"end_s", kSkeletonIncidentEndS},
                       {"failures", QJsonObject{{"error", kSkeletonIncidentErrorRate}}}}}}};
}

} // namespace

bool ScenarioBuilder::finish(const std::string& endpoint, ImportedConfig& out,
                             ConfigProblems& problems)
{
    m_config.skeletonEndpoint = endpointId(endpoint);
    QJsonObject fleetEndpoint = skeletonEndpoint();
    if (m_replicas > 1) fleetEndpoint.insert("replicas", m_replicas);
    if (!m_hosts.isEmpty()) fleetEndpoint.insert("hosts", m_hosts);
    if (m_replicasDefault) {
        m_replicasDefault->scenarioKey = "endpoints." + m_config.skeletonEndpoint + ".replicas";
        m_config.defaults.push_back(*m_replicasDefault);
    }
    QJsonArray pipeline;
    for (const QJsonObject& s : m_pipeline)
        pipeline.append(s);
    std::string files;
    for (const std::string& f : m_config.files)
        files += (files.empty() ? "" : ", ") +
                 QFileInfo(QString::fromStdString(f)).fileName().toStdString();
    const std::string name =
        (m_config.instance.empty() ? configFormatTitle(m_config.format) : m_config.instance) +
        " (imported from " + files + ")";
    QJsonObject document{
        {"format", kScenarioFormat},
        {"name", QString::fromStdString(name)},
        {"seed", 1},
        {"duration_s", kSkeletonDurationS},
        {"workload", QJsonObject{{"type", "open"}, {"rate_per_s", kSkeletonRatePerS}}},
        {"target", QString::fromStdString(m_config.skeletonEndpoint)},
        {"pipeline", pipeline},
        {"endpoints",
         QJsonObject{{QString::fromStdString(m_config.skeletonEndpoint), fleetEndpoint}}}};
    // The description is the report without the output's name.
    document.insert("description", QString::fromStdString(importReportText(m_config, "")));
    ScenarioLoad load = parseScenario(document);
    if (!load.scenario) {
        for (const Diagnostic& d : load.diagnostics)
            problems.push_back(
                {m_config.files.empty() ? std::string() : m_config.files.back(), 0, 0,
                 "the imported configuration cannot be simulated: " + d.path + ": " + d.message});
        return false;
    }
    m_config.scenario = std::move(*load.scenario);
    out = std::move(m_config);
    return true;
}

} // namespace reslab

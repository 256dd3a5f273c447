#pragma once
// What every format's importer shares: the pipeline written strategy by strategy, each key either
// taken from the file or filled in with the library's default (and then listed), the notes, the
// skeleton endpoint, and the scenario read back through the scenario reader, so the result is a
// scenario `validate` accepts (what the tool writes, it reads back).

#include "configimport/config_import.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <optional>

namespace reslab {

// The skeleton endpoint and workload written when the file has no fault model (none of these
// formats has one): a steady, slightly flaky service with one incident, so every strategy has
// something to do. Round numbers to edit, not measurements.
inline constexpr double kSkeletonRatePerS = 20.0;
inline constexpr double kSkeletonDurationS = 300.0;
inline constexpr double kSkeletonMedianMs = 40.0;
inline constexpr double kSkeletonP99Ms = 400.0;
inline constexpr double kSkeletonErrorRate = 0.02;
inline constexpr double kSkeletonIncidentStartS = 120.0;
inline constexpr double kSkeletonIncidentEndS = 180.0;
inline constexpr double kSkeletonIncidentErrorRate = 0.5;

class ScenarioBuilder
{
public:
    ScenarioBuilder(ConfigFormat format, std::vector<std::string> files);

    // Appends a strategy (the pipeline is outermost first); `title` names it in the report.
    void strategy(const char* type, std::string title);
    // A key of the current strategy ("backoff.initial_ms" for nested objects) from the file …
    void set(const std::string& key, QJsonValue value);
    // … or the library's default, which the report lists.
    void fill(const std::string& key, QJsonValue value, std::string sourceKey, std::string origin);
    // A default listed but not written: the scenario's own default for the key is the library's
    // (and stays computed from the others, as max_ejection_time from base_ejection_time).
    void listed(const std::string& key, QJsonValue value, std::string sourceKey,
                std::string origin);
    // A value the scenario keeps that was not read from a key (a fixed part of the library).
    void fixed(const std::string& key, QJsonValue value) { set(key, std::move(value)); }
    void note(std::string sourceKey, std::string reason, SourcePlace place = {});
    void unknownKey(std::string sourceKey, std::string library, SourcePlace place);
    std::size_t size() const { return m_pipeline.size(); }
    // The skeleton endpoint as a fleet (the mesh formats): `replicas` hosts, and `hosts` the
    // per-host overrides the file gives (zone, weight). `filledFrom` non-empty: the count is not
    // the file's but a default, listed with that origin.
    void fleet(int replicas, QJsonArray hosts, std::string sourceKey, std::string filledFrom);

    void setInstance(std::string instance, std::vector<std::string> instances);
    // The scenario: name, description (the report), the pipeline, the skeleton endpoint named
    // after `endpoint` (sanitised to an endpoint id). Problems when the scenario reader refuses a
    // value (one the library takes and the simulator cannot).
    bool finish(const std::string& endpoint, ImportedConfig& out, ConfigProblems& problems);

private:
    QJsonObject& current();
    std::string currentPath() const;

    ImportedConfig m_config;
    std::vector<QJsonObject> m_pipeline;
    int m_replicas = 1;
    QJsonArray m_hosts;
    std::optional<FilledDefault> m_replicasDefault;
};

// The JSON text of a value, for the report ("3", "\"full\"", "[\"error\"]").
std::string jsonText(const QJsonValue& value);

} // namespace reslab

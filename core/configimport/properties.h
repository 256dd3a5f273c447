#pragma once
// A configuration file as its library binds it: a flat list of keys (path segments as written)
// with scalar values, each with the place it was written. Spring Boot flattens application.yml
// into such properties ("resilience4j.retry.instances.a.max-attempts"), and .NET's configuration
// flattens appsettings.json into "Section:Retry:MaxRetryAttempts": the importers of both read
// this form, so several files layer as they do there (a later file's key wins).

#include "configimport/config_problem.h"

#include <QByteArray>
#include <optional>
#include <string>
#include <vector>

namespace reslab {

// Configuration files are small; anything larger is refused before it is read (the scenario's
// own cap, scenario_io.h).
inline constexpr qint64 kMaxConfigFileBytes = 16 * 1024 * 1024;
// More keys than any real configuration has; a YAML alias bomb or a generated file stops here.
inline constexpr std::size_t kMaxConfigProperties = 100'000;
// Deeper nesting than any configuration has (resilience4j's is five levels).
inline constexpr int kMaxConfigDepth = 64;

struct SourcePlace
{
    std::string file;
    int line = 0;   // 1-based; 0 unknown
    int column = 0; // 1-based; 0 unknown
};

struct Property
{
    std::vector<std::string> path; // segments as written; list items as "[0]"
    std::string value;             // the scalar's text
    bool null = false;             // an empty or null value: the key is present, set to nothing
    SourcePlace place;
    // "resilience4j.retry.instances.a.max-attempts", or with ':' for .NET.
    std::string key(char separator = '.') const;
};
using Properties = std::vector<Property>;

// The bytes of a configuration file: refuses what is not a regular file, and files over
// kMaxConfigFileBytes, with the reason.
std::optional<QByteArray> readConfigFile(const std::string& path, ConfigProblems& problems);

// A problem at a place (the file, its line and column).
ConfigProblem problemAt(const SourcePlace& place, std::string message);

} // namespace reslab

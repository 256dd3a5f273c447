#pragma once
// import-config: the resilience configuration a user runs, as a scenario (docs/import-config.md).
// resilience4j's Spring Boot application.yml, Polly's standard handlers in an appsettings.json
// (Microsoft.Extensions.Http.Resilience), a gRPC service config and the AWS shared config file
// each become the pipeline their library builds from them, with every default the library fills
// in listed, everything that cannot be simulated listed, and a skeleton endpoint (a fault model to
// edit) to call.

#include "configimport/config_problem.h"
#include "configimport/properties.h"
#include "scenario/scenario.h"
#include "util/name_table.h"

#include <optional>
#include <string>
#include <vector>

namespace reslab {

enum class ConfigFormat
{
    Resilience4j, // Spring Boot application.yml / .yaml
    Polly,        // appsettings.json of AddStandardResilienceHandler / AddStandardHedgingHandler
    Grpc,         // a gRPC service config (JSON)
    Aws,          // the AWS shared config file (INI)
    Envoy,        // an Envoy bootstrap (static_resources) or an admin /config_dump (YAML or JSON)
    Istio,        // VirtualService and DestinationRule YAML
    Linkerd       // 2.16+ retry/timeout/failure-accrual annotations, or a ServiceProfile
};
inline constexpr auto kConfigFormatNames = makeNameTable<ConfigFormat>(
    std::pair{ConfigFormat::Resilience4j, std::string_view("resilience4j")},
    std::pair{ConfigFormat::Polly, std::string_view("polly")},
    std::pair{ConfigFormat::Grpc, std::string_view("grpc")},
    std::pair{ConfigFormat::Aws, std::string_view("aws")},
    std::pair{ConfigFormat::Envoy, std::string_view("envoy")},
    std::pair{ConfigFormat::Istio, std::string_view("istio")},
    std::pair{ConfigFormat::Linkerd, std::string_view("linkerd")});
// The format's name as docs and messages give it.
std::string configFormatTitle(ConfigFormat format);

struct ConfigImportOptions
{
    std::optional<ConfigFormat> format; // forced; otherwise detected from the first file
    // Which one of several: a resilience4j instance name, an appsettings section path
    // ("Resilience:Standard"), a gRPC service or service/method, an AWS profile.
    std::string instance;
};

// A value the library fills in that the file did not give.
struct FilledDefault
{
    std::string scenarioKey; // "pipeline[0].max_attempts"
    std::string value;       // as JSON: "3", "\"full\""
    std::string sourceKey;   // the key the file could have set
    std::string origin;      // the library's constant and where it is defined
};

// Something the file says that the scenario cannot express, or a key the library ignores.
struct ImportNote
{
    std::string sourceKey;
    std::string reason;
    SourcePlace place;
    bool unknownKey = false; // a key its library does not know (and silently ignores)
};

struct ImportedConfig
{
    ConfigFormat format = ConfigFormat::Resilience4j;
    std::vector<std::string> files;
    std::string instance;               // the one imported ("" when the format has one)
    std::vector<std::string> instances; // every one the files have, in order
    Scenario scenario;
    std::vector<std::string> pipelineTitles; // "Retry backendA", outermost first
    std::vector<FilledDefault> defaults;
    std::vector<ImportNote> notes;
    std::string skeletonEndpoint; // the endpoint written as a fault model to edit
    int skeletonReplicas = 1;     // its hosts (the mesh formats' fleets)
};

struct ConfigImport
{
    std::optional<ImportedConfig> config; // set when there are no problems
    ConfigProblems problems;
};

// The format of a file from its content (and its name when the content could be two).
std::optional<ConfigFormat> detectConfigFormat(const QByteArray& bytes, const std::string& path);

// Imports the files (several layer, later keys winning, as the library layers them: Spring
// profiles, appsettings.Production.json, two AWS config files).
ConfigImport importConfigFiles(const std::vector<std::string>& paths,
                               const ConfigImportOptions& options);

// The report: what was imported, the pipeline, the defaults filled in, what is not modelled and
// the skeleton; the CLI prints it, the testbench shows it, and the scenario's description holds it.
std::string importReportText(const ImportedConfig& config, const std::string& output);

} // namespace reslab

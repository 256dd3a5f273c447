// resilience-lab import-config FILE… --out SCENARIO.json: the resilience configuration a user
// runs (resilience4j, Polly, gRPC, AWS) as a scenario (core/configimport, docs/import-config.md).

#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/json_reports.h"
#include "cli/output_options.h"
#include "configimport/config_import.h"
#include "scenario/scenario_io.h"

namespace reslab::cli {

namespace {
constexpr const char* kCommand = "import-config";
} // namespace

int importConfigCommand(const std::vector<std::string>& args)
{
    const Arguments a = parseArguments(args, kCommand);
    if (!a.error.empty()) return usageError(kCommand, a.error);
    if (a.positionals.empty())
        return usageError(kCommand, "expects the configuration FILE to import");
    const auto out = a.option("--out");
    if (!out) return usageError(kCommand, "--out SCENARIO.json is required");
    if (const auto problem = outputsProblem(a, {{"--out", "a scenario (JSON)", {"json"}}}))
        return usageError(kCommand, *problem);
    ConfigImportOptions options;
    if (const auto format = a.option("--format")) {
        options.format = kConfigFormatNames.find(*format);
        if (!options.format)
            return usageError(
                kCommand,
                "--format must be resilience4j, polly, grpc, aws, envoy, istio or linkerd, got \"" +
                    *format + "\"");
    }
    options.instance = a.option("--instance").value_or("");

    const ConfigImport result = importConfigFiles(a.positionals, options);
    if (!result.config) {
        printErr(formatConfigProblems(result.problems));
        return kExitInvalid;
    }
    const ImportedConfig& config = *result.config;
    // Keys the library would ignore are warnings with their place: the import goes on, as the
    // library does, but a typo should not pass unseen.
    ConfigProblems warnings;
    for (const ImportNote& n : config.notes)
        if (n.unknownKey)
            warnings.push_back({n.place.file, n.place.line, n.place.column,
                                "warning: " + n.sourceKey + ": " + n.reason});
    printErr(formatConfigProblems(warnings));
    std::string error;
    if (!saveScenarioFile(config.scenario, *out, &error)) {
        printErr("resilience-lab import-config: " + *out + ": " + error + "\n");
        return kExitInternal;
    }
    if (a.flag("--json"))
        printOut(importConfigJson(config, *out));
    else
        printOut(importReportText(config, *out));
    return kExitOk;
}

} // namespace reslab::cli

#pragma once
// The JSON the subcommands print with --json, each with its "format" key and a JSON Schema in
// resources/schemas/ (tests/check_output_schemas.py validates real outputs against them). Metric
// names and units are the sweep's everywhere (scenario/metric_names.h): fractions, milliseconds.

#include "configimport/config_import.h"
#include "fit/model_check.h"
#include "fit/scenario_fit.h"
#include "scenario/scenario_io.h"
#include "sweep/check_report.h"
#include "sweep/tune.h"

#include <string>
#include <vector>

namespace reslab::cli {

// validate --json: one entry per file, valid or with its problems.
struct ValidatedFile
{
    std::string file;
    std::optional<Scenario> scenario;
    Diagnostics problems;
};
std::string validationJson(const std::vector<ValidatedFile>& files);

// check --json.
std::string checkJson(const std::vector<CheckedScenario>& checked);

// tune --json; `wrote` is --out's file when the winner was written.
std::string tuneJson(const TuneResult& r, const TuneSpec& spec, std::size_t configurations,
                     const std::string& wrote);

// import --json: what was written and skipped.
struct ImportCounts
{
    std::string input, output, timeOrigin;
    std::uint64_t written = 0, skipped = 0, ignored = 0, outOfOrder = 0;
};
std::string importJson(const ImportCounts& counts);

// fit --json: what was fitted per endpoint and the model check; `report` "" when none.
std::string fitJson(const ScenarioFit& fit, const ModelCheck* check, const std::string& input,
                    const std::string& output, const std::string& report);

// import-config --json: what was imported, the defaults filled in, what is not modelled.
std::string importConfigJson(const ImportedConfig& config, const std::string& output);

// Any subcommand's failure with --json (exit 1 or 2): the messages it printed on stderr.
std::string errorJson(int exitCode, const std::string& messages);

} // namespace reslab::cli

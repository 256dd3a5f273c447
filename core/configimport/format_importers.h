#pragma once
// One importer per format (import_<format>.cpp), called by importConfigFiles with the files'
// bytes already read and capped. Each fills `out` or adds problems naming file, line and reason.

#include "configimport/config_import.h"

#include <QByteArray>

namespace reslab {

struct ConfigSource
{
    std::string path;
    QByteArray bytes;
};

bool importResilience4j(const std::vector<ConfigSource>& files, const ConfigImportOptions& options,
                        ImportedConfig& out, ConfigProblems& problems);
bool importPolly(const std::vector<ConfigSource>& files, const ConfigImportOptions& options,
                 ImportedConfig& out, ConfigProblems& problems);
bool importGrpc(const std::vector<ConfigSource>& files, const ConfigImportOptions& options,
                ImportedConfig& out, ConfigProblems& problems);
bool importAws(const std::vector<ConfigSource>& files, const ConfigImportOptions& options,
               ImportedConfig& out, ConfigProblems& problems);
bool importEnvoy(const std::vector<ConfigSource>& files, const ConfigImportOptions& options,
                 ImportedConfig& out, ConfigProblems& problems);
bool importIstio(const std::vector<ConfigSource>& files, const ConfigImportOptions& options,
                 ImportedConfig& out, ConfigProblems& problems);
bool importLinkerd(const std::vector<ConfigSource>& files, const ConfigImportOptions& options,
                   ImportedConfig& out, ConfigProblems& problems);

// The files' paths, in order (what a ScenarioBuilder names as its inputs).
std::vector<std::string> sourcePaths(const std::vector<ConfigSource>& files);

// Every failure outcome a library's "retry any exception" or "count any exception" covers.
QJsonArray everyFailureOutcome();

} // namespace reslab

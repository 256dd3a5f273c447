#pragma once
// A Spring Boot application.yml as Spring flattens it into properties (yaml-cpp parses it):
// nested keys joined with '.', a key written with dots ("resilience4j.retry:") split at them
// except inside [brackets], list items as [i], YAML merge keys (<<) applied. Several documents
// (---) layer in order; a document that activates only for a profile
// (spring.config.activate.on-profile, spring.profiles) is left out and reported.

#include "configimport/properties.h"

namespace reslab {

struct YamlProperties
{
    Properties properties;
    std::vector<SourcePlace> profileDocuments; // documents left out: they need a profile
};

// Appends to `out`; returns false (with problems naming file, line, column) when the file is not
// YAML Spring could read: a syntax error, a duplicate key, a key that is not a scalar, too deep.
bool readYamlProperties(const std::string& file, const QByteArray& bytes, YamlProperties& out,
                        ConfigProblems& problems);

} // namespace reslab

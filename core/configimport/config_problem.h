#pragma once
// A problem with a configuration file being imported: the file, where in it (1-based line and
// column, 0 when unknown) and why. Printed as "FILE:LINE:COLUMN: reason", the form editors and
// terminals turn into a link to the place.

#include <string>
#include <vector>

namespace reslab {

struct ConfigProblem
{
    std::string file;
    int line = 0;   // 1-based; 0: the file as a whole
    int column = 0; // 1-based; 0: unknown
    std::string message;
};
using ConfigProblems = std::vector<ConfigProblem>;

// "app.yml:12:5: resilience4j.retry.instances.a.max-attempts: must be ≥ 1, got 0", one per line.
std::string formatConfigProblems(const ConfigProblems& problems);

} // namespace reslab

#include "configimport/config_problem.h"

namespace reslab {

std::string formatConfigProblems(const ConfigProblems& problems)
{
    std::string out;
    for (const ConfigProblem& p : problems) {
        out += p.file;
        if (p.line > 0) {
            out += ":" + std::to_string(p.line);
            if (p.column > 0) out += ":" + std::to_string(p.column);
        }
        out += ": " + p.message + "\n";
    }
    return out;
}

} // namespace reslab

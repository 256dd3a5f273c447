#include "configimport/properties.h"

#include "util/input_file.h"

#include <QFile>

namespace reslab {

std::string Property::key(char separator) const
{
    std::string k;
    for (const std::string& s : path) {
        if (!k.empty() && !(s.size() > 1 && s.front() == '[')) k += separator;
        k += s;
    }
    return k;
}

std::optional<QByteArray> readConfigFile(const std::string& path, ConfigProblems& problems)
{
    if (const std::string problem = inputFileProblem(path); !problem.empty()) {
        problems.push_back({path, 0, 0, problem});
        return std::nullopt;
    }
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly)) {
        problems.push_back({path, 0, 0, file.errorString().toStdString()});
        return std::nullopt;
    }
    if (file.size() > kMaxConfigFileBytes) {
        problems.push_back({path, 0, 0,
                            "too large for a configuration file: " + std::to_string(file.size()) +
                                " bytes (at most " + std::to_string(kMaxConfigFileBytes) + ")"});
        return std::nullopt;
    }
    // Read one byte past the cap, in case the file grew after its size was taken.
    QByteArray bytes = file.read(kMaxConfigFileBytes + 1);
    if (bytes.size() > kMaxConfigFileBytes) {
        problems.push_back({path, 0, 0, "too large for a configuration file (it grew while read)"});
        return std::nullopt;
    }
    return bytes;
}

ConfigProblem problemAt(const SourcePlace& place, std::string message)
{
    return ConfigProblem{place.file, place.line, place.column, std::move(message)};
}

} // namespace reslab

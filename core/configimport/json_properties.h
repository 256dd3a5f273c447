#pragma once
// JSON configuration files: read by the strict reader (util/strict_json.h) with the place of
// every value kept, and .NET's appsettings.json flattened as Microsoft.Extensions.Configuration
// does it ("Section:Retry:MaxRetryAttempts", keys in any case, arrays as :0, :1).

#include "configimport/json_positions.h"
#include "configimport/properties.h"

#include <QJsonValue>
#include <map>
#include <memory>

namespace reslab {

struct JsonDocument
{
    std::string file;
    std::string text;
    QJsonValue root;
    std::map<std::string, std::size_t> offsets; // json_positions.h
    std::shared_ptr<const TextIndex> lines;     // lines and columns of `text`
    // Where the value at `path` is ("methodConfig[0].timeout"); its parent's place, or the file's
    // start, when the path has no value of its own.
    SourcePlace place(const std::string& path) const;
};

// `dotnet`: comments and trailing commas are allowed, as .NET's JSON configuration reader allows
// them. A syntax error is reported with its line and column.
std::optional<JsonDocument> readJsonDocument(const std::string& file, const QByteArray& bytes,
                                             bool dotnet, ConfigProblems& problems);

// The document as .NET configuration keys, in document order. Two keys equal but for case are an
// error, as they are to .NET's reader ("A duplicate key … was found").
bool dotnetProperties(const JsonDocument& document, Properties& out, ConfigProblems& problems);

} // namespace reslab

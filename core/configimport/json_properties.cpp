#include "configimport/json_properties.h"

#include "configimport/json_positions.h"
#include "util/strict_json.h"

#include <QJsonArray>
#include <QJsonObject>
#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

namespace reslab {

SourcePlace JsonDocument::place(const std::string& path) const
{
    std::string p = path;
    for (;;) {
        if (const auto it = offsets.find(p); it != offsets.end()) {
            const auto [line, column] = lines->at(text, it->second);
            return {file, line, column};
        }
        if (p.empty()) return {file, 1, 1};
        const std::size_t cut = p.find_last_of(".[");
        p = cut == std::string::npos ? std::string() : p.substr(0, cut);
    }
}

std::optional<JsonDocument> readJsonDocument(const std::string& file, const QByteArray& bytes,
                                             bool dotnet, ConfigProblems& problems)
{
    JsonDocument d;
    d.file = file;
    d.text = std::string(bytes.constData(), std::size_t(bytes.size()));
    if (dotnet) d.text = blankCommentsAndTrailingCommas(d.text);
    JsonSyntaxError error;
    const std::optional<QJsonValue> root = parseStrictJson(d.text, &error);
    if (!root) {
        const auto [line, column] = lineAndColumn(d.text, error.offset);
        problems.push_back({file, line, column, "not valid JSON: " + error.message});
        return std::nullopt;
    }
    d.root = *root;
    d.offsets = jsonValueOffsets(d.text);
    d.lines = std::make_shared<const TextIndex>(d.text);
    return d;
}

namespace {

std::string numberText(double v)
{
    char buffer[64];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    (void)ec;
    return std::string(buffer, end);
}

std::string folded(const std::vector<std::string>& path)
{
    std::string k;
    for (const std::string& s : path) {
        k += ':';
        for (char c : s)
            k += char(std::tolower(static_cast<unsigned char>(c)));
    }
    return k;
}

struct Walker
{
    const JsonDocument& d;
    Properties& out;
    ConfigProblems& problems;
    std::set<std::string> seen;
    std::size_t start = 0;

    bool walk(const QJsonValue& v, const std::string& jsonPath, std::vector<std::string>& path)
    {
        if (out.size() - start >= kMaxConfigProperties) {
            problems.push_back(
                problemAt(d.place(jsonPath), "more than " + std::to_string(kMaxConfigProperties) +
                                                 " keys: not a configuration"));
            return false;
        }
        if (v.isObject()) {
            const QJsonObject o = v.toObject();
            for (auto it = o.begin(); it != o.end(); ++it) {
                const std::string key = it.key().toStdString();
                // "Retry:MaxRetryAttempts" as one key is the same path as nested objects.
                std::vector<std::string> parts;
                std::size_t from = 0;
                for (;;) {
                    const std::size_t colon = key.find(':', from);
                    parts.push_back(key.substr(from, colon - from));
                    if (colon == std::string::npos) break;
                    from = colon + 1;
                }
                path.insert(path.end(), parts.begin(), parts.end());
                const bool ok =
                    walk(it.value(), jsonPath.empty() ? key : jsonPath + "." + key, path);
                path.resize(path.size() - parts.size());
                if (!ok) return false;
            }
            if (!o.isEmpty() || path.empty()) return true;
        } else if (v.isArray()) {
            const QJsonArray a = v.toArray();
            for (qsizetype i = 0; i < a.size(); ++i) {
                path.push_back(std::to_string(i));
                const bool ok = walk(a[i], jsonPath + "[" + std::to_string(i) + "]", path);
                path.pop_back();
                if (!ok) return false;
            }
            if (!a.isEmpty()) return true;
        }
        Property p;
        p.path = path;
        p.place = d.place(jsonPath);
        if (v.isString())
            p.value = v.toString().toStdString();
        else if (v.isDouble())
            p.value = numberText(v.toDouble());
        else if (v.isBool())
            p.value = v.toBool() ? "True" : "False"; // as .NET's reader writes them
        else
            p.null = true; // null, and empty objects and arrays, set nothing
        if (!seen.insert(folded(path)).second) {
            problems.push_back(
                problemAt(p.place, "duplicate key \"" + p.key(':') +
                                       "\" (.NET's configuration keys ignore case)"));
            return false;
        }
        out.push_back(std::move(p));
        return true;
    }
};

} // namespace

bool dotnetProperties(const JsonDocument& document, Properties& out, ConfigProblems& problems)
{
    if (!document.root.isObject()) {
        problems.push_back({document.file, 1, 1,
                            "an appsettings file is a JSON object, not " +
                                std::string(document.root.isArray() ? "an array" : "a value")});
        return false;
    }
    Walker walker{document, out, problems, {}, out.size()};
    std::vector<std::string> path;
    if (!walker.walk(document.root, "", path)) return false;
    // In document order (QJsonObject sorts its keys).
    std::stable_sort(out.begin() + std::ptrdiff_t(walker.start), out.end(),
                     [](const Property& a, const Property& b) {
                         return std::pair(a.place.line, a.place.column) <
                                std::pair(b.place.line, b.place.column);
                     });
    return true;
}

} // namespace reslab

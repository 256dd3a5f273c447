#include "scenario/param_path.h"

#include "util/closest_name.h"

#include <QJsonArray>
#include <algorithm>
#include <charconv>

namespace reslab {

namespace {

bool isKeyChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

// The path up to (not including) step `count`, for messages: "pipeline[1]".
std::string prefix(const ParamPath& path, std::size_t count)
{
    std::string out;
    for (std::size_t i = 0; i < count; ++i) {
        if (const auto* key = std::get_if<std::string>(&path.steps[i])) {
            if (!out.empty()) out += '.';
            out += *key;
        } else {
            out += '[' + std::to_string(std::get<int>(path.steps[i])) + ']';
        }
    }
    return out;
}

std::optional<std::string> setIn(QJsonValue& node, const ParamPath& path, std::size_t i,
                                 const QJsonValue& value)
{
    if (i == path.steps.size()) {
        node = value;
        return std::nullopt;
    }
    const ParamPath::Step& step = path.steps[i];
    if (const auto* key = std::get_if<std::string>(&step)) {
        if (node.isUndefined() || node.isNull()) node = QJsonObject();
        if (!node.isObject())
            return (i == 0 ? std::string("the scenario") : prefix(path, i)) +
                   " is not an object, so it has no key \"" + *key + "\"";
        QJsonObject object = node.toObject();
        QJsonValue child = object.value(QString::fromStdString(*key));
        if (auto error = setIn(child, path, i + 1, value)) return error;
        object.insert(QString::fromStdString(*key), child);
        node = object;
        return std::nullopt;
    }
    const int index = std::get<int>(step);
    if (!node.isArray())
        return prefix(path, i) + " is not an array, so it has no [" + std::to_string(index) + "]";
    QJsonArray array = node.toArray();
    if (index >= array.size())
        return prefix(path, i + 1) + " does not exist: " + prefix(path, i) + " has " +
               std::to_string(array.size()) + (array.size() == 1 ? " element" : " elements");
    QJsonValue child = array.at(index);
    if (auto error = setIn(child, path, i + 1, value)) return error;
    array.replace(index, child);
    node = array;
    return std::nullopt;
}

} // namespace

std::optional<ParamPath> parseParamPath(const std::string& text, std::string& error)
{
    ParamPath path;
    path.text = text;
    std::size_t i = 0;
    const auto fail = [&](const std::string& why) {
        error = "parameter path \"" + text + "\": " + why;
        return std::nullopt;
    };
    if (text.empty()) return fail("is empty");
    while (i < text.size()) {
        if (text[i] == '[') {
            if (path.steps.empty()) return fail("must start with a key, not an index");
            const std::size_t close = text.find(']', i);
            if (close == std::string::npos) return fail("has a '[' without its ']'");
            int index = -1;
            const char* first = text.data() + i + 1;
            const char* last = text.data() + close;
            const auto [end, ec] = std::from_chars(first, last, index);
            if (ec != std::errc() || end != last || first == last || index < 0)
                return fail("\"" + text.substr(i, close - i + 1) +
                            "\" is not an index (a whole number ≥ 0)");
            path.steps.emplace_back(index);
            i = close + 1;
            if (i < text.size() && text[i] != '.' && text[i] != '[')
                return fail("expected '.' or '[' after \"" + text.substr(0, i) + "\"");
            if (i < text.size() && text[i] == '.') ++i;
            continue;
        }
        std::size_t end = i;
        while (end < text.size() && isKeyChar(text[end]))
            ++end;
        if (end == i)
            return fail(i < text.size() ? "unexpected '" + std::string(1, text[i]) + "' at " +
                                              std::to_string(i + 1)
                                        : "ends with '.'");
        path.steps.emplace_back(text.substr(i, end - i));
        i = end;
        if (i < text.size() && text[i] == '.') {
            ++i;
            if (i == text.size()) return fail("ends with '.'");
        } else if (i < text.size() && text[i] != '[') {
            return fail("unexpected '" + std::string(1, text[i]) + "' at " + std::to_string(i + 1));
        }
    }
    return path;
}

std::optional<std::string> setAtPath(QJsonObject& document, const ParamPath& path,
                                     const QJsonValue& value)
{
    QJsonValue root(document);
    if (auto error = setIn(root, path, 0, value)) return error;
    document = root.toObject();
    return std::nullopt;
}

std::optional<std::string> unknownNameInPath(const QJsonObject& document, const ParamPath& path)
{
    // The maps of the scenario format whose keys are names (resources/scenario.schema.json:
    // "endpoints"; "expect" is keyed by metrics, which the reader checks).
    static const std::vector<std::string> kNamedMaps = {"endpoints"};
    if (path.steps.size() < 2) return std::nullopt;
    const auto* map = std::get_if<std::string>(&path.steps[0]);
    const auto* name = std::get_if<std::string>(&path.steps[1]);
    if (!map || !name || std::find(kNamedMaps.begin(), kNamedMaps.end(), *map) == kNamedMaps.end())
        return std::nullopt;
    const QJsonObject names = document.value(QString::fromStdString(*map)).toObject();
    if (names.contains(QString::fromStdString(*name))) return std::nullopt;
    std::vector<std::string> known;
    for (const QString& key : names.keys())
        known.push_back(key.toStdString());
    std::string list;
    for (const std::string& k : known)
        list += (list.empty() ? "" : ", ") + k;
    std::string message =
        "the scenario has no " + map->substr(0, map->size() - 1) + " \"" + *name + "\"";
    if (const std::string close = closestName(*name, known); !close.empty())
        message += " (did you mean " + close + "?)";
    return message + "; its " + *map + ": " + (list.empty() ? "none" : list);
}

std::optional<QJsonValue> valueAtPath(const QJsonObject& document, const ParamPath& path)
{
    QJsonValue node(document);
    for (const ParamPath::Step& step : path.steps) {
        if (const auto* key = std::get_if<std::string>(&step)) {
            if (!node.isObject()) return std::nullopt;
            const QJsonObject object = node.toObject();
            const QString k = QString::fromStdString(*key);
            if (!object.contains(k)) return std::nullopt;
            node = object.value(k);
        } else {
            const int index = std::get<int>(step);
            if (!node.isArray() || index >= node.toArray().size()) return std::nullopt;
            node = node.toArray().at(index);
        }
    }
    return node;
}

} // namespace reslab

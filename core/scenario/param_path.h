#pragma once
// A scenario parameter named by its JSON path in the scenario file, as the diagnostics spell it:
// "pipeline[1].backoff.initial_ms", "endpoints.api.failures.error", "workload.rate_per_s",
// "endpoints.api.phases[0].end_s". Setting one edits the scenario's JSON document; the scenario
// reader then validates the result, so a value it refuses is reported with the same path.

#include <QJsonObject>
#include <QJsonValue>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace reslab {

struct ParamPath
{
    using Step = std::variant<std::string, int>; // an object key or an array index
    std::string text;                            // as written: "pipeline[1].backoff.initial_ms"
    std::vector<Step> steps;
};

// Parses "a.b[2].c"; nullopt with `error` for an empty key, a bad index or stray characters.
std::optional<ParamPath> parseParamPath(const std::string& text, std::string& error);

// Sets `value` at `path` in `document`. Objects missing on the way are created (an absent block
// takes its defaults, so "endpoints.api.failures.error" works on an endpoint without failures);
// an index past the end of an array, or a step into something that is not an object or array,
// is an error naming the part of the path that does not exist.
std::optional<std::string> setAtPath(QJsonObject& document, const ParamPath& path,
                                     const QJsonValue& value);

// Where the scenario's keys are names the user chose (the endpoints: "endpoints.NAME…"), a path
// must name one that exists: setAtPath would create a new endpoint that nothing calls, and a
// sweep over it would vary nothing. The error says which name and the closest one ("did you
// mean api?").
std::optional<std::string> unknownNameInPath(const QJsonObject& document, const ParamPath& path);

// The value at `path`, or nullopt when the path does not reach one.
std::optional<QJsonValue> valueAtPath(const QJsonObject& document, const ParamPath& path);

} // namespace reslab

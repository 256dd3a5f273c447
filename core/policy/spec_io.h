#pragma once
// What the strategy descriptors (policy/*_kind.cpp) share to read, write and describe their
// keys: the usual number rules, outcome lists, and the backoff and jitter blocks a retry holds.

#include "metrics/outcome.h"
#include "policy/backoff.h"
#include "util/field_spec.h"
#include "util/json_reader.h"
#include "util/json_writer.h"

#include <optional>
#include <string>
#include <vector>

namespace reslab {

inline const NumberRule kDurationMsRule = NumberRule::between(0.0, kMaxDurationMs);
inline const NumberRule kPositiveMsRule = NumberRule{0.0, kMaxDurationMs, true};
inline const NumberRule kFractionRule = NumberRule{0.0, 1.0, true}; // (0, 1]

// A list of outcome names (not "ok"); every bad entry is reported with its index.
std::optional<OutcomeSet> readOutcomes(ObjectReader& r, std::string_view key);
std::vector<std::string> outcomeNames(const OutcomeSet& set);
// "error, timeout, …": the names of a set, for an editor's default text.
std::string outcomeList(const OutcomeSet& set);
// The hint the editor shows for an outcome list.
std::string outcomesHint();

std::optional<BackoffSpec> readBackoff(const QJsonValue& v, const std::string& path,
                                       Diagnostics& d);
// "jitter": "full", or {"type": "proportional", "factor": 0.2}.
std::optional<JitterSpec> readJitter(const QJsonValue& v, const std::string& path, Diagnostics& d);
void writeBackoff(JsonWriter& w, const BackoffSpec& b); // the value of "backoff"
void writeJitter(JsonWriter& w, const JitterSpec& j);   // the value of "jitter"
// The editor's fields of a "backoff" and a "jitter" key.
void addBackoffFields(FieldSpecs& out);
void addJitterFields(FieldSpecs& out);

} // namespace reslab

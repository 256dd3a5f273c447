#pragma once
// The scenario reader's parts, one per block of the format (internal to core/scenario).

#include "policy/spec_io.h"
#include "policy/strategy_kind.h"
#include "scenario/scenario.h"
#include "util/json_reader.h"

namespace reslab::detail {

// {"dist": "lognormal", "median_ms": 40, "p99_ms": 300} and the other kinds.
std::optional<Distribution> readDistribution(const QJsonValue& v, const std::string& path,
                                             Diagnostics& d);
std::optional<EndpointSpec> readEndpoint(const QJsonValue& v, const std::string& id,
                                         const std::string& path, Diagnostics& d);
std::optional<WorkloadSpec> readWorkload(const QJsonValue& v, const std::string& path,
                                         Diagnostics& d);

// Reads `key` as a name from `allowed`; complains with the list when it is not one.
std::optional<std::string> readChoice(ObjectReader& r, std::string_view key,
                                      std::initializer_list<std::string_view> allowed);

} // namespace reslab::detail

#pragma once
// Reading and writing the retry strategy's Envoy mode: a retry whose "retry_on" is a string of
// Envoy classes ("5xx,gateway-error,reset") takes Envoy's keys (num_retries,
// retriable_status_codes, rate_limited_retry_back_off, circuit_breakers, …;
// docs/scenario-format.md).

#include "policy/strategy_spec.h"
#include "util/json_reader.h"
#include "util/json_writer.h"

#include <optional>

namespace reslab {

bool isEnvoyRetry(ObjectReader& r); // "retry_on" is a string
std::optional<StrategySpec> readEnvoyRetry(ObjectReader& r);
void writeEnvoyRetry(JsonWriter& w, const RetrySpec& s);

} // namespace reslab

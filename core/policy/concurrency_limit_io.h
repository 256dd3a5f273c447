#pragma once
// The keys of an adaptive concurrency limiter, as the strategy `adaptive_limit` and an endpoint's
// `admission` block both spell them (docs/scenario-format.md "adaptive_limit"). A key that only
// another algorithm reads is an error naming the algorithm that does.

#include "policy/concurrency_limit_spec.h"
#include "util/field_spec.h"
#include "util/json_reader.h"
#include "util/json_writer.h"

#include <optional>

namespace reslab {

std::optional<ConcurrencyLimitSpec> readConcurrencyLimit(ObjectReader& r);
void writeConcurrencyLimit(JsonWriter& w, const ConcurrencyLimitSpec& s);
void addConcurrencyLimitFields(FieldSpecs& out);

} // namespace reslab

#pragma once
// The "sweep" block of a scenario (SweepSetup, scenario.h): read with every path and range checked
// for its syntax, so `validate` reports a mistyped range where it is; written back as read.

#include "scenario/scenario.h"
#include "util/json_reader.h"
#include "util/json_writer.h"

namespace reslab {

std::optional<SweepSetup> readSweepSetup(const QJsonValue& value, Diagnostics& d);
// The setup's metric is one this scenario reports.
void checkSweepSetup(const Scenario& s, Diagnostics& d);
void writeSweepSetup(JsonWriter& w, const SweepSetup& setup);

} // namespace reslab

#pragma once
// What reading a scenario gives: the scenario, or the reasons it is not one.

#include "scenario/scenario.h"
#include "util/json_reader.h"

#include <optional>

namespace reslab {

struct ScenarioLoad
{
    std::optional<Scenario> scenario; // set only when there are no diagnostics
    Diagnostics diagnostics;
};

} // namespace reslab

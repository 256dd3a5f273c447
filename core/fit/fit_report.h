#pragma once
// What `fit` found, for a person: the terminal table (each endpoint's rate segments, the latency
// candidates with their likelihood, BIC, AIC and KS distance, the phases with their failure
// probabilities) and, when the fitted model was simulated, how its health compares with the
// trace's minute by minute.

#include "fit/model_check.h"
#include "fit/scenario_fit.h"

#include <string>

namespace reslab {

std::string fitReportText(const TraceDigest& digest, const ScenarioFit& fit,
                          const ModelCheck* check);

} // namespace reslab

#pragma once
// `fit --report FILE.html`: the trace beside the fitted model, self-contained (inline SVG, no
// scripts, no network): per endpoint, the recorded arrivals with the fitted rate schedule, the
// recorded latencies' histogram with the fitted density, the tables of candidates and phases;
// for the target, when the model was checked, its success rate and p99 per minute beside the
// trace's, the fitted phases shaded behind each chart.

#include "fit/model_check.h"
#include "fit/scenario_fit.h"

#include <string>

namespace reslab {

std::string fitReportHtml(const TraceDigest& digest, const ScenarioFit& fit,
                          const ModelCheck* check, const std::string& traceName);

} // namespace reslab

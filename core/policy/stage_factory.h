#pragma once
// Builds a pipeline's strategy objects from their specs. Each strategy that draws random numbers
// gets its own named stream ("<owner>/pipeline[i]/…"), so adding a strategy never shifts another's.

#include "policy/pipeline.h"
#include "policy/strategy_spec.h"

#include <memory>
#include <string>
#include <vector>

namespace reslab {

struct StageContext
{
    Scheduler& scheduler;
    RecordSink* sink;
    std::uint64_t seed;
    std::string owner; // names the random streams: "<owner>/pipeline[i]/…"
};

std::vector<std::unique_ptr<Stage>> makeStages(const std::vector<StrategySpec>& specs,
                                               const StageContext& context);

} // namespace reslab

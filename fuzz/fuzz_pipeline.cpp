// The pipeline-B reader (`compare --pipeline-b`, Compare With in the testbench) on any bytes,
// laid over a small scenario: never a crash; what it accepts checks again as a scenario.

#include "fuzz_input.h"
#include "scenario/scenario_io.h"

using namespace reslab;

namespace {
constexpr const char* kScenario = R"({"format": "resilience-lab.scenario/1", "name": "base",
  "seed": 1, "duration_s": 10, "workload": {"type": "open", "rate_per_s": 10}, "target": "api",
  "pipeline": [], "endpoints": {"api": {"latency": {"dist": "constant", "ms": 5}},
  "db": {"latency": {"dist": "constant", "ms": 1}}}})";
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const Scenario base = *parseScenario(QByteArray(kScenario)).scenario;
    const PipelineLoad p =
        parsePipeline(QByteArray(reinterpret_cast<const char*>(data), qsizetype(size)));
    fuzz::require(p.pipeline.has_value() == p.diagnostics.empty(), "diagnostics iff refused");
    if (!p.pipeline) return 0;
    (void)withPipeline(base, *p.pipeline);
    return 0;
}

// The scenario reader and validator on any bytes: never a crash, a hang or a leak; a scenario
// it accepts is estimated, writes out and reads back as the same scenario, and — when it is
// small and names no trace file — runs to its end within the events it was estimated at.

#include "fuzz_input.h"
#include "run/simulation.h"
#include "run/work_estimate.h"
#include "scenario/scenario_io.h"

#include <cmath>

using namespace reslab;

namespace {
// Runs this small finish in well under the fuzzer's per-input timeout.
constexpr double kMaxEventsToRun = 20'000;

bool replaysTraces(const Scenario& s)
{
    if (s.workload.type == WorkloadSpec::Type::Trace) return true;
    for (const EndpointSpec& e : s.endpoints)
        if (e.replay) return true;
    return false;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const ScenarioLoad load =
        parseScenario(QByteArray(reinterpret_cast<const char*>(data), qsizetype(size)));
    fuzz::require(load.scenario.has_value() == load.diagnostics.empty(),
                  "a scenario comes with no diagnostics, and only then");
    if (!load.scenario) return 0;
    const Scenario& s = *load.scenario;
    const WorkEstimate estimate = estimateWork(s);
    fuzz::require(!(estimate.events < 0.0), "a negative estimate");
    (void)workRefusal(estimate, WorkLimits{});
    const std::string written = scenarioToJson(s);
    const ScenarioLoad again = parseScenario(QByteArray::fromStdString(written));
    fuzz::require(again.scenario.has_value(), "a valid scenario, written out, reads back");
    fuzz::require(*again.scenario == s, "and reads back as the same scenario");
    if (replaysTraces(s) || !(estimate.events < kMaxEventsToRun)) return 0;
    Simulation sim(s);
    // Bounded however wrong the estimate: a few times what it said, then stop.
    // (advanceTo does not move the clock past the last event: the limit is counted here.)
    for (Time limit = kNanosPerSecond; sim.advanceTo(limit); limit += kNanosPerSecond)
        if (double(sim.eventsRun()) > 50.0 * kMaxEventsToRun) break;
    (void)sim.summary();
    return 0;
}

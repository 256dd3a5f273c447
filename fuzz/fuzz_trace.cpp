// The trace reader on any bytes, strict and with skip-bad: never a crash; every call it keeps
// has a latency in range and an outcome.

#include "fuzz_input.h"
#include "trace/trace_io.h"

using namespace reslab;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const fuzz::InputFile input(data, size);
    for (bool skipBad : {false, true}) {
        TraceReadOptions options;
        options.skipBad = skipBad;
        const TraceLoad load = readTraceFile(input.path(), options);
        if (!load.trace) continue;
        for (const TraceCall& c : load.trace->calls) {
            fuzz::require(c.latency >= 0 && c.latency <= Time(kMaxTraceLatencyMs) * 1'000'000,
                          "a kept call's latency is within a day");
            fuzz::require(c.endpoint < load.trace->endpoints.size(), "endpoint index in range");
        }
    }
    return 0;
}

// One importer (RESLAB_FUZZ_FORMAT: har, otlp, csv or jsonl) on any bytes, with and without
// --skip-bad: never a crash, a hang or a leak; an import that succeeds wrote a trace the reader
// takes, with exactly the calls it counted; one that fails wrote nothing.

#include "fuzz_input.h"
#include "trace/importer.h"

#include <sys/stat.h>

using namespace reslab;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const fuzz::InputFile input(data, size);
    const std::string out = fuzz::scratchDir() + "/out.jsonl";
    for (bool skipBad : {false, true}) {
        ::unlink(out.c_str());
        ImportOptions options;
        options.format = *kImportFormatNames.find(RESLAB_FUZZ_FORMAT);
        options.skipBad = skipBad;
        const ImportReport report = importTrace(input.path(), out, options);
        struct stat info
        {
        };
        const bool written = ::stat(out.c_str(), &info) == 0;
        fuzz::require(written == report.ok, "a trace is written exactly when the import succeeds");
        if (!report.ok) continue;
        const TraceLoad back = readTraceFile(out);
        fuzz::require(back.trace.has_value(), "an imported trace reads back");
        fuzz::require(back.trace->calls.size() == report.written, "with the calls it counted");
    }
    return 0;
}

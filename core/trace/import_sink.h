#pragma once
// What every importer writes through: the first record's start becomes the time origin; records
// are written in the order read (a trace may be out of order: replay sorts), problems are kept
// up to the limit and all are counted.

#include "trace/importer.h"
#include "trace/trace_io.h"

#include <QFile>

namespace reslab::detail {

struct ImportedCall
{
    std::int64_t startNs = 0; // since the epoch
    Time latency = 0;
    std::optional<int> status;
    std::optional<Outcome> outcome;
    Time retryAfter = -1;
    std::string endpoint;
    std::uint64_t request = kNoValue;
    std::uint32_t attempt = 0;
};

class ImportSink
{
public:
    ImportSink(TraceWriter& writer, const ImportOptions& options, ImportReport& report)
        : m_writer(writer), m_options(options), m_report(report)
    {
    }

    // Writes the call; the reason if it cannot be (then the importer reports it as malformed).
    [[nodiscard]] std::optional<std::string> add(const ImportedCall& c);
    // A call of a trace file, written as it is: its times stay relative to the trace's own time
    // origin, its call number kept, and the trace's header (source, time origin, scenario) is the
    // output's (a trace imported is itself, normalised: docs/trace-format.md, "Import").
    [[nodiscard]] std::optional<std::string>
    addNative(const TraceCall& c, const TraceHeader& header, std::string_view endpoint);
    // A malformed record; returns whether to go on (skipBad).
    bool bad(std::uint64_t line, const std::string& message);
    void problem(std::uint64_t line, const std::string& message);
    bool originSet() const { return m_haveOrigin; }
    void countSkipped(std::uint64_t n) { m_report.skipped += n; }
    void ignore() { ++m_report.ignored; }

private:
    TraceWriter& m_writer;
    const ImportOptions& m_options;
    ImportReport& m_report;
    bool m_haveOrigin = false;
    std::int64_t m_origin = 0;
    std::int64_t m_last = 0;
};

// The importers, each reading `file` (already open) into the sink; false on a fatal problem.
bool importCsv(QFile& file, ImportSink& sink, const ImportOptions& options);
bool importHar(QFile& file, ImportSink& sink, const ImportOptions& options);
bool importOtlp(QFile& file, ImportSink& sink, const ImportOptions& options);
bool importJsonl(const std::string& path, ImportSink& sink, const ImportOptions& options);

} // namespace reslab::detail

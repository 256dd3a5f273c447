#pragma once
// Reading and writing trace files (JSON Lines, docs/trace-format.md), streaming: memory grows with
// the calls kept, never with line length or file size beyond that. Every problem names its line.

#include "trace/trace.h"
#include "util/output_file.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace reslab {

// One set of limits for every trace line, whoever writes it (run --record, serve --record,
// import) and whoever reads it (docs/trace-format.md, "Limits"). A latency or a Retry-After is at
// most 100 years: kMaxDurationMs, the longest duration a scenario holds, so whatever a run or a
// served model answers fits. A call starts and ends within 100 years of the time origin, either
// side, so any two times of one trace are at most 200 years apart: within the 292 years that
// 64-bit nanoseconds hold, whatever a reader subtracts or adds.
inline constexpr double kMaxTraceLatencyMs = kMaxDurationMs;
inline constexpr double kMaxTraceTimeMs = kMaxDurationMs;
inline constexpr Time kMaxTraceLatency = static_cast<Time>(kMaxTraceLatencyMs) * kNanosPerMilli;
inline constexpr Time kMaxTraceTime = static_cast<Time>(kMaxTraceTimeMs) * kNanosPerMilli;

// Why a call cannot be a trace line (its times or Retry-After beyond the limits above), naming
// the key as the reader does; nothing when it can.
std::optional<std::string> traceCallProblem(const TraceCall& call);

struct TraceProblem
{
    std::uint64_t line = 0; // 0: the file as a whole
    std::string message;
};

struct TraceReadOptions
{
    bool skipBad = false;         // skip malformed lines (and count them) instead of failing
    std::size_t maxProblems = 20; // problems kept for the report (all are counted)
    // Called every kProgressLines lines with the bytes read so far and the file's size.
    std::function<void(std::uint64_t done, std::uint64_t total)> progress;
    static constexpr std::uint64_t kProgressLines = 65'536;
};

struct TraceLoad
{
    std::optional<Trace> trace; // set when the file was read (with skipBad, despite bad lines)
    std::vector<TraceProblem> problems;
    std::uint64_t badLines = 0;
};

TraceLoad readTraceFile(const std::string& path, const TraceReadOptions& options = {});
// Streams the calls to `onCall` instead of keeping them (the returned trace has none); the
// Trace passed along names the endpoints seen so far.
TraceLoad streamTraceFile(const std::string& path, const TraceReadOptions& options,
                          const std::function<void(const TraceCall&, const Trace&)>& onCall);
// "day.jsonl: line 7: latency_ms: must be ≥ 0, got -3", one per line.
std::string formatTraceProblems(const std::string& file, const std::vector<TraceProblem>& problems);

class TraceWriter
{
public:
    TraceWriter() = default;
    ~TraceWriter();
    TraceWriter(const TraceWriter&) = delete;
    TraceWriter& operator=(const TraceWriter&) = delete;

    bool open(const std::string& path, const TraceHeader& header, std::string* error);
    // The header is written with the first call, so an importer can set the time origin (or the
    // whole header, for a trace imported as it is) once it has read the first record.
    void setTimeOrigin(const std::string& iso) { m_header.timeOrigin = iso; }
    void setHeader(const TraceHeader& header) { m_header = header; }
    // A call beyond the limits above is never written: the reason is returned (every writer).
    // With verifying on (imports), each line is also read back as the trace reader reads it (a
    // line over 1 MiB, an endpoint the reader would refuse): what it refuses is not written.
    std::optional<std::string> write(const TraceCall& call, std::string_view endpoint);
    void setVerifying(bool on) { m_verifying = on; }
    // Writes what is buffered and puts the file in place; false (and no file) on a write error.
    bool close(std::string* error);
    // Drops what was written: the target stays as it was (a failed import).
    void discard() { m_file.discard(); }
    bool isOpen() const { return m_file.isOpen(); }
    std::uint64_t written() const { return m_written; }

private:
    void flushIfFull();
    void writeHeader();
    OutputFile m_file;
    TraceHeader m_header;
    bool m_headerWritten = false;
    std::string m_buffer;
    std::uint64_t m_written = 0;
    bool m_verifying = false;
};

} // namespace reslab

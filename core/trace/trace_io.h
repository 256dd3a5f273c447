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

// The largest latency or Retry-After a trace line may carry: a day.
inline constexpr double kMaxTraceLatencyMs = 24 * 3600 * 1000.0;

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
    // The header is written with the first call, so an importer can set the time origin once it
    // has read the first record.
    void setTimeOrigin(const std::string& iso) { m_header.timeOrigin = iso; }
    // With verifying on (imports), a call the trace reader would refuse (a latency over a day,
    // a time beyond what a line can hold, a line over 1 MiB) is not written: the reason is
    // returned. Recorded runs produce only representable calls and skip the check.
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

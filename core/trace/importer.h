#pragma once
// Importing production data as a trace (`resilience-lab import`, docs/trace-format.md "Import"):
// HAR 1.2, OpenTelemetry OTLP/JSON spans, CSV with column mapping, or a trace file (checked and
// normalised). Every importer streams: a file of several GB is read in fixed memory. Malformed
// records are reported with their line (and entry) numbers; with skipBad they are skipped and
// counted instead of stopping the import.

#include "trace/csv_columns.h"
#include "trace/status_map.h"
#include "trace/trace_io.h"
#include "util/name_table.h"

#include <optional>
#include <string>
#include <vector>

namespace reslab {

enum class ImportFormat
{
    Har,
    Otlp,
    Csv,
    Jsonl
};
// The names `import --format` takes.
inline constexpr auto kImportFormatNames =
    makeNameTable<ImportFormat>(std::pair{ImportFormat::Har, std::string_view("har")},
                                std::pair{ImportFormat::Otlp, std::string_view("otlp")},
                                std::pair{ImportFormat::Csv, std::string_view("csv")},
                                std::pair{ImportFormat::Jsonl, std::string_view("jsonl")});
// The format of `file` by its extension: .har, .csv, .jsonl, and .json for OTLP-JSON; null for
// any other (the caller asks for --format).
std::optional<ImportFormat> importFormatOf(const std::string& file);

struct CsvMapping
{
    enum class TimeFormat
    {
        Auto,
        EpochSeconds,
        EpochMillis,
        Iso8601
    };
    // Empty: the first of the usual names that the header has (see docs/trace-format.md).
    std::string time, latency, status, outcome, endpoint, retryAfter, request, attempt;
    TimeFormat timeFormat = TimeFormat::Auto;
    char delimiter = ',';
    // The column named for a role (the field above that holds it).
    std::string& column(CsvRole role)
    {
        switch (role) {
        case CsvRole::StartTime:
            return time;
        case CsvRole::Latency:
            return latency;
        case CsvRole::Status:
            return status;
        case CsvRole::Outcome:
            return outcome;
        case CsvRole::Endpoint:
            return endpoint;
        case CsvRole::RetryAfter:
            return retryAfter;
        case CsvRole::Request:
            return request;
        case CsvRole::Attempt:
            break;
        }
        return attempt;
    }
    const std::string& column(CsvRole role) const
    {
        return const_cast<CsvMapping*>(this)->column(role);
    }
};

struct ImportOptions
{
    ImportFormat format = ImportFormat::Csv;
    bool skipBad = false;
    StatusMap statuses;
    CsvMapping csv;
    std::size_t maxProblems = 20;
};

struct ImportReport
{
    bool ok = false;
    std::uint64_t written = 0;
    std::uint64_t skipped = 0;    // malformed records skipped (skipBad)
    std::uint64_t ignored = 0;    // records that are not calls (OTLP internal spans, …)
    std::uint64_t outOfOrder = 0; // records that started before the one written before them
    std::string timeOrigin;       // ISO-8601 of t = 0
    std::vector<TraceProblem> problems;
    // The output could not be opened (outputError) or written in full (also writeFailed: exit 1,
    // not bad input). The problems above are the input's.
    std::string outputError;
    bool writeFailed = false;
};

ImportReport importTrace(const std::string& input, const std::string& output,
                         const ImportOptions& options);

// "2024-03-01T12:00:00.250Z", "…+01:00", "… 12:00:00" (UTC) → nanoseconds since the epoch.
std::optional<std::int64_t> parseIsoTime(std::string_view text);
// An HTTP Retry-After value: delay-seconds, or an HTTP-date taken relative to `responseAtNs`.
std::optional<std::int64_t> parseRetryAfter(std::string_view text, std::int64_t responseAtNs);
std::string isoFromNanos(std::int64_t epochNs);

} // namespace reslab

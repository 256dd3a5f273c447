#pragma once
// The columns of a CSV trace (docs/trace-format.md "Import"): the roles a column can play, the
// usual header names each role is found by, how a line splits into fields (RFC 4180 quoting), and
// the first rows of a file as the import dialog previews them. One place, so `import` and the
// dialog find the same columns.

#include "util/name_table.h"

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace reslab {

enum class CsvRole
{
    StartTime, // when the call started ("Time" would shadow reslab::Time)
    Latency,
    Status,
    Outcome,
    Endpoint,
    RetryAfter,
    Request,
    Attempt
};
inline constexpr std::size_t kCsvRoleCount = 8;
inline constexpr auto kCsvRoleNames =
    makeNameTable<CsvRole>(std::pair{CsvRole::StartTime, std::string_view("time")},
                           std::pair{CsvRole::Latency, std::string_view("latency")},
                           std::pair{CsvRole::Status, std::string_view("status")},
                           std::pair{CsvRole::Outcome, std::string_view("outcome")},
                           std::pair{CsvRole::Endpoint, std::string_view("endpoint")},
                           std::pair{CsvRole::RetryAfter, std::string_view("retry_after")},
                           std::pair{CsvRole::Request, std::string_view("request")},
                           std::pair{CsvRole::Attempt, std::string_view("attempt")});

// The header names a role is found by when no column is named for it, in the order tried
// (compared without case).
std::span<const std::string_view> usualCsvNames(CsvRole role);

// The column for `role`: the one named `given` (without case) when given, else the first header
// that is one of the usual names; −1 when there is none.
int findCsvColumn(const std::vector<std::string>& header, const std::string& given, CsvRole role);

// Splits one line into fields (RFC 4180 quoting, a quoted field may not span lines; spaces around
// fields trimmed); the reason when it cannot.
std::optional<std::string> splitCsvLine(std::string_view line, char delimiter,
                                        std::vector<std::string>& out);

// The header and first rows of a CSV file, with the column each role would be found in.
struct CsvPreview
{
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::uint64_t> rowLines;      // the line number of each row
    std::array<int, kCsvRoleCount> columns{}; // by CsvRole; −1: none found
    std::string error;                        // the file could not be previewed (and why)
};
CsvPreview previewCsv(const std::string& path, char delimiter, std::size_t maxRows = 8);

} // namespace reslab

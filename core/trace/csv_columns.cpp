#include "trace/csv_columns.h"

#include "trace/line_reader.h"
#include "util/input_file.h"

#include <QFile>
#include <cctype>

namespace reslab {

namespace {

constexpr std::string_view kTime[] = {"timestamp", "time",       "t",          "ts",
                                      "start",     "start_time", "started_at", "t_ms"};
constexpr std::string_view kLatency[] = {"latency_ms", "duration_ms", "elapsed_ms",      "latency",
                                         "duration",   "elapsed",     "response_time_ms"};
constexpr std::string_view kStatus[] = {"status", "status_code", "http_status", "code",
                                        "http.status_code"};
constexpr std::string_view kOutcome[] = {"outcome", "result"};
constexpr std::string_view kEndpoint[] = {"endpoint", "service", "host", "target"};
constexpr std::string_view kRetryAfter[] = {"retry_after_ms", "retry_after"};
constexpr std::string_view kRequest[] = {"request", "request_id"};
constexpr std::string_view kAttempt[] = {"attempt"};

std::string lower(std::string_view s)
{
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

} // namespace

std::span<const std::string_view> usualCsvNames(CsvRole role)
{
    switch (role) {
    case CsvRole::StartTime:
        return kTime;
    case CsvRole::Latency:
        return kLatency;
    case CsvRole::Status:
        return kStatus;
    case CsvRole::Outcome:
        return kOutcome;
    case CsvRole::Endpoint:
        return kEndpoint;
    case CsvRole::RetryAfter:
        return kRetryAfter;
    case CsvRole::Request:
        return kRequest;
    case CsvRole::Attempt:
        return kAttempt;
    }
    return {};
}

int findCsvColumn(const std::vector<std::string>& header, const std::string& given, CsvRole role)
{
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (!given.empty()) {
            if (header[i] == given || lower(header[i]) == lower(given)) return int(i);
            continue;
        }
        for (std::string_view u : usualCsvNames(role))
            if (lower(header[i]) == u) return int(i);
    }
    return -1;
}

std::optional<std::string> splitCsvLine(std::string_view line, char delimiter,
                                        std::vector<std::string>& out)
{
    out.clear();
    std::string field;
    std::size_t i = 0;
    while (true) {
        field.clear();
        if (i < line.size() && line[i] == '"') {
            ++i;
            while (true) {
                if (i >= line.size())
                    return std::string("a quoted field is not closed on this line");
                if (line[i] == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field += line[i++];
            }
            if (i < line.size() && line[i] != delimiter)
                return "text after a quoted field at column " + std::to_string(i + 1);
        } else {
            const std::size_t end = line.find(delimiter, i);
            field.assign(
                line.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i));
            i = end == std::string_view::npos ? line.size() : end;
        }
        while (!field.empty() && (field.back() == ' ' || field.back() == '\t'))
            field.pop_back();
        std::size_t lead = 0;
        while (lead < field.size() && (field[lead] == ' ' || field[lead] == '\t'))
            ++lead;
        out.push_back(field.substr(lead));
        if (i >= line.size()) break;
        ++i; // the delimiter
    }
    return std::nullopt;
}

CsvPreview previewCsv(const std::string& path, char delimiter, std::size_t maxRows)
{
    CsvPreview p;
    p.columns.fill(-1);
    if (const std::string why = inputFileProblem(path); !why.empty()) {
        p.error = why;
        return p;
    }
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly)) {
        p.error = "cannot open: " + file.errorString().toStdString();
        return p;
    }
    LineReader lines(file);
    std::string_view line;
    std::vector<std::string> fields;
    while (p.rows.size() < maxRows) {
        const auto s = lines.next(line);
        if (s == LineReader::Status::End || s == LineReader::Status::Error) break;
        if (s == LineReader::Status::TooLong) {
            if (p.header.empty()) {
                p.error = "line " + std::to_string(lines.lineNumber()) +
                          ": longer than 1 MiB (is this a CSV file?)";
                return p;
            }
            continue;
        }
        if (line.empty()) continue;
        if (p.header.empty()) {
            if (line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3); // UTF-8 BOM
            if (auto e = splitCsvLine(line, delimiter, p.header)) {
                p.error = "line " + std::to_string(lines.lineNumber()) + ": header: " + *e;
                p.header.clear();
                return p;
            }
            continue;
        }
        if (splitCsvLine(line, delimiter, fields)) fields = {std::string(line)}; // shown as is
        p.rows.push_back(fields);
        p.rowLines.push_back(lines.lineNumber());
    }
    if (p.header.empty() && p.error.empty())
        p.error = "empty: a CSV trace starts with a header row";
    for (std::size_t r = 0; r < kCsvRoleCount; ++r)
        p.columns[r] = findCsvColumn(p.header, {}, static_cast<CsvRole>(r));
    return p;
}

} // namespace reslab

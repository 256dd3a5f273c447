// CSV import: a header row, then one call per row. Columns are found by name (the first of the
// usual names, or the one given), times are epoch seconds, epoch milliseconds or ISO-8601.

#include "sim/millis.h"
#include "trace/csv_columns.h"
#include "trace/flat_json.h"
#include "trace/import_sink.h"
#include "trace/line_reader.h"
#include "trace/status_map.h"

#include <array>
#include <cctype>
#include <charconv>
#include <climits>
#include <span>

namespace reslab::detail {

namespace {
std::string joinNames(std::span<const std::string_view> names)
{
    std::string out;
    for (std::string_view n : names)
        out += (out.empty() ? "" : ", ") + std::string(n);
    return out;
}

std::optional<std::int64_t> parseTime(const std::string& v, CsvMapping::TimeFormat format,
                                      std::string& error)
{
    using F = CsvMapping::TimeFormat;
    F f = format;
    if (f == F::Auto) {
        const bool iso = v.find('-', 1) != std::string::npos || v.find('T') != std::string::npos ||
                         v.find(':') != std::string::npos;
        if (iso)
            f = F::Iso8601;
        else {
            const auto d = parseDouble(v);
            if (!d) {
                error = "not a time: \"" + v + "\"";
                return std::nullopt;
            }
            f = *d > 1e11 ? F::EpochMillis
                          : F::EpochSeconds; // 1e11 s is the year 5138; 1e11 ms is 1973
        }
    }
    if (f == F::Iso8601) {
        const auto t = parseIsoTime(v);
        if (!t) error = "not an ISO-8601 time: \"" + v + "\"";
        return t;
    }
    // Epoch seconds or milliseconds, exactly for plain decimals.
    const auto ms = parseMillis(v); // the text as milliseconds, in ns
    if (!ms) {
        error = "not a number: \"" + v + "\"";
        return std::nullopt;
    }
    if (f == F::EpochMillis) return *ms;
    if (*ms > INT64_MAX / 1000 || *ms < INT64_MIN / 1000) {
        error = "out of range: \"" + v + "\"";
        return std::nullopt;
    }
    return *ms * 1000;
}
} // namespace

bool importCsv(QFile& file, ImportSink& sink, const ImportOptions& options)
{
    const CsvMapping& m = options.csv;
    LineReader lines(file);
    std::string_view line;
    std::vector<std::string> header, fields;
    // The header row.
    for (;;) {
        const auto s = lines.next(line);
        if (s == LineReader::Status::End) {
            sink.problem(0, "empty: a CSV trace starts with a header row");
            return false;
        }
        if (s != LineReader::Status::Line) {
            sink.problem(lines.lineNumber(),
                         "the header row is unreadable (longer than 1 MiB: is this a CSV file?)");
            return false;
        }
        if (!line.empty()) break;
    }
    if (line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3); // UTF-8 BOM
    if (auto e = splitCsvLine(line, m.delimiter, header)) {
        sink.problem(lines.lineNumber(), "header: " + *e);
        return false;
    }
    auto columnOf = [&](CsvRole role) { return findCsvColumn(header, m.column(role), role); };
    const int time = columnOf(CsvRole::StartTime);
    const int latency = columnOf(CsvRole::Latency);
    const int status = columnOf(CsvRole::Status);
    const int outcome = columnOf(CsvRole::Outcome);
    const int endpoint = columnOf(CsvRole::Endpoint);
    const int retryAfter = columnOf(CsvRole::RetryAfter);
    const int request = columnOf(CsvRole::Request);
    const int attempt = columnOf(CsvRole::Attempt);
    std::string headerList;
    for (const std::string& h : header)
        headerList += (headerList.empty() ? "" : ", ") + h;
    auto missing = [&](const char* what, const std::string& given, CsvRole role,
                       const char* option) {
        const auto usual = usualCsvNames(role);
        sink.problem(1, std::string("no ") + what + " column: " +
                            (given.empty() ? "looked for " + joinNames(usual)
                                           : "\"" + given + "\" is not in the header") +
                            "; the header has: " + headerList + ". Name it with " + option);
    };
    bool columnsOk = true;
    if (time < 0) missing("time", m.time, CsvRole::StartTime, "--time-column"), columnsOk = false;
    if (latency < 0)
        missing("latency", m.latency, CsvRole::Latency, "--latency-column"), columnsOk = false;
    if (status < 0 && outcome < 0)
        missing("status", m.status, CsvRole::Status, "--status-column"), columnsOk = false;
    if (!m.endpoint.empty() && endpoint < 0)
        missing("endpoint", m.endpoint, CsvRole::Endpoint, "--endpoint-column"), columnsOk = false;
    if (!columnsOk) return false;

    std::string error;
    for (;;) {
        const auto s = lines.next(line);
        if (s == LineReader::Status::End) break;
        if (s == LineReader::Status::Error) {
            sink.problem(lines.lineNumber(), "read error: " + file.errorString().toStdString());
            return false;
        }
        const std::uint64_t n = lines.lineNumber();
        if (s == LineReader::Status::TooLong) {
            if (!sink.bad(n, "longer than 1 MiB")) return false;
            continue;
        }
        if (line.empty()) continue;
        if (auto e = splitCsvLine(line, m.delimiter, fields)) {
            if (!sink.bad(n, *e)) return false;
            continue;
        }
        if (fields.size() != header.size()) {
            if (!sink.bad(n, std::to_string(fields.size()) + " fields; the header has " +
                                 std::to_string(header.size())))
                return false;
            continue;
        }
        ImportedCall c;
        error.clear();
        const auto start = parseTime(fields[std::size_t(time)], m.timeFormat, error);
        const auto lat = parseMillis(fields[std::size_t(latency)]);
        if (!start)
            error = header[std::size_t(time)] + ": " + error;
        else if (!lat || *lat < 0)
            error = header[std::size_t(latency)] + ": must be milliseconds ≥ 0, got \"" +
                    fields[std::size_t(latency)] + "\"";
        if (error.empty() && status >= 0 && !fields[std::size_t(status)].empty()) {
            int code = -1;
            const std::string& v = fields[std::size_t(status)];
            const auto r = std::from_chars(v.data(), v.data() + v.size(), code);
            if (r.ec != std::errc() || r.ptr != v.data() + v.size() || code < 0 || code > 999)
                error = header[std::size_t(status)] + ": not an HTTP status: \"" + v + "\"";
            else
                c.status = code;
        }
        if (error.empty() && outcome >= 0 && !fields[std::size_t(outcome)].empty()) {
            c.outcome = importedOutcome(fields[std::size_t(outcome)]);
            if (!c.outcome)
                error = header[std::size_t(outcome)] + ": unknown outcome \"" +
                        fields[std::size_t(outcome)] + "\"";
        }
        if (error.empty() && !c.status && !c.outcome) error = "neither a status nor an outcome";
        if (error.empty() && retryAfter >= 0 && !fields[std::size_t(retryAfter)].empty()) {
            const auto ra = parseMillis(fields[std::size_t(retryAfter)]);
            if (!ra || *ra < 0)
                error = header[std::size_t(retryAfter)] + ": must be milliseconds ≥ 0";
            else
                c.retryAfter = *ra;
        }
        if (!error.empty()) {
            if (!sink.bad(n, error)) return false;
            continue;
        }
        c.startNs = *start;
        c.latency = *lat;
        if (endpoint >= 0) c.endpoint = fields[std::size_t(endpoint)];
        if (request >= 0) {
            std::uint64_t v = 0;
            const std::string& f = fields[std::size_t(request)];
            if (std::from_chars(f.data(), f.data() + f.size(), v).ec == std::errc()) c.request = v;
        }
        if (attempt >= 0) {
            std::uint32_t v = 0;
            const std::string& f = fields[std::size_t(attempt)];
            if (std::from_chars(f.data(), f.data() + f.size(), v).ec == std::errc()) c.attempt = v;
        }
        if (auto why = sink.add(c)) {
            if (!sink.bad(n, *why)) return false;
        }
    }
    return true;
}

} // namespace reslab::detail

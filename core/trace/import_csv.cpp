// CSV import: a header row, then one call per row. Columns are found by name (the first of the
// usual names, or the one given), times are epoch seconds, epoch milliseconds or ISO-8601.

#include "sim/millis.h"
#include "trace/flat_json.h"
#include "trace/import_sink.h"
#include "trace/line_reader.h"

#include <array>
#include <cctype>
#include <charconv>
#include <climits>

namespace reslab::detail {

namespace {
// Splits one CSV line (RFC 4180 quoting; a quoted field may not span lines).
std::optional<std::string> splitCsv(std::string_view line, char delimiter,
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

std::string lower(std::string s)
{
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

int findColumn(const std::vector<std::string>& header, const std::string& given,
               std::initializer_list<const char*> usual)
{
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (!given.empty()) {
            if (header[i] == given || lower(header[i]) == lower(given)) return int(i);
            continue;
        }
        for (const char* u : usual)
            if (lower(header[i]) == u) return int(i);
    }
    return -1;
}

std::string joinNames(std::initializer_list<const char*> names)
{
    std::string out;
    for (const char* n : names)
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
    if (line.size() >= 3 && static_cast<unsigned char>(line[0]) == 0xEF)
        line.remove_prefix(3); // UTF-8 BOM
    if (auto e = splitCsv(line, m.delimiter, header)) {
        sink.problem(lines.lineNumber(), "header: " + *e);
        return false;
    }
    const auto timeNames = {"timestamp", "time",       "t",          "ts",
                            "start",     "start_time", "started_at", "t_ms"};
    const auto latencyNames = {"latency_ms", "duration_ms", "elapsed_ms",      "latency",
                               "duration",   "elapsed",     "response_time_ms"};
    const auto statusNames = {"status", "status_code", "http_status", "code", "http.status_code"};
    const int time = findColumn(header, m.time, timeNames);
    const int latency = findColumn(header, m.latency, latencyNames);
    const int status = findColumn(header, m.status, statusNames);
    const int outcome = findColumn(header, m.outcome, {"outcome", "result"});
    const int endpoint = findColumn(header, m.endpoint, {"endpoint", "service", "host", "target"});
    const int retryAfter = findColumn(header, m.retryAfter, {"retry_after_ms", "retry_after"});
    const int request = findColumn(header, m.request, {"request", "request_id"});
    const int attempt = findColumn(header, m.attempt, {"attempt"});
    std::string headerList;
    for (const std::string& h : header)
        headerList += (headerList.empty() ? "" : ", ") + h;
    auto missing = [&](const char* what, const std::string& given,
                       std::initializer_list<const char*> usual, const char* option) {
        sink.problem(1, std::string("no ") + what + " column: " +
                            (given.empty() ? "looked for " + joinNames(usual)
                                           : "\"" + given + "\" is not in the header") +
                            "; the header has: " + headerList + ". Name it with " + option);
    };
    bool columnsOk = true;
    if (time < 0) missing("time", m.time, timeNames, "--time-column"), columnsOk = false;
    if (latency < 0)
        missing("latency", m.latency, latencyNames, "--latency-column"), columnsOk = false;
    if (status < 0 && outcome < 0)
        missing("status", m.status, statusNames, "--status-column"), columnsOk = false;
    if (!m.endpoint.empty() && endpoint < 0)
        missing("endpoint", m.endpoint, {}, "--endpoint-column"), columnsOk = false;
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
        if (auto e = splitCsv(line, m.delimiter, fields)) {
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
            c.outcome = outcomeFromName(fields[std::size_t(outcome)]);
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

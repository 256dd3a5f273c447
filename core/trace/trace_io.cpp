#include "trace/trace_io.h"

#include "sim/millis.h"
#include "trace/flat_json.h"
#include "trace/line_reader.h"
#include "trace/status_map.h"
#include "util/input_file.h"
#include "util/json_writer.h"

#include <charconv>
#include <cmath>

namespace reslab {

namespace {
constexpr std::size_t kWriteBufferBytes = 1 << 20;
constexpr std::uint64_t kMaxTraceAttempt = std::uint64_t{1} << 30;
// A file may start with a UTF-8 byte order mark (editors on Windows write one): it is no part of
// the header line.
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

const std::string& limitText()
{
    static const std::string text = formatMillis(kMaxTraceLatency) + " (100 years)";
    return text;
}

std::string describe(const FlatValue& v)
{
    switch (v.type) {
    case FlatValue::Type::Null:
        return "null";
    case FlatValue::Type::Bool:
        return v.boolean ? "true" : "false";
    case FlatValue::Type::Number:
        return std::string(v.number);
    case FlatValue::Type::String:
        return "\"" + v.text + "\"";
    }
    return "?";
}

std::optional<std::uint64_t> wholeNumber(const FlatValue& v)
{
    if (v.type != FlatValue::Type::Number) return std::nullopt;
    std::uint64_t n = 0;
    const auto r = std::from_chars(v.number.data(), v.number.data() + v.number.size(), n);
    if (r.ec != std::errc() || r.ptr != v.number.data() + v.number.size()) return std::nullopt;
    return n;
}

// One call line into `call`; the error says which key and why.
std::optional<std::string> readCall(const FlatObject& o, Trace& trace, TraceCall& call)
{
    call = TraceCall{};
    bool haveOutcome = false, haveStatus = false;
    for (const FlatField& f : o.fields) {
        const FlatValue& v = f.value;
        if (f.key == "t_ms" || f.key == "latency_ms" || f.key == "retry_after_ms") {
            const auto ns =
                v.type == FlatValue::Type::Number ? parseMillis(v.number) : std::nullopt;
            if (!ns) return f.key + ": must be a number of milliseconds, got " + describe(v);
            if (f.key == "t_ms") {
                if (*ns < -kMaxTraceTime || *ns > kMaxTraceTime)
                    return "t_ms: must be within ±" + limitText() + " of the time origin, got " +
                           describe(v);
                call.t = *ns;
            } else if (*ns < 0 || *ns > kMaxTraceLatency) {
                return f.key + ": must be between 0 and " + limitText() + ", got " + describe(v);
            } else if (f.key == "latency_ms") {
                call.latency = *ns;
            } else {
                call.retryAfter = *ns;
            }
        } else if (f.key == "outcome") {
            const auto outcome =
                v.type == FlatValue::Type::String ? outcomeFromName(v.text) : std::nullopt;
            if (!outcome) return "outcome: unknown outcome " + describe(v);
            call.outcome = *outcome;
            haveOutcome = true;
        } else if (f.key == "status") {
            const auto s = wholeNumber(v);
            if (!s || *s > 999) return "status: must be an HTTP status 0 … 999, got " + describe(v);
            call.status = static_cast<std::int16_t>(*s);
            haveStatus = true;
        } else if (f.key == "endpoint") {
            // A key that is there has a value: null is not "no endpoint" (leave the key out).
            if (v.type != FlatValue::Type::String)
                return "endpoint: must be a string, got " + describe(v);
            call.endpoint = trace.endpointIndex(v.text);
        } else if (f.key == "request" || f.key == "attempt" || f.key == "call") {
            // 2^64 − 1 stands for "none" in memory, and an attempt is counted in 32 bits: a
            // value beyond is refused rather than read as another (an import would change it).
            const std::uint64_t most = f.key == "attempt" ? kMaxTraceAttempt : kNoValue - 1;
            const auto n = wholeNumber(v);
            if (!n || *n > most)
                return f.key + ": must be a whole number from 0 to " + std::to_string(most) +
                       ", got " + describe(v);
            if (f.key == "request")
                call.request = *n;
            else if (f.key == "call")
                call.call = *n;
            else
                call.attempt = static_cast<std::uint32_t>(*n);
        } else {
            return f.key + ": unknown key (expected t_ms, latency_ms, outcome, status, endpoint, "
                           "request, attempt, retry_after_ms, call)";
        }
    }
    if (!o.find("t_ms")) return "t_ms: missing (when the call started, in ms)";
    if (!o.find("latency_ms")) return "latency_ms: missing (how long the call took, in ms)";
    if (!haveOutcome && !haveStatus) return "outcome: missing (give an outcome, a status, or both)";
    if (!haveOutcome) call.outcome = StatusMap{}.outcomeOf(call.status);
    if (!haveStatus) call.status = kDefaultStatus[static_cast<std::size_t>(call.outcome)];
    return traceCallProblem(call);
}

std::optional<std::string> readHeader(const FlatObject& o, TraceHeader& header)
{
    const FlatValue* format = o.find("format");
    if (!format)
        return "the first line must be the header, {\"format\": \"" + std::string(kTraceFormat) +
               "\", …}";
    if (format->type != FlatValue::Type::String || format->text != kTraceFormat)
        return "format: is " + describe(*format) + "; this version reads \"" + kTraceFormat + "\"";
    for (const FlatField& f : o.fields) {
        if (f.key == "format") continue;
        if (f.value.type != FlatValue::Type::String && f.value.type != FlatValue::Type::Null)
            return f.key + ": must be a string";
        if (f.key == "source")
            header.source = f.value.text;
        else if (f.key == "time_origin")
            header.timeOrigin = f.value.text;
        else if (f.key == "scenario")
            header.scenario = f.value.text;
        else
            return f.key + ": unknown header key (expected format, source, time_origin, scenario)";
    }
    return std::nullopt;
}
} // namespace

std::optional<std::string> traceCallProblem(const TraceCall& c)
{
    if (c.t < -kMaxTraceTime || c.t > kMaxTraceTime)
        return "t_ms: must be within ±" + limitText() + " of the time origin, got " +
               formatMillis(c.t);
    if (c.latency < 0 || c.latency > kMaxTraceLatency)
        return "latency_ms: must be between 0 and " + limitText() + ", got " +
               formatMillis(c.latency);
    if (c.retryAfter > kMaxTraceLatency) // negative: none
        return "retry_after_ms: must be between 0 and " + limitText() + ", got " +
               formatMillis(c.retryAfter);
    if (c.attempt > kMaxTraceAttempt)
        return "attempt: must be a whole number from 0 to " + std::to_string(kMaxTraceAttempt) +
               ", got " + std::to_string(c.attempt);
    if (c.t + c.latency > kMaxTraceTime) // both in range: the sum cannot overflow
        return "t_ms + latency_ms: the call must end within " + limitText() +
               " of the time origin, got " + formatMillis(c.t + c.latency);
    return std::nullopt;
}

TraceLoad readTraceFile(const std::string& path, const TraceReadOptions& options)
{
    return streamTraceFile(path, options, {});
}

TraceLoad streamTraceFile(const std::string& path, const TraceReadOptions& options,
                          const std::function<void(const TraceCall&, const Trace&)>& onCall)
{
    TraceLoad load;
    auto problem = [&](std::uint64_t line, std::string message) {
        if (load.problems.size() < options.maxProblems)
            load.problems.push_back({line, std::move(message)});
    };
    if (!path.starts_with(":/"))
        if (const std::string why = inputFileProblem(path); !why.empty()) {
            problem(0, why);
            return load;
        }
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly)) {
        problem(0, "cannot open: " + file.errorString().toStdString());
        return load;
    }
    Trace trace;
    LineReader lines(file);
    FlatObject object;
    bool haveHeader = false;
    std::string_view line;
    for (;;) {
        const LineReader::Status status = lines.next(line);
        if (status == LineReader::Status::End) break;
        if (status == LineReader::Status::Error) {
            problem(lines.lineNumber(), "read error: " + file.errorString().toStdString());
            return load;
        }
        const std::uint64_t n = lines.lineNumber();
        if (options.progress && n % TraceReadOptions::kProgressLines == 0)
            options.progress(lines.bytesRead(), static_cast<std::uint64_t>(file.size()));
        std::optional<std::string> error;
        if (status == LineReader::Status::TooLong) {
            error = "longer than 1 MiB (is this a trace file?)";
        } else {
            if (lines.lineNumber() == 1 && line.starts_with(kUtf8Bom))
                line.remove_prefix(kUtf8Bom.size());
            if (line.find_first_not_of(" \t") == std::string_view::npos)
                continue; // blank lines are allowed
            error = parseFlatObject(line, object);
            if (!error) {
                if (!haveHeader) {
                    error = readHeader(object, trace.header);
                    if (!error) {
                        haveHeader = true;
                        continue;
                    }
                    // A file without a header cannot be read at all.
                    problem(n, *error);
                    return load;
                }
                TraceCall call;
                error = readCall(object, trace, call);
                if (!error) {
                    if (onCall)
                        onCall(call, trace);
                    else
                        trace.calls.push_back(call);
                }
            }
        }
        if (error) {
            ++load.badLines;
            problem(n, *error);
            if (!haveHeader || !options.skipBad) return load;
        }
    }
    if (!haveHeader) {
        problem(0, "empty: a trace starts with its header line");
        return load;
    }
    load.trace = std::move(trace);
    return load;
}

std::string formatTraceProblems(const std::string& file, const std::vector<TraceProblem>& problems)
{
    std::string out;
    for (const TraceProblem& p : problems) {
        out += file;
        if (p.line) out += ": line " + std::to_string(p.line);
        out += ": " + p.message + "\n";
    }
    return out;
}

TraceWriter::~TraceWriter() = default; // an unclosed trace is discarded

bool TraceWriter::open(const std::string& path, const TraceHeader& header, std::string* error)
{
    if (!m_file.open(path, error)) return false;
    m_buffer.reserve(kWriteBufferBytes + 4096);
    m_header = header;
    return true;
}

void TraceWriter::writeHeader()
{
    m_headerWritten = true;
    m_buffer += "{\"format\":\"";
    m_buffer += kTraceFormat;
    m_buffer += "\",\"source\":";
    JsonWriter::appendQuoted(m_buffer, m_header.source);
    if (!m_header.timeOrigin.empty()) {
        m_buffer += ",\"time_origin\":";
        JsonWriter::appendQuoted(m_buffer, m_header.timeOrigin);
    }
    if (!m_header.scenario.empty()) {
        m_buffer += ",\"scenario\":";
        JsonWriter::appendQuoted(m_buffer, m_header.scenario);
    }
    m_buffer += "}\n";
}

std::optional<std::string> TraceWriter::write(const TraceCall& c, std::string_view endpoint)
{
    if (auto problem = traceCallProblem(c))
        return "cannot be written as a trace line (the trace reader would refuse it): " + *problem;
    if (!m_headerWritten) writeHeader();
    const std::size_t lineStart = m_buffer.size();
    char num[24];
    auto appendInt = [&](std::uint64_t v) {
        m_buffer.append(num, std::to_chars(num, num + sizeof num, v).ptr);
    };
    m_buffer += "{\"t_ms\":";
    appendMillis(m_buffer, c.t);
    m_buffer += ",\"latency_ms\":";
    appendMillis(m_buffer, c.latency);
    m_buffer += ",\"outcome\":\"";
    m_buffer += outcomeName(c.outcome);
    m_buffer += "\",\"status\":";
    appendInt(static_cast<std::uint64_t>(std::max<std::int16_t>(0, c.status)));
    if (!endpoint.empty()) {
        m_buffer += ",\"endpoint\":";
        JsonWriter::appendQuoted(m_buffer, endpoint);
    }
    if (c.request != kNoValue) {
        m_buffer += ",\"request\":";
        appendInt(c.request);
    }
    if (c.attempt) {
        m_buffer += ",\"attempt\":";
        appendInt(c.attempt);
    }
    if (c.retryAfter >= 0) {
        m_buffer += ",\"retry_after_ms\":";
        appendMillis(m_buffer, c.retryAfter);
    }
    if (c.call != kNoValue) {
        m_buffer += ",\"call\":";
        appendInt(c.call);
    }
    m_buffer += "}\n";
    if (m_verifying) {
        // Read the line back as readTraceFile would: what it refuses is not written.
        const std::string_view line(m_buffer.data() + lineStart, m_buffer.size() - lineStart - 1);
        std::optional<std::string> problem;
        if (line.size() > LineReader::kMaxLineBytes) {
            problem = "the trace line would be longer than 1 MiB";
        } else {
            FlatObject object;
            problem = parseFlatObject(line, object);
            if (!problem) {
                Trace scratch;
                TraceCall read;
                problem = readCall(object, scratch, read);
            }
        }
        if (problem) {
            m_buffer.resize(lineStart);
            return "cannot be written as a trace line (the trace reader would refuse it): " +
                   *problem;
        }
    }
    ++m_written;
    flushIfFull();
    return std::nullopt;
}

void TraceWriter::flushIfFull()
{
    if (m_buffer.size() < kWriteBufferBytes) return;
    m_file.write(m_buffer);
    m_buffer.clear();
}

bool TraceWriter::close(std::string* error)
{
    if (!m_file.isOpen()) return true;
    if (!m_headerWritten) writeHeader();
    m_file.write(m_buffer);
    m_buffer.clear();
    return m_file.commit(error);
}

} // namespace reslab

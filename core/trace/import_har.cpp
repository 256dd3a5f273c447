// HAR 1.2 (browser "Save all as HAR") and OpenTelemetry OTLP/JSON span import. Both are JSON
// documents of any size: their "entries" / "spans" arrays are streamed one element at a time.

#include "trace/import_sink.h"
#include "trace/json_array_stream.h"
#include "util/json_reader.h"
#include "util/strict_json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>
#include <cmath>

namespace reslab::detail {

namespace {
// One streamed element ("entry 3 (starting on line 17)"): its problems go to the sink, and stop
// the import unless malformed records are skipped.
struct Element
{
    ImportSink& sink;
    bool& stopped;
    std::uint64_t line;
    std::string where;

    Element(ImportSink& s, bool& stop, const char* what, std::uint64_t index, std::uint64_t l)
        : sink(s), stopped(stop), line(l),
          where(std::string(what) + " " + std::to_string(index + 1) + " (starting on line " +
                std::to_string(l) + ")")
    {
    }
    // Reports a problem; returns whether to go on.
    bool fail(const std::string& why)
    {
        stopped = !sink.bad(line, where + ": " + why);
        return !stopped;
    }
    // The element as a JSON object (strictly: util/strict_json.h), or the reason it is not.
    std::optional<QJsonObject> parse(std::string_view text, std::string& why)
    {
        JsonSyntaxError error;
        const std::optional<QJsonValue> v = parseStrictJson(text, &error);
        if (!v) {
            why = "not valid JSON: " + error.message;
            return std::nullopt;
        }
        if (!v->isObject()) {
            why = "not a JSON object (got " + jsonTypeName(*v) + " " +
                  std::string(text.substr(0, 40)) + ")";
            return std::nullopt;
        }
        return v->toObject();
    }
};

// Finishes a streamed import: a missing array, a truncated file or an oversized element.
bool finish(const JsonArrayStream::Result& r, ImportSink& sink, const char* key, const char* what,
            bool stopped)
{
    if (stopped) return false;
    if (!r.foundKey) {
        sink.problem(0,
                     std::string("no \"") + key + "\" array found (is this a " + what + " file?)");
        return false;
    }
    if (r.tooLarge &&
        !sink.bad(0, std::string("an element of \"") + key + "\" is larger than 64 MiB; skipped"))
        return false;
    if (r.trailingText) {
        sink.problem(r.trailingLine, "unexpected text after the end of the JSON document");
        return false;
    }
    if (r.truncated) {
        if (!sink.bad(r.truncatedLine,
                      "truncated: the file ends inside the JSON (from this line on)"))
            return false;
    }
    return true;
}

std::optional<std::int64_t> nanosOf(const QJsonValue& v)
{
    // OTLP/JSON writes 64-bit integers as strings.
    if (v.isString()) {
        bool ok = false;
        const qint64 n = v.toString().toLongLong(&ok);
        return ok ? std::optional<std::int64_t>(n) : std::nullopt;
    }
    if (v.isDouble()) return static_cast<std::int64_t>(v.toDouble());
    return std::nullopt;
}

QJsonValue attribute(const QJsonArray& attributes, std::initializer_list<const char*> keys)
{
    for (const char* key : keys)
        for (const QJsonValue& a : attributes)
            if (a.toObject().value("key").toString() == QLatin1String(key))
                return a.toObject().value("value");
    return QJsonValue(QJsonValue::Undefined);
}

// An OTLP AnyValue as text ({"stringValue": …}, {"intValue": "503"}, arrays: the first value).
QString anyValueText(const QJsonValue& v)
{
    const QJsonObject o = v.toObject();
    if (o.contains("stringValue")) return o.value("stringValue").toString();
    if (o.contains("intValue"))
        return o.value("intValue").isString()
                   ? o.value("intValue").toString()
                   : QString::number(o.value("intValue").toDouble(), 'f', 0);
    if (o.contains("doubleValue")) return QString::number(o.value("doubleValue").toDouble());
    if (o.contains("arrayValue"))
        return anyValueText(o.value("arrayValue").toObject().value("values").toArray().at(0));
    return {};
}
} // namespace

bool importHar(QFile& file, ImportSink& sink, const ImportOptions&)
{
    bool stopped = false;
    const auto r = JsonArrayStream::scan(
        file, "entries", [&](std::string_view text, std::uint64_t line, std::uint64_t index) {
            Element element(sink, stopped, "entry", index, line);
            auto fail = [&](const std::string& why) { return element.fail(why); };
            std::string why;
            const auto parsed = element.parse(text, why);
            if (!parsed) return fail(why);
            const QJsonObject& entry = *parsed;
            const auto started =
                parseIsoTime(entry.value("startedDateTime").toString().toStdString());
            if (!started) return fail("startedDateTime: missing or not an ISO-8601 time");
            const QJsonValue time = entry.value("time");
            if (!time.isDouble() || time.toDouble() < 0)
                return fail("time: missing or negative (the total time, in ms)");
            if (time.toDouble() > kMaxTraceLatencyMs)
                return fail("time: " + QString::number(time.toDouble()).toStdString() +
                            " ms is over 100 years, more than a trace line holds");
            const QJsonObject response = entry.value("response").toObject();
            if (!response.value("status").isDouble()) return fail("response.status: missing");
            ImportedCall c;
            c.startNs = *started;
            c.latency = static_cast<Time>(std::llround(time.toDouble() * 1e6));
            const double status = response.value("status").toDouble();
            if (status != std::floor(status) || status < 0 || status > 999)
                return fail("response.status: not an HTTP status 0 … 999: " +
                            QString::number(status, 'g', 17).toStdString());
            c.status = int(status); // 0: no response (network failure)
            const QUrl url(entry.value("request").toObject().value("url").toString());
            c.endpoint = url.host().toStdString();
            for (const QJsonValue& h : response.value("headers").toArray()) {
                const QJsonObject header = h.toObject();
                if (header.value("name").toString().compare("retry-after", Qt::CaseInsensitive) !=
                    0)
                    continue;
                std::int64_t answeredAt = 0; // 2261 plus a century is past 64-bit time
                if (__builtin_add_overflow(c.startNs, c.latency, &answeredAt))
                    return fail("time: the answer would come after 2262, beyond what 64-bit "
                                "time holds");
                const auto ra =
                    parseRetryAfter(header.value("value").toString().toStdString(), answeredAt);
                if (!ra)
                    return fail("Retry-After: neither seconds nor an HTTP-date: \"" +
                                header.value("value").toString().toStdString() + "\"");
                c.retryAfter = *ra;
            }
            if (auto problem = sink.add(c)) return fail(*problem);
            return true;
        });
    return finish(r, sink, "entries", "HAR", stopped);
}

bool importOtlp(QFile& file, ImportSink& sink, const ImportOptions&)
{
    bool stopped = false;
    const auto r = JsonArrayStream::scan(
        file, "spans", [&](std::string_view text, std::uint64_t line, std::uint64_t index) {
            Element element(sink, stopped, "span", index, line);
            auto fail = [&](const std::string& why) { return element.fail(why); };
            std::string why;
            const auto parsed = element.parse(text, why);
            if (!parsed) return fail(why);
            const QJsonObject& span = *parsed;
            const auto start = nanosOf(span.value("startTimeUnixNano"));
            const auto end = nanosOf(span.value("endTimeUnixNano"));
            if (!start) return fail("startTimeUnixNano: missing or not a number");
            if (!end || *end < *start) return fail("endTimeUnixNano: missing or before the start");
            const QJsonArray attributes = span.value("attributes").toArray();
            const QJsonValue statusAttr =
                attribute(attributes, {"http.response.status_code", "http.status_code"});
            const int kind = span.value("kind").isString()
                                 ? (span.value("kind").toString() == "SPAN_KIND_CLIENT" ? 3 : 0)
                                 : span.value("kind").toInt();
            // Calls are client spans, or any span that carries an HTTP status; the rest is ignored.
            if (statusAttr.isUndefined() && kind != 3) {
                sink.ignore();
                return true;
            }
            ImportedCall c;
            c.startNs = *start;
            c.latency = *end - *start;
            if (!statusAttr.isUndefined()) {
                bool ok = false;
                const int status = anyValueText(statusAttr).toInt(&ok);
                if (!ok || status < 0 || status > 999)
                    return fail("http status attribute: not a status");
                c.status = status;
            } else {
                // No HTTP status: the span status decides (2 / STATUS_CODE_ERROR is an error).
                const QJsonValue code = span.value("status").toObject().value("code");
                const bool failed = code.toInt() == 2 || code.toString() == "STATUS_CODE_ERROR";
                c.outcome = failed ? Outcome::Error : Outcome::Ok;
            }
            QString host = anyValueText(
                attribute(attributes, {"server.address", "net.peer.name", "http.host"}));
            if (host.isEmpty())
                host = QUrl(anyValueText(attribute(attributes, {"url.full", "http.url"}))).host();
            if (host.isEmpty()) host = span.value("name").toString();
            c.endpoint = host.toStdString();
            const QJsonValue retryAfter =
                attribute(attributes, {"http.response.header.retry-after"});
            if (!retryAfter.isUndefined()) {
                const auto ra = parseRetryAfter(anyValueText(retryAfter).toStdString(), *end);
                if (!ra)
                    return fail(
                        "http.response.header.retry-after: neither seconds nor an HTTP-date");
                c.retryAfter = *ra;
            }
            if (auto problem = sink.add(c)) return fail(*problem);
            return true;
        });
    return finish(r, sink, "spans", "OTLP/JSON", stopped);
}

bool importJsonl(const std::string& path, ImportSink& sink, const ImportOptions& options)
{
    bool stopped = false;
    // A trace file in, checked and normalised, streamed line by line.
    TraceReadOptions read;
    read.skipBad = options.skipBad;
    read.maxProblems = options.maxProblems;
    const TraceLoad load =
        streamTraceFile(path, read, [&](const TraceCall& call, const Trace& trace) {
            // A line the reader took is within the limits the writer holds to, so it is written
            // as it was read; the first failure (none expected) stops the import.
            if (!stopped)
                if (auto why = sink.addNative(call, trace.header, trace.endpoints[call.endpoint]))
                    stopped = !sink.bad(0, *why);
        });
    for (const TraceProblem& p : load.problems)
        sink.problem(p.line, p.message);
    sink.countSkipped(load.badLines);
    return load.trace.has_value() && !stopped;
}

} // namespace reslab::detail

#include "trace/importer.h"

#include "trace/import_sink.h"
#include "util/input_file.h"

#include <QDateTime>
#include <QTimeZone>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <limits>

namespace reslab {

std::optional<ImportFormat> importFormatOf(const std::string& file)
{
    std::string suffix = std::filesystem::path(file).extension().string(); // ".har"
    if (suffix.size() < 2) return std::nullopt;
    suffix.erase(0, 1);
    for (char& c : suffix)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (suffix == "json") return ImportFormat::Otlp;
    return kImportFormatNames.find(suffix);
}

namespace detail {

std::optional<std::string> ImportSink::add(const ImportedCall& in)
{
    if (in.status && (*in.status < 0 || *in.status > 999))
        return "status " + std::to_string(*in.status) + " is not an HTTP status (0 … 999)";
    if (!m_haveOrigin) {
        m_haveOrigin = true;
        m_origin = in.startNs;
        m_last = in.startNs;
        m_report.timeOrigin = isoFromNanos(in.startNs);
        m_writer.setTimeOrigin(m_report.timeOrigin);
    }
    if (in.startNs < m_last) ++m_report.outOfOrder;
    m_last = in.startNs;
    TraceCall c;
    if (__builtin_sub_overflow(in.startNs, m_origin, &c.t))
        return "starts too far from the first record (" + m_report.timeOrigin + ") to be written";
    c.latency = in.latency;
    c.outcome = in.outcome ? *in.outcome : m_options.statuses.outcomeOf(in.status.value_or(200));
    c.status = static_cast<std::int16_t>(
        in.status ? *in.status : kDefaultStatus[static_cast<std::size_t>(c.outcome)]);
    c.retryAfter = in.retryAfter;
    c.request = in.request;
    c.attempt = in.attempt;
    if (auto problem = m_writer.write(c, in.endpoint)) return problem;
    ++m_report.written;
    return std::nullopt;
}

std::optional<std::string> ImportSink::addNative(const TraceCall& c, const TraceHeader& header,
                                                 std::string_view endpoint)
{
    if (!m_haveOrigin) {
        m_haveOrigin = true;
        m_last = c.t;
        TraceHeader kept = header;
        if (kept.source.empty()) kept.source = "jsonl";
        m_report.timeOrigin = kept.timeOrigin;
        m_writer.setHeader(kept);
    }
    if (c.t < m_last) ++m_report.outOfOrder;
    m_last = c.t;
    if (auto problem = m_writer.write(c, endpoint)) return problem;
    ++m_report.written;
    return std::nullopt;
}

void ImportSink::problem(std::uint64_t line, const std::string& message)
{
    if (m_report.problems.size() < m_options.maxProblems)
        m_report.problems.push_back({line, message});
}

bool ImportSink::bad(std::uint64_t line, const std::string& message)
{
    ++m_report.skipped;
    problem(line, message);
    return m_options.skipBad;
}

} // namespace detail

namespace {
constexpr int kMinIsoYear = 1678;
constexpr int kMaxIsoYear = 2261;
} // namespace

std::optional<std::int64_t> parseIsoTime(std::string_view s)
{
    // Fast path: YYYY-MM-DD[T ]HH:MM:SS[.fraction][Z|±HH:MM|±HHMM]
    auto num = [&](std::size_t at, std::size_t len, int& out) {
        if (at + len > s.size()) return false;
        const auto r = std::from_chars(s.data() + at, s.data() + at + len, out);
        return r.ec == std::errc() && r.ptr == s.data() + at + len;
    };
    int y, mo, d, h, mi, sec;
    if (s.size() < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
        s[13] != ':' || s[16] != ':' || !num(0, 4, y) || !num(5, 2, mo) || !num(8, 2, d) ||
        !num(11, 2, h) || !num(14, 2, mi) || !num(17, 2, sec))
        return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return std::nullopt;
    // Nanoseconds since 1970 in 64 bits reach from 1677-09-21 to 2262-04-11 (and "-999" is no
    // year).
    if (s[0] < '0' || s[0] > '9' || y < kMinIsoYear || y > kMaxIsoYear) return std::nullopt;
    std::size_t i = 19;
    std::int64_t fracNs = 0;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
        std::int64_t scale = 100'000'000;
        for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
            fracNs += (s[i] - '0') * scale;
            scale /= 10;
        }
    }
    std::int64_t offsetS = 0;
    if (i < s.size()) {
        if (s[i] == 'Z' || s[i] == 'z') {
            ++i;
        } else if (s[i] == '+' || s[i] == '-') {
            const int sign = s[i] == '-' ? -1 : 1;
            int oh = 0, om = 0;
            if (!num(i + 1, 2, oh)) return std::nullopt;
            std::size_t j = i + 3;
            if (j < s.size() && s[j] == ':') ++j;
            if (!num(j, 2, om)) return std::nullopt;
            offsetS = sign * (oh * 3600 + om * 60);
            i = j + 2;
        }
    }
    if (i != s.size()) return std::nullopt;
    // Days from the civil date (Howard Hinnant's algorithm).
    const int yy = y - (mo <= 2);
    const int era = (yy >= 0 ? yy : yy - 399) / 400;
    const int yoe = yy - era * 400;
    const int doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    const std::int64_t days = std::int64_t(era) * 146097 + doe - 719468;
    const std::int64_t seconds = days * 86400 + h * 3600 + mi * 60 + sec - offsetS;
    return seconds * kNanosPerSecond + fracNs;
}

std::string isoFromNanos(std::int64_t epochNs)
{
    // To the nanosecond the record had (t_ms = 0 is that instant exactly), at least to the
    // millisecond: "2024-03-01T12:00:00.100Z", "…00.123456789Z". Seconds by floor division, so a
    // time before 1970 keeps its fraction positive.
    std::int64_t seconds = epochNs / kNanosPerSecond;
    std::int64_t fraction = epochNs % kNanosPerSecond;
    if (fraction < 0) {
        fraction += kNanosPerSecond;
        --seconds;
    }
    const QDateTime t = QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC);
    std::string out = t.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")).toStdString();
    char digits[16];
    std::snprintf(digits, sizeof digits, ".%09lld", static_cast<long long>(fraction));
    std::string frac = digits;
    while (frac.size() > 4 && frac.back() == '0')
        frac.pop_back();
    return out + frac + "Z";
}

std::optional<std::int64_t> parseRetryAfter(std::string_view text, std::int64_t responseAtNs)
{
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ')
        text.remove_suffix(1);
    std::uint64_t seconds = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (r.ec == std::errc() && r.ptr == text.data() + text.size() &&
        seconds <= static_cast<std::uint64_t>(kMaxTraceLatencyMs / 1000.0))
        return static_cast<std::int64_t>(seconds) * kNanosPerSecond;
    // An HTTP-date (RFC 9110 IMF-fixdate): "Wed, 21 Oct 2015 07:28:00 GMT".
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::size_t comma = text.find(", ");
    if (comma == std::string_view::npos || text.size() < comma + 2 + 24) return std::nullopt;
    const std::string_view rest = text.substr(comma + 2); // "21 Oct 2015 07:28:00 GMT"
    if (rest.size() != 24 || rest.substr(20) != " GMT") return std::nullopt;
    int month = 0;
    while (month < 12 && rest.substr(3, 3) != kMonths[month])
        ++month;
    if (month == 12) return std::nullopt;
    char iso[32];
    std::snprintf(iso, sizeof iso, "%.4s-%02d-%.2sT%.8sZ", rest.data() + 7, month + 1, rest.data(),
                  rest.data() + 12);
    const auto at = parseIsoTime(iso);
    if (!at) return std::nullopt;
    std::int64_t after = 0; // a date centuries from the response: beyond the trace's limits
    if (__builtin_sub_overflow(*at, responseAtNs, &after))
        return std::numeric_limits<std::int64_t>::max();
    return std::max<std::int64_t>(0, after);
}

ImportReport importTrace(const std::string& input, const std::string& output,
                         const ImportOptions& options)
{
    ImportReport report;
    const char* names[] = {"har", "otlp", "csv", "jsonl"};
    TraceWriter writer;
    if (const std::string problem = inputFileProblem(input); !problem.empty()) {
        report.problems.push_back({0, problem});
        return report;
    }
    QFile in(QString::fromStdString(input));
    if (!in.open(QIODevice::ReadOnly)) {
        report.problems.push_back({0, "cannot open: " + in.errorString().toStdString()});
        return report;
    }
    if (!writer.open(output, TraceHeader{names[static_cast<int>(options.format)], "", ""},
                     &report.outputError))
        return report;
    writer.setVerifying(true); // never a trace the reader refuses
    detail::ImportSink sink(writer, options, report);
    bool ok = false;
    switch (options.format) {
    case ImportFormat::Csv:
        ok = detail::importCsv(in, sink, options);
        break;
    case ImportFormat::Har:
        ok = detail::importHar(in, sink, options);
        break;
    case ImportFormat::Otlp:
        ok = detail::importOtlp(in, sink, options);
        break;
    case ImportFormat::Jsonl:
        ok = detail::importJsonl(input, sink, options);
        break;
    }
    if (ok && report.written == 0) {
        report.problems.push_back({0, "no calls found"});
        ok = false;
    }
    // Only a complete import replaces the output; otherwise what was there stays as it was.
    if (!ok) {
        writer.discard();
    } else if (!writer.close(&report.outputError)) {
        report.writeFailed = true;
        ok = false;
    }
    report.ok = ok;
    return report;
}

} // namespace reslab

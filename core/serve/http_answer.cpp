#include "serve/http_answer.h"

#include "serve/served_model.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace reslab {

std::int64_t retryAfterSeconds(Time retryAfter)
{
    if (retryAfter <= 0) return 0;
    return (retryAfter + kNanosPerSecond - 1) / kNanosPerSecond;
}

WireAnswer wireAnswer(std::string_view endpoint, const ServedAnswer& answer)
{
    const Result& r = answer.result;
    WireAnswer w;
    if (r.outcome == Outcome::Reset) {
        w.action = WireAction::Reset;
        return w;
    }
    if (r.outcome == Outcome::Timeout) {
        w.action = WireAction::Hold;
        return w;
    }
    w.status = r.status > 0 ? r.status : kDefaultStatus[static_cast<std::size_t>(Outcome::Error)];
    if (r.outcome == Outcome::RateLimited && r.retryAfter >= 0)
        w.retryAfterSeconds = retryAfterSeconds(r.retryAfter);
    w.body = "{\"endpoint\": \"" + std::string(endpoint) +
             "\", \"call\": " + std::to_string(answer.call) + ", \"outcome\": \"" +
             std::string(outcomeName(r.outcome)) + "\"}\n";
    return w;
}

std::string_view targetEndpoint(std::string_view target)
{
    if (target.empty() || target.front() != '/') return {};
    target.remove_prefix(1);
    const std::size_t end = target.find_first_of("/?#");
    return target.substr(0, end);
}

std::string retryAfterHttpDate(std::int64_t nowUnixMs, Time retryAfter)
{
    // Whole seconds, rounded up: a date has no fraction, and an early date would be a lie.
    constexpr std::int64_t kNanosPerMs = 1'000'000;
    const std::int64_t afterMs = (std::max<Time>(retryAfter, 0) + kNanosPerMs - 1) / kNanosPerMs;
    const std::int64_t at = (nowUnixMs + afterMs + 999) / 1000;
    // Civil date from days since 1970-01-01 (Howard Hinnant's days_from_civil inverse), so that
    // neither the C library's locale nor its time zone can change the text.
    const std::int64_t days = at >= 0 ? at / 86400 : (at - 86399) / 86400;
    const std::int64_t secs = at - days * 86400;
    const std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    static constexpr const char* kDays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::int64_t weekday = ((days % 7) + 7) % 7; // 1970-01-01 was a Thursday
    char text[40];
    std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[weekday],
                  static_cast<int>(day), kMonths[month - 1], static_cast<int>(year),
                  static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                  static_cast<int>(secs % 60));
    return text;
}

std::string entityTag(std::uint64_t version)
{
    return "\"v" + std::to_string(version) + "\"";
}

IfMatch parseIfMatch(std::string_view header)
{
    auto trim = [](std::string_view v) {
        while (!v.empty() && (v.front() == ' ' || v.front() == '\t'))
            v.remove_prefix(1);
        while (!v.empty() && (v.back() == ' ' || v.back() == '\t'))
            v.remove_suffix(1);
        return v;
    };
    header = trim(header);
    if (header.empty() || header == "*") return {};
    while (!header.empty()) {
        const std::size_t comma = header.find(',');
        std::string_view tag = trim(header.substr(0, comma));
        header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
        if (tag.starts_with("W/")) tag.remove_prefix(2);
        if (tag.size() < 4 || tag.front() != '"' || tag.back() != '"' || tag[1] != 'v') continue;
        const std::string_view digits = tag.substr(2, tag.size() - 3);
        std::uint64_t v = 0;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
        if (ec == std::errc() && end == digits.data() + digits.size()) return IfMatch{v};
    }
    return IfMatch{kNoSuchVersion};
}

std::optional<std::uint64_t> clientRequestId(std::string_view value)
{
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
        value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
        value.remove_suffix(1);
    if (value.empty()) return std::nullopt;
    constexpr std::uint64_t kMask = (std::uint64_t{1} << 63) - 1; // never the trace's "none"
    std::uint64_t n = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec == std::errc() && end == value.data() + value.size() && n <= kMask) return n;
    std::uint64_t hash = 0xcbf29ce484222325ULL; // FNV-1a, 64-bit
    for (const char c : value) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001b3ULL;
    }
    return hash & kMask;
}

} // namespace reslab

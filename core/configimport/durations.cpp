#include "configimport/durations.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace reslab {

namespace {

std::string_view trimmed(std::string_view t)
{
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front())))
        t.remove_prefix(1);
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back())))
        t.remove_suffix(1);
    return t;
}

bool allDigits(std::string_view t)
{
    return !t.empty() &&
           std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string lower(std::string_view t)
{
    std::string s(t);
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Digits as a double (exact to 2^53; longer runs of digits only lose what a duration cannot use).
double digitsValue(std::string_view t)
{
    double v = 0;
    for (char c : t)
        v = v * 10 + (c - '0');
    return v;
}

// java.time.Duration.parse: PnDTnHnMn.nS, each number optionally signed; the whole may be signed.
std::optional<double> isoDurationMs(std::string_view t, std::string& error)
{
    const std::string original(t);
    double sign = 1;
    if (!t.empty() && (t.front() == '+' || t.front() == '-')) {
        sign = t.front() == '-' ? -1 : 1;
        t.remove_prefix(1);
    }
    if (t.empty() || (t.front() != 'P' && t.front() != 'p')) {
        error = "not an ISO-8601 duration: \"" + original + "\"";
        return std::nullopt;
    }
    t.remove_prefix(1);
    double ms = 0;
    bool inTime = false, any = false;
    while (!t.empty()) {
        if (t.front() == 'T' || t.front() == 't') {
            if (inTime) break;
            inTime = true;
            t.remove_prefix(1);
            continue;
        }
        double partSign = 1;
        if (t.front() == '+' || t.front() == '-') {
            partSign = t.front() == '-' ? -1 : 1;
            t.remove_prefix(1);
        }
        std::size_t n = 0;
        while (n < t.size() && std::isdigit(static_cast<unsigned char>(t[n])))
            ++n;
        if (n == 0) break;
        double value = digitsValue(t.substr(0, n));
        t.remove_prefix(n);
        if (!t.empty() && (t.front() == '.' || t.front() == ',')) {
            t.remove_prefix(1);
            std::size_t f = 0;
            while (f < t.size() && std::isdigit(static_cast<unsigned char>(t[f])))
                ++f;
            if (f > 9 || t.size() == f || (t[f] != 'S' && t[f] != 's')) break;
            value += digitsValue(t.substr(0, f)) / std::pow(10.0, double(f));
            t.remove_prefix(f);
        }
        if (t.empty()) break;
        const char unit = static_cast<char>(std::toupper(static_cast<unsigned char>(t.front())));
        t.remove_prefix(1);
        double unitMs = 0;
        if (!inTime && unit == 'D')
            unitMs = 86'400'000.0;
        else if (inTime && unit == 'H')
            unitMs = 3'600'000.0;
        else if (inTime && unit == 'M')
            unitMs = 60'000.0;
        else if (inTime && unit == 'S')
            unitMs = 1000.0;
        else
            break;
        ms += partSign * value * unitMs;
        any = true;
    }
    if (!t.empty() || !any) {
        error = "not an ISO-8601 duration: \"" + original + "\"";
        return std::nullopt;
    }
    return sign * ms;
}

} // namespace

std::optional<double> parseDecimal(std::string_view text)
{
    std::string_view t = trimmed(text);
    if (!t.empty() && t.front() == '+') t.remove_prefix(1);
    if (t.empty()) return std::nullopt;
    // Only the plain decimal grammar: from_chars alone would also take "inf", "nan" and hex.
    std::size_t i = 0;
    if (t[i] == '-') ++i;
    std::size_t digits = 0;
    while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i])))
        ++i, ++digits;
    if (i < t.size() && t[i] == '.') {
        ++i;
        while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i])))
            ++i, ++digits;
    }
    if (digits == 0) return std::nullopt;
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
        ++i;
        if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
        std::size_t exp = 0;
        while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i])))
            ++i, ++exp;
        if (exp == 0) return std::nullopt;
    }
    if (i != t.size()) return std::nullopt;
    double v = 0;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || end != t.data() + t.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::optional<long long> parseWhole(std::string_view text, long long min, long long max)
{
    std::string_view t = trimmed(text);
    if (!t.empty() && t.front() == '+') t.remove_prefix(1);
    long long v = 0;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (t.empty() || ec != std::errc() || end != t.data() + t.size() || v < min || v > max)
        return std::nullopt;
    return v;
}

std::optional<bool> parseBoolean(std::string_view text, bool yamlWords)
{
    const std::string t = lower(trimmed(text));
    if (t == "true" || (yamlWords && (t == "yes" || t == "on"))) return true;
    if (t == "false" || (yamlWords && (t == "no" || t == "off"))) return false;
    return std::nullopt;
}

std::optional<double> springDurationMs(std::string_view text, std::string& error)
{
    const std::string_view t = trimmed(text);
    std::optional<double> ms;
    if (!t.empty() &&
        (t.front() == 'P' || t.front() == 'p' ||
         (t.size() > 1 && (t[0] == '-' || t[0] == '+') && (t[1] == 'P' || t[1] == 'p')))) {
        ms = isoDurationMs(t, error);
    } else {
        // DurationStyle.SIMPLE: ^([+-]?\d+)([a-zA-Z]{0,2})$, the unit's suffix in any case.
        std::size_t i = (!t.empty() && (t[0] == '+' || t[0] == '-')) ? 1 : 0;
        std::size_t digitsEnd = i;
        while (digitsEnd < t.size() && std::isdigit(static_cast<unsigned char>(t[digitsEnd])))
            ++digitsEnd;
        const std::string unit = lower(t.substr(digitsEnd));
        static const std::pair<const char*, double> kUnits[] = {
            {"ns", 1e-6}, {"us", 1e-3},   {"ms", 1.0},     {"s", 1000.0},
            {"m", 60e3},  {"h", 3'600e3}, {"d", 86'400e3}, {"", 1.0}}; // "": milliseconds
        const auto found = std::find_if(std::begin(kUnits), std::end(kUnits),
                                        [&](const auto& u) { return unit == u.first; });
        if (digitsEnd == i || found == std::end(kUnits)) {
            error = "not a duration: \"" + std::string(t) +
                    "\" (Spring takes 500ms, 10s, 1m, 2h, 1d, a number of milliseconds, or "
                    "ISO-8601 such as PT10S)";
            return std::nullopt;
        }
        ms = digitsValue(t.substr(i, digitsEnd - i)) * found->second * (t[0] == '-' ? -1 : 1);
    }
    if (ms && *ms < 0) {
        error = "must not be negative, got \"" + std::string(t) + "\"";
        return std::nullopt;
    }
    return ms;
}

std::optional<double> timeSpanMs(std::string_view text, std::string& error, bool* bareDays)
{
    const std::string_view t = trimmed(text);
    const auto bad = [&] {
        error = "not a TimeSpan: \"" + std::string(t) +
                "\" (.NET takes [d.]hh:mm[:ss[.fffffff]], e.g. \"00:00:05\" for 5 s)";
        return std::nullopt;
    };
    if (bareDays) *bareDays = false;
    if (!t.empty() && t.front() == '-') {
        error = "must not be negative, got \"" + std::string(t) + "\"";
        return std::nullopt;
    }
    if (allDigits(t)) { // TimeSpan.Parse("5") is five days
        if (t.size() > 8) return bad();
        if (bareDays) *bareDays = true;
        return digitsValue(t) * 86'400'000.0;
    }
    std::string_view rest = t;
    double days = 0;
    const std::size_t colon = rest.find(':');
    if (colon == std::string_view::npos) return bad();
    const std::size_t dot = rest.substr(0, colon).find('.');
    if (dot != std::string_view::npos) {
        if (!allDigits(rest.substr(0, dot)) || dot > 8) return bad();
        days = digitsValue(rest.substr(0, dot));
        rest.remove_prefix(dot + 1);
    }
    // hh:mm[:ss[.fffffff]]
    std::string_view parts[3];
    int count = 0;
    while (count < 3) {
        const std::size_t c = rest.find(':');
        parts[count++] = rest.substr(0, c);
        if (c == std::string_view::npos) {
            rest = {};
            break;
        }
        rest.remove_prefix(c + 1);
    }
    if (!rest.empty() || count < 2) return bad();
    std::string_view seconds = count == 3 ? parts[2] : std::string_view("0");
    std::string_view fraction;
    if (const std::size_t f = seconds.find('.'); f != std::string_view::npos) {
        fraction = seconds.substr(f + 1);
        seconds = seconds.substr(0, f);
        if (!allDigits(fraction) || fraction.size() > 7) return bad();
    }
    const double limits[3] = {23, 59, 59};
    const std::string_view fields[3] = {parts[0], parts[1], seconds};
    double values[3] = {0, 0, 0};
    for (int k = 0; k < 3; ++k) {
        if (!allDigits(fields[k]) || fields[k].size() > 2) return bad();
        values[k] = digitsValue(fields[k]);
        if (values[k] > limits[k]) return bad();
    }
    double ms = ((days * 24 + values[0]) * 60 + values[1]) * 60'000.0 + values[2] * 1000.0;
    if (!fraction.empty())
        ms += digitsValue(fraction) / std::pow(10.0, double(fraction.size())) * 1000.0;
    return ms;
}

std::optional<double> protoDurationMs(std::string_view text, std::string& error)
{
    const std::string_view t = trimmed(text);
    const auto bad = [&] {
        error = "not a Duration: \"" + std::string(t) +
                "\" (the JSON form is seconds with an \"s\": \"0.5s\", \"30s\")";
        return std::nullopt;
    };
    if (t.size() < 2 || t.back() != 's') return bad();
    std::string_view n = t.substr(0, t.size() - 1);
    if (!n.empty() && n.front() == '-') {
        error = "must not be negative, got \"" + std::string(t) + "\"";
        return std::nullopt;
    }
    std::string_view whole = n, fraction;
    if (const std::size_t d = n.find('.'); d != std::string_view::npos) {
        whole = n.substr(0, d);
        fraction = n.substr(d + 1);
        if (!allDigits(fraction) || fraction.size() > 9) return bad();
    }
    // protobuf's Duration holds at most 315,576,000,000 s (10,000 years).
    if (!allDigits(whole) || whole.size() > 12) return bad();
    double ms = digitsValue(whole) * 1000.0;
    if (!fraction.empty())
        ms += digitsValue(fraction) / std::pow(10.0, double(fraction.size())) * 1000.0;
    return ms;
}

std::string msText(double ms)
{
    char buffer[64];
    const auto text = [&](double v, const char* unit) {
        auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
        (void)ec;
        return std::string(buffer, end) + " " + unit;
    };
    if (ms >= 86'400'000.0 && std::fmod(ms, 86'400'000.0) == 0) return text(ms / 86'400'000.0, "d");
    if (ms >= 3'600'000.0 && std::fmod(ms, 3'600'000.0) == 0) return text(ms / 3'600'000.0, "h");
    if (ms >= 60'000.0 && std::fmod(ms, 60'000.0) == 0) return text(ms / 60'000.0, "min");
    if (ms >= 1000.0) return text(ms / 1000.0, "s");
    return text(ms, "ms");
}

} // namespace reslab

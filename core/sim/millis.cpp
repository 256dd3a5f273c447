#include "sim/millis.h"

#include <cctype>
#include <charconv>
#include <cmath>

namespace reslab {

void appendMillis(std::string& out, Time t)
{
    if (t < 0) {
        out += '-';
        t = -t;
    }
    out += std::to_string(t / kNanosPerMilli);
    Time frac = t % kNanosPerMilli;
    if (frac == 0) return;
    char digits[7];
    for (int i = 5; i >= 0; --i) {
        digits[i] = static_cast<char>('0' + frac % 10);
        frac /= 10;
    }
    int len = 6;
    while (len > 0 && digits[len - 1] == '0')
        --len;
    out += '.';
    out.append(digits, static_cast<std::size_t>(len));
}

std::string formatMillis(Time t)
{
    std::string s;
    appendMillis(s, t);
    return s;
}

std::optional<std::int64_t> parseMillis(std::string_view n)
{
    // Plain decimals exactly: [-]digits[.digits]
    std::size_t i = 0;
    const bool negative = !n.empty() && n[0] == '-';
    if (negative) ++i;
    std::int64_t whole = 0;
    std::size_t digits = 0;
    for (; i < n.size() && std::isdigit(static_cast<unsigned char>(n[i])); ++i, ++digits) {
        if (whole > (std::int64_t{1} << 62) / 10) return std::nullopt;
        whole = whole * 10 + (n[i] - '0');
    }
    std::int64_t fraction = 0;
    int places = 0;
    bool plain = digits > 0;
    if (i < n.size() && n[i] == '.') {
        for (++i; i < n.size() && std::isdigit(static_cast<unsigned char>(n[i])); ++i) {
            if (places < 6) {
                fraction = fraction * 10 + (n[i] - '0');
                ++places;
            }
        }
    }
    if (i != n.size()) plain = false;
    if (plain) {
        if (whole > (std::int64_t{1} << 62) / 1'000'000) return std::nullopt;
        while (places < 6) {
            fraction *= 10;
            ++places;
        }
        const std::int64_t ns = whole * 1'000'000 + fraction;
        return negative ? -ns : ns;
    }
    double d = 0;
    const auto r = std::from_chars(n.data(), n.data() + n.size(), d);
    if (r.ec != std::errc() || r.ptr != n.data() + n.size() || !std::isfinite(d) ||
        std::fabs(d) > 4e12)
        return std::nullopt; // beyond ~126 years: not a trace
    return static_cast<std::int64_t>(std::llround(d * 1e6));
}

} // namespace reslab

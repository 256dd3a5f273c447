#include "scenario/param_values.h"

#include "util/json_writer.h"
#include "util/strict_json.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

namespace reslab {

namespace {

// Range values are rounded to 12 significant digits, so 0..1/11 gives 0.3, not
// 0.30000000000000004, and every platform prints the same columns.
// Printed to 12 significant digits and read back: exact at every magnitude (a scale factor of
// 10^(11 − exponent) overflows to infinity below 1e-297 and made such a value NaN, printed null).
double tidy(double v)
{
    if (v == 0.0 || !std::isfinite(v)) return v;
    char text[32];
    std::snprintf(text, sizeof text, "%.12g", v);
    return std::strtod(text, nullptr);
}

std::optional<double> number(const std::string& text)
{
    // The JSON grammar (no "1.", ".5", "0x10", "inf"), as the scenario file would read it.
    const std::optional<QJsonValue> v = parseStrictJson(text);
    if (!v || !v->isDouble()) return std::nullopt;
    return v->toDouble();
}

std::optional<std::vector<QJsonValue>> range(const std::string& text, std::string& error)
{
    bool logScale = false;
    std::string body = text;
    if (body.starts_with("log:")) {
        logScale = true;
        body = body.substr(4);
    }
    const std::size_t dots = body.find("..");
    const std::size_t slash = body.find('/', dots);
    const std::size_t times = body.find("*x", dots);
    const auto fail = [&](const std::string& why) -> std::optional<std::vector<QJsonValue>> {
        error = "\"" + text + "\": " + why;
        return std::nullopt;
    };
    if (slash == std::string::npos && times == std::string::npos)
        return fail("a range needs a count (A..B/N) or a factor (A..B*xF)");
    const std::size_t stop = slash != std::string::npos ? slash : times;
    const auto from = number(body.substr(0, dots));
    const auto to = number(body.substr(dots + 2, stop - dots - 2));
    if (!from || !to) return fail("the ends of a range must be numbers");
    if (*from > *to) return fail("a range goes up: its start must not be above its end");
    std::vector<QJsonValue> values;
    if (slash != std::string::npos) {
        const auto count = number(body.substr(slash + 1));
        if (!count || *count != std::floor(*count) || *count < 1)
            return fail("the count after '/' must be a whole number ≥ 1");
        if (*count > double(kMaxParamValues))
            return fail("asks for more than " + std::to_string(kMaxParamValues) + " values");
        if (*count == 1 && *from != *to)
            return fail("one value cannot span " + JsonWriter::formatNumber(*from) + ".." +
                        JsonWriter::formatNumber(*to) + "; give a count ≥ 2");
        if (logScale && *from <= 0) return fail("a log range must start above 0");
        const auto n = static_cast<std::size_t>(*count);
        for (std::size_t i = 0; i < n; ++i) {
            const double t = n == 1 ? 0.0 : double(i) / double(n - 1);
            const double v =
                logScale ? *from * std::pow(*to / *from, t) : *from + (*to - *from) * t;
            values.emplace_back(tidy(i + 1 == n ? *to : v));
        }
        return values;
    }
    if (logScale) return fail("log: takes a count (log:A..B/N); A..B*xF is geometric already");
    const auto factor = number(body.substr(times + 2));
    if (!factor || *factor <= 1) return fail("the factor after '*x' must be a number above 1");
    if (*from <= 0) return fail("a geometric range must start above 0");
    for (double v = *from; v <= *to * (1 + 1e-12); v *= *factor) {
        if (values.size() == kMaxParamValues)
            return fail("asks for more than " + std::to_string(kMaxParamValues) + " values");
        values.emplace_back(tidy(v));
    }
    return values;
}

} // namespace

std::optional<std::vector<QJsonValue>> parseParamValues(const std::string& text, std::string& error)
{
    if (text.empty()) {
        error = "no values after '='";
        return std::nullopt;
    }
    if (text.find("..") != std::string::npos) return range(text, error);
    std::vector<QJsonValue> values;
    std::set<std::string> seen;
    std::size_t begin = 0;
    while (begin <= text.size()) {
        std::size_t end = text.find(',', begin);
        if (end == std::string::npos) end = text.size();
        const std::string item = text.substr(begin, end - begin);
        if (item.empty()) {
            error = "\"" + text + "\": an empty value in the list";
            return std::nullopt;
        }
        if (!seen.insert(item).second) {
            error = "\"" + text + "\": " + item + " is listed twice";
            return std::nullopt;
        }
        if (const auto v = number(item))
            values.emplace_back(*v);
        else if (item == "true" || item == "false")
            values.emplace_back(item == "true");
        else
            values.emplace_back(QString::fromStdString(item));
        if (values.size() > kMaxParamValues) {
            error = "more than " + std::to_string(kMaxParamValues) + " values";
            return std::nullopt;
        }
        begin = end + 1;
    }
    return values;
}

std::optional<ParamSpec> parseParamSpec(const std::string& text, std::string& error)
{
    const std::size_t eq = text.find('=');
    if (eq == std::string::npos) {
        error = "--param \"" + text + "\": expected PATH=VALUES";
        return std::nullopt;
    }
    ParamSpec spec;
    auto path = parseParamPath(text.substr(0, eq), error);
    if (!path) return std::nullopt;
    spec.path = std::move(*path);
    std::string why;
    auto values = parseParamValues(text.substr(eq + 1), why);
    if (!values) {
        error = "--param " + spec.path.text + ": " + why;
        return std::nullopt;
    }
    spec.values = std::move(*values);
    return spec;
}

std::string paramValueText(const QJsonValue& value)
{
    if (value.isDouble()) return JsonWriter::formatNumber(value.toDouble());
    if (value.isBool()) return value.toBool() ? "true" : "false";
    return value.toString().toStdString();
}

} // namespace reslab

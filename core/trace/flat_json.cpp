#include "trace/flat_json.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace reslab {

namespace {
std::string at(std::size_t column, const char* what)
{
    return "column " + std::to_string(column + 1) + ": " + what;
}

void skipSpace(std::string_view s, std::size_t& i)
{
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t'))
        ++i;
}

bool appendUtf8(std::string& out, std::uint32_t cp)
{
    if (cp < 0x80)
        out += char(cp);
    else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x110000) {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        return false;
    }
    return true;
}

std::optional<std::string> parseString(std::string_view s, std::size_t& i, std::string& out)
{
    // s[i] == '"'
    out.clear();
    ++i;
    while (i < s.size()) {
        const char c = s[i];
        if (c == '"') {
            ++i;
            return std::nullopt;
        }
        if (static_cast<unsigned char>(c) < 0x20) return at(i, "control character in a string");
        if (c != '\\') {
            out += c;
            ++i;
            continue;
        }
        if (++i >= s.size()) break;
        switch (s[i]) {
        case '"':
            out += '"';
            break;
        case '\\':
            out += '\\';
            break;
        case '/':
            out += '/';
            break;
        case 'b':
            out += '\b';
            break;
        case 'f':
            out += '\f';
            break;
        case 'n':
            out += '\n';
            break;
        case 'r':
            out += '\r';
            break;
        case 't':
            out += '\t';
            break;
        case 'u': {
            if (i + 4 >= s.size()) return at(i, "truncated \\u escape");
            std::uint32_t cp = 0;
            const auto r = std::from_chars(s.data() + i + 1, s.data() + i + 5, cp, 16);
            if (r.ptr != s.data() + i + 5) return at(i, "bad \\u escape");
            i += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < s.size() && s[i + 1] == '\\' &&
                s[i + 2] == 'u') {
                std::uint32_t low = 0;
                const auto r2 = std::from_chars(s.data() + i + 3, s.data() + i + 7, low, 16);
                if (r2.ptr == s.data() + i + 7 && low >= 0xDC00 && low < 0xE000) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    i += 6;
                }
            }
            if (!appendUtf8(out, cp)) return at(i, "bad \\u escape");
            break;
        }
        default:
            return at(i, "bad escape in a string");
        }
        ++i;
    }
    return at(s.size(), "unterminated string");
}
} // namespace

const FlatValue* FlatObject::find(std::string_view key) const
{
    for (const FlatField& f : fields)
        if (f.key == key) return &f.value;
    return nullptr;
}

std::optional<std::string> parseFlatObject(std::string_view s, FlatObject& out)
{
    std::size_t used = 0;
    std::size_t i = 0;
    skipSpace(s, i);
    if (i >= s.size() || s[i] != '{') return at(i, "expected a JSON object ({…})");
    ++i;
    skipSpace(s, i);
    bool first = true;
    while (true) {
        skipSpace(s, i);
        if (i >= s.size()) return at(i, "truncated object (missing })");
        if (s[i] == '}') {
            if (!first && s[i - 1] == ',') return at(i, "trailing comma");
            ++i;
            break;
        }
        if (!first) {
            if (s[i] != ',') return at(i, "expected , or }");
            ++i;
            skipSpace(s, i);
        }
        first = false;
        if (i >= s.size() || s[i] != '"') return at(i, "expected a key in quotes");
        if (used == out.fields.size()) out.fields.emplace_back();
        FlatField& f = out.fields[used++];
        if (auto e = parseString(s, i, f.key)) return e;
        skipSpace(s, i);
        if (i >= s.size() || s[i] != ':') return at(i, "expected :");
        ++i;
        skipSpace(s, i);
        if (i >= s.size()) return at(i, "missing value");
        FlatValue& v = f.value;
        const char c = s[i];
        if (c == '"') {
            v.type = FlatValue::Type::String;
            if (auto e = parseString(s, i, v.text)) return e;
        } else if (c == '{' || c == '[') {
            return at(i, "nested objects and arrays are not allowed in a trace line");
        } else if (s.substr(i, 4) == "true" || s.substr(i, 5) == "false") {
            v.type = FlatValue::Type::Bool;
            v.boolean = c == 't';
            i += v.boolean ? 4 : 5;
        } else if (s.substr(i, 4) == "null") {
            v.type = FlatValue::Type::Null;
            i += 4;
        } else {
            const std::size_t start = i;
            while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '-' ||
                                    s[i] == '+' || s[i] == '.' || s[i] == 'e' || s[i] == 'E'))
                ++i;
            if (i == start) return at(i, "unexpected character");
            v.type = FlatValue::Type::Number;
            v.number = s.substr(start, i - start);
            if (!parseDouble(v.number)) return at(start, "not a number");
        }
    }
    skipSpace(s, i);
    if (i != s.size()) return at(i, "text after the object");
    out.fields.resize(used);
    return std::nullopt;
}

std::optional<double> parseDouble(std::string_view number)
{
    double v = 0;
    const auto r = std::from_chars(number.data(), number.data() + number.size(), v);
    if (r.ec != std::errc() || r.ptr != number.data() + number.size() || !std::isfinite(v))
        return std::nullopt;
    return v;
}

} // namespace reslab

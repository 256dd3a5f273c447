#include "util/strict_json.h"

#include <QJsonArray>
#include <QJsonObject>
#include <charconv>
#include <cmath>
#include <set>

namespace reslab {

namespace {

class Parser
{
public:
    explicit Parser(std::string_view text) : m_text(text) {}

    std::optional<QJsonValue> document()
    {
        if (m_text.substr(0, 3) == "\xEF\xBB\xBF") m_pos = 3;
        skipSpace();
        std::optional<QJsonValue> v = value(0);
        if (!v) return std::nullopt;
        skipSpace();
        if (m_pos < m_text.size()) return fail("unexpected text after the JSON value");
        return v;
    }
    const JsonSyntaxError& error() const { return m_error; }

private:
    std::nullopt_t fail(std::string message)
    {
        if (m_error.message.empty()) m_error = {m_pos, std::move(message)};
        return std::nullopt;
    }
    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text[m_pos]; }
    void skipSpace()
    {
        while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r'))
            ++m_pos;
    }

    std::optional<QJsonValue> value(int depth)
    {
        if (atEnd()) return fail("the document ends where a value should be");
        switch (peek()) {
        case '{':
            return object(depth + 1);
        case '[':
            return array(depth + 1);
        case '"': {
            std::optional<QString> s = string();
            if (!s) return std::nullopt;
            return QJsonValue(*s);
        }
        case 't':
            return literal("true", QJsonValue(true));
        case 'f':
            return literal("false", QJsonValue(false));
        case 'n':
            return literal("null", QJsonValue(QJsonValue::Null));
        default:
            break;
        }
        if (peek() == '-' || (peek() >= '0' && peek() <= '9')) return number();
        return fail(describe(peek()) + " where a value should be");
    }

    static std::string describe(char c)
    {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x7f) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", unsigned(u));
            return std::string("the byte ") + hex;
        }
        return std::string("'") + c + "'";
    }

    std::optional<QJsonValue> literal(std::string_view word, QJsonValue v)
    {
        if (m_text.substr(m_pos, word.size()) != word)
            return fail("not a value (true, false and null are lowercase; strings are quoted)");
        m_pos += word.size();
        return v;
    }

    std::optional<QJsonValue> object(int depth)
    {
        if (depth > kMaxJsonDepth)
            return fail("nested more than " + std::to_string(kMaxJsonDepth) + " levels deep");
        ++m_pos; // {
        QJsonObject o;
        std::set<QString> keys;
        skipSpace();
        if (peek() == '}') {
            ++m_pos;
            return o;
        }
        for (;;) {
            skipSpace();
            if (peek() != '"')
                return fail(atEnd() ? "the document ends inside an object"
                                    : "expected a key in double quotes");
            const std::size_t keyAt = m_pos;
            std::optional<QString> key = string();
            if (!key) return std::nullopt;
            if (!keys.insert(*key).second) {
                m_pos = keyAt;
                return fail("the key \"" + key->toStdString() + "\" appears twice in one object");
            }
            skipSpace();
            if (peek() != ':') return fail("expected ':' after the key");
            ++m_pos;
            skipSpace();
            std::optional<QJsonValue> v = value(depth);
            if (!v) return std::nullopt;
            o.insert(*key, *v);
            skipSpace();
            if (peek() == ',') {
                ++m_pos;
                continue;
            }
            if (peek() == '}') {
                ++m_pos;
                return o;
            }
            return fail(atEnd() ? "the document ends inside an object"
                                : "expected ',' or '}' after a value in an object");
        }
    }

    std::optional<QJsonValue> array(int depth)
    {
        if (depth > kMaxJsonDepth)
            return fail("nested more than " + std::to_string(kMaxJsonDepth) + " levels deep");
        ++m_pos; // [
        QJsonArray a;
        skipSpace();
        if (peek() == ']') {
            ++m_pos;
            return a;
        }
        for (;;) {
            skipSpace();
            std::optional<QJsonValue> v = value(depth);
            if (!v) return std::nullopt;
            a.append(*v);
            skipSpace();
            if (peek() == ',') {
                ++m_pos;
                continue;
            }
            if (peek() == ']') {
                ++m_pos;
                return a;
            }
            return fail(atEnd() ? "the document ends inside an array"
                                : "expected ',' or ']' after a value in an array");
        }
    }

    std::optional<QJsonValue> number()
    {
        const std::size_t start = m_pos;
        auto digits = [this] {
            const std::size_t from = m_pos;
            while (!atEnd() && peek() >= '0' && peek() <= '9')
                ++m_pos;
            return m_pos - from;
        };
        if (peek() == '-') ++m_pos;
        if (peek() == '0') {
            ++m_pos;
            if (peek() >= '0' && peek() <= '9') return fail("a number cannot start with 0");
        } else if (digits() == 0) {
            return fail("a '-' must be followed by digits");
        }
        bool integer = true;
        if (peek() == '.') {
            ++m_pos;
            integer = false;
            if (digits() == 0) return fail("a '.' in a number must be followed by digits");
        }
        if (peek() == 'e' || peek() == 'E') {
            ++m_pos;
            integer = false;
            if (peek() == '+' || peek() == '-') ++m_pos;
            if (digits() == 0) return fail("an exponent needs digits");
        }
        const std::string_view literal = m_text.substr(start, m_pos - start);
        // The literal in a message, cut short if it is long.
        const std::string shown =
            literal.size() <= 40 ? std::string(literal) : std::string(literal.substr(0, 37)) + "…";
        double v = 0.0;
        const auto [end, ec] = std::from_chars(literal.data(), literal.data() + literal.size(), v);
        if (ec == std::errc::result_out_of_range && magnitude(literal) < 0) {
            v = 0.0; // an underflow (1e-400) is zero
        } else if (ec != std::errc() || end != literal.data() + literal.size() ||
                   !std::isfinite(v)) {
            m_pos = start;
            return fail("the number " + shown + " is too large for a double");
        }
        // Compared as text: 2^53 + 1 rounds to 2^53 as a double.
        const std::string_view magnitudeDigits = literal.substr(literal[0] == '-' ? 1 : 0);
        constexpr std::string_view kMaxDigits = "9007199254740992";
        if (integer &&
            (magnitudeDigits.size() > kMaxDigits.size() ||
             (magnitudeDigits.size() == kMaxDigits.size() && magnitudeDigits > kMaxDigits))) {
            m_pos = start;
            return fail("the integer " + shown +
                        " is beyond 2^53, where integers are no longer exact");
        }
        return QJsonValue(v);
    }

    // The decimal exponent of a number's leading significant digit (1234 → 3, 0.05 → -2,
    // 1e400 → 400), to tell an overflow from an underflow when from_chars says out of range.
    static long magnitude(std::string_view literal)
    {
        long leading = 0;
        bool seen = false; // a significant digit
        long position = 0; // of the next digit, relative to the decimal point
        std::size_t i = literal.empty() || literal[0] != '-' ? 0 : 1;
        for (; i < literal.size() && literal[i] >= '0' && literal[i] <= '9'; ++i)
            ++position;
        position = position - 1; // the first integer digit's exponent
        for (std::size_t j = literal[0] == '-' ? 1 : 0; j < i; ++j, --position)
            if (!seen && literal[j] != '0') leading = position, seen = true;
        if (i < literal.size() && literal[i] == '.') {
            position = -1;
            for (++i; i < literal.size() && literal[i] >= '0' && literal[i] <= '9'; ++i, --position)
                if (!seen && literal[i] != '0') leading = position, seen = true;
        }
        long exponent = 0;
        if (i < literal.size() && (literal[i] == 'e' || literal[i] == 'E')) {
            ++i;
            const bool negative = i < literal.size() && literal[i] == '-';
            if (i < literal.size() && (literal[i] == '-' || literal[i] == '+')) ++i;
            for (; i < literal.size(); ++i)
                exponent = std::min(exponent * 10 + (literal[i] - '0'), 1'000'000'000L);
            if (negative) exponent = -exponent;
        }
        return seen ? leading + exponent : -1;
    }

    static int hexValue(char c)
    {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    std::optional<char32_t> hex4()
    {
        if (m_pos + 4 > m_text.size()) return fail("\\u must be followed by four hex digits");
        char32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            const int h = hexValue(m_text[m_pos + std::size_t(i)]);
            if (h < 0) return fail("\\u must be followed by four hex digits");
            v = v * 16 + char32_t(h);
        }
        m_pos += 4;
        return v;
    }

    // One UTF-8 sequence starting at m_pos, validated (no overlong forms, no surrogates, at most
    // U+10FFFF).
    std::optional<char32_t> utf8()
    {
        const auto b0 = static_cast<unsigned char>(m_text[m_pos]);
        int length = 0;
        char32_t cp = 0;
        char32_t min = 0;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            length = 2, cp = b0 & 0x1F, min = 0x80;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            length = 3, cp = b0 & 0x0F, min = 0x800;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            length = 4, cp = b0 & 0x07, min = 0x10000;
        } else {
            return fail("invalid UTF-8 (" + describe(char(b0)) + ")");
        }
        if (m_pos + std::size_t(length) > m_text.size())
            return fail("invalid UTF-8 (a sequence cut short)");
        for (int i = 1; i < length; ++i) {
            const auto b = static_cast<unsigned char>(m_text[m_pos + std::size_t(i)]);
            if ((b & 0xC0) != 0x80) return fail("invalid UTF-8 (a sequence cut short)");
            cp = (cp << 6) | (b & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return fail("invalid UTF-8 (an overlong form, a surrogate or beyond U+10FFFF)");
        m_pos += std::size_t(length);
        return cp;
    }

    static void append(std::u16string& out, char32_t cp)
    {
        if (cp < 0x10000) {
            out.push_back(char16_t(cp));
        } else {
            cp -= 0x10000;
            out.push_back(char16_t(0xD800 + (cp >> 10)));
            out.push_back(char16_t(0xDC00 + (cp & 0x3FF)));
        }
    }

    // The characters as written, decoded to UTF-16 here (QString::fromUtf8 would drop a leading
    // U+FEFF).
    std::optional<QString> string()
    {
        ++m_pos; // "
        std::u16string out;
        for (;;) {
            if (atEnd()) return fail("the document ends inside a string");
            const auto c = static_cast<unsigned char>(peek());
            if (c == '"') {
                ++m_pos;
                return QString(reinterpret_cast<const QChar*>(out.data()), qsizetype(out.size()));
            }
            if (c < 0x20)
                return fail(describe(char(c)) +
                            " inside a string (control characters must be escaped, e.g. \\n)");
            if (c >= 0x80) {
                std::optional<char32_t> cp = utf8();
                if (!cp) return std::nullopt;
                append(out, *cp);
                continue;
            }
            ++m_pos;
            if (c != '\\') {
                out.push_back(char16_t(c));
                continue;
            }
            if (atEnd()) return fail("the document ends inside a string");
            const char e = peek();
            ++m_pos;
            switch (e) {
            case '"':
                out.push_back(u'"');
                break;
            case '\\':
                out.push_back(u'\\');
                break;
            case '/':
                out.push_back(u'/');
                break;
            case 'b':
                out.push_back(u'\b');
                break;
            case 'f':
                out.push_back(u'\f');
                break;
            case 'n':
                out.push_back(u'\n');
                break;
            case 'r':
                out.push_back(u'\r');
                break;
            case 't':
                out.push_back(u'\t');
                break;
            case 'u': {
                std::optional<char32_t> unit = hex4();
                if (!unit) return std::nullopt;
                char32_t cp = *unit;
                if (cp >= 0xDC00 && cp <= 0xDFFF) return fail("a lone low surrogate \\u escape");
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    if (m_text.substr(m_pos, 2) != "\\u")
                        return fail("a high surrogate \\u escape without its low half");
                    m_pos += 2;
                    std::optional<char32_t> low = hex4();
                    if (!low) return std::nullopt;
                    if (*low < 0xDC00 || *low > 0xDFFF)
                        return fail("a high surrogate \\u escape without its low half");
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (*low - 0xDC00);
                }
                append(out, cp);
                break;
            }
            default:
                m_pos -= 2;
                return fail("an unknown escape \\" + std::string(1, e) +
                            " (JSON has \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
            }
        }
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
    JsonSyntaxError m_error;
};

} // namespace

std::optional<QJsonValue> parseStrictJson(std::string_view text, JsonSyntaxError* error)
{
    Parser parser(text);
    std::optional<QJsonValue> v = parser.document();
    if (!v && error) *error = parser.error();
    return v;
}

} // namespace reslab

#pragma once
// JSON exactly as RFC 8259 defines it, for every document the tool reads whole (scenarios,
// pipelines, HAR, OTLP). Qt's parser is lenient where a typo should be an error: it takes `1.`,
// `.5` and `1.e1` as numbers, raw control characters inside strings, keeps the last of two equal
// keys, and drops a U+FEFF at the start of any string (so a stray BOM in an enum value or an id
// was silently "fixed"). This reader refuses all of that, with the byte offset and the reason:
//   - numbers: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, finite as a double; integers (no
//     fraction, no exponent) beyond ±2^53 are refused, because a double cannot hold them exactly
//     (a seed of 2^53 + 1 would silently become 2^53);
//   - strings: valid UTF-8, no raw character below U+0020, escapes \" \\ \/ \b \f \n \r \t and
//     \uXXXX with surrogates in pairs; every code point kept as it is written;
//   - objects: no key twice; nesting at most kMaxJsonDepth deep;
//   - nothing but whitespace (space, tab, LF, CR) after the value. A UTF-8 byte order mark at the
//     very start of the document is allowed (RFC 8259 §8.1 lets a parser ignore it; editors on
//     Windows write one).

#include <QJsonValue>
#include <optional>
#include <string>
#include <string_view>

namespace reslab {

// Deeper nesting than any scenario, HAR or OTLP file has, and shallow enough for the parser's
// recursion to be harmless.
inline constexpr int kMaxJsonDepth = 128;
// 2^53: the largest integer up to which every integer is exact as a double (JSON Schema's
// maximum for the scenario's integers).
inline constexpr double kMaxExactInteger = 9007199254740992.0;

struct JsonSyntaxError
{
    std::size_t offset = 0; // byte offset into the document
    std::string message;
};

std::optional<QJsonValue> parseStrictJson(std::string_view text, JsonSyntaxError* error = nullptr);

} // namespace reslab

#pragma once
// A fast parser for one JSON object of scalars on one line — what each line of a trace is — so
// that a million lines load in well under a second (QJsonDocument per line is several times
// slower). Anything else (nesting, trailing garbage, bad escapes) is refused with the column.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace reslab {

struct FlatValue
{
    enum class Type
    {
        Null,
        Bool,
        Number,
        String
    };
    Type type = Type::Null;
    bool boolean = false;
    std::string_view number; // the number's text, for exact parsing (see parseMillis)
    std::string text;        // strings, unescaped
};

struct FlatField
{
    std::string key;
    FlatValue value;
};

struct FlatObject
{
    std::vector<FlatField> fields;
    const FlatValue* find(std::string_view key) const;
};

// Parses `line` into `out` (reusing its storage); on failure returns the reason with its column.
std::optional<std::string> parseFlatObject(std::string_view line, FlatObject& out);

// A JSON number's text as a finite double.
std::optional<double> parseDouble(std::string_view number);

// (Milliseconds are read and written exactly by sim/millis.h.)

} // namespace reslab

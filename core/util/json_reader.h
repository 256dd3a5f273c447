#pragma once
// Reading JSON with precise complaints. Every value is read through an ObjectReader that knows its
// JSON path ("pipeline[1].backoff.multiplier"); a wrong type, an out-of-range number or a missing
// key becomes a Diagnostic naming that path, and rejectUnknown() turns any key nobody asked for
// into an error, so a typo never silently becomes a default.

#include "util/name_table.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace reslab {

struct Diagnostic
{
    std::string path; // JSON path; empty for the document itself
    std::string message;
};
using Diagnostics = std::vector<Diagnostic>;

struct NumberRule
{
    double min = -std::numeric_limits<double>::infinity();
    double max = std::numeric_limits<double>::infinity();
    bool minExclusive = false;
    static NumberRule atLeast(double v)
    {
        return NumberRule{v, std::numeric_limits<double>::infinity(), false};
    }
    static NumberRule above(double v)
    {
        return NumberRule{v, std::numeric_limits<double>::infinity(), true};
    }
    static NumberRule between(double lo, double hi) { return NumberRule{lo, hi, false}; }
};

std::string jsonTypeName(const QJsonValue& v);
// "line 3, column 14" (1-based) for a byte offset in a document: where a syntax error is.
std::string lineColumn(const QByteArray& text, qsizetype offset);
std::string indexPath(const std::string& path, std::size_t index);
std::string keyPath(const std::string& path, std::string_view key);

// Checks a number against a rule; returns the complaint or an empty string.
std::string checkNumber(double v, const NumberRule& rule);

class ObjectReader
{
public:
    ObjectReader(const QJsonValue& value, std::string path, Diagnostics& diagnostics);

    bool valid() const { return m_valid; }
    const std::string& path() const { return m_path; }
    std::string pathOf(std::string_view key) const { return keyPath(m_path, key); }
    Diagnostics& diagnostics() { return m_diagnostics; }
    void error(std::string_view key, std::string message);

    bool has(std::string_view key);
    // The raw value (Undefined when absent); marks the key as known.
    QJsonValue value(std::string_view key);
    void requireKey(std::string_view key);

    std::optional<double> number(std::string_view key, const NumberRule& rule = {});
    double number(std::string_view key, double fallback, const NumberRule& rule = {});
    std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max);
    std::optional<std::string> string(std::string_view key);
    std::optional<bool> boolean(std::string_view key);
    std::optional<QJsonArray> array(std::string_view key);
    // A string that must be one of `allowed`; anything else is an error listing them.
    std::optional<std::string> choice(std::string_view key,
                                      const std::vector<std::string_view>& allowed);
    template <class Enum, std::size_t N>
    std::optional<Enum> choice(std::string_view key, const NameTable<Enum, N>& table)
    {
        const auto name = choice(key, table.names());
        return name ? table.find(*name) : std::nullopt;
    }

    // Reports every key that was not asked for. Call once, after reading.
    void rejectUnknown();

private:
    QJsonObject m_object;
    std::string m_path;
    Diagnostics& m_diagnostics;
    std::set<std::string, std::less<>> m_known;
    bool m_valid = false;
};

} // namespace reslab

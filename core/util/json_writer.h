#pragma once
// A small streaming JSON writer that keeps keys in the order they are written (QJsonObject sorts
// them) and prints numbers in their shortest round-trip form, so saved scenarios read naturally
// and summaries are byte-identical from run to run.

#include <string>
#include <string_view>
#include <vector>

namespace reslab {

class JsonWriter
{
public:
    explicit JsonWriter(int indent = 2) : m_indent(indent) {}

    JsonWriter& beginObject();
    JsonWriter& endObject();
    JsonWriter& beginArray();
    JsonWriter& endArray();
    JsonWriter& key(std::string_view k);

    JsonWriter& value(std::string_view s);
    JsonWriter& value(const char* s) { return value(std::string_view(s)); }
    JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
    JsonWriter& value(double d);
    JsonWriter& value(std::int64_t i);
    JsonWriter& value(std::uint64_t u);
    JsonWriter& value(int i) { return value(static_cast<std::int64_t>(i)); }
    JsonWriter& value(bool b);
    JsonWriter& null();

    // Arrays of scalars on one line read better for short lists of numbers or names.
    JsonWriter& inlineArray(const std::vector<double>& values);
    JsonWriter& inlineArray(const std::vector<std::string>& values);

    const std::string& text() const { return m_out; }
    std::string take() { return std::move(m_out); }

    static std::string formatNumber(double d);
    static std::string quote(std::string_view s);
    // Appends `s` as a JSON string literal (no allocation beyond `out`'s).
    static void appendQuoted(std::string& out, std::string_view s);

private:
    void beforeValue();
    void newline();

    struct Level
    {
        bool isObject;
        bool empty = true;
    };
    std::string m_out;
    std::vector<Level> m_stack;
    bool m_afterKey = false;
    int m_indent;
};

} // namespace reslab

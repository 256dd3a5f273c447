#include "util/json_writer.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace reslab {

std::string JsonWriter::formatNumber(double d)
{
    if (!std::isfinite(d)) return "null"; // JSON has no NaN or infinity
    if (d == 0.0) return "0";             // also folds -0
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, d);
    return std::string(buf, res.ptr);
}

std::string JsonWriter::quote(std::string_view s)
{
    std::string out;
    appendQuoted(out, s);
    return out;
}

void JsonWriter::appendQuoted(std::string& out, std::string_view s)
{
    out += '"';
    for (char c : s) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char esc[8];
                std::snprintf(esc, sizeof esc, "\\u%04x", static_cast<unsigned>(c));
                out += esc;
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

void JsonWriter::newline()
{
    m_out += '\n';
    m_out.append(m_stack.size() * static_cast<std::size_t>(m_indent), ' ');
}

void JsonWriter::beforeValue()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (m_stack.empty()) return;
    Level& level = m_stack.back();
    if (!level.empty) m_out += ',';
    level.empty = false;
    newline();
}

JsonWriter& JsonWriter::key(std::string_view k)
{
    Level& level = m_stack.back();
    if (!level.empty) m_out += ',';
    level.empty = false;
    newline();
    m_out += quote(k);
    m_out += ": ";
    m_afterKey = true;
    return *this;
}

JsonWriter& JsonWriter::beginObject()
{
    beforeValue();
    m_out += '{';
    m_stack.push_back(Level{true});
    return *this;
}

JsonWriter& JsonWriter::endObject()
{
    const bool empty = m_stack.back().empty;
    m_stack.pop_back();
    if (!empty) newline();
    m_out += '}';
    if (m_stack.empty()) m_out += '\n';
    return *this;
}

JsonWriter& JsonWriter::beginArray()
{
    beforeValue();
    m_out += '[';
    m_stack.push_back(Level{false});
    return *this;
}

JsonWriter& JsonWriter::endArray()
{
    const bool empty = m_stack.back().empty;
    m_stack.pop_back();
    if (!empty) newline();
    m_out += ']';
    return *this;
}

JsonWriter& JsonWriter::value(std::string_view s)
{
    beforeValue();
    m_out += quote(s);
    return *this;
}

JsonWriter& JsonWriter::value(double d)
{
    beforeValue();
    m_out += formatNumber(d);
    return *this;
}

JsonWriter& JsonWriter::value(std::int64_t i)
{
    beforeValue();
    m_out += std::to_string(i);
    return *this;
}

JsonWriter& JsonWriter::value(std::uint64_t u)
{
    beforeValue();
    m_out += std::to_string(u);
    return *this;
}

JsonWriter& JsonWriter::value(bool b)
{
    beforeValue();
    m_out += b ? "true" : "false";
    return *this;
}

JsonWriter& JsonWriter::null()
{
    beforeValue();
    m_out += "null";
    return *this;
}

JsonWriter& JsonWriter::inlineArray(const std::vector<double>& values)
{
    beforeValue();
    m_out += '[';
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) m_out += ", ";
        m_out += formatNumber(values[i]);
    }
    m_out += ']';
    return *this;
}

JsonWriter& JsonWriter::inlineArray(const std::vector<std::string>& values)
{
    beforeValue();
    m_out += '[';
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) m_out += ", ";
        m_out += quote(values[i]);
    }
    m_out += ']';
    return *this;
}

} // namespace reslab

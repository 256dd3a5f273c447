#include "util/json_reader.h"

#include "util/json_writer.h"

#include <algorithm>
#include <cmath>

namespace reslab {

std::string lineColumn(const QByteArray& text, qsizetype offset)
{
    const QByteArray before = text.left(std::max<qsizetype>(0, offset));
    const qsizetype line = before.count('\n') + 1;
    const qsizetype column = before.size() - (before.lastIndexOf('\n') + 1) + 1;
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

std::string jsonTypeName(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return "null";
    case QJsonValue::Bool:
        return "a boolean";
    case QJsonValue::Double:
        return "a number";
    case QJsonValue::String:
        return "a string";
    case QJsonValue::Array:
        return "an array";
    case QJsonValue::Object:
        return "an object";
    case QJsonValue::Undefined:
        return "missing";
    }
    return "?";
}

std::string indexPath(const std::string& path, std::size_t index)
{
    return path + "[" + std::to_string(index) + "]";
}

std::string keyPath(const std::string& path, std::string_view key)
{
    return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string checkNumber(double v, const NumberRule& rule)
{
    if (!std::isfinite(v)) return "must be a finite number";
    if (rule.minExclusive ? !(v > rule.min) : !(v >= rule.min))
        return "must be " + std::string(rule.minExclusive ? "> " : "≥ ") +
               JsonWriter::formatNumber(rule.min) + ", got " + JsonWriter::formatNumber(v);
    if (!(v <= rule.max))
        return "must be ≤ " + JsonWriter::formatNumber(rule.max) + ", got " +
               JsonWriter::formatNumber(v);
    return {};
}

ObjectReader::ObjectReader(const QJsonValue& value, std::string path, Diagnostics& diagnostics)
    : m_path(std::move(path)), m_diagnostics(diagnostics)
{
    if (!value.isObject()) {
        m_diagnostics.push_back({m_path, "must be an object, not " + jsonTypeName(value)});
        return;
    }
    m_object = value.toObject();
    m_valid = true;
}

void ObjectReader::error(std::string_view key, std::string message)
{
    m_diagnostics.push_back({pathOf(key), std::move(message)});
}

bool ObjectReader::has(std::string_view key)
{
    m_known.emplace(key);
    return m_object.contains(QString::fromUtf8(key.data(), static_cast<qsizetype>(key.size())));
}

QJsonValue ObjectReader::value(std::string_view key)
{
    m_known.emplace(key);
    return m_object.value(QString::fromUtf8(key.data(), static_cast<qsizetype>(key.size())));
}

void ObjectReader::requireKey(std::string_view key)
{
    if (m_valid && !has(key)) error(key, "is required");
}

std::optional<double> ObjectReader::number(std::string_view key, const NumberRule& rule)
{
    const QJsonValue v = value(key);
    if (v.isUndefined()) return std::nullopt;
    if (!v.isDouble()) {
        error(key, "must be a number, not " + jsonTypeName(v));
        return std::nullopt;
    }
    const double d = v.toDouble();
    if (std::string complaint = checkNumber(d, rule); !complaint.empty()) {
        error(key, complaint);
        return std::nullopt;
    }
    return d;
}

double ObjectReader::number(std::string_view key, double fallback, const NumberRule& rule)
{
    return number(key, rule).value_or(fallback);
}

std::optional<std::int64_t> ObjectReader::integer(std::string_view key, std::int64_t min,
                                                  std::int64_t max)
{
    const auto d =
        number(key, NumberRule::between(static_cast<double>(min), static_cast<double>(max)));
    if (!d) return std::nullopt;
    if (std::trunc(*d) != *d) {
        error(key, "must be a whole number, got " + JsonWriter::formatNumber(*d));
        return std::nullopt;
    }
    return static_cast<std::int64_t>(*d);
}

std::optional<std::string> ObjectReader::string(std::string_view key)
{
    const QJsonValue v = value(key);
    if (v.isUndefined()) return std::nullopt;
    if (!v.isString()) {
        error(key, "must be a string, not " + jsonTypeName(v));
        return std::nullopt;
    }
    return v.toString().toStdString();
}

std::optional<bool> ObjectReader::boolean(std::string_view key)
{
    const QJsonValue v = value(key);
    if (v.isUndefined()) return std::nullopt;
    if (!v.isBool()) {
        error(key, "must be true or false, not " + jsonTypeName(v));
        return std::nullopt;
    }
    return v.toBool();
}

std::optional<QJsonArray> ObjectReader::array(std::string_view key)
{
    const QJsonValue v = value(key);
    if (v.isUndefined()) return std::nullopt;
    if (!v.isArray()) {
        error(key, "must be an array, not " + jsonTypeName(v));
        return std::nullopt;
    }
    return v.toArray();
}

std::optional<std::string> ObjectReader::choice(std::string_view key,
                                                const std::vector<std::string_view>& allowed)
{
    const auto s = string(key);
    if (!s) return std::nullopt;
    for (auto a : allowed)
        if (*s == a) return s;
    std::string list;
    for (auto a : allowed)
        list += (list.empty() ? "" : ", ") + std::string(a);
    error(key, "unknown value \"" + *s + "\" (expected one of: " + list + ")");
    return std::nullopt;
}

void ObjectReader::rejectUnknown()
{
    if (!m_valid) return;
    for (auto it = m_object.begin(); it != m_object.end(); ++it) {
        const std::string k = it.key().toStdString();
        if (m_known.count(k)) continue;
        std::string expected;
        for (const auto& known : m_known)
            expected += (expected.empty() ? "" : ", ") + known;
        error(k, "unknown key" +
                     (expected.empty() ? std::string() : " (expected one of: " + expected + ")"));
    }
}

} // namespace reslab

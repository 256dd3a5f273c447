#include "json_form_values.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>

namespace reslab::ui {

namespace {
using Kind = FieldSpec::Kind;

QJsonValue parseNumber(const QString& text, bool integer)
{
    const QString t = text.trimmed();
    if (t.isEmpty()) return QJsonValue(QJsonValue::Undefined);
    bool ok = false;
    const double v = t.toDouble(&ok);
    if (!ok) return t; // the validator names the field and says it wants a number
    if (integer && v == static_cast<double>(static_cast<qint64>(v))) return static_cast<qint64>(v);
    return v;
}

QJsonValue parseList(const QString& text, bool names)
{
    QJsonArray array;
    for (const QString& part : text.split(',', Qt::SkipEmptyParts)) {
        const QString t = part.trimmed();
        if (t.isEmpty()) continue;
        bool ok = false;
        const int n = names ? 0 : t.toInt(&ok);
        array.append(ok ? QJsonValue(n) : QJsonValue(t));
    }
    if (array.isEmpty()) return QJsonValue(QJsonValue::Undefined);
    return array;
}

} // namespace

QString numberText(const QJsonValue& v)
{
    if (v.isDouble()) return QString::number(v.toDouble(), 'g', 12);
    if (v.isString()) return v.toString(); // a refused value the user typed
    if (v.isUndefined() || v.isNull()) return {};
    return QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact))
        .mid(1)
        .chopped(1);
}

QString listText(const QJsonValue& v)
{
    if (!v.isArray()) return numberText(v);
    QStringList parts;
    for (const QJsonValue& item : v.toArray())
        parts << (item.isDouble() ? QString::number(item.toDouble(), 'g', 12) : item.toString());
    return parts.join(", ");
}

QStringList flagList(const QString& text)
{
    QStringList out;
    for (const QString& part : text.split(',', Qt::SkipEmptyParts))
        if (!part.trimmed().isEmpty()) out << part.trimmed();
    return out;
}

QJsonValue valueOfText(const FieldSpec& spec, const QString& text)
{
    if (spec.kind == Kind::List) return parseList(text, spec.names);
    if (spec.kind == Kind::Text)
        return text.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(text);
    // Always a string, even empty: an Envoy retry_on that names no class is still Envoy's (the
    // validator says it names none) rather than turning the retry into another kind.
    if (spec.kind == Kind::Flags) return QJsonValue(text.trimmed());
    return parseNumber(text, spec.kind == Kind::Integer);
}

QString commonPath(const QString& a, const QString& b)
{
    qsizetype end = 0;
    for (qsizetype i = 0; i <= std::min(a.size(), b.size()); ++i) {
        const bool aEnds = i == a.size() || a[i] == '.' || a[i] == '[';
        const bool bEnds = i == b.size() || b[i] == '.' || b[i] == '[';
        if (aEnds && bEnds) end = i;
        if (i == a.size() || i == b.size() || a[i] != b[i]) break;
    }
    return a.left(end);
}

bool sameValue(const QJsonValue& a, const QJsonValue& b)
{
    if (a.isDouble() && b.isDouble()) return a.toDouble() == b.toDouble();
    if (a.isUndefined() || b.isUndefined()) return a.isUndefined() && b.isUndefined();
    if (a.isArray() && b.isArray()) {
        const QJsonArray x = a.toArray(), y = b.toArray();
        if (x.size() != y.size()) return false;
        for (qsizetype i = 0; i < x.size(); ++i)
            if (!sameValue(x[i], y[i])) return false;
        return true;
    }
    return a == b;
}

} // namespace reslab::ui

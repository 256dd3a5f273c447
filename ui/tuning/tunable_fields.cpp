#include "tunable_fields.h"

#include "scenario/param_path.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QMap>
#include <QSet>
#include <cmath>

namespace reslab::ui {

namespace {
using Kind = FieldSpec::Kind;

// Counts run from a half to twice the current value, this many values at most.
constexpr int kMaxSuggestedCounts = 8;
// Numbers: from a quarter to four times the current value, on a log scale.
constexpr double kSuggestedSpan = 4.0;
constexpr int kSuggestedNumbers = 7;

QString tr(const char* text)
{
    return QCoreApplication::translate("TunableFields", text);
}

std::optional<QJsonValue> at(const QJsonObject& document, const QString& path)
{
    std::string error;
    const auto parsed = parseParamPath(path.toStdString(), error);
    if (!parsed) return std::nullopt;
    return valueAtPath(document, *parsed);
}

// Adds the fields of one part of the scenario (keys relative to `prefix`).
void addPart(QList<TunableField>& out, const QJsonObject& document, const QString& prefix,
             const QString& group, const FieldSpecs& fields)
{
    // A choice other fields depend on (a jitter's kind, a distribution's) is offered with the
    // values that need no other field: none, full and equal jitter, but no distribution kind.
    QMap<QString, QSet<QString>> needsFields;
    for (const FieldSpec& f : fields)
        if (!f.showKey.isEmpty())
            for (const QString& v : f.showValues)
                needsFields[f.showKey].insert(v);
    // The groups (optional objects) the part has: a field in one that is absent is not offered,
    // as sweeping it would switch the whole group on.
    QSet<QString> absentGroups;
    QMap<QString, QString> parentOf;
    for (const FieldSpec& f : fields) {
        parentOf[f.key] = f.parent;
        if (f.kind == Kind::Group && !at(document, prefix + f.key)) absentGroups.insert(f.key);
    }
    const auto inAbsentGroup = [&](const FieldSpec& f) {
        for (QString p = f.parent; !p.isEmpty(); p = parentOf.value(p))
            if (absentGroups.contains(p)) return true;
        return false;
    };
    for (FieldSpec f : fields) {
        if (f.kind == Kind::Text || f.kind == Kind::List || f.kind == Kind::Flags ||
            f.kind == Kind::Group || f.kind == Kind::Section)
            continue;
        if (inAbsentGroup(f)) continue;
        if (f.kind == Kind::Choice && f.choices.isEmpty()) continue; // a zone, with no zones
        // A distribution's kind, a workload's type, an endpoint's kind change what the part
        // is: the other kinds need keys of their own (a mixture's components) besides the form's.
        const QString last = f.key.section('.', -1);
        if (f.kind == Kind::Choice &&
            (last == QLatin1String("dist") || last == QLatin1String("type") ||
             last == QLatin1String("kind")))
            continue;
        if (needsFields.contains(f.key)) {
            QStringList free;
            for (const QString& c : f.choices)
                if (!needsFields[f.key].contains(c)) free << c;
            if (free.isEmpty()) continue;
            f.choices = free;
        }
        const QString path = prefix + f.key;
        if (path == QLatin1String("seed")) continue; // a sweep's seeds are its own
        const auto value = at(document, path);
        if (!f.showKey.isEmpty()) {
            const auto shownBy = at(document, prefix + f.showKey);
            const QString current = shownBy ? shownBy->toVariant().toString() : QString();
            if (!f.showValues.contains(current) && !value) continue;
        }
        TunableField t;
        t.path = path;
        t.group = group;
        t.label = f.label.trimmed();
        t.unit = f.unit;
        t.kind = f.kind;
        t.choices = f.choices;
        t.current = value.value_or(QJsonValue(QJsonValue::Undefined));
        t.defaultText = f.defaultText;
        out << t;
    }
}

void addPipeline(QList<TunableField>& out, const QJsonObject& document, const QString& prefix,
                 const QString& owner)
{
    const auto pipeline = at(document, prefix.chopped(1)); // "pipeline[", less the "["
    if (!pipeline || !pipeline->isArray()) return;
    const QJsonArray strategies = pipeline->toArray();
    for (qsizetype i = 0; i < strategies.size(); ++i) {
        const QString type = strategies.at(i).toObject().value("type").toString();
        const QString base = QStringLiteral("%1%2]").arg(prefix).arg(i);
        const QString group = QStringLiteral("%1%2 (%3)").arg(owner, strategyTitle(type), base);
        addPart(out, document, base + '.', group, strategyFields(strategies.at(i).toObject()));
    }
}

QString number(double v)
{
    return QString::number(v, 'g', 6);
}
} // namespace

QString TunableField::title() const
{
    QString text = group + QStringLiteral(" › ") + label;
    if (!unit.isEmpty()) text += QStringLiteral(" [%1]").arg(unit);
    return text;
}

QList<TunableField> tunableFields(const QJsonObject& document)
{
    QList<TunableField> out;
    const QJsonObject endpoints = document.value("endpoints").toObject();
    addPart(out, document, QString(), tr("Scenario"), generalFields(endpoints.keys()));
    addPart(out, document, QStringLiteral("workload."), tr("Workload"), workloadFields());
    for (auto it = endpoints.begin(); it != endpoints.end(); ++it) {
        const QString base = QStringLiteral("endpoints.%1").arg(it.key());
        const QString name = tr("Endpoint %1").arg(it.key());
        addPart(out, document, base + '.', name, endpointFields());
        const QJsonArray phases = it.value().toObject().value("phases").toArray();
        QStringList zones;
        for (const QJsonValue& z : it.value().toObject().value("zones").toArray())
            zones << z.toString();
        for (qsizetype i = 0; i < phases.size(); ++i)
            addPart(out, document, QStringLiteral("%1.phases[%2].").arg(base).arg(i),
                    tr("%1, phase %2").arg(name).arg(i + 1), phaseFields(zones));
        const QJsonArray calls = it.value().toObject().value("calls").toArray();
        for (qsizetype c = 0; c < calls.size(); ++c)
            addPipeline(out, document, QStringLiteral("%1.calls[%2].pipeline[").arg(base).arg(c),
                        tr("%1 → %2: ").arg(name, calls.at(c).toObject().value("to").toString()));
    }
    addPipeline(out, document, QStringLiteral("pipeline["), QString());
    return out;
}

QString suggestedValues(const TunableField& field)
{
    switch (field.kind) {
    case Kind::Boolean:
        return QStringLiteral("false,true");
    case Kind::Choice:
        return field.choices.join(',');
    case Kind::Integer: {
        const double v =
            field.current.isDouble() ? field.current.toDouble() : field.defaultText.toDouble();
        const auto current = static_cast<long long>(std::llround(v));
        const long long lo = std::max(1LL, current / 2), hi = std::max(lo + 1, current * 2);
        const long long count = std::min<long long>(hi - lo + 1, kMaxSuggestedCounts);
        return QStringLiteral("%1..%2/%3").arg(lo).arg(hi).arg(count);
    }
    case Kind::Number: {
        bool ok = false;
        double v =
            field.current.isDouble() ? field.current.toDouble() : field.defaultText.toDouble(&ok);
        if (!field.current.isDouble() && !ok) v = 0;
        if (v > 0)
            return QStringLiteral("log:%1..%2/%3")
                .arg(number(v / kSuggestedSpan), number(v * kSuggestedSpan))
                .arg(kSuggestedNumbers);
        return QStringLiteral("0..1/%1").arg(kSuggestedNumbers - 1);
    }
    case Kind::Text:
    case Kind::List:
    case Kind::Flags:
    case Kind::Group:
    case Kind::Section:
        break;
    }
    return {};
}

} // namespace reslab::ui

#include "field_helpers.h"

#include "sim/distribution.h"
#include "util/field_spec.h"

#include <QCoreApplication>

namespace reslab::ui::specs {

QString tr(const char* text)
{
    return QCoreApplication::translate("FieldSpecs", text);
}

QString number(double value)
{
    return QString::fromStdString(reslab::fields::text(value));
}

FieldSpec number(const QString& key, const char* label, const QString& unit, const QString& range,
                 const QString& defaultText, const char* tooltip, Kind kind)
{
    FieldSpec f;
    f.key = key;
    f.label = tr(label);
    f.kind = kind;
    f.unit = unit;
    f.range = range;
    f.defaultText = defaultText;
    f.tooltip = tr(tooltip);
    return f;
}

FieldSpec integer(const QString& key, const char* label, const QString& unit, const QString& range,
                  const QString& defaultText, const char* tooltip)
{
    return number(key, label, unit, range, defaultText, tooltip, Kind::Integer);
}

FieldSpec choice(const QString& key, const char* label, const QStringList& choices,
                 const QString& defaultText, const char* tooltip)
{
    FieldSpec f = number(key, label, {}, {}, defaultText, tooltip, Kind::Choice);
    f.choices = choices;
    return f;
}

FieldSpec boolean(const QString& key, const char* label, const char* tooltip)
{
    return number(key, label, {}, {}, QStringLiteral("false"), tooltip, Kind::Boolean);
}

FieldSpec text(const QString& key, const char* label, const QString& defaultText,
               const char* tooltip)
{
    return number(key, label, {}, {}, defaultText, tooltip, Kind::Text);
}

FieldSpec list(const QString& key, const char* label, const QString& defaultText,
               const char* tooltip)
{
    return number(key, label, {}, {}, defaultText, tooltip, Kind::List);
}

FieldSpec names(const QString& key, const char* label, const QString& defaultText,
                const char* tooltip)
{
    FieldSpec f = list(key, label, defaultText, tooltip);
    f.names = true;
    return f;
}

FieldSpec flags(const QString& key, const char* label, const QStringList& choices,
                const QString& defaultText, const char* tooltip)
{
    FieldSpec f = number(key, label, {}, {}, defaultText, tooltip, Kind::Flags);
    f.choices = choices;
    return f;
}

FieldSpec group(const QString& key, const char* label, const char* tooltip, const QString& json)
{
    FieldSpec f = number(key, label, {}, {}, {}, tooltip, Kind::Group);
    f.groupJson = json;
    return f;
}

FieldSpec section(const QString& id, const char* label)
{
    return number(id, label, {}, {}, {}, "", Kind::Section);
}

FieldSpec when(FieldSpec f, const QString& showKey, const QStringList& values)
{
    f.showKey = showKey;
    f.showValues = values;
    return f;
}

FieldSpecs in(const QString& parent, FieldSpecs fields)
{
    for (FieldSpec& f : fields)
        if (f.parent.isEmpty()) f.parent = parent;
    return fields;
}

void addDistribution(FieldSpecs& out, const QString& key, const char* label, const char* tooltip)
{
    const QString dist = key + ".dist";
    out << choice(dist, label, namesOf(kDistributionKindNames), QStringLiteral("0 ms"), tooltip);
    out << when(number(key + ".ms", "    value", "ms", "≥ 0", {}, "The constant duration."), dist,
                {"constant"});
    out << when(number(key + ".min_ms", "    min", "ms", "≥ 0", {}, "Uniform: the smallest value."),
                dist, {"uniform"});
    out << when(
        number(key + ".max_ms", "    max", "ms", "≥ min", {}, "Uniform: the largest value."), dist,
        {"uniform"});
    out << when(number(key + ".mean_ms", "    mean", "ms", "> 0", {}, "The mean."), dist,
                {"exponential", "normal"});
    out << when(number(key + ".sd_ms", "    std. deviation", "ms", "≥ 0", {},
                       "Normal: the standard deviation (truncated at 0)."),
                dist, {"normal"});
    out << when(number(key + ".median_ms", "    median", "ms", "> 0", {}, "Lognormal: the median."),
                dist, {"lognormal"});
    out << when(number(key + ".p99_ms", "    p99", "ms", "> median", {},
                       "Lognormal: the 99th percentile (σ = ln(p99/median) / 2.3263)."),
                dist, {"lognormal"});
    out << when(
        number(key + ".scale_ms", "    scale xₘ", "ms", "> 0", {}, "Pareto: the minimum value xₘ."),
        dist, {"pareto"});
    out << when(number(key + ".shape", "    shape α", {}, "> 0", {},
                       "Pareto: the tail index α; the mean is infinite for α ≤ 1."),
                dist, {"pareto"});
}

} // namespace reslab::ui::specs

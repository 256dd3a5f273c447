#pragma once
// Building the editor's field specs (field_specs.h): one helper per kind of field, so each
// declaration reads as a line of docs/scenario-format.md. Labels and tooltips are translated in
// the "FieldSpecs" context; choices come from the engine's name tables, never a copy of them.

#include "field_specs.h"

#include <string_view>

namespace reslab::ui::specs {

using Kind = FieldSpec::Kind;

QString tr(const char* text); // in the "FieldSpecs" context

FieldSpec number(const QString& key, const char* label, const QString& unit, const QString& range,
                 const QString& defaultText, const char* tooltip, Kind kind = Kind::Number);
FieldSpec integer(const QString& key, const char* label, const QString& unit, const QString& range,
                  const QString& defaultText, const char* tooltip);
FieldSpec choice(const QString& key, const char* label, const QStringList& choices,
                 const QString& defaultText, const char* tooltip);
FieldSpec boolean(const QString& key, const char* label, const char* tooltip);
FieldSpec text(const QString& key, const char* label, const QString& defaultText,
               const char* tooltip);
FieldSpec list(const QString& key, const char* label, const QString& defaultText,
               const char* tooltip);
// A list of names: every item stays a string ("1" is a zone called 1, not the number).
FieldSpec names(const QString& key, const char* label, const QString& defaultText,
                const char* tooltip);
// A string of names from `choices`, comma-separated (Envoy's retry_on).
FieldSpec flags(const QString& key, const char* label, const QStringList& choices,
                const QString& defaultText, const char* tooltip);
// An optional object, ticked to add `json` (its defaults) and unticked to remove it.
FieldSpec group(const QString& key, const char* label, const char* tooltip,
                const QString& json = QStringLiteral("{}"));
// A titled box; `id` names it for its fields' `parent` and is no key of the JSON.
FieldSpec section(const QString& id, const char* label);
FieldSpec when(FieldSpec f, const QString& showKey, const QStringList& values);
// The fields, in the box `parent` (a group's or a section's key).
FieldSpecs in(const QString& parent, FieldSpecs fields);

// A default as the editor shows it: 0.5, 25, 60000.
QString number(double value);

template <class Table> QStringList namesOf(const Table& table)
{
    QStringList out;
    for (const std::string_view name : table.names())
        out << QString::fromUtf8(name.data(), qsizetype(name.size()));
    return out;
}

// A distribution object (docs/scenario-format.md "Distributions"): its kind and that kind's keys.
// Mixtures and empirical lists are edited in the JSON tab.
void addDistribution(FieldSpecs& out, const QString& key, const char* label, const char* tooltip);

} // namespace reslab::ui::specs

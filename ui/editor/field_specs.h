#pragma once
// What the scenario editor's forms show: for each part of a scenario (general settings, the
// workload, an endpoint, a phase, each kind of strategy) the fields, with their unit, range,
// default and a tooltip naming the knob in the library it comes from (docs/scenario-format.md).
// Keys are JSON paths relative to the part, so the validator's messages land on their field.

#include "util/field_spec.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace reslab::ui {

struct FieldSpec
{
    using Kind = reslab::FieldSpec::Kind; // the engine's kinds (util/field_spec.h)
    QString key;
    QString label;
    Kind kind = Kind::Number;
    QString unit;        // shown after the field: "ms", "s", "/s", "× per retry"
    QString range;       // shown in the tooltip: "≥ 1", "0 … 1"
    QString defaultText; // shown greyed in the empty field
    QString tooltip;     // what it does and its name in the anchor library
    QStringList choices;
    // Shown only while the field `showKey` (relative, a Choice) holds one of `showValues`.
    QString showKey;
    QStringList showValues;
    // While absent, a choice's value is implied by another's (reslab::FieldSpec::impliedBy).
    QString impliedBy;
    QList<std::pair<QString, QString>> implied;
    // The key of the Group or Section box this field sits in ("" for the form itself).
    QString parent;
    // A Group: the object ticking it adds ("{}": every default applies).
    QString groupJson = QStringLiteral("{}");
    // A List whose items are names, kept as strings even when they look like numbers (zones).
    bool names = false;
    // Keys (relative) a value of this field needs beside it, written with it while they are
    // absent: an Envoy retry's backoff.initial_ms needs backoff.type "envoy".
    QList<std::pair<QString, QString>> alongside;
};

using FieldSpecs = QList<FieldSpec>;
// An engine field (a strategy descriptor's) as the editor shows it, translated.
FieldSpec fromEngine(const reslab::FieldSpec& field);

FieldSpecs generalFields(const QStringList& endpointIds);
FieldSpecs workloadFields();
FieldSpecs endpointFields();
// A phase's fields; `zones` are the endpoint's (a phase may hit one of them).
FieldSpecs phaseFields(const QStringList& zones = {});
// A host of a fleet that differs from the others (an endpoint's "hosts" entry).
FieldSpecs hostFields(const QStringList& zones = {});
// The strategy types, in the order the Add menu shows them, and the fields of each.
QStringList strategyTypes();
QString strategyTitle(const QString& type);
FieldSpecs strategyFields(const QString& type);
// The fields of this strategy as it stands: a retry whose retry_on is a string of Envoy's
// classes has Envoy's keys (docs/scenario-format.md, "retry in Envoy mode").
FieldSpecs strategyFields(const QJsonObject& strategy);
// What strategyFields(strategy) depends on besides the type: "retry/envoy" for Envoy's retry.
QString strategyForm(const QJsonObject& strategy);
// A new strategy of this type with the values a user most likely starts from.
QString newStrategyJson(const QString& type);

} // namespace reslab::ui

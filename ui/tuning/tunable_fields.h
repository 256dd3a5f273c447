#pragma once
// The parameters of the open scenario the Tuning page offers: every number, whole number, choice
// and switch the editor's forms show (editor/field_specs.h, the strategy descriptors' fields),
// each by the JSON path a sweep varies (scenario/param_path.h), with its label and unit, the
// value the scenario holds now and a range of values to start from.

#include "field_specs.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace reslab::ui {

struct TunableField
{
    QString path;  // "pipeline[0].backoff.initial_ms"
    QString group; // "Retry (pipeline[0])", "Endpoint orders", "Workload"
    QString label; // "Initial delay"
    QString unit;  // "ms"
    FieldSpec::Kind kind = FieldSpec::Kind::Number;
    QStringList choices;
    QJsonValue current; // Undefined when the scenario leaves it to its default
    QString defaultText;

    // "Retry (pipeline[0]) › Initial delay [ms]"
    QString title() const;
};

// In the order the editor shows them: general, workload, each endpoint and its phases and
// calls, then the client pipeline. Fields the scenario's choices hide (a uniform's bounds when
// the latency is lognormal) are left out; the choices that switch between forms offer only the
// values that need no other field (none, full or equal jitter; no distribution kind at all).
QList<TunableField> tunableFields(const QJsonObject& document);

// A range to start from, in --param syntax: around the current value (a factor of 4 each way on
// a log scale for a positive number, neighbouring whole numbers for a count), every choice for a
// choice, both for a switch.
QString suggestedValues(const TunableField& field);

} // namespace reslab::ui

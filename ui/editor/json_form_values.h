#pragma once
// How a form field's text and the JSON value it stands for map to each other: numbers typed as
// text (a refused one kept as the string typed, for the validator to name), lists typed
// comma-separated, Envoy's class strings kept strings; and the comparisons the form needs to
// leave text being typed alone.

#include "field_specs.h"

#include <QJsonValue>
#include <QString>
#include <QStringList>

namespace reslab::ui {

// A number (or any non-list value) as a field shows it; "" for none.
QString numberText(const QJsonValue& v);
// A list as "a, b, c".
QString listText(const QJsonValue& v);
// The value a field's text stands for (undefined: the key is removed).
QJsonValue valueOfText(const FieldSpec& spec, const QString& text);
// Split at commas, each name trimmed: "5xx, reset" → {"5xx", "reset"}.
QStringList flagList(const QString& text);
// The longest common path of two relative keys, by whole steps: "backoff.type" and
// "backoff.initial_ms" → "backoff".
QString commonPath(const QString& a, const QString& b);
// Equal as the form sees them (numbers by value, arrays item by item).
bool sameValue(const QJsonValue& a, const QJsonValue& b);

} // namespace reslab::ui

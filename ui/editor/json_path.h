#pragma once
// Reading and writing nested values of a JSON document by the scenario validator's paths
// ("pipeline[1].backoff.multiplier"), so that the editor's fields and the validator's messages
// speak the same language. QJsonObject is a value type: setValue() rebuilds the chain.

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace reslab::ui {

// "a.b" + "c" → "a.b.c"; "" + "c" → "c"; "a" + "[2]" → "a[2]".
QString joinPath(const QString& base, const QString& key);

QJsonValue valueAt(const QJsonObject& root, const QString& path);
// Sets (or, with an undefined value, removes) the value at path, creating objects on the way
// (removing a value that is not there creates none).
// A string standing where an object is needed becomes {"type": string} (e.g. a jitter named
// "full" that gets a factor), so no setting the user made is dropped.
void setValueAt(QJsonObject& root, const QString& path, const QJsonValue& value);

// Whether a validator path is the field's path or lies inside it.
bool pathCovers(const QString& fieldPath, const QString& diagnosticPath);

} // namespace reslab::ui

#include "json_path.h"

#include <QJsonArray>

namespace reslab::ui {

namespace {
// One step of a path: an object key or an array index.
struct PathStep
{
    QString key;
    int index = -1;
};

QList<PathStep> splitPath(const QString& path)
{
    QList<PathStep> steps;
    QString key;
    for (qsizetype i = 0; i < path.size(); ++i) {
        const QChar c = path[i];
        if (c == '.') {
            if (!key.isEmpty()) steps.append({key, -1});
            key.clear();
        } else if (c == '[') {
            if (!key.isEmpty()) steps.append({key, -1});
            key.clear();
            const qsizetype close = path.indexOf(']', i);
            steps.append({QString(), path.mid(i + 1, close - i - 1).toInt()});
            i = close;
        } else {
            key += c;
        }
    }
    if (!key.isEmpty()) steps.append({key, -1});
    return steps;
}

QJsonValue child(const QJsonValue& v, const PathStep& s)
{
    if (s.index >= 0)
        return v.isArray() ? v.toArray().at(s.index) : QJsonValue(QJsonValue::Undefined);
    return v.isObject() ? v.toObject().value(s.key) : QJsonValue(QJsonValue::Undefined);
}

QJsonValue withChild(QJsonValue container, const QList<PathStep>& steps, int at,
                     const QJsonValue& value)
{
    if (at == steps.size()) return value;
    const PathStep& s = steps[at];
    if (s.index >= 0) {
        QJsonArray array = container.toArray();
        while (array.size() <= s.index)
            array.append(QJsonObject());
        array[s.index] = withChild(array.at(s.index), steps, at + 1, value);
        return array;
    }
    QJsonObject object;
    if (container.isObject())
        object = container.toObject();
    else if (container.isString())
        object.insert("type", container.toString());
    const QJsonValue next = withChild(object.value(s.key), steps, at + 1, value);
    if (next.isUndefined())
        object.remove(s.key);
    else
        object.insert(s.key, next);
    return object;
}
} // namespace

QString joinPath(const QString& base, const QString& key)
{
    if (base.isEmpty()) return key;
    if (key.startsWith('[')) return base + key;
    return base + '.' + key;
}

QJsonValue valueAt(const QJsonObject& root, const QString& path)
{
    QJsonValue v = root;
    for (const PathStep& s : splitPath(path)) {
        v = child(v, s);
        if (v.isUndefined()) break;
    }
    return v;
}

void setValueAt(QJsonObject& root, const QString& path, const QJsonValue& value)
{
    // Removing what is not there changes nothing: no empty objects on the way to it.
    if (value.isUndefined() && valueAt(root, path).isUndefined()) return;
    root = withChild(root, splitPath(path), 0, value).toObject();
}

bool pathCovers(const QString& fieldPath, const QString& diagnosticPath)
{
    if (!diagnosticPath.startsWith(fieldPath)) return false;
    if (diagnosticPath.size() == fieldPath.size()) return true;
    const QChar next = diagnosticPath[fieldPath.size()];
    return next == '.' || next == '[';
}

} // namespace reslab::ui

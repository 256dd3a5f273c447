#pragma once
// A form over one part of a scenario's JSON (the workload, an endpoint, a strategy), built from
// FieldSpecs: each field shows its unit after it, its range and anchor in the tooltip, and the
// validator's message under it when its value is refused. Fields edit the JSON directly, so keys
// the form does not show are kept as they are; an empty field removes its key (the default
// applies).

#include "field_specs.h"

#include <QJsonObject>
#include <QWidget>
#include <map>

class QFormLayout;
class QLabel;

namespace reslab::ui {

class JsonForm : public QWidget
{
    Q_OBJECT
public:
    // `base` is the part's path in the document ("" for the top level, "pipeline[2]", …).
    JsonForm(const FieldSpecs& specs, const QString& base, QWidget* parent = nullptr);

    const QString& base() const { return m_base; }
    // Shows the document's values (fields being typed in keep their text).
    void load(const QJsonObject& document);
    // Marks the fields that the messages (path → message) are about; returns how many it marked.
    int showProblems(const QList<std::pair<QString, QString>>& problems);
    // The editor widget of a field, by its key relative to the base ("backoff.multiplier").
    QWidget* field(const QString& key) const;
    // Replaces a choice's list (an endpoint's zones); the next load() shows the value.
    void setChoices(const QString& key, const QStringList& choices);
    // The message shown under a field ("" when it is valid).
    QString problem(const QString& key) const;

signals:
    // A field changed the document's value at `path` (an undefined value removes the key).
    void edited(const QString& path, const QJsonValue& value);

private:
    struct Row
    {
        FieldSpec spec;
        QWidget* editor = nullptr;     // a group's or section's box
        QWidget* content = nullptr;    // a group's fields, shown while it is ticked
        QFormLayout* layout = nullptr; // the form or box the row is in
        QLabel* problem = nullptr;
        int formRow = 0;
    };
    QWidget* makeEditor(Row& row);
    void addBox(Row& row, std::map<QString, QFormLayout*>& boxes);
    QWidget* flagsMenu(const Row& row);
    void toggleFlag(const QString& key, const QString& flag, bool on);
    void emitValue(const Row& row);
    QString choiceValue(const QString& key) const;
    void updateVisibility();

    QString m_base;
    QFormLayout* m_layout = nullptr;
    std::map<QString, Row> m_rows; // by key
    QList<QString> m_order;
    QJsonObject m_document;
    bool m_loading = false;
};

} // namespace reslab::ui

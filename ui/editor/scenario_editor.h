#pragma once
// The scenario editor (the main window's dock): general settings and workload, endpoints with
// their phases, the pipeline, and the whole document as JSON for what the forms do not cover.
// It edits the scenario's JSON and runs the engine's own validator on every change, so a field
// shows exactly the message `resilience-lab validate` would print; the scenario is usable
// (isValid) only when there are no messages.

#include "scenario/scenario_io.h"

#include <QJsonObject>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTimer;

namespace reslab::ui {

class EndpointEditor;
class JsonForm;
class PipelineEditor;

class ScenarioEditor : public QWidget
{
    Q_OBJECT
public:
    // Trace files the scenario names are loaded through `traces`, which must outlive the editor.
    explicit ScenarioEditor(TraceCache& traces, QWidget* parent = nullptr);

    // Replaces the document (a file was opened) and the folder its trace files are read relative
    // to; validates once; emits validityChanged, not edited.
    void setDocument(const QJsonObject& document, const QString& baseDir);
    // The folder trace files are read relative to (the scenario file's); revalidates.
    void setBaseDir(const QString& dir);
    const QString& baseDir() const { return m_baseDir; }
    const QJsonObject& document() const { return m_document; }
    bool isValid() const { return m_load.scenario.has_value() && m_jsonError.isEmpty(); }
    const std::optional<Scenario>& scenario() const { return m_load.scenario; }
    const Diagnostics& diagnostics() const { return m_load.diagnostics; }
    // Every problem, "path: message", one per line.
    QString problems() const;

    // The editor of a field by its full path ("pipeline[0].backoff.multiplier"), for tests.
    QWidget* field(const QString& path) const;
    QString fieldProblem(const QString& path) const;
    PipelineEditor* pipeline() const { return m_pipeline; }
    EndpointEditor* endpoints() const { return m_endpoints; }
    QTabWidget* tabs() const { return m_tabs; }

signals:
    // The user changed the document (the scenario may now be invalid).
    void edited();
    void validityChanged(bool valid);
    void strategySelected(int index);

private:
    void apply(const QString& path, const QJsonValue& value);
    void validate();
    void markProblems();
    void reloadForms();
    void applyJsonText();
    QList<JsonForm*> forms() const;

    TraceCache& m_traces;
    QJsonObject m_document;
    ScenarioLoad m_load;
    QString m_jsonError;
    QTabWidget* m_tabs = nullptr;
    JsonForm* m_general = nullptr;
    JsonForm* m_workload = nullptr;
    EndpointEditor* m_endpoints = nullptr;
    PipelineEditor* m_pipeline = nullptr;
    QPlainTextEdit* m_json = nullptr;
    QTimer* m_jsonTimer = nullptr;
    QLabel* m_problems = nullptr;
    QStringList m_endpointIds;
    QString m_baseDir;
    bool m_settingJsonText = false;
};

} // namespace reslab::ui

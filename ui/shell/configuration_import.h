#pragma once
// File ▸ Open Configuration…: a resilience4j application.yml, an appsettings.json of Polly's
// standard handler, a gRPC service config or an AWS config file, imported as a scenario
// (core/configimport, docs/import-config.md) and opened unsaved in the editor. The report — the
// defaults the library filled in, what is not simulated, the skeleton endpoint — is shown beside
// it and kept in the scenario's description.

#include <QObject>
#include <QString>
#include <QStringList>
#include <functional>

class QAction;
class QMenu;
class QWidget;

namespace reslab::ui {

class ScenarioDocument;

class ConfigurationImport final : public QObject
{
    Q_OBJECT
public:
    ConfigurationImport(QWidget* window, ScenarioDocument* document);

    // Adds "Open Configuration…" to the File menu right after `after` (Open Scenario…).
    QAction* addTo(QMenu* file, QAction* after);
    // Imports `path` and opens the scenario; when the file holds several instances (profiles,
    // sections, method configs) and `instance` is empty, asks which. False (the problem reported)
    // when the file cannot be imported or the unsaved-changes question was answered Cancel.
    bool open(const QString& path, const QString& instance = {});
    // Replaces the question of which instance to import (tests answer it without a dialog);
    // an empty answer cancels.
    void setInstanceChooser(std::function<QString(const QStringList&)> chooser)
    {
        m_chooser = std::move(chooser);
    }
    // The report of the last import (empty before one).
    const QString& lastReport() const { return m_report; }

signals:
    void problem(const QString& title, const QString& text);
    void status(const QString& text, int timeoutMs);

private:
    QWidget* m_window;
    ScenarioDocument* m_document;
    std::function<QString(const QStringList&)> m_chooser;
    QString m_report;
};

} // namespace reslab::ui

#include "configuration_import.h"

#include "configimport/config_import.h"
#include "scenario/scenario_io.h"
#include "scenario_document.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QJsonDocument>
#include <QMenu>
#include <QMessageBox>

namespace reslab::ui {

ConfigurationImport::ConfigurationImport(QWidget* window, ScenarioDocument* document)
    : QObject(window), m_window(window), m_document(document)
{
    m_chooser = [this](const QStringList& names) {
        bool ok = false;
        const QString name =
            QInputDialog::getItem(m_window, tr("Open Configuration"),
                                  tr("The file configures several; import:"), names, 0, false, &ok);
        return ok ? name : QString();
    };
}

QAction* ConfigurationImport::addTo(QMenu* file, QAction* after)
{
    auto* action = new QAction(tr("Open &Configuration…"), file);
    action->setStatusTip(tr("A resilience4j application.yml, Polly appsettings.json, gRPC service "
                            "config or AWS config file, as a scenario"));
    connect(action, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            m_window, tr("Open Configuration"), QString(),
            tr("Configurations (*.yml *.yaml *.json *.ini *.config config);;All files (*)"));
        if (!path.isEmpty()) open(path);
    });
    const QList<QAction*> actions = file->actions();
    const qsizetype at = actions.indexOf(after);
    file->insertAction(at >= 0 && at + 1 < actions.size() ? actions[at + 1] : nullptr, action);
    return action;
}

bool ConfigurationImport::open(const QString& path, const QString& instance)
{
    ConfigImportOptions options;
    options.instance = instance.toStdString();
    ConfigImport result = importConfigFiles({path.toStdString()}, options);
    if (result.config && instance.isEmpty() && result.config->instances.size() > 1) {
        QStringList names;
        for (const std::string& n : result.config->instances)
            names << QString::fromStdString(n);
        const QString chosen = m_chooser(names);
        if (chosen.isEmpty()) return false;
        if (chosen.toStdString() != result.config->instance) {
            options.instance = chosen.toStdString();
            result = importConfigFiles({path.toStdString()}, options);
        }
    }
    if (!result.config) {
        const QString text = QString::fromStdString(formatConfigProblems(result.problems));
        emit status(tr("Cannot import: %1").arg(text.section('\n', 0, 0)), 0);
        emit problem(tr("Cannot import configuration"), text);
        return false;
    }
    const ImportedConfig& c = *result.config;
    const QByteArray json = QByteArray::fromStdString(scenarioToJson(c.scenario));
    if (!m_document->openUnsaved(QJsonDocument::fromJson(json).object())) return false;
    m_report = QString::fromStdString(importReportText(c, ""));
    emit status(tr("Imported %1: %2 strategies, %3 defaults filled in")
                    .arg(QFileInfo(path).fileName())
                    .arg(c.scenario.pipeline.size())
                    .arg(c.defaults.size()),
                0);
    // Not modal: the editor and the run stay usable beside it.
    auto* box = new QMessageBox(QMessageBox::Information, tr("Configuration imported"),
                                tr("%1 became a scenario with %2 strategies. %3 defaults the "
                                   "library fills in and %4 notes are listed below and in the "
                                   "scenario's description; the endpoint is a skeleton to edit.")
                                    .arg(QFileInfo(path).fileName())
                                    .arg(c.scenario.pipeline.size())
                                    .arg(c.defaults.size())
                                    .arg(c.notes.size()),
                                QMessageBox::Ok, m_window);
    box->setDetailedText(m_report);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setModal(false);
    box->show();
    return true;
}

} // namespace reslab::ui

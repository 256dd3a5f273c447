#include "scenario_document.h"

#include "scenario/scenario_io.h"
#include "scenario_editor.h"
#include "util/output_file.h"
#include "util/strict_json.h"
#include "window_settings.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonDocument>
#include <QMenu>

namespace reslab::ui {

namespace {
// File ▸ New starts from a small, valid scenario: a flaky API behind a retry.
constexpr const char* kNewScenario = R"({
  "format": "resilience-lab.scenario/1",
  "name": "Untitled scenario",
  "description": "A flaky API behind a retry with exponential backoff and full jitter.",
  "seed": 1,
  "duration_s": 120,
  "workload": {"type": "open", "rate_per_s": 50},
  "target": "api",
  "pipeline": [
    {"type": "retry", "max_attempts": 3, "backoff": {"type": "exponential", "initial_ms": 100, "multiplier": 2, "max_ms": 5000}, "jitter": "full"}
  ],
  "endpoints": {
    "api": {"latency": {"dist": "lognormal", "median_ms": 40, "p99_ms": 250}, "failures": {"error": 0.05}}
  }
})";

bool isResource(const QString& path)
{
    return path.startsWith(QStringLiteral(":/"));
}

QString withJsonSuffix(const QString& path)
{
    return path.endsWith(".json") ? path : path + ".json";
}
} // namespace

ScenarioDocument::ScenarioDocument(QWidget* window, ScenarioEditor* editor)
    : QObject(window), m_window(window), m_editor(editor)
{
}

ScenarioDocument::Actions ScenarioDocument::addTo(QMenu* file)
{
    Actions actions{};
    actions.newScenario =
        file->addAction(tr("&New Scenario"), QKeySequence::New, this, [this] { newScenario(); });
    actions.open = file->addAction(tr("&Open Scenario…"), QKeySequence::Open, this, [this] {
        const QString dir = m_path.isEmpty() ? QString() : QFileInfo(m_path).absolutePath();
        const QString path = QFileDialog::getOpenFileName(m_window, tr("Open Scenario"), dir,
                                                          tr("Scenarios (*.json)"));
        if (!path.isEmpty()) open(path);
    });
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addSeparator();
    actions.save = file->addAction(tr("&Save"), QKeySequence::Save, this, [this] { save(); });
    file->addAction(tr("Save &As…"), QKeySequence::SaveAs, this, [this] {
        const QString suggested = m_path.isEmpty() ? QFileInfo(m_origin).fileName() : m_path;
        const QString path = QFileDialog::getSaveFileName(m_window, tr("Save Scenario As"),
                                                          suggested, tr("Scenarios (*.json)"));
        if (!path.isEmpty()) saveAs(withJsonSuffix(path));
    });
    rebuildRecentMenu();
    return actions;
}

bool ScenarioDocument::open(const QString& path)
{
    if (!confirmDiscard()) return false;
    const std::string name = QFileInfo(path).fileName().toStdString();
    // Read once; the editor parses and validates the document once.
    Diagnostics problems;
    const std::optional<QByteArray> bytes = readScenarioBytes(path.toStdString(), problems);
    const std::optional<QJsonValue> parsed =
        bytes ? parseStrictJson(std::string_view(bytes->constData(), std::size_t(bytes->size())))
              : std::nullopt;
    if (!parsed || !parsed->isObject()) {
        // Not a scenario at all: keep what is open. The reader says why, with line and column.
        if (bytes) problems = parseScenario(*bytes).diagnostics;
        const QString text = QString::fromStdString(formatDiagnostics(name, problems));
        emit status(tr("Cannot open: %1").arg(text.section('\n', 0, 0)), 0);
        emit problem(tr("Cannot open scenario"), text);
        return false;
    }
    load(parsed->toObject(), path);
    addRecentFile(path);
    if (!m_editor->isValid()) {
        const QString text =
            QString::fromStdString(formatDiagnostics(name, m_editor->diagnostics()));
        emit status(tr("Invalid scenario: %1").arg(text.section('\n', 0, 0)), 0);
        emit problem(tr("Invalid scenario"),
                     tr("%1\n\nThe scenario is open in the editor so you can fix it; Run stays "
                        "off until it is valid.")
                         .arg(text));
        return false;
    }
    return true;
}

void ScenarioDocument::newScenario()
{
    if (!confirmDiscard()) return;
    load(QJsonDocument::fromJson(kNewScenario).object(), QString());
}

bool ScenarioDocument::openUnsaved(const QJsonObject& document)
{
    if (!confirmDiscard()) return false;
    load(document, QString());
    setDirty(true); // nowhere on disk yet: Save asks for a file
    return true;
}

void ScenarioDocument::load(const QJsonObject& document, const QString& path)
{
    m_editor->setDocument(document,
                          path.isEmpty() ? QDir::currentPath() : QFileInfo(path).absolutePath());
    m_origin = path;
    m_path = isResource(path) ? QString() : path; // presets are read-only: Save asks for a file
    m_dirty = false;
    emit loaded();
    emit titleChanged();
}

bool ScenarioDocument::save()
{
    if (!m_path.isEmpty()) return saveAs(m_path);
    const QString path = QFileDialog::getSaveFileName(
        m_window, tr("Save Scenario"), QFileInfo(m_origin).fileName(), tr("Scenarios (*.json)"));
    return !path.isEmpty() && saveAs(withJsonSuffix(path));
}

bool ScenarioDocument::saveAs(const QString& path)
{
    // A valid scenario is written in the file format's readable key order; an invalid one as it
    // stands, so that nothing typed is lost (it will not load until fixed). Either way the file
    // is written beside the target and renamed over it only once complete.
    std::string error;
    bool ok = false;
    if (m_editor->isValid()) {
        ok = saveScenarioFile(*m_editor->scenario(), path.toStdString(), &error);
    } else {
        ok = writeFileAtomically(
            path.toStdString(),
            QJsonDocument(m_editor->document()).toJson(QJsonDocument::Indented).toStdString(),
            &error);
    }
    if (!ok) {
        const QString text = QString::fromStdString(error);
        emit status(tr("Not saved: %1").arg(text), 0);
        emit problem(tr("Not saved"), text);
        return false;
    }
    m_path = path;
    m_origin = path;
    // Trace files are relative to the new folder now. A valid scenario reloads what was written
    // (trace names made relative to that folder, the format's key order).
    const QString dir = QFileInfo(path).absolutePath();
    QFile saved(path);
    if (m_editor->isValid() && saved.open(QIODevice::ReadOnly))
        m_editor->setDocument(QJsonDocument::fromJson(saved.readAll()).object(), dir);
    else
        m_editor->setBaseDir(dir);
    setDirty(false);
    addRecentFile(path);
    emit status(
        m_editor->isValid()
            ? tr("Saved %1").arg(path)
            : tr("Saved %1 (with problems: it will not run until they are fixed)").arg(path),
        5000);
    return true;
}

bool ScenarioDocument::confirmDiscard()
{
    if (!m_dirty) return true;
    QMessageBox::StandardButton answer = QMessageBox::Cancel;
    if (m_prompt) {
        answer = m_prompt();
    } else {
        answer = QMessageBox::question(
            m_window, tr("Unsaved changes"),
            tr("The scenario has changes that are not saved. Save them first?"),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    }
    if (answer == QMessageBox::Save) return save();
    return answer == QMessageBox::Discard;
}

void ScenarioDocument::setDirty(bool dirty)
{
    m_dirty = dirty;
    emit titleChanged();
}

QString ScenarioDocument::windowTitle() const
{
    if (m_origin.isEmpty() && !m_editor->isEnabled()) return tr("Resilience Lab");
    const QString file = !m_path.isEmpty() ? QFileInfo(m_path).fileName()
                         : m_origin.isEmpty()
                             ? tr("Untitled")
                             : tr("%1 (preset)").arg(QFileInfo(m_origin).completeBaseName());
    return tr("%1[*] — Resilience Lab").arg(file);
}

void ScenarioDocument::addRecentFile(const QString& path)
{
    if (isResource(path)) return;
    WindowSettings::addRecentFile(path);
    rebuildRecentMenu();
}

void ScenarioDocument::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = WindowSettings::recentFiles();
    for (const QString& path : recent)
        m_recentMenu->addAction(QFileInfo(path).fileName(), this, [this, path] { open(path); })
            ->setStatusTip(path);
    m_recentMenu->setEnabled(!recent.isEmpty());
}

} // namespace reslab::ui

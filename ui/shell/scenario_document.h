#pragma once
// The scenario file the testbench edits: New, Open, Save and Save As, the recent files, the
// unsaved-changes marker and question. A file is read once and its document handed to the
// editor; the window hears `loaded` and (re)starts the run from the editor's scenario.

#include <QMessageBox>
#include <QObject>
#include <QString>
#include <functional>

class QAction;
class QJsonObject;
class QMenu;
class QWidget;

namespace reslab::ui {

class ScenarioEditor;

class ScenarioDocument final : public QObject
{
    Q_OBJECT
public:
    ScenarioDocument(QWidget* window, ScenarioEditor* editor);

    // Adds New, Open, Open Recent, Save and Save As to the File menu; New, Open and Save are
    // returned for the toolbar.
    struct Actions
    {
        QAction* newScenario;
        QAction* open;
        QAction* save;
    };
    Actions addTo(QMenu* file);

    // Opens a scenario file into the editor; false (with the problem reported) if it is not a
    // valid scenario — a file that is JSON stays open in the editor, to be fixed there.
    bool open(const QString& path);
    void newScenario();
    // A scenario made here, not read from a file (a trace's fitted model): in the editor, unsaved,
    // after the unsaved-changes question; false when that was answered Cancel.
    bool openUnsaved(const QJsonObject& document);
    bool save();
    bool saveAs(const QString& path);
    // Asks about unsaved changes: true when they are saved or may be dropped.
    bool confirmDiscard();
    void setDirty(bool dirty);

    bool isDirty() const { return m_dirty; }
    const QString& path() const { return m_path; } // empty for a new scenario or a preset
    QString windowTitle() const;
    // Replaces the unsaved-changes question (tests answer it without a modal dialog).
    void setUnsavedChangesPrompt(std::function<QMessageBox::StandardButton()> prompt)
    {
        m_prompt = std::move(prompt);
    }

signals:
    void loaded();                                           // the editor holds a new document
    void problem(const QString& title, const QString& text); // not opened, not valid, not saved
    void status(const QString& text, int timeoutMs);
    void titleChanged();

private:
    void load(const QJsonObject& document, const QString& path);
    void addRecentFile(const QString& path);
    void rebuildRecentMenu();

    QWidget* m_window;
    ScenarioEditor* m_editor;
    QMenu* m_recentMenu = nullptr;
    QString m_path;   // the file being edited
    QString m_origin; // what was opened (a preset's resource path too), for the title
    bool m_dirty = false;
    std::function<QMessageBox::StandardButton()> m_prompt;
};

} // namespace reslab::ui

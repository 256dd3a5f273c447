#include "preset_menu.h"

#include "scenario/scenario_io.h"

#include <QAction>
#include <QDir>
#include <QMenu>

namespace reslab::ui {

void addPresets(QMenu* menu, const std::function<void(const QString& path)>& open)
{
    menu->setToolTipsVisible(true);
    const QDir dir(QStringLiteral(":/presets"));
    for (const QString& name : dir.entryList({"*.json"}, QDir::Files, QDir::Name)) {
        const QString path = dir.filePath(name);
        Diagnostics ignored; // a preset that does not parse is listed by its file name
        const std::optional<QByteArray> bytes = readScenarioBytes(path.toStdString(), ignored);
        const ScenarioLoad load = bytes ? parseScenario(*bytes) : ScenarioLoad{};
        const QString title = load.scenario ? QString::fromStdString(load.scenario->name) : name;
        QAction* a = menu->addAction(title, menu, [open, path] { open(path); });
        if (load.scenario) {
            const QString description = QString::fromStdString(load.scenario->description);
            a->setStatusTip(description.section(". ", 0, 0));
            a->setToolTip(description);
        }
    }
}

} // namespace reslab::ui

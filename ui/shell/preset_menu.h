#pragma once
// The bundled presets (":/presets/*.json") by theme: the Presets menu has a submenu per theme,
// each preset by its name with its description's first sentence as the status tip and the whole
// of it as the tooltip; the welcome page lists the same.

#include <QString>
#include <functional>
#include <vector>

class QMenu;

namespace reslab::ui {

struct Preset
{
    QString path;        // ":/presets/outage-and-recovery.json"
    QString name;        // the scenario's name (the file's, if it does not parse)
    QString description; // the scenario's description
    QString theme;       // "Breakers and outages", …; kOtherPresets for a file the table lacks
};

inline const QString kOtherPresets = QStringLiteral("Other");

// The theme a preset file ("outage-and-recovery.json") is listed under, or kOtherPresets.
QString presetTheme(const QString& fileName);
// The themes in menu order.
const std::vector<QString>& presetThemes();
// Every bundled preset, by theme (in menu order), then by file name.
std::vector<Preset> bundledPresets();
// The first sentence of a description (a status tip, a line on the welcome page).
QString firstSentence(const QString& description);

void addPresets(QMenu* menu, const std::function<void(const QString& path)>& open);

} // namespace reslab::ui

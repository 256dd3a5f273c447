#pragma once
// The Presets menu: every scenario bundled as a resource (":/presets/*.json"), by its name, with
// its description's first sentence as the status tip and the whole of it as the tooltip.

#include <QString>
#include <functional>

class QMenu;

namespace reslab::ui {

void addPresets(QMenu* menu, const std::function<void(const QString& path)>& open);

} // namespace reslab::ui

#pragma once
// The run picker of the pages that show one run at a time (Attempts, Events): "Run [▾]" above
// the page, hidden while only one run goes; and the colour-and-dash swatch that names a run in
// pickers and table headers (Qt Charts' legend markers cannot show dashes).

#include "live_model.h"

#include <QIcon>

class QComboBox;
class QVBoxLayout;

namespace reslab::ui {

QIcon runSwatch(const RunStyle& style);

class RunPicker
{
public:
    // Adds the picker's row to `layout` and fills it with the model's runs.
    void addTo(QVBoxLayout* layout, LiveModel& model);
    void refill(const LiveModel& model);
    std::size_t current() const;
    QComboBox* combo() const { return m_combo; }

private:
    QComboBox* m_combo = nullptr;
};

} // namespace reslab::ui

#pragma once
// A message laid over a view that has nothing to show yet, covering it, so an empty chart does not
// read as axes from 0 to 1 ("0 0 1 1 1") but says what fills it.

#include <QLabel>

namespace reslab::ui {

class EmptyState : public QLabel
{
    Q_OBJECT
public:
    // Covers `view` (as its child, kept to its size) while shown.
    EmptyState(QWidget* view, const QString& text);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
};

} // namespace reslab::ui

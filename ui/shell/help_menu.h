#pragma once
// The Help menu: the keyboard shortcuts (read from the window's actions and shortcuts, so the list
// stays true as they change) and what the testbench is.

#include <QString>

class QMainWindow;
class QMenu;

namespace reslab::ui {

// The window's shortcuts as an HTML table: every action and QShortcut with keys, by its text or
// its "what's this".
QString shortcutsHtml(const QMainWindow& window);
QMenu* addHelpMenu(QMainWindow& window);

} // namespace reslab::ui

#include "help_menu.h"

#include <QAction>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QShortcut>
#include <map>

namespace reslab::ui {

QString shortcutsHtml(const QMainWindow& window)
{
    // Keys → what they do; several digit shortcuts read better as one row.
    std::map<QString, QString> rows;
    for (const QAction* a : window.findChildren<QAction*>()) {
        if (a->shortcut().isEmpty() || a->text().isEmpty()) continue;
        QString text = a->text();
        text.remove('&');
        text.remove(QStringLiteral("…"));
        rows[a->shortcut().toString(QKeySequence::NativeText)] = text;
    }
    bool digits = false;
    for (const QShortcut* s : window.findChildren<QShortcut*>()) {
        // Shift+Tab is registered as the Backtab key it arrives as; it is typed as Shift+Tab.
        QString keys = s->key().toString(QKeySequence::NativeText);
        keys.replace(QLatin1String("Backtab"), QLatin1String("Tab"));
        if (keys.size() == 6 && keys.startsWith("Ctrl+") && keys.back().isDigit()) {
            digits = true;
            continue;
        }
        if (!s->whatsThis().isEmpty()) rows[keys] = s->whatsThis();
    }
    if (digits) rows[QObject::tr("Ctrl+1 … Ctrl+9")] = QObject::tr("The first nine views listed");
    QString html = QObject::tr("<table cellspacing='4'>");
    for (const auto& [keys, what] : rows)
        html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                    .arg(keys.toHtmlEscaped(), what.toHtmlEscaped());
    return html + QStringLiteral("</table>");
}

QMenu* addHelpMenu(QMainWindow& window)
{
    QMenu* help = window.menuBar()->addMenu(QObject::tr("&Help"));
    QAction* keys = help->addAction(QObject::tr("&Keyboard Shortcuts"), &window, [&window] {
        QMessageBox box(&window);
        box.setWindowTitle(QObject::tr("Keyboard shortcuts"));
        box.setTextFormat(Qt::RichText);
        box.setText(shortcutsHtml(window));
        box.exec();
    });
    keys->setShortcut(QKeySequence::HelpContents);
    keys->setObjectName("shortcutsAction");
    help->addAction(QObject::tr("&About Resilience Lab"), &window, [&window] {
        QMessageBox::about(
            &window, QObject::tr("About Resilience Lab"),
            QObject::tr("<p><b>Resilience Lab</b> simulates resilience strategies (retries, "
                        "breakers, timeouts, limits) against simulated faulty endpoints on "
                        "virtual time.</p><p>Pick a preset from the Presets menu to begin.</p>"));
    });
    return help;
}

} // namespace reslab::ui

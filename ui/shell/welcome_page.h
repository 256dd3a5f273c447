#pragma once
// What the window shows while nothing is open: how to begin, and the bundled presets by theme,
// each with its name and the first sentence of its description; a click opens one.

#include <QWidget>

class QTreeWidget;
class QTreeWidgetItem;

namespace reslab::ui {

class WelcomePage : public QWidget
{
    Q_OBJECT
public:
    explicit WelcomePage(QWidget* parent = nullptr);

    QTreeWidget* presets() const { return m_presets; }
    // The row of a preset by its path (":/presets/…"), or null.
    QTreeWidgetItem* presetItem(const QString& path) const;
    // The line under a preset's name: its description's first sentence.
    static QString descriptionLine(const QTreeWidgetItem* item);

signals:
    void presetChosen(const QString& path);

private:
    QTreeWidget* m_presets = nullptr;
};

} // namespace reslab::ui

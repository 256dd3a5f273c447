#pragma once
// The views' navigator: a grouped list beside the page on screen (Live, Requests, Tools,
// Compare), so every view is one click away at 1280 px; a tab strip of thirteen views overflowed,
// and Qt 6.4's QTabBar scroll offset hid the tabs after the one clicked. Ctrl+1…9 select the first
// nine views shown, Ctrl+Tab / Ctrl+Shift+Tab cycle them, and "side by side" shows a second view
// beside the first. Its accessors are named as QTabWidget's, which it replaces, so callers and
// tests carry over.

#include <QWidget>
#include <vector>

class QComboBox;
class QSplitter;
class QStackedWidget;
class QToolButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace reslab::ui {

class ViewNavigator : public QWidget
{
    Q_OBJECT
public:
    explicit ViewNavigator(QWidget* parent = nullptr);

    // Adds `page` under `group` (groups are listed in the order they first appear).
    void addView(const QString& group, QWidget* page, const QString& title);
    int count() const { return int(m_views.size()); }
    QWidget* widget(int index) const;
    int indexOf(const QWidget* page) const;
    QString tabText(int index) const;
    bool isTabVisible(int index) const;
    // A hidden view leaves the list and the cycle; if it was on screen, the first view shown is.
    void setTabVisible(int index, bool visible);
    int currentIndex() const { return m_current; }
    QWidget* currentWidget() const { return widget(m_current); }
    void setCurrentIndex(int index);
    void setCurrentWidget(QWidget* page) { setCurrentIndex(indexOf(page)); }
    // The next (+1) or previous (-1) view shown, wrapping round.
    void step(int by);
    // Ctrl+1…9 and Ctrl+Tab / Ctrl+Shift+Tab on `window` (window-wide shortcuts, so they work
    // from the editor too).
    void addShortcuts(QWidget* window);

    // Side by side: a second pane shows another view (picked in its own box) beside the current.
    void setSplit(bool on);
    bool isSplit() const { return m_split; }
    int secondIndex() const { return indexOf(m_second); }
    void setSecondIndex(int index);

    QTreeWidget* list() const { return m_list; }
    QTreeWidgetItem* item(int index) const;
    QToolButton* splitButton() const { return m_splitButton; }

signals:
    void currentChanged(int index);
    // Every selection, also of the view already current (the shell then leaves its welcome page).
    void activated();
    // A page came on screen (in either pane) and should draw.
    void pageShown(QWidget* page);
    void splitChanged(bool on);

private:
    struct View
    {
        QWidget* page;
        QString title;
        QTreeWidgetItem* item;
        bool visible = true;
    };
    void placeSecond(QWidget* page);
    void syncSecondBox();
    void fitListWidth();
    int firstShownExcept(int index) const;

    std::vector<View> m_views;
    int m_current = -1;
    bool m_split = false;
    QWidget* m_second = nullptr; // the page in the second pane, while split
    QTreeWidget* m_list = nullptr;
    QToolButton* m_splitButton = nullptr;
    QSplitter* m_splitter = nullptr;
    QStackedWidget* m_stack = nullptr;
    QWidget* m_secondPane = nullptr;
    QComboBox* m_secondBox = nullptr;
    QStackedWidget* m_secondStack = nullptr;
};

} // namespace reslab::ui

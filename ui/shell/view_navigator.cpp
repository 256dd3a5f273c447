#include "view_navigator.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace reslab::ui {

namespace {
// Ctrl+1…9: nine digit keys, for the first nine views shown (Live and Requests, in order).
constexpr int kDigitShortcuts = 9;
// Room beside the longest title for the indentation, the frame and a scroll bar that may appear
// in a short window (measured with Fusion at 96 dpi).
constexpr int kListMargin = 36;
} // namespace

ViewNavigator::ViewNavigator(QWidget* parent) : QWidget(parent)
{
    m_list = new QTreeWidget;
    m_list->setObjectName("viewNavigator");
    m_list->setHeaderHidden(true);
    m_list->setRootIsDecorated(false);
    m_list->setItemsExpandable(false);
    m_list->setIndentation(10);
    m_list->setUniformRowHeights(true);
    m_list->setFrameShape(QFrame::NoFrame);
    m_list->setFocusPolicy(Qt::StrongFocus);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    connect(m_list, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        for (int i = 0; i < count(); ++i)
            if (m_views[std::size_t(i)].item == item && i != m_current) setCurrentIndex(i);
    });
    connect(m_list, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem* item) {
        for (int i = 0; i < count(); ++i)
            if (m_views[std::size_t(i)].item == item) setCurrentIndex(i);
    });

    m_splitButton = new QToolButton;
    m_splitButton->setText(tr("Side by side"));
    m_splitButton->setCheckable(true);
    m_splitButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_splitButton->setToolTip(tr("Show a second view beside this one (Ctrl+\\)"));
    connect(m_splitButton, &QToolButton::toggled, this, &ViewNavigator::setSplit);

    auto* side = new QWidget;
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 4);
    sideLayout->addWidget(m_list, 1);
    sideLayout->addWidget(m_splitButton);

    m_stack = new QStackedWidget;
    m_secondStack = new QStackedWidget;
    m_secondBox = new QComboBox;
    m_secondBox->setToolTip(tr("The view in this pane"));
    connect(m_secondBox, &QComboBox::activated, this,
            [this](int row) { setSecondIndex(m_secondBox->itemData(row).toInt()); });
    m_secondPane = new QWidget;
    auto* secondLayout = new QVBoxLayout(m_secondPane);
    secondLayout->setContentsMargins(0, 0, 0, 0);
    auto* boxRow = new QHBoxLayout;
    boxRow->addWidget(new QLabel(tr("Beside it:")));
    boxRow->addWidget(m_secondBox);
    boxRow->addStretch();
    secondLayout->addLayout(boxRow);
    secondLayout->addWidget(m_secondStack, 1);
    m_secondPane->hide();

    m_splitter = new QSplitter(Qt::Horizontal);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_stack);
    m_splitter->addWidget(m_secondPane);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(side);
    layout->addWidget(m_splitter, 1);
}

void ViewNavigator::addView(const QString& group, QWidget* page, const QString& title)
{
    QTreeWidgetItem* parent = nullptr;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i)
        if (m_list->topLevelItem(i)->text(0) == group) parent = m_list->topLevelItem(i);
    if (!parent) {
        parent = new QTreeWidgetItem(m_list, {group});
        parent->setFlags(Qt::ItemIsEnabled); // a heading, not a view
        QFont bold = parent->font(0);
        bold.setBold(true);
        parent->setFont(0, bold);
        parent->setExpanded(true);
    }
    auto* item = new QTreeWidgetItem(parent, {title});
    m_views.push_back({page, title, item});
    m_stack->addWidget(page);
    const int index = count() - 1;
    if (index < kDigitShortcuts) item->setToolTip(0, tr("%1 (Ctrl+%2)").arg(title).arg(index + 1));
    fitListWidth();
    if (m_current < 0) setCurrentIndex(index);
}

QWidget* ViewNavigator::widget(int index) const
{
    return index >= 0 && index < count() ? m_views[std::size_t(index)].page : nullptr;
}

int ViewNavigator::indexOf(const QWidget* page) const
{
    for (int i = 0; i < count(); ++i)
        if (page && m_views[std::size_t(i)].page == page) return i;
    return -1;
}

QString ViewNavigator::tabText(int index) const
{
    return index >= 0 && index < count() ? m_views[std::size_t(index)].title : QString();
}

bool ViewNavigator::isTabVisible(int index) const
{
    return index >= 0 && index < count() && m_views[std::size_t(index)].visible;
}

QTreeWidgetItem* ViewNavigator::item(int index) const
{
    return index >= 0 && index < count() ? m_views[std::size_t(index)].item : nullptr;
}

int ViewNavigator::firstShownExcept(int index) const
{
    for (int i = 0; i < count(); ++i)
        if (i != index && isTabVisible(i)) return i;
    return -1;
}

void ViewNavigator::setTabVisible(int index, bool visible)
{
    if (index < 0 || index >= count()) return;
    View& view = m_views[std::size_t(index)];
    view.visible = visible;
    view.item->setHidden(!visible);
    // A group whose views are all hidden hides its heading too.
    QTreeWidgetItem* group = view.item->parent();
    bool any = false;
    for (int i = 0; i < group->childCount(); ++i)
        any = any || !group->child(i)->isHidden();
    group->setHidden(!any);
    if (!visible && view.page == m_second) placeSecond(widget(firstShownExcept(m_current)));
    if (!visible && index == m_current) setCurrentIndex(firstShownExcept(index));
    syncSecondBox();
}

void ViewNavigator::setCurrentIndex(int index)
{
    if (!isTabVisible(index)) return;
    QWidget* page = m_views[std::size_t(index)].page;
    const bool changed = index != m_current;
    // The view in the second pane trades places with the one on screen.
    if (m_split && page == m_second) placeSecond(currentWidget());
    m_current = index;
    m_stack->setCurrentWidget(page);
    {
        const QSignalBlocker block(m_list);
        m_list->setCurrentItem(m_views[std::size_t(index)].item);
    }
    syncSecondBox();
    if (changed) emit currentChanged(index);
    emit pageShown(page);
    emit activated();
}

void ViewNavigator::step(int by)
{
    if (m_current < 0) return;
    for (int i = 1; i <= count(); ++i) {
        const int next = ((m_current + by * i) % count() + count()) % count();
        if (isTabVisible(next)) return setCurrentIndex(next);
    }
}

void ViewNavigator::addShortcuts(QWidget* window)
{
    for (int digit = 1; digit <= kDigitShortcuts; ++digit) {
        auto* s = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_0 + digit)), window);
        s->setWhatsThis(tr("The %1th view in the list").arg(digit));
        connect(s, &QShortcut::activated, this, [this, digit] {
            // The digit counts the views shown, so Compare's absence does not shift them.
            int shown = 0;
            for (int i = 0; i < count(); ++i)
                if (isTabVisible(i) && ++shown == digit) return setCurrentIndex(i);
        });
    }
    // Ctrl+Shift+Tab arrives as Ctrl+Shift+Backtab, and Qt's shortcut map also tries it as
    // Ctrl+Shift+Tab: one sequence each way, or two would match and neither fire (ambiguous).
    const std::pair<QKeySequence, int> cycle[] = {
        {QKeySequence(Qt::CTRL | Qt::Key_Tab), +1},
        {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backtab), -1}};
    for (const auto& [keys, by] : cycle) {
        auto* s = new QShortcut(keys, window);
        s->setWhatsThis(by > 0 ? tr("The next view") : tr("The previous view"));
        connect(s, &QShortcut::activated, this, [this, by = by] { step(by); });
    }
    auto* split = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Backslash), window);
    split->setWhatsThis(tr("Two views side by side, or one"));
    connect(split, &QShortcut::activated, this, [this] { setSplit(!m_split); });
}

void ViewNavigator::setSplit(bool on)
{
    if (on == m_split) return;
    m_split = on;
    if (on)
        placeSecond(widget(firstShownExcept(m_current)));
    else
        placeSecond(nullptr);
    m_secondPane->setVisible(on);
    if (on) {
        const int half = std::max(1, m_splitter->width() / 2); // half and half
        m_splitter->setSizes({half, half});
    }
    {
        const QSignalBlocker block(m_splitButton);
        m_splitButton->setChecked(on);
    }
    syncSecondBox();
    emit splitChanged(on);
}

void ViewNavigator::setSecondIndex(int index)
{
    if (!m_split || !isTabVisible(index) || index == m_current) return;
    placeSecond(widget(index));
    syncSecondBox();
}

void ViewNavigator::placeSecond(QWidget* page)
{
    // A widget has one parent: the second pane borrows the page from the main stack.
    if (m_second) {
        m_secondStack->removeWidget(m_second);
        m_stack->addWidget(m_second);
        if (QWidget* current = currentWidget()) m_stack->setCurrentWidget(current);
    }
    m_second = page;
    if (!page) return;
    m_stack->removeWidget(page);
    m_secondStack->addWidget(page);
    m_secondStack->setCurrentWidget(page);
    emit pageShown(page);
}

void ViewNavigator::syncSecondBox()
{
    const QSignalBlocker block(m_secondBox);
    m_secondBox->clear();
    for (int i = 0; i < count(); ++i)
        if (isTabVisible(i) && i != m_current) m_secondBox->addItem(tabText(i), i);
    m_secondBox->setCurrentIndex(m_secondBox->findData(secondIndex()));
}

void ViewNavigator::fitListWidth()
{
    int widest = 0;
    const QFontMetrics metrics(m_list->font());
    QFont bold = m_list->font();
    bold.setBold(true);
    const QFontMetrics boldMetrics(bold);
    for (const View& v : m_views) {
        widest = std::max(widest, metrics.horizontalAdvance(v.title) + m_list->indentation());
        widest = std::max(widest, boldMetrics.horizontalAdvance(v.item->parent()->text(0)));
    }
    widest = std::max(widest, m_splitButton->sizeHint().width());
    m_list->parentWidget()->setFixedWidth(widest + kListMargin);
}

} // namespace reslab::ui

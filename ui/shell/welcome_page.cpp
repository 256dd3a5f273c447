#include "welcome_page.h"

#include "preset_menu.h"

#include <QApplication>
#include <QLabel>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>
#include <QVBoxLayout>

namespace reslab::ui {

namespace {
constexpr int kPathRole = Qt::UserRole;
constexpr int kDescriptionRole = Qt::UserRole + 1;
// Space above and below a preset's two lines, so one reads apart from the next.
constexpr int kRowPadding = 3;

// A preset as its name in bold over its first sentence in the muted text colour; headings as
// they are.
class PresetDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override
    {
        const QString description = index.data(kDescriptionRole).toString();
        if (description.isEmpty()) return QStyledItemDelegate::paint(painter, option, index);
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        opt.text.clear();
        const QWidget* view = option.widget;
        QStyle* style = view ? view->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, view); // the selection, hover
        const bool selected = opt.state & QStyle::State_Selected;
        const QPalette& pal = opt.palette;
        QFont bold = opt.font;
        bold.setBold(true);
        const QRect text = opt.rect.adjusted(4, kRowPadding, -4, -kRowPadding);
        const int line = QFontMetrics(bold).height();
        painter->save();
        painter->setFont(bold);
        painter->setPen(pal.color(selected ? QPalette::HighlightedText : QPalette::Text));
        painter->drawText(QRect(text.left(), text.top(), text.width(), line),
                          Qt::AlignLeft | Qt::AlignVCenter,
                          QFontMetrics(bold).elidedText(index.data(Qt::DisplayRole).toString(),
                                                        Qt::ElideRight, text.width()));
        painter->setFont(opt.font);
        painter->setPen(
            pal.color(selected ? QPalette::HighlightedText : QPalette::PlaceholderText));
        painter->drawText(QRect(text.left(), text.top() + line, text.width(), line),
                          Qt::AlignLeft | Qt::AlignVCenter,
                          opt.fontMetrics.elidedText(description, Qt::ElideRight, text.width()));
        painter->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        if (!index.data(kDescriptionRole).toString().isEmpty())
            size.setHeight(2 * option.fontMetrics.height() + 2 * kRowPadding);
        return size;
    }
};
// The welcome text and the list stay readable on a wide screen rather than spread across it.
constexpr int kMaxContentWidth = 1100;
} // namespace

WelcomePage::WelcomePage(QWidget* parent) : QWidget(parent)
{
    auto* intro = new QLabel(
        tr("<h2>Resilience Lab</h2>"
           "<p>Open a scenario (Ctrl+O), start a new one (Ctrl+N) or pick a preset below: each "
           "one opens on the view that shows its point. Press Space to run it.</p>"));
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::RichText);

    m_presets = new QTreeWidget;
    m_presets->setObjectName("welcomePresets");
    m_presets->setHeaderHidden(true);
    m_presets->setRootIsDecorated(false);
    m_presets->setItemsExpandable(false);
    m_presets->setIndentation(12);
    // Two lines a preset, its name over what it shows: both read whole at 1280 px.
    m_presets->setUniformRowHeights(false);
    m_presets->setItemDelegate(new PresetDelegate(m_presets));
    m_presets->setMouseTracking(true);
    QTreeWidgetItem* group = nullptr;
    for (const Preset& p : bundledPresets()) {
        if (!group || group->text(0) != p.theme) {
            group = new QTreeWidgetItem(m_presets, {p.theme});
            group->setFlags(Qt::ItemIsEnabled);
            QFont bold = group->font(0);
            bold.setBold(true);
            group->setFont(0, bold);
            group->setExpanded(true);
        }
        auto* item = new QTreeWidgetItem(group, {p.name});
        item->setData(0, kDescriptionRole, firstSentence(p.description));
        item->setData(0, kPathRole, p.path);
        item->setToolTip(0, p.description);
    }
    connect(m_presets, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem* item) {
        const QString path = item->data(0, kPathRole).toString();
        if (!path.isEmpty()) emit presetChosen(path);
    });
    connect(m_presets, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        const QString path = item->data(0, kPathRole).toString();
        if (!path.isEmpty()) emit presetChosen(path);
    });

    auto* content = new QWidget;
    content->setMaximumWidth(kMaxContentWidth);
    auto* column = new QVBoxLayout(content);
    column->addWidget(intro);
    column->addWidget(m_presets, 1);
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(content, 1);
}

QString WelcomePage::descriptionLine(const QTreeWidgetItem* item)
{
    return item->data(0, kDescriptionRole).toString();
}

QTreeWidgetItem* WelcomePage::presetItem(const QString& path) const
{
    for (QTreeWidgetItemIterator it(m_presets); *it; ++it)
        if ((*it)->data(0, kPathRole).toString() == path) return *it;
    return nullptr;
}

} // namespace reslab::ui

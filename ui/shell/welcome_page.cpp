#include "welcome_page.h"

#include "preset_menu.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>
#include <QVBoxLayout>

namespace reslab::ui {

namespace {
constexpr int kPathRole = Qt::UserRole;
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
    m_presets->setColumnCount(2);
    m_presets->setHeaderLabels({tr("Preset"), tr("What it shows")});
    m_presets->setRootIsDecorated(false);
    m_presets->setItemsExpandable(false);
    m_presets->setIndentation(12);
    m_presets->setWordWrap(false);
    m_presets->setTextElideMode(Qt::ElideRight);
    m_presets->setMouseTracking(true);
    QTreeWidgetItem* group = nullptr;
    for (const Preset& p : bundledPresets()) {
        if (!group || group->text(0) != p.theme) {
            group = new QTreeWidgetItem(m_presets, {p.theme});
            group->setFlags(Qt::ItemIsEnabled);
            group->setFirstColumnSpanned(true);
            QFont bold = group->font(0);
            bold.setBold(true);
            group->setFont(0, bold);
            group->setExpanded(true);
        }
        auto* item = new QTreeWidgetItem(group, {p.name, firstSentence(p.description)});
        item->setData(0, kPathRole, p.path);
        item->setToolTip(0, p.description);
        item->setToolTip(1, p.description);
    }
    m_presets->resizeColumnToContents(0);
    m_presets->header()->setStretchLastSection(true);
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

QTreeWidgetItem* WelcomePage::presetItem(const QString& path) const
{
    for (QTreeWidgetItemIterator it(m_presets); *it; ++it)
        if ((*it)->data(0, kPathRole).toString() == path) return *it;
    return nullptr;
}

} // namespace reslab::ui

#include "pipeline_editor.h"

#include "field_specs.h"
#include "json_form.h"
#include "palette.h"

#include <QAbstractItemModel>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QScrollArea>
#include <QToolButton>
#include <QVBoxLayout>

namespace reslab::ui {

namespace {
constexpr int kOriginalIndexRole = Qt::UserRole;
constexpr int kSummaryKeys = 4; // keys a list entry shows after the strategy's title

QToolButton* toolButton(const QString& text, const QString& tip)
{
    auto* b = new QToolButton;
    b->setText(text);
    b->setToolTip(tip);
    b->setAutoRaise(false);
    return b;
}
} // namespace

QString strategySummary(const QJsonObject& strategy)
{
    QStringList parts;
    for (auto it = strategy.begin(); it != strategy.end() && parts.size() < kSummaryKeys; ++it) {
        if (it.key() == "type") continue;
        QString value;
        if (it->isObject())
            value = it->toObject().value("type").toString();
        else if (it->isArray())
            value = QStringLiteral("[%1]").arg(it->toArray().size());
        else if (it->isString())
            value = it->toString();
        else if (it->isBool())
            value = it->toBool() ? "on" : "off";
        else
            value = QString::number(it->toDouble(), 'g', 6);
        parts << QStringLiteral("%1 %2").arg(it.key(), value);
    }
    const QString title = strategyTitle(strategy.value("type").toString());
    return parts.isEmpty() ? title : QStringLiteral("%1 — %2").arg(title, parts.join(" · "));
}

PipelineEditor::PipelineEditor(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* hint = new QLabel(tr("Strategies, outermost first. Drag to reorder."));
    hint->setWordWrap(true);
    layout->addWidget(hint);
    m_list = new QListWidget;
    m_list->setDragDropMode(QAbstractItemView::InternalMove);
    m_list->setDefaultDropAction(Qt::MoveAction);
    m_list->setMaximumHeight(150);
    m_list->setTextElideMode(Qt::ElideRight);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setToolTip(
        tr("A timeout above a retry bounds the whole request; below it, each attempt."));
    layout->addWidget(m_list);

    auto* buttons = new QHBoxLayout;
    auto* add = toolButton(tr("Add"), tr("Add a strategy at the end of the pipeline (innermost)"));
    add->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(add);
    for (const QString& type : strategyTypes())
        menu->addAction(strategyTitle(type), this, [this, type] { addStrategy(type); });
    add->setMenu(menu);
    auto* remove = toolButton(tr("Remove"), tr("Remove the selected strategy"));
    auto* up = toolButton(tr("↑"), tr("Move the selected strategy outwards"));
    auto* down = toolButton(tr("↓"), tr("Move the selected strategy inwards"));
    connect(remove, &QToolButton::clicked, this, &PipelineEditor::removeSelected);
    connect(up, &QToolButton::clicked, this, [this] { move(selected(), selected() - 1); });
    connect(down, &QToolButton::clicked, this, [this] { move(selected(), selected() + 1); });
    for (QToolButton* b : {add, remove, up, down})
        buttons->addWidget(b);
    buttons->addStretch();
    layout->addLayout(buttons);

    m_formArea = new QScrollArea;
    m_formArea->setWidgetResizable(true);
    m_formArea->setFrameShape(QFrame::NoFrame);
    m_formArea->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    layout->addWidget(m_formArea, 1);

    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (m_loading) return;
        rebuildForm();
        emit strategySelected(row);
    });
    connect(m_list->model(), &QAbstractItemModel::rowsMoved, this, [this] {
        if (!m_loading) commitOrderFromList();
    });
}

int PipelineEditor::selected() const
{
    return m_list->currentRow();
}

void PipelineEditor::select(int index)
{
    m_list->setCurrentRow(index);
}

void PipelineEditor::load(const QJsonObject& document)
{
    m_document = document;
    const QJsonArray pipeline = document.value("pipeline").toArray();
    m_loading = true;
    const int keep = m_list->currentRow();
    while (m_list->count() > pipeline.size())
        delete m_list->takeItem(m_list->count() - 1);
    for (int i = 0; i < pipeline.size(); ++i) {
        if (i >= m_list->count()) m_list->addItem(QString());
        QListWidgetItem* item = m_list->item(i);
        item->setText(
            QStringLiteral("%1. %2").arg(i + 1).arg(strategySummary(pipeline.at(i).toObject())));
        item->setToolTip(item->text());
        item->setData(kOriginalIndexRole, i);
    }
    m_list->setCurrentRow(
        std::clamp(keep < 0 ? 0 : keep, pipeline.isEmpty() ? -1 : 0, int(pipeline.size()) - 1));
    m_loading = false;
    rebuildForm();
}

void PipelineEditor::rebuildForm()
{
    const int index = selected();
    const QJsonObject strategy = m_document.value("pipeline").toArray().at(index).toObject();
    const QString type = strategy.value("type").toString();
    if (!m_form || index != m_formIndex || type != m_formType) {
        m_form = new JsonForm(strategyFields(type), QStringLiteral("pipeline[%1]").arg(index));
        connect(m_form, &JsonForm::edited, this, &PipelineEditor::edited);
        m_formArea->setWidget(m_form); // deletes the previous form
        m_formIndex = index;
        m_formType = type;
    }
    m_form->setEnabled(index >= 0);
    m_form->load(m_document);
    m_form->showProblems(m_problems);
}

void PipelineEditor::showProblems(const QList<std::pair<QString, QString>>& problems)
{
    m_problems = problems;
    if (m_form) m_form->showProblems(problems);
    const QJsonArray pipeline = m_document.value("pipeline").toArray();
    for (int i = 0; i < m_list->count(); ++i) {
        const QString path = QStringLiteral("pipeline[%1]").arg(i);
        bool bad = false;
        for (const auto& p : problems)
            bad = bad || p.first.startsWith(path + '.') || p.first == path;
        m_list->item(i)->setForeground(bad ? palette::kRed : palette().color(QPalette::Text));
    }
}

void PipelineEditor::move(int from, int to)
{
    QJsonArray pipeline = m_document.value("pipeline").toArray();
    if (from < 0 || to < 0 || from >= pipeline.size() || to >= pipeline.size() || from == to)
        return;
    const QJsonValue v = pipeline.takeAt(from);
    pipeline.insert(to, v);
    m_loading = true;
    m_list->setCurrentRow(to);
    m_loading = false;
    emit edited(QStringLiteral("pipeline"), pipeline);
}

void PipelineEditor::commitOrderFromList()
{
    // After a drag the list holds the items in their new order; their data says where they were.
    const QJsonArray old = m_document.value("pipeline").toArray();
    QJsonArray pipeline;
    for (int i = 0; i < m_list->count(); ++i)
        pipeline.append(old.at(m_list->item(i)->data(kOriginalIndexRole).toInt()));
    emit edited(QStringLiteral("pipeline"), pipeline);
}

void PipelineEditor::addStrategy(const QString& type)
{
    QJsonArray pipeline = m_document.value("pipeline").toArray();
    pipeline.append(QJsonDocument::fromJson(newStrategyJson(type).toUtf8()).object());
    m_loading = true;
    m_list->addItem(QString());
    m_list->setCurrentRow(m_list->count() - 1);
    m_loading = false;
    emit edited(QStringLiteral("pipeline"), pipeline);
}

void PipelineEditor::removeSelected()
{
    QJsonArray pipeline = m_document.value("pipeline").toArray();
    const int index = selected();
    if (index < 0 || index >= pipeline.size()) return;
    pipeline.removeAt(index);
    emit edited(QStringLiteral("pipeline"), pipeline);
}

} // namespace reslab::ui

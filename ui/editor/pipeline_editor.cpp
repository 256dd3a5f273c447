#include "pipeline_editor.h"

#include "field_specs.h"
#include "json_form.h"
#include "mesh_fields.h"
#include "palette.h"
#include "retry_mode.h"

#include <QAbstractItemModel>
#include <QBrush>
#include <QComboBox>
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
// The list grows with the pipeline up to this height, then scrolls; the form below gets the rest.
constexpr int kListMaxHeight = 150;
constexpr int kListMinRows = 3;

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
        if (it->isObject()) // its kind, or that it is a block of its own keys
            value = it->toObject().value("type").toString(QStringLiteral("{…}"));
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

    // A retry's semantics: the libraries' or Envoy's router (docs/scenario-format.md).
    m_retryRow = new QWidget;
    auto* retryLayout = new QVBoxLayout(m_retryRow);
    retryLayout->setContentsMargins(0, 0, 0, 0);
    auto* modeLine = new QHBoxLayout;
    auto* modeLabel = new QLabel(tr("Semantics"));
    m_retryMode = new QComboBox;
    m_retryMode->addItem(tr("Library (tenacity, resilience4j, Polly, gRPC)"));
    m_retryMode->addItem(tr("Envoy route retry policy"));
    m_retryMode->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_retryMode->setMinimumContentsLength(12);
    m_retryMode->setToolTip(
        tr("Library: retry_on is a list of outcomes, with a backoff and jitter. Envoy: retry_on "
           "is Envoy's classes (\"5xx,reset\"), with its back-off and the cluster's circuit "
           "breaker. Switching keeps the number of attempts and removes the other mode's keys "
           "(named below)."));
    modeLabel->setToolTip(m_retryMode->toolTip());
    modeLine->addWidget(modeLabel);
    modeLine->addWidget(m_retryMode, 1);
    retryLayout->addLayout(modeLine);
    m_retryNote = new QLabel;
    m_retryNote->setWordWrap(true);
    retryLayout->addWidget(m_retryNote);
    connect(m_retryMode, &QComboBox::activated, this, &PipelineEditor::switchRetryMode);
    layout->addWidget(m_retryRow);

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
    // One row more than the pipeline has, as room to drop onto.
    const int rowHeight =
        m_list->count() > 0 ? m_list->sizeHintForRow(0) : m_list->fontMetrics().height() + 4;
    m_list->setFixedHeight(
        std::min(kListMaxHeight, rowHeight * std::max(kListMinRows, int(m_list->count()) + 1) +
                                     2 * m_list->frameWidth()));
    m_loading = false;
    rebuildForm();
}

void PipelineEditor::rebuildForm()
{
    const int index = selected();
    const QJsonObject strategy = m_document.value("pipeline").toArray().at(index).toObject();
    const QString kind = strategyForm(strategy);
    if (!m_form || index != m_formIndex || kind != m_formKind) {
        if (index != m_formIndex) m_retryNote->clear();
        m_form = new JsonForm(strategyFields(strategy), QStringLiteral("pipeline[%1]").arg(index));
        connect(m_form, &JsonForm::edited, this, &PipelineEditor::edited);
        // Later, not now: the old form may be the one whose edit led here.
        if (QWidget* old = m_formArea->takeWidget()) old->deleteLater();
        m_formArea->setWidget(m_form);
        m_formIndex = index;
        m_formKind = kind;
    }
    const bool retry = strategy.value("type").toString() == QLatin1String("retry");
    m_retryRow->setVisible(retry);
    if (retry) {
        m_retryMode->setCurrentIndex(isEnvoyRetry(strategy) ? 1 : 0);
        if (isEnvoyRetry(strategy) && m_retryNote->text().isEmpty())
            m_retryNote->setText(tr("Envoy's per_try_timeout is a Timeout strategy below this "
                                    "retry; the route timeout, one above it."));
    }
    m_form->setEnabled(index >= 0);
    m_form->load(m_document);
    m_form->showProblems(m_problems);
}

void PipelineEditor::switchRetryMode(int mode)
{
    const int index = selected();
    QJsonArray pipeline = m_document.value("pipeline").toArray();
    if (index < 0 || index >= pipeline.size()) return;
    const QJsonObject retry = pipeline.at(index).toObject();
    if ((mode == 1) == isEnvoyRetry(retry)) return;
    const RetrySwitch to = mode == 1 ? toEnvoyRetry(retry) : toLibraryRetry(retry);
    pipeline[index] = to.strategy;
    m_retryNote->setText(to.removed.isEmpty() ? QString()
                                              : tr("Removed (not part of this mode): %1.")
                                                    .arg(to.removed.join(QStringLiteral(", "))));
    emit edited(QStringLiteral("pipeline"), pipeline);
}

QString PipelineEditor::retryModeNote() const
{
    return m_retryNote->text();
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
        // Not bad: the list's own colour, which follows the theme.
        m_list->item(i)->setData(Qt::ForegroundRole,
                                 bad ? QVariant(QBrush(palette::kRed)) : QVariant());
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

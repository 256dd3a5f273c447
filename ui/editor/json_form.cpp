#include "json_form.h"

#include "json_form_values.h"
#include "json_path.h"
#include "palette.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QStyle>
#include <QToolButton>

namespace reslab::ui {

namespace {
using Kind = FieldSpec::Kind;

// The colour of a refused field's frame and message (the outcome colour for failures).
constexpr const char* kProblemStyle = "border: 2px solid #d62728; border-radius: 3px;";

QString tooltipOf(const FieldSpec& s)
{
    QString tip = s.tooltip;
    if (!s.range.isEmpty())
        tip += QStringLiteral("\nRange: %1%2")
                   .arg(s.range, s.unit.isEmpty() ? QString() : " " + s.unit);
    if (!s.defaultText.isEmpty()) tip += QStringLiteral("\nDefault: %1").arg(s.defaultText);
    tip += QStringLiteral("\nJSON key: %1").arg(s.key);
    return tip;
}
} // namespace

namespace {
QFormLayout* newFormLayout(QWidget* owner)
{
    auto* layout = new QFormLayout(owner);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    layout->setLabelAlignment(Qt::AlignLeft);
    return layout;
}
} // namespace

JsonForm::JsonForm(const FieldSpecs& specs, const QString& base, QWidget* parent)
    : QWidget(parent), m_base(base)
{
    m_layout = newFormLayout(this);
    std::map<QString, QFormLayout*> boxes; // the layout of each group and section, by key
    for (const FieldSpec& spec : specs) {
        Row row;
        row.spec = spec;
        const auto box = boxes.find(spec.parent);
        row.layout = box == boxes.end() ? m_layout : box->second;
        if (spec.kind == Kind::Group || spec.kind == Kind::Section) {
            addBox(row, boxes);
        } else {
            auto* cell = new QWidget;
            auto* v = new QVBoxLayout(cell);
            v->setContentsMargins(0, 0, 0, 0);
            v->setSpacing(1);
            auto* h = new QHBoxLayout;
            h->setContentsMargins(0, 0, 0, 0);
            row.editor = makeEditor(row);
            row.editor->setToolTip(tooltipOf(spec));
            row.editor->setObjectName(spec.key);
            h->addWidget(row.editor, 1);
            if (spec.kind == Kind::Flags) h->addWidget(flagsMenu(row));
            // Every row keeps the unit column, so the fields line up whether or not they have
            // a unit.
            auto* unit = new QLabel(spec.unit);
            unit->setFixedWidth(
                unit->fontMetrics().horizontalAdvance(QStringLiteral("requests/s")) + 6);
            h->addWidget(unit);
            v->addLayout(h);
            row.problem = new QLabel;
            row.problem->setWordWrap(true);
            row.problem->setStyleSheet(QStringLiteral("color: %1;").arg(palette::kRed.name()));
            row.problem->hide();
            v->addWidget(row.problem);
            auto* label = new QLabel(spec.label);
            label->setToolTip(row.editor->toolTip());
            row.formRow = row.layout->rowCount();
            row.layout->addRow(label, cell);
        }
        m_order << spec.key;
        m_rows.emplace(spec.key, row);
    }
}

void JsonForm::addBox(Row& row, std::map<QString, QFormLayout*>& boxes)
{
    // A group (an optional object) or a section: a titled box across the form, with a form of
    // its own for the fields inside it.
    const FieldSpec& spec = row.spec;
    auto* box = new QGroupBox(spec.label);
    box->setObjectName(spec.key);
    if (!spec.tooltip.isEmpty())
        box->setToolTip(spec.kind == Kind::Group ? tooltipOf(spec) : spec.tooltip);
    auto* inner = new QVBoxLayout(box);
    inner->setContentsMargins(6, 4, 4, 4);
    inner->setSpacing(2);
    row.problem = new QLabel;
    row.problem->setWordWrap(true);
    row.problem->setStyleSheet(QStringLiteral("color: %1;").arg(palette::kRed.name()));
    row.problem->hide();
    inner->addWidget(row.problem);
    row.content = new QWidget;
    inner->addWidget(row.content);
    boxes[spec.key] = newFormLayout(row.content);
    if (spec.kind == Kind::Group) {
        box->setCheckable(true);
        const QString key = spec.key;
        // clicked, not toggled: only the user's tick edits the document, not load()'s.
        connect(box, &QGroupBox::clicked, this, [this, key] { emitValue(m_rows.at(key)); });
    }
    row.editor = box;
    row.formRow = row.layout->rowCount();
    row.layout->addRow(box);
}

QWidget* JsonForm::flagsMenu(const Row& row)
{
    // The names to tick, beside the text: the text keeps the user's order and any name the
    // list does not know (the validator names it).
    auto* button = new QToolButton;
    button->setArrowType(Qt::DownArrow);
    button->setToolTip(tr("Pick from %1").arg(row.spec.choices.join(", ")));
    button->setObjectName(row.spec.key + QStringLiteral("#menu"));
    auto* menu = new QMenu(button);
    const QString key = row.spec.key;
    for (const QString& c : row.spec.choices) {
        QAction* action = menu->addAction(c);
        action->setCheckable(true);
        connect(action, &QAction::triggered, this,
                [this, key, c](bool on) { toggleFlag(key, c, on); });
    }
    connect(menu, &QMenu::aboutToShow, this, [this, key, menu] {
        const QStringList current =
            flagList(static_cast<QLineEdit*>(m_rows.at(key).editor)->text());
        for (QAction* a : menu->actions())
            a->setChecked(current.contains(a->text()));
    });
    // Opened by hand rather than as the button's menu: the arrow is the button, with no menu
    // indicator beside it.
    connect(button, &QToolButton::clicked, menu,
            [button, menu] { menu->exec(button->mapToGlobal(QPoint(0, button->height()))); });
    return button;
}

void JsonForm::toggleFlag(const QString& key, const QString& flag, bool on)
{
    const Row& row = m_rows.at(key);
    auto* line = static_cast<QLineEdit*>(row.editor);
    QStringList current = flagList(line->text());
    current.removeAll(flag);
    if (on) current << flag;
    line->setText(current.join(','));
    emitValue(row);
}

QWidget* JsonForm::makeEditor(Row& row)
{
    const FieldSpec& s = row.spec;
    const QString key = s.key;
    switch (s.kind) {
    case Kind::Boolean: {
        auto* box = new QCheckBox;
        connect(box, &QCheckBox::toggled, this, [this, key] { emitValue(m_rows.at(key)); });
        return box;
    }
    case Kind::Choice: {
        auto* combo = new QComboBox;
        // Narrow docks: the combo may be narrower than its longest entry.
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        // 6 characters keep a row with the widest label and unit inside the dock at 1280 × 800.
        combo->setMinimumContentsLength(6);
        combo->addItem(s.defaultText.isEmpty() ? tr("—") : tr("default (%1)").arg(s.defaultText),
                       QString());
        for (const QString& c : s.choices)
            combo->addItem(c, c);
        connect(combo, &QComboBox::activated, this, [this, key] { emitValue(m_rows.at(key)); });
        return combo;
    }
    default: {
        auto* line = new QLineEdit;
        line->setMinimumWidth(60);
        line->setPlaceholderText(s.defaultText.isEmpty() ? QString()
                                                         : tr("default: %1").arg(s.defaultText));
        line->setClearButtonEnabled(true);
        connect(line, &QLineEdit::textEdited, this, [this, key] { emitValue(m_rows.at(key)); });
        return line;
    }
    }
}

void JsonForm::emitValue(const Row& row)
{
    if (m_loading) return;
    const QString path = joinPath(m_base, row.spec.key);
    QJsonValue value;
    QString target = path;
    switch (row.spec.kind) {
    case Kind::Boolean:
        value = static_cast<QCheckBox*>(row.editor)->isChecked()
                    ? QJsonValue(true)
                    : QJsonValue(QJsonValue::Undefined);
        break;
    case Kind::Group: {
        // Ticked: the object with its defaults (kept as it is if it is there); unticked: gone.
        const QJsonValue present = valueAt(m_document, path);
        if (!static_cast<QGroupBox*>(row.editor)->isChecked())
            value = QJsonValue(QJsonValue::Undefined);
        else if (!present.isUndefined())
            value = present;
        else
            value = QJsonDocument::fromJson(row.spec.groupJson.toUtf8()).object();
        break;
    }
    case Kind::Section:
        return;
    case Kind::Choice: {
        const QString choice = static_cast<QComboBox*>(row.editor)->currentData().toString();
        value = choice.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(choice);
        // A choice held as {"type": …} (a jitter with a factor) keeps its other keys.
        if (valueAt(m_document, path).isObject()) {
            target = joinPath(path, "type");
            if (choice.isEmpty()) target = path;
        }
        break;
    }
    default:
        value = valueOfText(row.spec, static_cast<QLineEdit*>(row.editor)->text());
    }
    // Keys the value needs beside it go in with it, as one edit of the object holding both (two
    // edits would reload the field being typed in between).
    QString relative = row.spec.key;
    if (!value.isUndefined()) {
        for (const auto& [key, needed] : row.spec.alongside) {
            const QString at = joinPath(m_base, key);
            if (!valueAt(m_document, at).isUndefined()) continue;
            setValueAt(m_document, at, needed);
            relative = commonPath(relative, key);
        }
    }
    setValueAt(m_document, target, value);
    if (relative != row.spec.key) {
        target = relative.isEmpty() ? m_base : joinPath(m_base, relative);
        value = valueAt(m_document, target);
    }
    updateVisibility();
    emit edited(target, value);
}

QString JsonForm::choiceValue(const QString& key) const
{
    const QJsonValue v = valueAt(m_document, joinPath(m_base, key));
    if (v.isObject()) return v.toObject().value("type").toString();
    if (v.isBool()) return v.toBool() ? QStringLiteral("true") : QString(); // a checkbox's
    if (v.isUndefined()) { // absent: what another choice implies, if anything
        const auto row = m_rows.find(key);
        if (row != m_rows.end() && !row->second.spec.impliedBy.isEmpty()) {
            const QString by = choiceValue(row->second.spec.impliedBy);
            for (const auto& [when, value] : row->second.spec.implied)
                if (when == by) return value;
        }
    }
    return v.toString();
}

void JsonForm::load(const QJsonObject& document)
{
    m_document = document;
    m_loading = true;
    for (auto& [key, row] : m_rows) {
        const QJsonValue v = valueAt(document, joinPath(m_base, key));
        switch (row.spec.kind) {
        case Kind::Boolean:
            static_cast<QCheckBox*>(row.editor)->setChecked(v.toBool());
            break;
        case Kind::Group:
            static_cast<QGroupBox*>(row.editor)->setChecked(!v.isUndefined());
            break;
        case Kind::Section:
            break;
        case Kind::Choice: {
            auto* combo = static_cast<QComboBox*>(row.editor);
            const QString current = choiceValue(key);
            int index = combo->findData(current);
            if (index <
                0) { // a value the list does not know (an endpoint id typed in the JSON tab)
                combo->addItem(current, current);
                index = combo->count() - 1;
            }
            combo->setCurrentIndex(index);
            break;
        }
        default: {
            // Text that already means the document's value stays as typed ("0." while typing 0.5).
            auto* line = static_cast<QLineEdit*>(row.editor);
            if (sameValue(valueOfText(row.spec, line->text()), v)) break;
            line->setText(row.spec.kind == Kind::List ? listText(v)
                          : v.isString()              ? v.toString()
                                                      : numberText(v));
            line->setCursorPosition(0); // long names show their beginning
        }
        }
    }
    m_loading = false;
    updateVisibility();
}

void JsonForm::updateVisibility()
{
    for (const QString& key : m_order) {
        const Row& row = m_rows.at(key);
        bool visible = true;
        // Conditions chain: a field under a hidden choice is hidden too.
        for (const Row* r = &row; visible && !r->spec.showKey.isEmpty();) {
            visible = r->spec.showValues.contains(choiceValue(r->spec.showKey));
            auto parent = m_rows.find(r->spec.showKey);
            r = parent == m_rows.end() ? nullptr : &parent->second;
            if (!r) break;
        }
        row.layout->setRowVisible(row.formRow, visible);
        if (row.content) { // a group's fields, while it is ticked; unticked, a line with its title
            const bool open =
                row.spec.kind == Kind::Section || static_cast<QGroupBox*>(row.editor)->isChecked();
            row.content->setVisible(open);
            auto* box = static_cast<QGroupBox*>(row.editor);
            box->setFlat(!open);
            row.editor->layout()->setContentsMargins(open ? QMargins(6, 4, 4, 4) : QMargins());
            // Closed, the box is its title line: the style would draw an empty frame under it.
            const int title = std::max(box->fontMetrics().height(),
                                       box->style()->pixelMetric(QStyle::PM_IndicatorHeight)) +
                              4;
            box->setMaximumHeight(open ? QWIDGETSIZE_MAX : title);
        }
    }
}

int JsonForm::showProblems(const QList<std::pair<QString, QString>>& problems)
{
    int marked = 0;
    for (auto& [key, row] : m_rows) {
        const QString path = joinPath(m_base, key);
        QStringList messages;
        const bool box = row.spec.kind == Kind::Group || row.spec.kind == Kind::Section;
        // A box shows the messages about its own object only: those about its fields are at
        // them. A section is no JSON key.
        for (const auto& [where, message] : problems)
            if (row.spec.kind == Kind::Section ? false
                : box                          ? where == path
                                               : pathCovers(path, where))
                messages << message;
        row.problem->setText(messages.join('\n'));
        row.problem->setVisible(!messages.isEmpty());
        if (!box)
            row.editor->setStyleSheet(messages.isEmpty() ? QString()
                                                         : QString::fromLatin1(kProblemStyle));
        marked += messages.isEmpty() ? 0 : 1;
    }
    return marked;
}

QWidget* JsonForm::field(const QString& key) const
{
    auto it = m_rows.find(key);
    return it == m_rows.end() ? nullptr : it->second.editor;
}

void JsonForm::setChoices(const QString& key, const QStringList& choices)
{
    auto it = m_rows.find(key);
    if (it == m_rows.end() || it->second.spec.kind != Kind::Choice) return;
    if (it->second.spec.choices == choices) return;
    it->second.spec.choices = choices;
    auto* combo = static_cast<QComboBox*>(it->second.editor);
    const bool loading = m_loading;
    m_loading = true;
    while (combo->count() > 1) // the first entry is the default's
        combo->removeItem(combo->count() - 1);
    for (const QString& c : choices)
        combo->addItem(c, c);
    m_loading = loading;
}

QString JsonForm::problem(const QString& key) const
{
    auto it = m_rows.find(key);
    return it == m_rows.end() ? QString() : it->second.problem->text();
}

} // namespace reslab::ui

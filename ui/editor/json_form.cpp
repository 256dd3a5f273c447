#include "json_form.h"

#include "json_path.h"
#include "palette.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>

namespace reslab::ui {

namespace {
using Kind = FieldSpec::Kind;

// The colour of a refused field's frame and message (the outcome colour for failures).
constexpr const char* kProblemStyle = "border: 2px solid #d62728; border-radius: 3px;";

QString numberText(const QJsonValue& v)
{
    if (v.isDouble()) return QString::number(v.toDouble(), 'g', 12);
    if (v.isString()) return v.toString(); // a refused value the user typed
    if (v.isUndefined() || v.isNull()) return {};
    return QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact))
        .mid(1)
        .chopped(1);
}

QString listText(const QJsonValue& v)
{
    if (!v.isArray()) return numberText(v);
    QStringList parts;
    for (const QJsonValue& item : v.toArray())
        parts << (item.isDouble() ? QString::number(item.toDouble(), 'g', 12) : item.toString());
    return parts.join(", ");
}

QJsonValue parseNumber(const QString& text, bool integer)
{
    const QString t = text.trimmed();
    if (t.isEmpty()) return QJsonValue(QJsonValue::Undefined);
    bool ok = false;
    const double v = t.toDouble(&ok);
    if (!ok) return t; // the validator names the field and says it wants a number
    if (integer && v == static_cast<double>(static_cast<qint64>(v))) return static_cast<qint64>(v);
    return v;
}

QJsonValue parseList(const QString& text)
{
    QJsonArray array;
    for (const QString& part : text.split(',', Qt::SkipEmptyParts)) {
        const QString t = part.trimmed();
        if (t.isEmpty()) continue;
        bool ok = false;
        const int n = t.toInt(&ok);
        array.append(ok ? QJsonValue(n) : QJsonValue(t));
    }
    if (array.isEmpty()) return QJsonValue(QJsonValue::Undefined);
    return array;
}

QJsonValue valueOfText(Kind kind, const QString& text)
{
    if (kind == Kind::List) return parseList(text);
    if (kind == Kind::Text)
        return text.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(text);
    return parseNumber(text, kind == Kind::Integer);
}

bool sameValue(const QJsonValue& a, const QJsonValue& b)
{
    if (a.isDouble() && b.isDouble()) return a.toDouble() == b.toDouble();
    if (a.isUndefined() || b.isUndefined()) return a.isUndefined() && b.isUndefined();
    if (a.isArray() && b.isArray()) {
        const QJsonArray x = a.toArray(), y = b.toArray();
        if (x.size() != y.size()) return false;
        for (qsizetype i = 0; i < x.size(); ++i)
            if (!sameValue(x[i], y[i])) return false;
        return true;
    }
    return a == b;
}

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

JsonForm::JsonForm(const FieldSpecs& specs, const QString& base, QWidget* parent)
    : QWidget(parent), m_base(base)
{
    m_layout = new QFormLayout(this);
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_layout->setLabelAlignment(Qt::AlignLeft);
    for (const FieldSpec& spec : specs) {
        Row row;
        row.spec = spec;
        auto* box = new QWidget;
        auto* v = new QVBoxLayout(box);
        v->setContentsMargins(0, 0, 0, 0);
        v->setSpacing(1);
        auto* h = new QHBoxLayout;
        h->setContentsMargins(0, 0, 0, 0);
        row.editor = makeEditor(row);
        row.editor->setToolTip(tooltipOf(spec));
        row.editor->setObjectName(spec.key);
        h->addWidget(row.editor, 1);
        // Every row keeps the unit column, so the fields line up whether or not they have a unit.
        auto* unit = new QLabel(spec.unit);
        unit->setFixedWidth(unit->fontMetrics().horizontalAdvance(QStringLiteral("requests/s")) +
                            6);
        h->addWidget(unit);
        v->addLayout(h);
        row.problem = new QLabel;
        row.problem->setWordWrap(true);
        row.problem->setStyleSheet(QStringLiteral("color: %1;").arg(palette::kRed.name()));
        row.problem->hide();
        v->addWidget(row.problem);
        auto* label = new QLabel(spec.label);
        label->setToolTip(row.editor->toolTip());
        row.formRow = m_layout->rowCount();
        m_layout->addRow(label, box);
        m_order << spec.key;
        m_rows.emplace(spec.key, row);
    }
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
        combo->setMinimumContentsLength(8);
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
        value = valueOfText(row.spec.kind, static_cast<QLineEdit*>(row.editor)->text());
    }
    setValueAt(m_document, target, value);
    updateVisibility();
    emit edited(target, value);
}

QString JsonForm::choiceValue(const QString& key) const
{
    const QJsonValue v = valueAt(m_document, joinPath(m_base, key));
    if (v.isObject()) return v.toObject().value("type").toString();
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
            if (sameValue(valueOfText(row.spec.kind, line->text()), v)) break;
            line->setText(row.spec.kind == Kind::List ? listText(v) : numberText(v));
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
        m_layout->setRowVisible(row.formRow, visible);
    }
}

int JsonForm::showProblems(const QList<std::pair<QString, QString>>& problems)
{
    int marked = 0;
    for (auto& [key, row] : m_rows) {
        const QString path = joinPath(m_base, key);
        QStringList messages;
        for (const auto& [where, message] : problems)
            if (pathCovers(path, where)) messages << message;
        row.problem->setText(messages.join('\n'));
        row.problem->setVisible(!messages.isEmpty());
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

QString JsonForm::problem(const QString& key) const
{
    auto it = m_rows.find(key);
    return it == m_rows.end() ? QString() : it->second.problem->text();
}

} // namespace reslab::ui

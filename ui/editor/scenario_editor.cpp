#include "scenario_editor.h"

#include "endpoint_editor.h"
#include "field_specs.h"
#include "json_form.h"
#include "json_path.h"
#include "pipeline_editor.h"
#include "util/strict_json.h"

#include <QFontDatabase>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace reslab::ui {

namespace {
// Typing in the JSON tab is parsed once the user pauses this long.
constexpr int kJsonParseDelayMs = 400;

QScrollArea* scrolled(QWidget* content)
{
    auto* area = new QScrollArea;
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    area->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    area->setWidget(content);
    return area;
}

} // namespace

ScenarioEditor::ScenarioEditor(TraceCache& traces, QWidget* parent)
    : QWidget(parent), m_traces(traces)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_tabs = new QTabWidget;
    layout->addWidget(m_tabs, 1);

    auto* general = new QWidget;
    auto* generalLayout = new QVBoxLayout(general);
    generalLayout->setContentsMargins(4, 4, 4, 4);
    m_general = new JsonForm(generalFields({}), QString());
    generalLayout->addWidget(m_general);
    auto* workloadTitle = new QLabel(tr("<b>Workload</b>"));
    generalLayout->addWidget(workloadTitle);
    m_workload = new JsonForm(workloadFields(), QStringLiteral("workload"));
    generalLayout->addWidget(m_workload);
    generalLayout->addStretch();
    m_tabs->addTab(scrolled(general), tr("Scenario"));

    m_endpoints = new EndpointEditor;
    m_tabs->addTab(m_endpoints, tr("Endpoints"));
    m_pipeline = new PipelineEditor;
    m_tabs->addTab(m_pipeline, tr("Pipeline"));

    m_json = new QPlainTextEdit;
    m_json->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_json->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_json->setToolTip(tr(
        "The whole scenario (docs/scenario-format.md); edits here apply when you pause typing."));
    m_tabs->addTab(m_json, tr("JSON"));
    m_jsonTimer = new QTimer(this);
    m_jsonTimer->setSingleShot(true);
    m_jsonTimer->setInterval(kJsonParseDelayMs);
    connect(m_jsonTimer, &QTimer::timeout, this, &ScenarioEditor::applyJsonText);
    connect(m_json, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_settingJsonText) m_jsonTimer->start();
    });

    m_problems = new QLabel;
    m_problems->setWordWrap(true);
    m_problems->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problems->setStyleSheet(QStringLiteral("color: #d62728;"));
    m_problems->hide();
    layout->addWidget(m_problems);

    connect(m_general, &JsonForm::edited, this, &ScenarioEditor::apply);
    connect(m_workload, &JsonForm::edited, this, &ScenarioEditor::apply);
    connect(m_endpoints, &EndpointEditor::edited, this, &ScenarioEditor::apply);
    connect(m_pipeline, &PipelineEditor::edited, this, &ScenarioEditor::apply);
    connect(m_pipeline, &PipelineEditor::strategySelected, this, &ScenarioEditor::strategySelected);
    setEnabled(false); // until a scenario is opened
}

void ScenarioEditor::setDocument(const QJsonObject& document, const QString& baseDir)
{
    setEnabled(true);
    m_baseDir = baseDir;
    m_document = document;
    m_jsonError.clear();
    validate();
    reloadForms();
}

void ScenarioEditor::setBaseDir(const QString& dir)
{
    if (dir == m_baseDir) return;
    m_baseDir = dir;
    if (isEnabled()) validate();
}

void ScenarioEditor::apply(const QString& path, const QJsonValue& value)
{
    setValueAt(m_document, path, value);
    m_jsonError.clear();
    validate();
    reloadForms();
    emit edited();
}

void ScenarioEditor::applyJsonText()
{
    const QByteArray text = m_json->toPlainText().toUtf8();
    // The same strict reader as files (util/strict_json.h): what the tab accepts, a file does.
    JsonSyntaxError error;
    const std::optional<QJsonValue> parsed =
        parseStrictJson(std::string_view(text.constData(), std::size_t(text.size())), &error);
    if (!parsed || !parsed->isObject()) {
        m_jsonError =
            !parsed ? tr("JSON tab, %1: %2")
                          .arg(QString::fromStdString(lineColumn(text, qsizetype(error.offset))),
                               QString::fromStdString(error.message))
                    : tr("JSON tab: the scenario must be a JSON object");
        validate();
        emit edited();
        return;
    }
    m_document = parsed->toObject();
    m_jsonError.clear();
    validate();
    reloadForms();
    emit edited();
}

void ScenarioEditor::validate()
{
    const bool wasValid = isValid();
    m_load = parseScenario(m_document);
    resolveTraces(m_load, m_baseDir.toStdString(), m_traces);
    markProblems();
    if (wasValid != isValid()) emit validityChanged(isValid());
}

void ScenarioEditor::markProblems()
{
    QList<std::pair<QString, QString>> marks;
    for (const Diagnostic& d : m_load.diagnostics)
        marks.append({QString::fromStdString(d.path), QString::fromStdString(d.message)});
    for (JsonForm* f : {m_general, m_workload})
        f->showProblems(marks);
    m_endpoints->showProblems(marks);
    m_pipeline->showProblems(marks);
    const QString text = problems();
    m_problems->setText(text);
    m_problems->setVisible(!text.isEmpty());
}

QString ScenarioEditor::problems() const
{
    QStringList lines;
    if (!m_jsonError.isEmpty()) lines << m_jsonError;
    for (const Diagnostic& d : m_load.diagnostics)
        lines << (d.path.empty() ? QString::fromStdString(d.message)
                                 : QStringLiteral("%1: %2").arg(QString::fromStdString(d.path),
                                                                QString::fromStdString(d.message)));
    return lines.join('\n');
}

void ScenarioEditor::reloadForms()
{
    const QStringList ids = m_document.value("endpoints").toObject().keys();
    if (ids != m_endpointIds) {
        // The target's choices are the endpoints: rebuild the general form when they change.
        m_endpointIds = ids;
        auto* fresh = new JsonForm(generalFields(ids), QString());
        connect(fresh, &JsonForm::edited, this, &ScenarioEditor::apply);
        delete m_general->parentWidget()->layout()->replaceWidget(
            m_general, fresh);       // the old layout item is ours
        m_general->disconnect(this); // it goes later; its fields edit nothing meanwhile
        m_general->hide();
        m_general->deleteLater();
        m_general = fresh;
    }
    for (JsonForm* f : {m_general, m_workload})
        f->load(m_document);
    m_endpoints->load(m_document);
    m_pipeline->load(m_document);
    markProblems(); // the rebuilt forms
    if (!m_json->hasFocus()) {
        m_settingJsonText = true;
        m_json->setPlainText(
            QString::fromUtf8(QJsonDocument(m_document).toJson(QJsonDocument::Indented)));
        m_settingJsonText = false;
    }
}

QList<JsonForm*> ScenarioEditor::forms() const
{
    QList<JsonForm*> all{m_general, m_workload};
    for (JsonForm* f : m_endpoints->findChildren<JsonForm*>())
        all << f;
    if (m_pipeline->form()) all << m_pipeline->form();
    return all;
}

QWidget* ScenarioEditor::field(const QString& path) const
{
    for (JsonForm* f : forms()) {
        const QString prefix = f->base().isEmpty() ? QString() : f->base() + '.';
        if (!path.startsWith(prefix)) continue;
        if (QWidget* w = f->field(path.mid(prefix.size()))) return w;
    }
    return nullptr;
}

QString ScenarioEditor::fieldProblem(const QString& path) const
{
    for (JsonForm* f : forms()) {
        const QString prefix = f->base().isEmpty() ? QString() : f->base() + '.';
        if (path.startsWith(prefix) && f->field(path.mid(prefix.size())))
            return f->problem(path.mid(prefix.size()));
    }
    return {};
}

} // namespace reslab::ui

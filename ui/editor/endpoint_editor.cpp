#include "endpoint_editor.h"

#include "field_specs.h"
#include "json_form.h"
#include "json_path.h"
#include "phase_strip.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace reslab::ui {

EndpointEditor::EndpointEditor(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Endpoint")));
    m_endpoint = new QComboBox;
    m_endpoint->setToolTip(
        tr("The endpoint to edit (add endpoints and layered calls in the JSON tab)"));
    top->addWidget(m_endpoint, 1);
    layout->addLayout(top);
    m_note = new QLabel;
    m_note->setWordWrap(true);
    layout->addWidget(m_note);
    m_area = new QScrollArea;
    m_area->setWidgetResizable(true);
    m_area->setFrameShape(QFrame::NoFrame);
    m_area->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    layout->addWidget(m_area, 1);
    connect(m_endpoint, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_loading) rebuild();
    });
}

void EndpointEditor::selectEndpoint(const QString& id)
{
    m_endpoint->setCurrentIndex(m_endpoint->findText(id));
}

QString EndpointEditor::basePath() const
{
    return QStringLiteral("endpoints.%1").arg(m_endpoint->currentText());
}

void EndpointEditor::load(const QJsonObject& document)
{
    m_document = document;
    const QStringList ids = document.value("endpoints").toObject().keys();
    m_loading = true;
    const QString keep = m_endpoint->currentText();
    QStringList shown;
    for (int i = 0; i < m_endpoint->count(); ++i)
        shown << m_endpoint->itemText(i);
    if (shown != ids) {
        m_endpoint->clear();
        m_endpoint->addItems(ids);
    }
    const QString target = document.value("target").toString();
    m_endpoint->setCurrentIndex(
        std::max(0, m_endpoint->findText(ids.contains(keep) ? keep : target)));
    m_loading = false;
    rebuild();
}

void EndpointEditor::rebuild()
{
    const QString id = m_endpoint->currentText();
    const QJsonObject endpoint = m_document.value("endpoints").toObject().value(id).toObject();
    const QJsonArray phases = endpoint.value("phases").toArray();
    // Paths are dot-separated, so an id with a dot cannot be addressed field by field.
    const bool addressable = !id.isEmpty() && !id.contains('.');
    QStringList notes;
    if (!addressable && !id.isEmpty())
        notes << tr("This id contains a dot: edit it in the JSON tab.");
    if (endpoint.contains("calls"))
        notes << tr("Calls %n other endpoint(s) while serving (layered; edit in the JSON tab).",
                    nullptr, int(endpoint.value("calls").toArray().size()));
    m_note->setText(notes.join(' '));
    m_note->setVisible(!notes.isEmpty());

    const int phase = m_phase ? std::min(m_phase->currentIndex(), int(phases.size()) - 1)
                              : (phases.isEmpty() ? -1 : 0);
    if (!m_form || m_formId != id || (m_formPhase >= 0) != (phase >= 0) || m_formPhase != phase ||
        m_phase->count() != phases.size()) {
        auto* page = new QWidget;
        auto* v = new QVBoxLayout(page);
        v->setContentsMargins(0, 4, 4, 4);
        m_form = new JsonForm(endpointFields(), basePath());
        connect(m_form, &JsonForm::edited, this, &EndpointEditor::edited);
        v->addWidget(m_form);
        auto* phasesTitle = new QLabel(tr("<b>Phases</b> (outages, slow periods)"));
        v->addWidget(phasesTitle);
        m_strip = new PhaseStrip;
        v->addWidget(m_strip);
        auto* row = new QHBoxLayout;
        m_phase = new QComboBox;
        m_phase->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        m_phase->setMinimumContentsLength(10);
        for (int i = 0; i < phases.size(); ++i)
            m_phase->addItem(QString());
        m_phase->setCurrentIndex(phase);
        row->addWidget(m_phase, 1);
        auto* add = new QPushButton(tr("Add phase"));
        m_removePhase = new QPushButton(tr("Remove"));
        row->addWidget(add);
        row->addWidget(m_removePhase);
        v->addLayout(row);
        m_phaseForm = nullptr;
        if (phase >= 0) {
            m_phaseForm = new JsonForm(phaseFields(),
                                       QStringLiteral("%1.phases[%2]").arg(basePath()).arg(phase));
            connect(m_phaseForm, &JsonForm::edited, this, &EndpointEditor::edited);
            v->addWidget(m_phaseForm);
        }
        v->addStretch();
        m_area->setWidget(page);
        m_formId = id;
        m_formPhase = phase;
        page->setEnabled(addressable);
        connect(m_phase, &QComboBox::currentIndexChanged, this, [this] {
            if (!m_loading) rebuild();
        });
        connect(m_strip, &PhaseStrip::phaseClicked, m_phase, &QComboBox::setCurrentIndex);
        connect(add, &QPushButton::clicked, this, [this] {
            QJsonArray list = valueAt(m_document, basePath() + ".phases").toArray();
            const double duration = m_document.value("duration_s").toDouble(60.0);
            list.append(QJsonObject{{"start_s", duration / 3},
                                    {"end_s", 2 * duration / 3},
                                    {"failures", QJsonObject{{"error", 1.0}}}});
            m_loading = true;
            m_phase->addItem(QString());
            m_phase->setCurrentIndex(m_phase->count() - 1);
            m_loading = false;
            emit edited(basePath() + ".phases", list);
        });
        connect(m_removePhase, &QPushButton::clicked, this, [this] {
            QJsonArray list = valueAt(m_document, basePath() + ".phases").toArray();
            const int at = m_phase->currentIndex();
            if (at < 0 || at >= list.size()) return;
            list.removeAt(at);
            emit edited(basePath() + ".phases",
                        list.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(list));
        });
    }
    for (int i = 0; i < phases.size() && i < m_phase->count(); ++i) {
        const QJsonObject p = phases.at(i).toObject();
        m_phase->setItemText(i, tr("Phase %1: %2–%3 s")
                                    .arg(i + 1)
                                    .arg(p.value("start_s").toDouble())
                                    .arg(p.value("end_s").toDouble()));
    }
    m_removePhase->setEnabled(phase >= 0);
    m_strip->setPhases(phases, m_document.value("duration_s").toDouble());
    m_strip->setSelected(phase);
    m_form->load(m_document);
    m_form->showProblems(m_problems);
    if (m_phaseForm) {
        m_phaseForm->load(m_document);
        m_phaseForm->showProblems(m_problems);
    }
}

void EndpointEditor::showProblems(const QList<std::pair<QString, QString>>& problems)
{
    m_problems = problems;
    if (m_form) m_form->showProblems(problems);
    if (m_phaseForm) m_phaseForm->showProblems(problems);
}

} // namespace reslab::ui

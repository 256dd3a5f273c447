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

namespace {
QStringList zonesOf(const QJsonObject& endpoint)
{
    QStringList zones;
    for (const QJsonValue& z : endpoint.value("zones").toArray())
        if (z.isString()) zones << z.toString();
    return zones;
}
} // namespace

void EndpointEditor::rebuild()
{
    const QString id = m_endpoint->currentText();
    const QJsonObject endpoint = m_document.value("endpoints").toObject().value(id).toObject();
    const QJsonArray phases = endpoint.value("phases").toArray();
    const QJsonArray hosts = endpoint.value("hosts").toArray();
    const QStringList zones = zonesOf(endpoint);
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
    const int host = m_host ? std::min(std::max(m_host->currentIndex(), hosts.isEmpty() ? -1 : 0),
                                       int(hosts.size()) - 1)
                            : (hosts.isEmpty() ? -1 : 0);
    if (!m_form || m_formId != id || m_formPhase != phase || m_phase->count() != phases.size() ||
        m_formHost != host || m_host->count() != hosts.size()) {
        buildPage(phase, int(phases.size()), host, int(hosts.size()), zones);
        m_area->widget()->setEnabled(addressable);
    }
    for (int i = 0; i < phases.size() && i < m_phase->count(); ++i) {
        const QJsonObject p = phases.at(i).toObject();
        m_phase->setItemText(i, tr("Phase %1: %2–%3 s")
                                    .arg(i + 1)
                                    .arg(p.value("start_s").toDouble())
                                    .arg(p.value("end_s").toDouble()));
    }
    for (int i = 0; i < hosts.size() && i < m_host->count(); ++i)
        m_host->setItemText(
            i, tr("Host %1").arg(hosts.at(i).toObject().value("index").toVariant().toString()));
    m_removePhase->setEnabled(phase >= 0);
    m_removeHost->setEnabled(host >= 0);
    // The hosts that differ matter to a fleet; they stay shown while there are any.
    m_hostsBox->setVisible(endpoint.value("replicas").toInt(1) > 1 || !hosts.isEmpty());
    m_strip->setPhases(phases, m_document.value("duration_s").toDouble());
    m_strip->setSelected(phase);
    for (JsonForm* f : {m_form, m_phaseForm, m_hostForm}) {
        if (!f) continue;
        // The zones a phase or host may name follow the endpoint's without a rebuild, which
        // would take the focus from the zones being typed.
        if (f != m_form) f->setChoices(QStringLiteral("zone"), zones);
        f->load(m_document);
        f->showProblems(m_problems);
    }
}

void EndpointEditor::editList(const QString& key, const QJsonArray& list, QComboBox* picker,
                              int select)
{
    // The picker follows the new list before the edit reloads the page, so it is rebuilt on the
    // entry wanted.
    m_loading = true;
    while (picker->count() < list.size())
        picker->addItem(QString());
    while (picker->count() > list.size())
        picker->removeItem(picker->count() - 1);
    picker->setCurrentIndex(std::min(select, int(list.size()) - 1));
    m_loading = false;
    emit edited(basePath() + '.' + key,
                list.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(list));
}

void EndpointEditor::buildPage(int phase, int phaseCount, int host, int hostCount,
                               const QStringList& zones)
{
    auto* page = new QWidget;
    auto* v = new QVBoxLayout(page);
    v->setContentsMargins(0, 4, 4, 4);
    m_form = new JsonForm(endpointFields(), basePath());
    connect(m_form, &JsonForm::edited, this, &EndpointEditor::edited);
    v->addWidget(m_form);
    v->addWidget(new QLabel(tr("<b>Phases</b> (outages, slow periods)")));
    m_strip = new PhaseStrip;
    v->addWidget(m_strip);
    auto* row = new QHBoxLayout;
    m_phase = new QComboBox;
    m_phase->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_phase->setMinimumContentsLength(10);
    m_phase->setPlaceholderText(tr("no phases"));
    for (int i = 0; i < phaseCount; ++i)
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
        m_phaseForm = new JsonForm(phaseFields(zones),
                                   QStringLiteral("%1.phases[%2]").arg(basePath()).arg(phase));
        connect(m_phaseForm, &JsonForm::edited, this, &EndpointEditor::edited);
        v->addWidget(m_phaseForm);
    }
    m_hostsBox = buildHosts(v, host, hostCount, zones);
    v->addStretch();
    // Later, not now: the old page may hold the form whose edit led here.
    if (QWidget* old = m_area->takeWidget()) old->deleteLater();
    m_area->setWidget(page);
    m_formId = m_endpoint->currentText();
    m_formPhase = phase;
    m_formHost = host;
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
        editList(QStringLiteral("phases"), list, m_phase, int(list.size()) - 1);
    });
    connect(m_removePhase, &QPushButton::clicked, this, [this] {
        QJsonArray list = valueAt(m_document, basePath() + ".phases").toArray();
        const int at = m_phase->currentIndex();
        if (at < 0 || at >= list.size()) return;
        list.removeAt(at);
        editList(QStringLiteral("phases"), list, m_phase, std::max(0, at - 1));
    });
}

QWidget* EndpointEditor::buildHosts(QVBoxLayout* page, int host, int count,
                                    const QStringList& zones)
{
    auto* box = new QWidget;
    auto* v = new QVBoxLayout(box);
    v->setContentsMargins(0, 8, 0, 0);
    auto* title = new QLabel(tr("<b>Hosts that differ</b> (one slow, one failing, a weight)"));
    title->setWordWrap(true);
    title->setToolTip(tr("A fleet's hosts are all configured alike except these: each block "
                         "given here replaces the endpoint's block on that host."));
    v->addWidget(title);
    auto* row = new QHBoxLayout;
    m_host = new QComboBox;
    m_host->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_host->setMinimumContentsLength(10);
    m_host->setPlaceholderText(tr("every host alike"));
    for (int i = 0; i < count; ++i)
        m_host->addItem(QString());
    m_host->setCurrentIndex(host);
    row->addWidget(m_host, 1);
    auto* add = new QPushButton(tr("Add host"));
    m_removeHost = new QPushButton(tr("Remove"));
    row->addWidget(add);
    row->addWidget(m_removeHost);
    v->addLayout(row);
    m_hostForm = nullptr;
    if (host >= 0) {
        m_hostForm = new JsonForm(hostFields(zones),
                                  QStringLiteral("%1.hosts[%2]").arg(basePath()).arg(host));
        connect(m_hostForm, &JsonForm::edited, this, &EndpointEditor::edited);
        v->addWidget(m_hostForm);
    }
    page->addWidget(box);
    connect(m_host, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_loading) rebuild();
    });
    connect(add, &QPushButton::clicked, this, [this] {
        QJsonArray list = valueAt(m_document, basePath() + ".hosts").toArray();
        // The first host no entry names yet.
        QList<int> taken;
        for (const QJsonValue& h : list)
            taken << h.toObject().value("index").toInt(-1);
        int index = 0;
        while (taken.contains(index))
            ++index;
        list.append(QJsonObject{{"index", index}});
        editList(QStringLiteral("hosts"), list, m_host, int(list.size()) - 1);
    });
    connect(m_removeHost, &QPushButton::clicked, this, [this] {
        QJsonArray list = valueAt(m_document, basePath() + ".hosts").toArray();
        const int at = m_host->currentIndex();
        if (at < 0 || at >= list.size()) return;
        list.removeAt(at);
        editList(QStringLiteral("hosts"), list, m_host, std::max(0, at - 1));
    });
    return box;
}

void EndpointEditor::showProblems(const QList<std::pair<QString, QString>>& problems)
{
    m_problems = problems;
    for (JsonForm* f : {m_form, m_phaseForm, m_hostForm})
        if (f) f->showProblems(problems);
}

} // namespace reslab::ui

#pragma once
// One endpoint at a time (picked from a list): its latency, failure rates, capacity, rate limit
// and fleet (replicas, zones, readiness probe), its phases on a small timeline with a form for
// the selected phase, and a fleet's hosts that differ with a form for the selected one. Layered
// calls and schedules are edited in the JSON tab.

#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QScrollArea;
class QVBoxLayout;

namespace reslab::ui {

class JsonForm;
class PhaseStrip;

class EndpointEditor : public QWidget
{
    Q_OBJECT
public:
    explicit EndpointEditor(QWidget* parent = nullptr);

    void load(const QJsonObject& document);
    void showProblems(const QList<std::pair<QString, QString>>& problems);
    JsonForm* form() const { return m_form; }
    JsonForm* phaseForm() const { return m_phaseForm; }
    JsonForm* hostForm() const { return m_hostForm; }
    QComboBox* phasePicker() const { return m_phase; }
    QComboBox* hostPicker() const { return m_host; }
    void selectEndpoint(const QString& id);

signals:
    void edited(const QString& path, const QJsonValue& value);

private:
    void rebuild();
    void buildPage(int phase, int phaseCount, int host, int hostCount, const QStringList& zones);
    QWidget* buildHosts(QVBoxLayout* page, int host, int count, const QStringList& zones);
    void editList(const QString& key, const QJsonArray& list, QComboBox* picker, int select);
    QString basePath() const;

    QJsonObject m_document;
    QComboBox* m_endpoint = nullptr;
    QLabel* m_note = nullptr;
    QScrollArea* m_area = nullptr;
    JsonForm* m_form = nullptr;
    PhaseStrip* m_strip = nullptr;
    QComboBox* m_phase = nullptr;
    JsonForm* m_phaseForm = nullptr;
    QPushButton* m_removePhase = nullptr;
    QWidget* m_hostsBox = nullptr;
    QComboBox* m_host = nullptr;
    JsonForm* m_hostForm = nullptr;
    QPushButton* m_removeHost = nullptr;
    QString m_formId;
    int m_formPhase = -2;
    int m_formHost = -2;
    QList<std::pair<QString, QString>> m_problems;
    bool m_loading = false;
};

} // namespace reslab::ui

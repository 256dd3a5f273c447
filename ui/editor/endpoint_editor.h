#pragma once
// One endpoint at a time (picked from a list): its latency, failure rates, capacity and rate
// limit, and its phases on a small timeline with a form for the selected phase. Layered calls
// and schedules are edited in the JSON tab.

#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QScrollArea;

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
    void selectEndpoint(const QString& id);

signals:
    void edited(const QString& path, const QJsonValue& value);

private:
    void rebuild();
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
    QString m_formId;
    int m_formPhase = -2;
    QList<std::pair<QString, QString>> m_problems;
    bool m_loading = false;
};

} // namespace reslab::ui

#pragma once
// The client's pipeline as an ordered list of strategies, outermost first: add one from a menu,
// remove it, reorder by dragging (or the arrow buttons), and edit the selected one in its form.

#include <QJsonObject>
#include <QWidget>

class QListWidget;
class QScrollArea;
class QToolButton;

namespace reslab::ui {

class JsonForm;

class PipelineEditor : public QWidget
{
    Q_OBJECT
public:
    explicit PipelineEditor(QWidget* parent = nullptr);

    void load(const QJsonObject& document);
    void showProblems(const QList<std::pair<QString, QString>>& problems);
    QListWidget* list() const { return m_list; }
    JsonForm* form() const { return m_form; }
    void select(int index);
    int selected() const;

signals:
    void edited(const QString& path, const QJsonValue& value);
    // The selected strategy (its index in the pipeline), e.g. for the backoff designer.
    void strategySelected(int index);

private:
    void rebuildForm();
    void move(int from, int to);
    void commitOrderFromList();
    void addStrategy(const QString& type);
    void removeSelected();

    QJsonObject m_document;
    QListWidget* m_list = nullptr;
    QScrollArea* m_formArea = nullptr;
    JsonForm* m_form = nullptr;
    QString m_formType;
    int m_formIndex = -1;
    QList<std::pair<QString, QString>> m_problems;
    bool m_loading = false;
};

// "Retry — max_attempts 4 · backoff exponential · jitter full": a strategy in one line.
QString strategySummary(const QJsonObject& strategy);

} // namespace reslab::ui

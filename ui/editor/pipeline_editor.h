#pragma once
// The client's pipeline as an ordered list of strategies, outermost first: add one from a menu,
// remove it, reorder by dragging (or the arrow buttons), and edit the selected one in its form.

#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QLabel;
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
    // A retry's semantics: 0 the libraries' (a list of outcomes), 1 Envoy's route retry policy.
    QComboBox* retryMode() const { return m_retryMode; }
    // What the last switch of semantics removed ("" when nothing).
    QString retryModeNote() const;
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
    void switchRetryMode(int mode);

    QJsonObject m_document;
    QListWidget* m_list = nullptr;
    QScrollArea* m_formArea = nullptr;
    JsonForm* m_form = nullptr;
    QWidget* m_retryRow = nullptr;
    QComboBox* m_retryMode = nullptr;
    QLabel* m_retryNote = nullptr;
    QString m_formKind; // strategyForm() of the strategy the form shows
    int m_formIndex = -1;
    QList<std::pair<QString, QString>> m_problems;
    bool m_loading = false;
};

// "Retry — max_attempts 4 · backoff exponential · jitter full": a strategy in one line.
QString strategySummary(const QJsonObject& strategy);

} // namespace reslab::ui

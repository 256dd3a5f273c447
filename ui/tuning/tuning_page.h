#pragma once
// The Tuning page: sweep one or two parameters of the open scenario and see where it meets its
// expectations. The parameters come from the scenario's own fields (tunable_fields.h) or its
// "sweep" block; the sweep runs on a worker thread over every core with a progress bar, an ETA
// and Cancel. One parameter: the metric against it with its interval as a band; two: a
// heatmap. Beside it, the Pareto scatter of the metric against a second one. Clicking a point
// loads that configuration into the editor and the live views; Ctrl+click picks points to run
// side by side in the N-run comparison.

#include "page.h"
#include "scenario/scenario.h"
#include "tunable_fields.h"
#include "tuning_result.h"
#include "tuning_worker.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QThread;

namespace reslab::ui {

class BandChart;
class HeatmapView;
class ParetoChart;

// A sweep point to run in the comparison, as the page labels it.
struct ComparedPoint
{
    QString label;
    Scenario scenario;
};

class TuningPage final : public Page
{
    Q_OBJECT
public:
    static constexpr ViewId kId = ViewId::Tuning;
    explicit TuningPage(LiveModel& model, QWidget* parent = nullptr);
    ~TuningPage() override;
    QString title() const override { return tr("Tuning"); }
    QString csv() const override;
    void setDark(bool dark);

    // The scenario the next sweep varies (the editor's document, valid); the parameter lists
    // follow it, keeping what is chosen where it still exists.
    void setBase(const QJsonObject& document, const QString& baseDir, const Scenario& scenario);
    // Chooses the parameters, values, metric and seeds of the scenario's "sweep" block.
    void applySetup(const SweepSetup& setup);
    // Sets a parameter row by path and values (row 0 or 1; an empty path clears row 1).
    void setParameter(int row, const QString& path, const QString& values);
    void setSeeds(int seeds);
    void setMetric(const QString& metric);

    void startSweep();
    void cancelSweep();
    bool running() const { return m_cancel != nullptr; }
    const TuningSnapshot& result() const { return m_selection.result; }
    const TuningSelection& selection() const { return m_selection; }
    // Picks or unpicks a point (what Ctrl+click does).
    void togglePicked(std::size_t point);

    HeatmapView* heatmap() const { return m_heatmap; }
    BandChart* bandChart() const { return m_band; }
    ParetoChart* paretoChart() const { return m_pareto; }
    QWidget* mapView() const; // the band chart or the heatmap, whichever is shown
    QProgressBar* progressBar() const { return m_progress; }
    QLabel* statusLabel() const { return m_status; }
    // The metric and the Pareto metric: each item a label, its metric's name as data and tooltip.
    QComboBox* metricBox() const { return m_metric; }
    QComboBox* paretoMetricBox() const { return m_paretoMetric; }

signals:
    // A point was clicked: its scenario document, to load into the editor.
    void loadRequested(const QJsonObject& document, const QString& baseDir, const QString& label);
    void compareRequested(const std::vector<reslab::ui::ComparedPoint>& points);
    void sweepFinished();

private:
    void buildControls();
    void fillParameterLists();
    void onParameterChosen(int row);
    void onProgress(quint64 generation, qulonglong done, qulonglong total);
    void onFinished(quint64 generation, const TuningSnapshot& result);
    void onPointClicked(int point, Qt::KeyboardModifiers modifiers);
    void redrawViews();
    void updateStatus();
    void updateButtons();

    QJsonObject m_document;
    QString m_baseDir;
    QList<TunableField> m_fields;
    std::vector<std::string> m_metrics;
    bool m_hasBase = false;

    QComboBox* m_param[2] = {nullptr, nullptr};
    QLineEdit* m_values[2] = {nullptr, nullptr};
    QSpinBox* m_seeds = nullptr;
    QComboBox* m_metric = nullptr;
    QComboBox* m_better = nullptr;
    QComboBox* m_paretoMetric = nullptr;
    QPushButton* m_run = nullptr;
    QPushButton* m_cancelButton = nullptr;
    QPushButton* m_compare = nullptr;
    QPushButton* m_clearPicked = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_eta = nullptr;
    QLabel* m_status = nullptr;
    QStackedWidget* m_stack = nullptr;
    BandChart* m_band = nullptr;
    HeatmapView* m_heatmap = nullptr;
    ParetoChart* m_pareto = nullptr;

    QThread* m_thread = nullptr;
    TuningWorker* m_worker = nullptr;
    CancelFlag m_cancel; // the running sweep's; null when none runs
    quint64 m_generation = 0;
    qint64 m_startedMs = 0;
    TuningSelection m_selection;
};

} // namespace reslab::ui

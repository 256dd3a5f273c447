#include "tuning_page.h"

#include "band_chart.h"
#include "heatmap_view.h"
#include "metric_labels.h"
#include "pareto_chart.h"
#include "run/live_run.h"
#include "scenario/metric_names.h"

#include <QComboBox>
#include <QDateTime>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QThread>
#include <QVBoxLayout>

namespace reslab::ui {

namespace {
// The seeds a point runs on when the scenario does not say: fewer than the CLI's five, so a
// grid on the desktop answers in seconds; the intervals say when that is too few.
constexpr int kDefaultPageSeeds = 3;
constexpr const char* kParetoDefault = "latency_ms.p99";
constexpr const char* kParetoFallback = "attempts.per_request";

// A metric box's choice: the metric's name (scenario/metric_names.h), kept as the item's data.
std::string metricOf(const QComboBox* box)
{
    return box->currentData().toString().toStdString();
}
} // namespace

TuningPage::TuningPage(LiveModel& model, QWidget* parent) : Page(kId, model, parent)
{
    qRegisterMetaType<TuningSnapshot>();
    m_thread = new QThread(this);
    m_thread->setObjectName("tuning");
    m_worker = new TuningWorker;
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &TuningWorker::progress, this, &TuningPage::onProgress, Qt::QueuedConnection);
    connect(m_worker, &TuningWorker::finished, this, &TuningPage::onFinished, Qt::QueuedConnection);
    m_thread->start();
    buildControls();
    updateButtons();
    updateStatus();
}

TuningPage::~TuningPage()
{
    if (m_cancel) *m_cancel = true;
    m_thread->quit();
    m_thread->wait();
}

void TuningPage::buildControls()
{
    auto* layout = new QVBoxLayout(this);
    auto* grid = new QGridLayout;
    grid->setColumnStretch(1, 3);
    grid->setColumnStretch(3, 2);
    for (int row = 0; row < 2; ++row) {
        m_param[row] = new QComboBox;
        m_param[row]->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        m_param[row]->setMinimumContentsLength(24);
        m_values[row] = new QLineEdit;
        m_values[row]->setPlaceholderText(tr("1,2,4 · 100..2000/20 · 10..10000*x2 · log:1..100/5"));
        m_values[row]->setToolTip(
            tr("The values, as --param writes them: a list (1,2,4 or none,full), a linear range "
               "(100..2000/20: 20 values), a geometric one (10..10000*x2) or a log-spaced one "
               "(log:10..10000/12)"));
        grid->addWidget(new QLabel(row == 0 ? tr("Parameter (x)") : tr("Parameter (y)")), row, 0);
        grid->addWidget(m_param[row], row, 1);
        grid->addWidget(new QLabel(tr("values")), row, 2);
        grid->addWidget(m_values[row], row, 3);
        connect(m_param[row], &QComboBox::activated, this, [this, row] { onParameterChosen(row); });
    }
    auto* runRow = new QHBoxLayout;
    m_seeds = new QSpinBox;
    m_seeds->setRange(1, kMaxSweepSetupSeeds);
    m_seeds->setValue(kDefaultPageSeeds);
    m_seeds->setToolTip(tr("Seeds per point: every point runs on the same seeds (common random "
                           "numbers), so differences between points are the configuration's"));
    m_metric = new QComboBox;
    // Wide enough for "Latency p99.9 (ms)" however the row is squeezed (at 1280 px beside the
    // editor it cut "Success rate (" short); the list shows every label in full.
    m_metric->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_metric->setMinimumContentsLength(18);
    m_better = new QComboBox;
    m_better->addItems({tr("lower is better"), tr("higher is better")});
    m_run = new QPushButton(tr("Run Sweep"));
    m_run->setDefault(true);
    m_cancelButton = new QPushButton(tr("Cancel"));
    m_progress = new QProgressBar;
    m_progress->setTextVisible(true);
    // Narrow enough that the page fits beside the editor and the views' list at 1280 px.
    m_progress->setMinimumWidth(90);
    m_eta = new QLabel;
    m_eta->setMinimumWidth(70);
    // The seeds and the metric on a row of their own, the run controls under them: on one row
    // the metric's label ("Success rate (%)", not "success_rate") did not fit at 1280 px.
    auto* metricRow = new QHBoxLayout;
    metricRow->addWidget(new QLabel(tr("Seeds")));
    metricRow->addWidget(m_seeds);
    metricRow->addSpacing(8);
    metricRow->addWidget(new QLabel(tr("Metric")));
    metricRow->addWidget(m_metric, 1);
    metricRow->addWidget(m_better);
    grid->addLayout(metricRow, 2, 0, 1, 4);
    runRow->addWidget(m_run);
    runRow->addWidget(m_cancelButton);
    runRow->addWidget(m_progress, 1);
    runRow->addWidget(m_eta);
    grid->addLayout(runRow, 3, 0, 1, 4);
    layout->addLayout(grid);

    m_stack = new QStackedWidget;
    m_band = new BandChart;
    m_heatmap = new HeatmapView;
    m_stack->addWidget(m_band);
    m_stack->addWidget(m_heatmap);
    auto* paretoBox = new QWidget;
    auto* paretoLayout = new QVBoxLayout(paretoBox);
    paretoLayout->setContentsMargins(0, 0, 0, 0);
    auto* paretoRow = new QHBoxLayout;
    m_paretoMetric = new QComboBox;
    m_paretoMetric->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    paretoRow->addWidget(new QLabel(tr("Pareto against")));
    paretoRow->addWidget(m_paretoMetric, 1);
    paretoLayout->addLayout(paretoRow);
    m_pareto = new ParetoChart;
    paretoLayout->addWidget(m_pareto, 1);
    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(m_stack);
    split->addWidget(paretoBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({3000, 2000}); // scaled to the width on first show: the map gets 60 %
    layout->addWidget(split, 1);

    auto* bottom = new QHBoxLayout;
    m_status = new QLabel;
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::RichText);
    m_compare = new QPushButton(tr("Compare Picked"));
    m_compare->setToolTip(tr("Run the picked points (Ctrl+click) side by side in every view, "
                             "against the scenario in the editor"));
    m_clearPicked = new QPushButton(tr("Clear Picked"));
    bottom->addWidget(m_status, 1);
    bottom->addWidget(m_compare);
    bottom->addWidget(m_clearPicked);
    layout->addLayout(bottom);

    connect(m_run, &QPushButton::clicked, this, &TuningPage::startSweep);
    connect(m_cancelButton, &QPushButton::clicked, this, &TuningPage::cancelSweep);
    connect(m_metric, &QComboBox::activated, this, [this] {
        m_better->setCurrentIndex(higherIsBetter(metricOf(m_metric)) ? 1 : 0);
        redrawViews();
    });
    connect(m_better, &QComboBox::activated, this, &TuningPage::redrawViews);
    connect(m_paretoMetric, &QComboBox::activated, this, &TuningPage::redrawViews);
    connect(m_heatmap, &HeatmapView::pointClicked, this, &TuningPage::onPointClicked);
    connect(m_band, &PointChart::pointClicked, this, &TuningPage::onPointClicked);
    connect(m_pareto, &PointChart::pointClicked, this, &TuningPage::onPointClicked);
    connect(m_clearPicked, &QPushButton::clicked, this, [this] {
        m_selection.picked.clear();
        redrawViews();
    });
    connect(m_compare, &QPushButton::clicked, this, [this] {
        const TuningResult* r = m_selection.result.get();
        if (!r) return;
        std::vector<ComparedPoint> points;
        for (std::size_t p : m_selection.picked)
            points.push_back({r->pointLabel(p), r->plan().points[p].scenario});
        emit compareRequested(points);
    });
}

void TuningPage::setDark(bool dark)
{
    m_band->setDark(dark);
    m_pareto->setDark(dark);
    redrawViews();
}

void TuningPage::setBase(const QJsonObject& document, const QString& baseDir,
                         const Scenario& scenario)
{
    m_document = document;
    m_baseDir = baseDir;
    m_hasBase = true;
    m_fields = tunableFields(document);
    m_metrics = metricNames(scenario);
    fillParameterLists();
    updateButtons();
    updateStatus();
}

void TuningPage::fillParameterLists()
{
    for (int row = 0; row < 2; ++row) {
        const QString chosen = m_param[row]->currentData().toString();
        const QSignalBlocker block(m_param[row]);
        m_param[row]->clear();
        if (row == 1) m_param[row]->addItem(tr("(none: one parameter)"), QString());
        for (const TunableField& f : m_fields)
            m_param[row]->addItem(f.title(), f.path);
        const int at = m_param[row]->findData(chosen);
        if (at >= 0) {
            m_param[row]->setCurrentIndex(at);
        } else if (!chosen.isEmpty()) { // a path the forms do not show (a setup's): kept as is
            m_param[row]->addItem(chosen, chosen);
            m_param[row]->setCurrentIndex(m_param[row]->count() - 1);
        } else if (row == 0) {
            onParameterChosen(0);
        }
    }
    for (QComboBox* box : {m_metric, m_paretoMetric}) {
        // Each metric by its label (the one the axes and the rest of the testbench use), its
        // name in the scenario's `expect` block and the sweep CSV kept as data and tooltip.
        const QString chosen = box->currentData().toString();
        const QSignalBlocker block(box);
        box->clear();
        for (const std::string& m : m_metrics) {
            const QString name = QString::fromStdString(m);
            box->addItem(metricTitle(m), name);
            box->setItemData(box->count() - 1, name, Qt::ToolTipRole);
        }
        const int at = box->findData(chosen);
        box->setCurrentIndex(at >= 0                 ? at
                             : box == m_paretoMetric ? box->findData(QString(kParetoDefault))
                                                     : 0);
        box->setToolTip(box->currentData().toString());
        // A metric chosen here (none was, or it is gone) comes with its direction: success
        // rate higher, latency lower (it stayed "lower is better" for a success rate).
        if (box == m_metric && box->currentData().toString() != chosen)
            m_better->setCurrentIndex(higherIsBetter(metricOf(m_metric)) ? 1 : 0);
    }
}

void TuningPage::onParameterChosen(int row)
{
    const QString path = m_param[row]->currentData().toString();
    for (const TunableField& f : m_fields)
        if (f.path == path) {
            m_values[row]->setText(suggestedValues(f));
            return;
        }
    if (path.isEmpty()) m_values[row]->clear();
}

void TuningPage::setParameter(int row, const QString& path, const QString& values)
{
    int at = m_param[row]->findData(path);
    if (at < 0) {
        m_param[row]->addItem(path, path);
        at = m_param[row]->count() - 1;
    }
    m_param[row]->setCurrentIndex(at);
    m_values[row]->setText(values);
}

void TuningPage::setSeeds(int seeds)
{
    m_seeds->setValue(seeds);
}

void TuningPage::setMetric(const QString& metric)
{
    if (const int at = m_metric->findData(metric); at >= 0) m_metric->setCurrentIndex(at);
    m_better->setCurrentIndex(higherIsBetter(metric.toStdString()) ? 1 : 0);
    redrawViews();
}

void TuningPage::applySetup(const SweepSetup& setup)
{
    for (int row = 0; row < 2; ++row) {
        if (std::size_t(row) < setup.params.size())
            setParameter(row, QString::fromStdString(setup.params[std::size_t(row)].path),
                         QString::fromStdString(setup.params[std::size_t(row)].values));
        else if (row == 1)
            setParameter(1, QString(), QString());
    }
    setSeeds(setup.seeds.value_or(kDefaultPageSeeds));
    if (!setup.metric.empty()) setMetric(QString::fromStdString(setup.metric));
    if (setup.maximize) m_better->setCurrentIndex(1);
}

void TuningPage::startSweep()
{
    if (running() || !m_hasBase) return;
    TuningRequest request;
    request.document = m_document;
    request.baseDir = m_baseDir;
    request.spec.seeds = m_seeds->value();
    for (int row = 0; row < 2; ++row) {
        const QString path = m_param[row]->currentData().toString();
        if (path.isEmpty()) continue;
        std::string error;
        auto param =
            parseParamSpec((path + '=' + m_values[row]->text().trimmed()).toStdString(), error);
        if (!param) {
            m_status->setText(
                tr("<b>Not started:</b> %1").arg(QString::fromStdString(error).toHtmlEscaped()));
            return;
        }
        request.spec.params.push_back(std::move(*param));
    }
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    const quint64 generation = ++m_generation;
    m_startedMs = QDateTime::currentMSecsSinceEpoch();
    m_progress->setRange(0, 0); // busy until the first report gives the total
    m_eta->clear();
    m_status->setText(tr("Planning the sweep…"));
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, request, cancel = m_cancel, generation] {
            worker->run(request, cancel, generation);
        },
        Qt::QueuedConnection);
    updateButtons();
}

void TuningPage::cancelSweep()
{
    if (m_cancel) *m_cancel = true;
}

void TuningPage::onProgress(quint64 generation, qulonglong done, qulonglong total)
{
    if (generation != m_generation) return;
    m_progress->setRange(0, int(std::min<qulonglong>(total, INT_MAX)));
    m_progress->setValue(int(std::min(done, total)));
    m_progress->setFormat(tr("%v of %m runs"));
    const double elapsed = double(QDateTime::currentMSecsSinceEpoch() - m_startedMs) / 1000.0;
    if (done > 0 && done < total) {
        const double left = elapsed * double(total - done) / double(done);
        m_eta->setText(tr("ETA %1 s").arg(left, 0, 'f', left < 10 ? 1 : 0));
    }
    m_status->setText(tr("Sweeping: %1 of %2 runs on every core…").arg(done).arg(total));
}

void TuningPage::onFinished(quint64 generation, const TuningSnapshot& result)
{
    if (generation != m_generation) return;
    m_cancel.reset();
    m_eta->clear();
    m_progress->setRange(0, 1);
    m_progress->setValue(result->error().isEmpty() ? 1 : 0);
    m_progress->setFormat(result->cancelled() ? tr("cancelled") : tr("done"));
    m_selection.result = result;
    m_selection.picked.clear();
    redrawViews();
    updateButtons();
    emit sweepFinished();
}

void TuningPage::onPointClicked(int point, Qt::KeyboardModifiers modifiers)
{
    const TuningResult* r = m_selection.result.get();
    if (!r || point < 0 || std::size_t(point) >= r->pointCount()) return;
    if (modifiers & Qt::ControlModifier) {
        togglePicked(std::size_t(point));
        return;
    }
    m_selection.picked = {std::size_t(point)};
    redrawViews();
    emit loadRequested(r->pointDocument(std::size_t(point)), r->baseDir(),
                       r->pointLabel(std::size_t(point)));
}

void TuningPage::togglePicked(std::size_t point)
{
    auto& picked = m_selection.picked;
    if (const auto it = std::find(picked.begin(), picked.end(), point); it != picked.end())
        picked.erase(it);
    else if (picked.size() + 1 < kMaxLiveRuns)
        picked.push_back(point);
    redrawViews();
}

void TuningPage::redrawViews()
{
    const TuningResult* r = m_selection.result.get();
    if (r && !r->error().isEmpty()) r = nullptr;
    const std::string metric = metricOf(m_metric);
    m_metric->setToolTip(QString::fromStdString(metric));
    m_selection.maximize = m_better->currentIndex() == 1;
    if (r) {
        m_selection.metric = r->metricIndex(metric).value_or(0);
        m_selection.best = r->best(m_selection.metric, m_selection.maximize);
    }
    TuningSelection shown = m_selection;
    if (!r) shown.result.reset();
    const bool twoD = r && r->paramCount() >= 2;
    m_stack->setCurrentWidget(twoD ? static_cast<QWidget*>(m_heatmap) : m_band);
    if (twoD)
        m_heatmap->show(shown);
    else
        m_band->show(shown);
    std::size_t paretoMetric = 0;
    bool paretoMax = false;
    if (r) {
        // A front of a metric against itself says nothing: then attempts per request.
        if (metricOf(m_paretoMetric) == metric)
            m_paretoMetric->setCurrentIndex(m_paretoMetric->findData(
                QString(metric == kParetoFallback ? kParetoDefault : kParetoFallback)));
        const std::string y = metricOf(m_paretoMetric);
        m_paretoMetric->setToolTip(QString::fromStdString(y));
        paretoMetric = r->metricIndex(y).value_or(0);
        paretoMax = higherIsBetter(y);
    }
    m_pareto->show(shown, paretoMetric, paretoMax);
    updateStatus();
    updateButtons();
}

void TuningPage::updateStatus()
{
    if (running()) return;
    const TuningResult* r = m_selection.result.get();
    if (!m_hasBase) {
        m_status->setText(tr("Open a scenario: its numbers and choices can be swept here."));
        return;
    }
    if (!r) {
        m_status->setText(tr("Pick one or two parameters and their values, then Run Sweep."));
        return;
    }
    if (!r->error().isEmpty()) {
        m_status->setText(tr("<b>Not started:</b> %1").arg(r->error().toHtmlEscaped()));
        return;
    }
    QString text = tr("%1 points × %2 seeds in %3 s%4.")
                       .arg(r->pointCount())
                       .arg(r->plan().seeds.size())
                       .arg(r->wallSeconds(), 0, 'f', 1)
                       .arg(r->cancelled() ? tr(" (cancelled: the points that finished)") : "");
    if (m_selection.best)
        text += tr(" Best feasible: <b>%1</b> (%2 = %3).")
                    .arg(r->pointLabel(*m_selection.best).toHtmlEscaped(),
                         metricUnit(r->metrics()[m_selection.metric]).label,
                         metricValue(r->metrics()[m_selection.metric],
                                     r->interval(*m_selection.best, m_selection.metric).mean));
    else
        text += tr(" <b>No point meets every expectation.</b>");
    text += tr(" Click a point to load it into the editor; Ctrl+click to pick it for Compare.");
    m_status->setText(text);
}

void TuningPage::updateButtons()
{
    m_run->setEnabled(!running() && m_hasBase);
    m_cancelButton->setEnabled(running());
    m_compare->setEnabled(!running() && !m_selection.picked.empty());
    m_compare->setText(m_selection.picked.empty()
                           ? tr("Compare Picked")
                           : tr("Compare Picked (%1)").arg(m_selection.picked.size()));
    m_clearPicked->setEnabled(!m_selection.picked.empty());
}

QWidget* TuningPage::mapView() const
{
    return m_stack->currentWidget();
}

QString TuningPage::csv() const
{
    return m_selection.result ? m_selection.result->csv() : QString();
}

} // namespace reslab::ui

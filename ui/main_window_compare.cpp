// Compare mode: the open scenario runs a second time with pipeline B on the same seed and virtual
// clock (common random numbers: endpoint call k meets the same fate in both), B's lines are
// drawn dotted beside A's, and the Compare tab tabulates A, B and B − A when the run ends.

#include "main_window.h"
#include "run/compare.h"
#include "run/live_run.h"
#include "time_chart.h"

#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace reslab::ui {

QWidget* MainWindow::buildComparePage()
{
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    m_compareTitle = new QLabel(tr(
        "No comparison. Compare ▸ Compare With Pipeline… runs the scenario a second time with "
        "another pipeline (B) on the same seed; B is drawn dotted in the views and the differences "
        "are listed here when the run ends."));
    m_compareTitle->setWordWrap(true);
    layout->addWidget(m_compareTitle);
    m_compareTable = new QTableWidget(0, 4);
    m_compareTable->setHorizontalHeaderLabels(
        {tr("Metric"), tr("A (scenario)"), tr("B"), tr("B − A")});
    m_compareTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int c = 1; c < 4; ++c)
        m_compareTable->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_compareTable->verticalHeader()->hide();
    m_compareTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_compareTable->setAlternatingRowColors(true);
    layout->addWidget(m_compareTable, 1);

    return page;
}

void MainWindow::buildCompareMenu()
{
    auto* menu = menuBar()->addMenu(tr("&Compare"));
    menu->addAction(tr("Compare With &Pipeline…"), this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Pipeline B"), QString(),
                                         tr("A pipeline (a JSON array) or a scenario (*.json)"));
        if (!path.isEmpty()) compareWith(path);
    });
    m_stopCompareAction = menu->addAction(tr("&Stop Comparing"), this, &MainWindow::stopComparing);
    m_stopCompareAction->setEnabled(false);
}

bool MainWindow::compareWith(const QString& pipelineFile)
{
    const PipelineLoad pipeline = loadPipelineFile(pipelineFile.toStdString());
    if (!pipeline.pipeline) {
        m_lastError = QString::fromStdString(formatDiagnostics(
            QFileInfo(pipelineFile).fileName().toStdString(), pipeline.diagnostics));
        warn(tr("Cannot compare"), m_lastError);
        return false;
    }
    if (m_scenario) {
        const ScenarioLoad b = withPipeline(*m_scenario, *pipeline.pipeline);
        if (!b.scenario) {
            m_lastError = QString::fromStdString(
                formatDiagnostics(QFileInfo(pipelineFile).fileName().toStdString(), b.diagnostics));
            statusBar()->showMessage(
                tr("Pipeline B is invalid: %1").arg(m_lastError.section('\n', 0, 0)));
            warn(tr("Pipeline B is invalid"), m_lastError);
            return false;
        }
    }
    m_comparePipeline = *pipeline.pipeline;
    m_comparing = true;
    m_compareName = QFileInfo(pipelineFile).fileName();
    m_stopCompareAction->setEnabled(true);
    for (auto& [name, chart] : m_charts)
        for (QAbstractSeries* series : chart->chart()->series())
            if (series->name().endsWith(QStringLiteral("(B)")) || series->name() == tr("B"))
                chart->setLineVisible(series->name(), true);
    m_compareTitle->setText(tr("<b>A</b>: the scenario's pipeline. <b>B</b>: %1. Same seed, same "
                               "arrivals, and endpoint call k "
                               "meets the same fate in both. The table fills when the run ends.")
                                .arg(m_compareName.toHtmlEscaped()));
    statusBar()->showMessage(tr("Comparing with %1: B is drawn dotted").arg(m_compareName), 5000);
    reset();
    return true;
}

void MainWindow::stopComparing()
{
    m_comparePipeline.clear();
    m_comparing = false;
    m_stopCompareAction->setEnabled(false);
    for (auto& [name, chart] : m_charts)
        for (QAbstractSeries* series : chart->chart()->series())
            if (series->name().endsWith(QStringLiteral("(B)")) || series->name() == tr("B"))
                chart->setLineVisible(series->name(), false);
    m_compareTable->setRowCount(0);
    reset();
}

void MainWindow::applyComparison()
{
    // Pipeline B is laid over the scenario as it is now (edits to A apply to B's scenario too).
    if (!comparing() || !m_scenario) {
        QMetaObject::invokeMethod(m_run, "clearComparison", Qt::QueuedConnection);
        return;
    }
    const ScenarioLoad b = withPipeline(*m_scenario, m_comparePipeline);
    if (!b.scenario) {
        statusBar()->showMessage(
            tr("Pipeline B does not fit this scenario: %1")
                .arg(QString::fromStdString(
                         formatDiagnostics(m_compareName.toStdString(), b.diagnostics))
                         .section('\n', 0, 0)));
        QMetaObject::invokeMethod(m_run, "clearComparison", Qt::QueuedConnection);
        return;
    }
    m_compareTable->setRowCount(0);
    QMetaObject::invokeMethod(m_run, "setComparison", Qt::QueuedConnection,
                              Q_ARG(reslab::Scenario, *b.scenario));
}

void MainWindow::redrawComparison()
{
    // After A's pass, which set the ranges: B only adds its points to the view on screen.
    const QString view = m_tabs->tabText(m_tabs->currentIndex());
    if (view == tr("Traffic")) {
        m_charts["traffic"]->setPoints(tr("attempts (B)"),
                                       m_storeB.rate(LiveStore::Rate::Attempts));
        m_charts["traffic"]->setPoints(tr("failures (B)"),
                                       m_storeB.rate(LiveStore::Rate::Failures));
    } else if (view == tr("Amplification")) {
        m_charts["amplification"]->setPoints(tr("B"), m_storeB.amplification());
    } else if (view == tr("Latency")) {
        using L = LiveStore::Latency;
        m_charts["latency"]->setPoints(tr("p50 (B)"), m_storeB.latency(L::P50));
        m_charts["latency"]->setPoints(tr("p99 (B)"), m_storeB.latency(L::P99));
        m_charts["attempt-latency"]->setPoints(tr("p50 (B)"), m_storeB.latency(L::AttemptP50));
        m_charts["attempt-latency"]->setPoints(tr("p99 (B)"), m_storeB.latency(L::AttemptP99));
    } else if (view == tr("Circuit breaker")) {
        // B has the same breakers when the pipelines have the same ones; else the first of B's.
        const auto i = std::size_t(std::max(0, m_breakerPick->currentIndex()));
        m_charts["breaker"]->setPoints(tr("failure rate (B)"), m_storeB.breakerRate(i, false));
    } else if (view == tr("Endpoint")) {
        // Both runs have the same endpoints (only the client's pipeline differs), in the same
        // order.
        const auto i = std::size_t(std::max(0, m_endpointPick->currentIndex()));
        m_charts["endpoints"]->setPoints(tr("in service (B)"), m_storeB.endpointGauge(i, false));
        m_charts["endpoints"]->setPoints(tr("queued (B)"), m_storeB.endpointGauge(i, true));
    }
}

void MainWindow::showComparisonTable(const Summary& a, const Summary& b)
{
    const std::vector<ComparisonRow> rows = comparisonRows({&a, &b});
    m_compareTable->setRowCount(int(rows.size()));
    auto cell = [](double v) {
        auto* item = new QTableWidgetItem(v == std::floor(v) && std::fabs(v) < 1e15
                                              ? QString::number(v, 'f', 0)
                                              : QString::number(v, 'f', 3));
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        return item;
    };
    for (int r = 0; r < int(rows.size()); ++r) {
        const ComparisonRow& row = rows[std::size_t(r)];
        m_compareTable->setItem(r, 0, new QTableWidgetItem(QString::fromStdString(row.metric)));
        m_compareTable->setItem(r, 1, cell(row.values[0]));
        m_compareTable->setItem(r, 2, cell(row.values[1]));
        QTableWidgetItem* delta = cell(row.delta(1));
        if (row.delta(1) > 0) delta->setText("+" + delta->text());
        m_compareTable->setItem(r, 3, delta);
    }
    const bool same = std::all_of(rows.begin(), rows.end(), [](const ComparisonRow& r) {
        return r.values[0] == r.values[1];
    });
    statusBar()->showMessage(
        same ? tr("A and B: no differences") : tr("A and B compared: see the Compare tab"), 8000);
}

} // namespace reslab::ui

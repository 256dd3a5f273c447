// Comparisons: the open scenario runs again with other pipelines (B, C, … up to five) on the
// same seed and virtual clock (common random numbers: endpoint call k meets the same fate in
// each), every view draws each run with its own dash, and the Compare page tabulates them all
// and each one's difference from A when the runs end.

#include "main_window.h"
#include "pages/compare_page.h"
#include "run/live_run.h"
#include "scenario/scenario_io.h"
#include "view_navigator.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QStatusBar>

namespace reslab::ui {

void MainWindow::buildCompareMenu()
{
    auto* menu = menuBar()->addMenu(tr("&Compare"));
    menu->addAction(tr("Compare With &Pipeline…"), this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Pipeline to compare with"), QString(),
                                         tr("A pipeline (a JSON array) or a scenario (*.json)"));
        if (!path.isEmpty()) compareWith(path);
    });
    m_stopCompareAction = menu->addAction(tr("&Stop Comparing"), this, &MainWindow::stopComparing);
    showComparePage(false);
}

bool MainWindow::compareWith(const QString& pipelineFile)
{
    const QString file = QFileInfo(pipelineFile).fileName();
    if (m_compared.size() + 1 >= kMaxLiveRuns) {
        warn(tr("Cannot compare"),
             tr("%1 runs are compared already (the most there can be)").arg(kMaxLiveRuns));
        return false;
    }
    const PipelineLoad pipeline = loadPipelineFile(pipelineFile.toStdString());
    if (!pipeline.pipeline) {
        warn(tr("Cannot compare"),
             QString::fromStdString(formatDiagnostics(file.toStdString(), pipeline.diagnostics)));
        return false;
    }
    if (m_scenario) {
        const ScenarioLoad b = withPipeline(*m_scenario, *pipeline.pipeline);
        if (!b.scenario) {
            const QString text =
                QString::fromStdString(formatDiagnostics(file.toStdString(), b.diagnostics));
            statusBar()->showMessage(
                tr("The pipeline does not fit: %1").arg(text.section('\n', 0, 0)));
            warn(tr("The pipeline does not fit the scenario"), text);
            return false;
        }
    }
    const QString name = QString(QChar('B' + int(m_compared.size())));
    m_compared.push_back({name, file, *pipeline.pipeline, std::nullopt});
    showComparePage(true);
    QString runs = tr("<b>A</b>: the scenario's pipeline");
    for (const Compared& c : m_compared)
        runs += tr("; <b>%1</b>: %2").arg(c.name, c.file.toHtmlEscaped());
    page<ComparePage>()->setDescription(
        tr("%1. Same seed, same arrivals, and endpoint call k meets the same fate "
           "in every run. The table fills when the runs end.")
            .arg(runs));
    statusBar()->showMessage(
        tr("Comparing with %1 as %2: drawn with its own dash in every view").arg(file, name), 5000);
    reset();
    return true;
}

void MainWindow::compareWithScenarios(const std::vector<std::pair<QString, Scenario>>& runs)
{
    m_compared.clear();
    QString description = tr("<b>A</b>: the scenario in the editor");
    for (const auto& [label, scenario] : runs) {
        if (m_compared.size() + 1 >= kMaxLiveRuns) break;
        const QString name = QString(QChar('B' + int(m_compared.size())));
        m_compared.push_back({name, label, {}, scenario});
        description += tr("; <b>%1</b>: %2").arg(name, label.toHtmlEscaped());
    }
    showComparePage(!m_compared.empty());
    page<ComparePage>()->setDescription(
        m_compared.empty() ? QString()
                           : tr("%1. Same seed and arrivals in every run. The table fills when "
                                "the runs end.")
                                 .arg(description));
    statusBar()->showMessage(
        tr("Comparing %1 sweep points with the scenario: drawn with their own dash in every view")
            .arg(m_compared.size()),
        5000);
    reset();
}

void MainWindow::stopComparing()
{
    dropComparison();
    reset();
}

void MainWindow::dropComparison()
{
    m_compared.clear();
    showComparePage(false);
    page<ComparePage>()->setDescription({});
}

void MainWindow::showComparePage(bool on)
{
    // The Compare view is listed only while comparing: an empty comparison says nothing.
    m_stopCompareAction->setEnabled(on);
    m_views->setTabVisible(m_views->indexOf(page<ComparePage>()), on);
}

std::vector<Scenario> MainWindow::runsToLoad()
{
    // Each pipeline is laid over the scenario as it is now (edits apply to every run).
    std::vector<Scenario> runs{*m_scenario};
    for (const Compared& c : m_compared) {
        if (c.scenario) {
            runs.push_back(*c.scenario);
            continue;
        }
        const ScenarioLoad b = withPipeline(*m_scenario, c.pipeline);
        if (!b.scenario) {
            statusBar()->showMessage(
                tr("%1 (%2) does not fit this scenario: %3")
                    .arg(c.name, c.file,
                         QString::fromStdString(
                             formatDiagnostics(c.file.toStdString(), b.diagnostics))
                             .section('\n', 0, 0)));
            break; // the runs before it still compare; names stay in order
        }
        runs.push_back(*b.scenario);
    }
    return runs;
}

} // namespace reslab::ui

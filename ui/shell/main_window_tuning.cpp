// The Tuning page's place in the window: it sweeps the editor's scenario, sets itself up from
// an opened scenario's "sweep" block, loads a clicked point into the editor (the live views
// restart with it) and sends picked points to the comparison.

#include "main_window.h"
#include "scenario_editor.h"
#include "tuning/tuning_page.h"

#include <QStatusBar>

namespace reslab::ui {

void MainWindow::buildTuning()
{
    TuningPage* tuning = page<TuningPage>();
    connect(tuning, &TuningPage::loadRequested, this, &MainWindow::loadTuningPoint);
    connect(tuning, &TuningPage::compareRequested, this,
            [this](const std::vector<ComparedPoint>& points) {
                std::vector<std::pair<QString, Scenario>> runs;
                for (const ComparedPoint& p : points)
                    runs.emplace_back(p.label, p.scenario);
                compareWithScenarios(runs);
                showView(ViewId::Compare);
            });
}

void MainWindow::followScenarioInTuning(bool opened)
{
    if (!m_scenario) return;
    TuningPage* tuning = page<TuningPage>();
    tuning->setBase(m_editor->document(), m_editor->baseDir(), *m_scenario);
    if (!opened || !m_scenario->sweep) return;
    tuning->applySetup(*m_scenario->sweep);
    if (m_scenario->view == kViewNames.name(ViewId::Tuning)) tuning->startSweep();
}

void MainWindow::loadTuningPoint(const QJsonObject& document, const QString& baseDir,
                                 const QString& label)
{
    m_editor->setDocument(document, baseDir);
    onEditorEdited(); // marks the file changed and restarts the live run with the point
    statusBar()->showMessage(
        tr("Loaded %1 into the editor: the live views run it (Run to watch).").arg(label), 8000);
}

} // namespace reslab::ui

// File ▸ Open Configuration…: a configuration file imported (core/configimport) and opened in the
// editor, unsaved, with the instance asked for when the file has several; a bad file is refused
// with its file, line and reason, and what was open stays.

#include "configuration_import.h"
#include "gui_testing.h"
#include "main_window.h"
#include "scenario_document.h"
#include "scenario_editor.h"

#include <QAction>
#include <QMenu>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace reslab;
using namespace reslab::ui;

namespace {
const QString kConfigs = QStringLiteral(RESLAB_TEST_DATA_DIR "/configs/");
}

class TestConfigurationImport : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QSettings().clear(); }

    void theActionFollowsOpenScenario()
    {
        MainWindow window;
        QMenu* file = window.menuBar()->actions().front()->menu();
        QVERIFY(file);
        const QList<QAction*> actions = file->actions();
        qsizetype open = -1;
        for (qsizetype i = 0; i < actions.size(); ++i)
            if (actions[i]->text() == "&Open Scenario…") open = i;
        QVERIFY(open >= 0 && open + 1 < actions.size());
        QCOMPARE(actions[open + 1]->text(), QStringLiteral("Open &Configuration…"));
    }

    void opensTheInstanceChosenUnsaved()
    {
        MainWindow window;
        window.document().setUnsavedChangesPrompt([] { return QMessageBox::Discard; });
        QStringList offered;
        window.configurationImport().setInstanceChooser([&](const QStringList& names) {
            offered = names;
            return QStringLiteral("payments");
        });
        QVERIFY(window.configurationImport().open(kConfigs + "resilience4j-application.yml"));
        QCOMPARE(offered, (QStringList{"inventory", "payments", "reports"}));
        const std::optional<Scenario>& s = window.editor()->scenario();
        QVERIFY(s);
        QCOMPARE(s->pipeline.size(), std::size_t(2));
        QCOMPARE(std::get<BreakerSpec>(s->pipeline[0]).name, std::string("payments"));
        QCOMPARE(std::get<RetrySpec>(s->pipeline[1]).maxAttempts, 2);
        QVERIFY(window.document().isDirty());
        QVERIFY(window.document().path().isEmpty()); // Save asks where
        QVERIFY(window.configurationImport().lastReport().contains("Defaults filled in"));
        QVERIFY(s->description.find("pipeline[0].failure_rate = 0.5") != std::string::npos);
        // Cancelling the choice opens nothing.
        window.configurationImport().setInstanceChooser(
            [](const QStringList&) { return QString(); });
        QVERIFY(!window.configurationImport().open(kConfigs + "aws-config"));
        QCOMPARE(window.editor()->scenario()->pipeline.size(), std::size_t(2));
    }

    void aBadFileIsRefusedWithItsPlace()
    {
        MainWindow window;
        QTemporaryDir dir;
        const QString path = dir.filePath("application.yml");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("resilience4j:\n  retry:\n    instances:\n      a:\n        maxAttempts: 0\n");
        f.close();
        QSignalSpy problems(&window.configurationImport(), &ConfigurationImport::problem);
        QVERIFY(!window.configurationImport().open(path));
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems[0][1].toString().contains("application.yml:5:22: "),
                 qPrintable(problems[0][1].toString()));
        QVERIFY(problems[0][1].toString().contains("must be from 1 to 1000, got 0"));
    }
};

RESLAB_UI_TEST_MAIN(TestConfigurationImport)
#include "tst_configuration_import.moc"

// The scenario editor and files, on the offscreen platform: an invalid file opens with its
// message at the field and Run off, a value the validator refuses turns Run off and shows the
// message, the pipeline reorders and shrinks, a saved scenario reopens equal, and unsaved changes
// are asked about.

#include "backoff_designer.h"
#include "gui_testing.h"
#include "json_form.h"
#include "pages/designer_page.h"
#include "pipeline_editor.h"

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QToolButton>

using namespace reslab;
using namespace reslab::ui;
using namespace reslab::ui::testing;

class TestScenarioEditor : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QSettings().clear(); }

    void invalidScenarioOpensWithTheMessageAndRunOff()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("broken.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format": "resilience-lab.scenario/1", "duration_s": -1})");
        f.close();
        MainWindow window;
        QVERIFY(!window.openScenario(path));
        QVERIFY2(window.lastError().contains("duration_s: must be >"),
                 qPrintable(window.lastError()));
        // It is open in the editor to be fixed, with the message at the field and Run off.
        QVERIFY(!window.runAction()->isEnabled());
        QVERIFY2(window.editor()->fieldProblem("duration_s").contains("must be >"),
                 qPrintable(window.editor()->fieldProblem("duration_s")));
        // Not JSON at all: refused, nothing opened.
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("\x00\x01garbage", 9);
        f.close();
        MainWindow other;
        QVERIFY(!other.openScenario(path));
        QVERIFY2(other.lastError().contains("broken.json"), qPrintable(other.lastError()));
        QVERIFY(!other.runAction()->isEnabled());
    }

    void invalidValueDisablesRunAndShowsTheMessage()
    {
        MainWindow window;
        window.show();
        QVERIFY(window.openScenario(":/presets/steady-flaky-api.json"));
        ScenarioEditor* editor = window.editor();
        const int retry = retryIndex(*editor);
        QVERIFY(retry >= 0);
        editor->pipeline()->select(retry);
        const QString path = QStringLiteral("pipeline[%1].backoff.multiplier").arg(retry);
        QWidget* field = editor->field(path);
        QVERIFY2(field, qPrintable(path));
        QVERIFY(window.runAction()->isEnabled());
        typeInto(field, "0.5");
        QVERIFY(!editor->isValid());
        QVERIFY(!window.runAction()->isEnabled());
        QVERIFY2(editor->fieldProblem(path).contains("must be ≥ 1, got 0.5"),
                 qPrintable(editor->fieldProblem(path)));
        QVERIFY(window.document().isDirty());
        QVERIFY(window.isWindowModified());
        // Fixed: Run comes back, the message goes, and the designer follows the new multiplier.
        typeInto(field, "3");
        QVERIFY(editor->isValid());
        QVERIFY(window.runAction()->isEnabled());
        QVERIFY(editor->fieldProblem(path).isEmpty());
        QCOMPARE(window.page<DesignerPage>()->widget()->multiplierField()->value(), 3.0);
        // Not a number at all.
        typeInto(field, "abc");
        QVERIFY(!window.runAction()->isEnabled());
        QVERIFY2(!editor->fieldProblem(path).isEmpty(), "a non-number is refused at its field");
    }

    void pipelineAddReorderRemove()
    {
        MainWindow window;
        window.show();
        QVERIFY(window.openScenario(":/presets/steady-flaky-api.json"));
        PipelineEditor* pipeline = window.editor()->pipeline();
        auto types = [&] {
            QStringList out;
            for (const QJsonValue& v : window.editor()->document().value("pipeline").toArray())
                out << v.toObject().value("type").toString();
            return out;
        };
        const QStringList before = types();
        QVERIFY(before.size() >= 2);
        // Move the first strategy inwards by one: the document's order follows, still valid.
        pipeline->select(0);
        const QString first = before[0];
        pipeline->select(0);
        auto* down = pipeline->findChildren<QToolButton*>().at(3); // Add, Remove, ↑, ↓
        QCOMPARE(down->text(), QStringLiteral("↓"));
        down->click();
        QCOMPARE(types().at(1), first);
        QCOMPARE(pipeline->selected(), 1);
        // Remove it again, then the pipeline is one shorter.
        auto* remove = pipeline->findChildren<QToolButton*>().at(1);
        remove->click();
        QCOMPARE(types().size(), before.size() - 1);
        QVERIFY(!types().contains(first) || before.count(first) > 1);
        QVERIFY(window.editor()->isValid());
    }

    void saveReopenAndCompare()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("edited.json");
        std::string saved;
        {
            MainWindow window;
            window.show();
            QVERIFY(window.openScenario(":/presets/steady-flaky-api.json"));
            QVERIFY(window.document().path().isEmpty()); // a preset: Save must ask where
            typeInto(window.editor()->field("workload.rate_per_s"), "77");
            QVERIFY(window.document().isDirty());
            QVERIFY(window.saveAs(path));
            QVERIFY(!window.document().isDirty());
            QCOMPARE(window.document().path(), path);
            saved = scenarioToJson(*window.editor()->scenario());
        }
        MainWindow reopened;
        QVERIFY(reopened.openScenario(path));
        QVERIFY(reopened.editor()->scenario().has_value());
        QCOMPARE(QString::fromStdString(scenarioToJson(*reopened.editor()->scenario())),
                 QString::fromStdString(saved));
        QCOMPARE(reopened.editor()
                     ->document()
                     .value("workload")
                     .toObject()
                     .value("rate_per_s")
                     .toDouble(),
                 77.0);
        // Recent files remember it.
        QVERIFY(QSettings()
                    .value("files/recent")
                    .toStringList()
                    .contains(QFileInfo(path).absoluteFilePath()));
    }

    void unsavedChangesArePromptedFor()
    {
        MainWindow window;
        window.show();
        QVERIFY(window.openScenario(":/presets/steady-flaky-api.json"));
        typeInto(window.editor()->field("workload.rate_per_s"), "12");
        int asked = 0;
        window.document().setUnsavedChangesPrompt([&] {
            ++asked;
            return QMessageBox::Cancel;
        });
        QVERIFY(!window.openScenario(":/presets/outage-and-recovery.json"));
        QCOMPARE(asked, 1);
        QVERIFY(window.document().isDirty());
        QCOMPARE(
            window.editor()->document().value("workload").toObject().value("rate_per_s").toDouble(),
            12.0);
        window.document().setUnsavedChangesPrompt([&] {
            ++asked;
            return QMessageBox::Discard;
        });
        QVERIFY(window.openScenario(":/presets/outage-and-recovery.json"));
        QCOMPARE(asked, 2);
        QVERIFY(!window.document().isDirty());
    }

    void proxyEndpointShowsItsUpstream()
    {
        // A proxy endpoint opens in the editor with its upstream field, and the model's blocks.
        QTemporaryDir tmp;
        const QString path =
            writeScenarioFile(tmp, "proxy.json",
                              R"({"format": "resilience-lab.scenario/1", "name": "proxy", "seed": 1,
            "duration_s": 10, "workload": {"type": "open", "rate_per_s": 1}, "target": "legacy",
            "pipeline": [], "endpoints": {"legacy": {"kind": "proxy",
            "upstream": "http:\/\/127.0.0.1:9000\/v1", "latency": {"dist": "constant", "ms": 20},
            "failures": {"error": 0.1}}}})");
        QVERIFY(!path.isEmpty());
        MainWindow window;
        window.setDialogsEnabled(false);
        window.resize(1280, 800);
        window.show();
        QVERIFY(window.openScenario(path));
        QVERIFY(window.editor()->scenario().has_value());
        QCOMPARE(window.editor()->scenario()->endpoints.front().upstream,
                 std::string("http://127.0.0.1:9000/v1"));
        window.editor()->tabs()->setCurrentIndex(1); // Endpoints
        QCoreApplication::processEvents();
        bool shown = false;
        for (const QLineEdit* e : window.editor()->findChildren<QLineEdit*>())
            shown = shown || (e->isVisible() && e->text() == "http://127.0.0.1:9000/v1");
        QVERIFY2(shown, "the upstream is shown");
        if (!qEnvironmentVariableIsSet("RESLAB_SKIP_SCREENSHOTS"))
            QVERIFY(window.grab().save(QDir(screenshotDir()).filePath("editor-proxy.png")));
    }

    void opossumBreakerShowsFiresMode()
    {
        // A breaker with preset opossum and no mode opens in the pipeline editor in mode fires
        // (the preset implies it): its rate, volume and window are shown, resilience4j's
        // slow-call fields are not.
        QTemporaryDir tmp;
        const QString path = writeScenarioFile(
            tmp, "opossum.json",
            R"({"format": "resilience-lab.scenario/1", "name": "opossum", "seed": 1,
            "duration_s": 10, "workload": {"type": "open", "rate_per_s": 1}, "target": "api",
            "pipeline": [{"type": "circuit_breaker", "preset": "opossum", "min_calls": 4,
            "open_ms": 500}], "endpoints": {"api": {"latency": {"dist": "constant", "ms": 2}}}})");
        QVERIFY(!path.isEmpty());
        MainWindow window;
        window.setDialogsEnabled(false);
        window.resize(1280, 800);
        window.show();
        QVERIFY(window.openScenario(path));
        QVERIFY(window.editor()->scenario().has_value());
        const auto& breaker = std::get<BreakerSpec>(window.editor()->scenario()->pipeline.front());
        QCOMPARE(breaker.mode, BreakerSpec::Mode::Fires);
        window.editor()->tabs()->setCurrentIndex(2); // Pipeline
        window.editor()->pipeline()->select(0);
        QCoreApplication::processEvents();
        JsonForm* form = window.editor()->pipeline()->form();
        QVERIFY(form);
        const auto* mode = qobject_cast<QComboBox*>(form->field("mode"));
        QVERIFY(mode);
        QCOMPARE(mode->currentData().toString(), QStringLiteral("fires"));
        // Its window is of time (the mode implies it): the length and buckets are shown.
        for (const char* key : {"failure_rate", "min_calls", "window.type", "window.size_s"})
            QVERIFY2(form->field(key) && form->field(key)->isVisible(), key);
        for (const char* key :
             {"slow_call_ms", "failure_threshold", "window.size", "half_open_calls"})
            QVERIFY2(form->field(key) && !form->field(key)->isVisible(), key);
        if (!qEnvironmentVariableIsSet("RESLAB_SKIP_SCREENSHOTS"))
            QVERIFY(window.grab().save(QDir(screenshotDir()).filePath("editor-opossum.png")));
    }

    void awsAdaptivePresetShowsBotocoresConstants()
    {
        // The AWS preset opens with its rate limiter in the pipeline; its form shows botocore's
        // constants as the defaults, and the run uses it.
        MainWindow window;
        window.setDialogsEnabled(false);
        window.resize(1280, 800);
        window.show();
        QVERIFY(window.openScenario(":/presets/aws-adaptive-throttled-api.json"));
        QVERIFY(window.editor()->scenario().has_value());
        const auto& pipeline = window.editor()->scenario()->pipeline;
        QCOMPARE(int(pipeline.size()), 3);
        QCOMPARE(std::get<AwsAdaptiveSpec>(pipeline[2]), AwsAdaptiveSpec{});
        window.editor()->tabs()->setCurrentIndex(2); // Pipeline
        window.editor()->pipeline()->select(2);
        QCoreApplication::processEvents();
        JsonForm* form = window.editor()->pipeline()->form();
        QVERIFY(form);
        for (const char* key : {"min_fill_rate", "smoothing", "bucket_s", "scale_constant", "beta",
                                "max_rate_scale", "throttling_on"})
            QVERIFY2(form->field(key) && form->field(key)->isVisible(), key);
        if (!qEnvironmentVariableIsSet("RESLAB_SKIP_SCREENSHOTS"))
            QVERIFY(window.grab().save(QDir(screenshotDir()).filePath("editor-aws-adaptive.png")));
    }

    void adaptiveLimitFormShowsItsAlgorithmsKeys()
    {
        // The adaptive-limit preset's limiter is Envoy's gradient controller: its form shows
        // Envoy's keys and hides Netflix's.
        MainWindow window;
        window.setDialogsEnabled(false);
        window.resize(1280, 800);
        window.show();
        QVERIFY(window.openScenario(":/presets/adaptive-limit-capacity-halves.json"));
        const auto& pipeline = window.editor()->scenario()->pipeline;
        QCOMPARE(int(pipeline.size()), 2);
        QCOMPARE(std::get<AdaptiveLimitSpec>(pipeline[1]).limit.algorithm,
                 LimitAlgorithm::EnvoyGradient);
        window.editor()->tabs()->setCurrentIndex(2); // Pipeline
        window.editor()->pipeline()->select(1);
        QCoreApplication::processEvents();
        JsonForm* form = window.editor()->pipeline()->form();
        QVERIFY(form);
        for (const char* key :
             {"algorithm", "min_limit", "max_limit", "update_interval_ms", "min_rtt_interval_ms",
              "request_count", "jitter", "buffer", "percentile", "queue", "ignore_on"})
            QVERIFY2(form->field(key) && form->field(key)->isVisible(), key);
        for (const char* key : {"initial_limit", "backoff_ratio", "probe_multiplier", "long_window",
                                "windowed", "drop_on", "backlog_size"})
            QVERIFY2(!form->field(key) || !form->field(key)->isVisible(), key);
        if (!qEnvironmentVariableIsSet("RESLAB_SKIP_SCREENSHOTS"))
            QVERIFY(
                window.grab().save(QDir(screenshotDir()).filePath("editor-adaptive-limit.png")));
    }

    void seedAdaptiveBulkShowsItsBulkAndAdaptiveBackoff()
    {
        // The RPC seed's bulk (workload form) and adaptive retry (pipeline form) are editable.
        MainWindow window;
        window.setDialogsEnabled(false);
        window.resize(1280, 800);
        window.show();
        QVERIFY(window.openScenario(":/presets/seed-rpc-adaptive-bulk.json"));
        QVERIFY(window.editor()->scenario()->workload.bulk);
        auto* items = qobject_cast<QLineEdit*>(window.editor()->field("workload.bulk.items"));
        QVERIFY(items && items->isVisible());
        QCOMPARE(items->text(), QString("100"));
        window.editor()->tabs()->setCurrentIndex(2); // Pipeline
        window.editor()->pipeline()->select(1);
        QCoreApplication::processEvents();
        JsonForm* form = window.editor()->pipeline()->form();
        QVERIFY(form);
        for (const char* key : {"backoff.success_threshold", "backoff.window",
                                "backoff.min_samples", "backoff.initial_ms"})
            QVERIFY2(form->field(key) && form->field(key)->isVisible(), key);
        QVERIFY(!form->field("backoff.multiplier") ||
                !form->field("backoff.multiplier")->isVisible());
        if (!qEnvironmentVariableIsSet("RESLAB_SKIP_SCREENSHOTS"))
            QVERIFY(
                window.grab().save(QDir(screenshotDir()).filePath("editor-adaptive-backoff.png")));
        window.editor()->tabs()->setCurrentIndex(0);
        QCoreApplication::processEvents();
        if (!qEnvironmentVariableIsSet("RESLAB_SKIP_SCREENSHOTS"))
            QVERIFY(window.grab().save(QDir(screenshotDir()).filePath("editor-bulk.png")));
    }
};

RESLAB_UI_TEST_MAIN(TestScenarioEditor)
#include "tst_scenario_editor.moc"

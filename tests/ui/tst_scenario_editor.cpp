// The scenario editor and files, on the offscreen platform: an invalid file opens with its
// message at the field and Run off, a value the validator refuses turns Run off and shows the
// message, the pipeline reorders and shrinks, a saved scenario reopens equal, and unsaved changes
// are asked about. Fleets and mesh semantics: the forms show a balancer's outlier detection and
// failure accrual, Envoy's retry policy and circuit breaker, an endpoint's replicas, zones,
// readiness probe, phases' hosts and zone and the hosts that differ; what each writes is what the
// core reads; every preset of the "Fleets and service meshes" theme goes through the editor and
// is saved unchanged.

#include "backoff_designer.h"
#include "endpoint_editor.h"
#include "gui_testing.h"
#include "json_form.h"
#include "json_path.h"
#include "pages/designer_page.h"
#include "pipeline_editor.h"
#include "preset_menu.h"
#include "scenario/scenario_io.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileInfo>
#include <QGroupBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QScrollArea>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QToolButton>

using namespace reslab;
using namespace reslab::ui;
using namespace reslab::ui::testing;

namespace {
// The tabs of the editor.
constexpr int kEndpointsTab = 1;
constexpr int kPipelineTab = 2;

// What a field shows: a line's text, a combo's value, "on"/"off" for a checkbox or a group.
QString shown(const QWidget* w)
{
    if (const auto* line = qobject_cast<const QLineEdit*>(w)) return line->text();
    if (const auto* combo = qobject_cast<const QComboBox*>(w))
        return combo->currentData().toString();
    if (const auto* box = qobject_cast<const QCheckBox*>(w)) return box->isChecked() ? "on" : "off";
    if (const auto* group = qobject_cast<const QGroupBox*>(w))
        return group->isChecked() ? "on" : "off";
    return QStringLiteral("?");
}

// Opens a preset at 1280×800 with the editor on `tab`, strategy `strategy` selected.
void openOn(MainWindow& window, const QString& preset, int tab, int strategy)
{
    window.setDialogsEnabled(false);
    window.resize(1280, 800);
    window.show();
    // A preset's name, or a path (a scenario from the test data).
    const QString path =
        preset.contains('/') ? preset : QStringLiteral(":/presets/%1.json").arg(preset);
    QVERIFY2(window.openScenario(path), qPrintable(window.lastError()));
    window.editor()->tabs()->setCurrentIndex(tab);
    if (strategy >= 0) window.editor()->pipeline()->select(strategy);
    QCoreApplication::processEvents();
}

QJsonObject presetJson(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

// The scenario as the core reads and writes it back (its canonical form).
QJsonObject coreJson(const ScenarioEditor& editor)
{
    if (!editor.scenario()) return {};
    return QJsonDocument::fromJson(QByteArray::fromStdString(scenarioToJson(*editor.scenario())))
        .object();
}

// Every field of the editor's forms, as the user would leave it: each line retyped as it stands,
// each combo, checkbox and group set to what it shows. Nothing may change.
bool inForm(const QWidget* w)
{
    for (; w; w = w->parentWidget())
        if (qobject_cast<const JsonForm*>(w)) return true;
    return false;
}

void retypeEveryField(ScenarioEditor& editor)
{
    // Forms replaced by a reload go at the next turn of the event loop: gone before this.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    for (QLineEdit* line : editor.findChildren<QLineEdit*>())
        if (inForm(line)) emit line->textEdited(line->text());
    for (QComboBox* combo : editor.findChildren<QComboBox*>())
        if (inForm(combo)) emit combo->activated(combo->currentIndex());
    for (QCheckBox* box : editor.findChildren<QCheckBox*>())
        emit box->toggled(box->isChecked());
    for (QGroupBox* group : editor.findChildren<QGroupBox*>())
        if (group->isCheckable()) emit group->clicked(group->isChecked());
}

// Every leaf of a JSON block by its path ("a.b", "a.list[0].c"); arrays of plain values are
// leaves.
void leaves(const QJsonValue& v, const QString& path, QStringList& out)
{
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            leaves(it.value(), path + '.' + it.key(), out);
    } else if (v.isArray() && !v.toArray().isEmpty() && v.toArray().first().isObject()) {
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i)
            leaves(a.at(i), QStringLiteral("%1[%2]").arg(path).arg(i), out);
    } else {
        out << path;
    }
}
} // namespace

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

    void meshFieldsAreShown_data()
    {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<int>("tab");
        QTest::addColumn<int>("strategy");
        // "path=value": shown with that value; "path": shown; "-path": hidden or not in the form.
        QTest::addColumn<QStringList>("fields");
        QTest::addRow("balancer with outlier detection")
            << "one-bad-pod-of-five" << kPipelineTab << 1
            << QStringList{"pipeline[1].policy=least_request",
                           "pipeline[1].choice_count=",
                           "pipeline[1].healthy_panic_threshold=0",
                           "pipeline[1].retry_host_predicate=previous_hosts",
                           "pipeline[1].host_selection_retry_max_attempts=5",
                           "-pipeline[1].hash_keys",
                           "pipeline[1].outlier_detection=on",
                           "pipeline[1].outlier_detection.enforcing_success_rate=0",
                           "pipeline[1].outlier_detection.max_ejection_percent=",
                           "pipeline[1].outlier_detection.consecutive_5xx=",
                           "pipeline[1].outlier_detection.success_rate_stdev_factor=",
                           "pipeline[1].outlier_detection.failure_percentage_threshold=",
                           "-pipeline[1].outlier_detection.consecutive_local_origin_failure",
                           "pipeline[1].failure_accrual=off",
                           "-pipeline[1].failure_accrual.consecutive_failures"};
        QTest::addRow("library retry")
            << "one-bad-pod-of-five" << kPipelineTab << 0
            << QStringList{"pipeline[0].max_attempts=3", "pipeline[0].jitter=full",
                           "pipeline[0].retry_on=reset", "-pipeline[0].num_retries",
                           "-pipeline[0].circuit_breakers.max_retries"};
        QTest::addRow("Envoy retry with a retry budget")
            << "envoy-max-retries-vs-retry-budget" << kPipelineTab << 1
            << QStringList{"pipeline[1].retry_on=5xx",
                           "pipeline[1].num_retries=2",
                           "pipeline[1].backoff.initial_ms=",
                           "pipeline[1].reset_reason=",
                           "pipeline[1].rate_limited_retry_back_off=off",
                           "pipeline[1].circuit_breakers.max_retries=",
                           "pipeline[1].circuit_breakers.retry_budget=on",
                           "pipeline[1].circuit_breakers.retry_budget.budget_percent=50",
                           "pipeline[1].circuit_breakers.retry_budget.min_retry_concurrency=3",
                           "-pipeline[1].jitter",
                           "-pipeline[1].backoff.type",
                           "-pipeline[1].max_elapsed_ms"};
        QTest::addRow("fleet in zones with a phase on a zone")
            << "zone-outage-panic-threshold" << kEndpointsTab << -1
            << QStringList{"endpoints.api.replicas=6",       "endpoints.api.zones=a, b, c",
                           "endpoints.api.readiness=off",    "-endpoints.api.readiness.period_s",
                           "endpoints.api.phases[0].zone=a", "endpoints.api.phases[0].hosts="};
        QTest::addRow("a phase on one host")
            << "one-bad-pod-of-five" << kEndpointsTab << -1
            << QStringList{"endpoints.api.replicas=5", "endpoints.api.phases[0].hosts=2",
                           "endpoints.api.phases[0].failures.reset=1"};
        QTest::addRow("a slow host")
            << "slow-host-round-robin-vs-least-request" << kEndpointsTab << -1
            << QStringList{"endpoints.api.hosts[0].index=0",
                           "endpoints.api.hosts[0].latency.dist=exponential",
                           "endpoints.api.hosts[0].latency.mean_ms=100",
                           "endpoints.api.hosts[0].weight=", "-endpoints.api.hosts[0].latency.ms"};
        QTest::addRow("a single server shows no hosts that differ")
            << "steady-flaky-api" << kEndpointsTab << -1
            << QStringList{"endpoints.api.replicas=", "-endpoints.api.hosts[0].index"};
    }
    void meshFieldsAreShown()
    {
        QFETCH(QString, preset);
        QFETCH(int, tab);
        QFETCH(int, strategy);
        QFETCH(QStringList, fields);
        MainWindow window;
        openOn(window, preset, tab, strategy);
        ScenarioEditor* editor = window.editor();
        QVERIFY(editor->isValid());
        for (const QString& entry : fields) {
            if (entry.startsWith('-')) {
                const QWidget* w = editor->field(entry.mid(1));
                QVERIFY2(!w || !w->isVisible(), qPrintable(entry));
                continue;
            }
            const QString path = entry.section('=', 0, 0);
            const QWidget* w = editor->field(path);
            QVERIFY2(w && w->isVisible(), qPrintable(entry));
            if (entry.contains('='))
                QVERIFY2(shown(w) == entry.section('=', 1),
                         qPrintable(entry + " shows " + shown(w)));
        }
    }

    void meshEditsAreReadByTheCore_data()
    {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<int>("tab");
        QTest::addColumn<int>("strategy");
        QTest::addColumn<QString>("field");
        // "type:TEXT", "choose:VALUE", "tick", "untick", "flag:NAME" (from the field's menu).
        QTest::addColumn<QString>("action");
        // Where the core's own writing of the scenario has the result, and the result (JSON).
        QTest::addColumn<QString>("corePath");
        QTest::addColumn<QString>("expected");
        QTest::addRow("max ejection percent")
            << "one-bad-pod-of-five" << kPipelineTab << 1
            << "pipeline[1].outlier_detection.max_ejection_percent"
            << "type:20"
            << "pipeline[1].outlier_detection.max_ejection_percent"
            << "20";
        QTest::addRow("local-origin split shows its counters")
            << "one-bad-pod-of-five" << kPipelineTab << 1
            << "pipeline[1].outlier_detection.split_external_local_origin_errors"
            << "tick"
            << "pipeline[1].outlier_detection.split_external_local_origin_errors"
            << "true";
        QTest::addRow("outlier detection off")
            << "one-bad-pod-of-five" << kPipelineTab << 1 << "pipeline[1].outlier_detection"
            << "untick"
            << "pipeline[1].outlier_detection"
            << "null";
        QTest::addRow("failure accrual on, Linkerd's defaults")
            << "one-bad-pod-of-five" << kPipelineTab << 1 << "pipeline[1].failure_accrual"
            << "tick"
            << "pipeline[1].failure_accrual.consecutive_failures"
            << "7";
        QTest::addRow("policy ring_hash")
            << "slow-host-round-robin-vs-least-request" << kPipelineTab << 0 << "pipeline[0].policy"
            << "choose:ring_hash"
            << "pipeline[0].policy"
            << "\"ring_hash\"";
        QTest::addRow("Envoy retry_on gains reset")
            << "envoy-max-retries-vs-retry-budget" << kPipelineTab << 1 << "pipeline[1].retry_on"
            << "flag:reset"
            << "pipeline[1].retry_on"
            << "\"5xx,reset\"";
        QTest::addRow("Envoy back-off base brings its type")
            << "envoy-max-retries-vs-retry-budget" << kPipelineTab << 1
            << "pipeline[1].backoff.initial_ms"
            << "type:50"
            << "pipeline[1].backoff"
            << R"({"type": "envoy", "initial_ms": 50})"; // max_ms: 10 × base, unwritten
        QTest::addRow("retry budget off: max_retries binds")
            << "envoy-max-retries-vs-retry-budget" << kPipelineTab << 1
            << "pipeline[1].circuit_breakers.retry_budget"
            << "untick"
            << "pipeline[1].circuit_breakers"
            << "null";
        QTest::addRow("Envoy max_retries") << "envoy-max-retries-vs-retry-budget" << kPipelineTab
                                           << 1 << "pipeline[1].circuit_breakers.max_retries"
                                           << "type:10"
                                           << "pipeline[1].circuit_breakers.max_retries"
                                           << "10";
        QTest::addRow("rate-limited back-off on")
            << "envoy-max-retries-vs-retry-budget" << kPipelineTab << 1
            << "pipeline[1].rate_limited_retry_back_off"
            << "tick"
            << "pipeline[1].rate_limited_retry_back_off.reset_headers"
            << R"([{"name": "Retry-After", "format": "SECONDS"}])";
        QTest::addRow("replicas") << "steady-flaky-api" << kEndpointsTab << -1
                                  << "endpoints.api.replicas"
                                  << "type:3"
                                  << "endpoints.api.replicas"
                                  << "3";
        QTest::addRow("zones are names")
            << "one-bad-pod-of-five" << kEndpointsTab << -1 << "endpoints.api.zones"
            << "type:1, 2"
            << "endpoints.api.zones"
            << R"(["1", "2"])";
        QTest::addRow("readiness probe on")
            << "one-bad-pod-of-five" << kEndpointsTab << -1 << "endpoints.api.readiness"
            << "tick"
            << "endpoints.api.readiness.period_s"
            << "10";
        QTest::addRow("a phase moves to zone c") << "zone-outage-panic-threshold" << kEndpointsTab
                                                 << -1 << "endpoints.api.phases[0].zone"
                                                 << "choose:c"
                                                 << "endpoints.api.phases[0].zone"
                                                 << "\"c\"";
        QTest::addRow("a phase on two hosts")
            << "one-bad-pod-of-five" << kEndpointsTab << -1 << "endpoints.api.phases[0].hosts"
            << "type:1, 3"
            << "endpoints.api.phases[0].hosts"
            << "[1, 3]";
        QTest::addRow("a host's weight") << "slow-host-round-robin-vs-least-request"
                                         << kEndpointsTab << -1 << "endpoints.api.hosts[0].weight"
                                         << "type:4"
                                         << "endpoints.api.hosts[0].weight"
                                         << "4";
    }
    void meshEditsAreReadByTheCore()
    {
        QFETCH(QString, preset);
        QFETCH(int, tab);
        QFETCH(int, strategy);
        QFETCH(QString, field);
        QFETCH(QString, action);
        QFETCH(QString, corePath);
        QFETCH(QString, expected);
        MainWindow window;
        openOn(window, preset, tab, strategy);
        ScenarioEditor* editor = window.editor();
        QWidget* w = editor->field(field);
        QVERIFY2(w && w->isVisible(), qPrintable(field));
        const QString what = action.section(':', 0, 0), arg = action.section(':', 1);
        if (what == "type") {
            typeInto(w, arg);
        } else if (what == "choose") {
            auto* combo = qobject_cast<QComboBox*>(w);
            QVERIFY(combo);
            const int index = combo->findData(arg);
            QVERIFY2(index >= 0, qPrintable(arg));
            combo->setCurrentIndex(index);
            emit combo->activated(index);
        } else if (what == "tick" || what == "untick") {
            if (auto* group = qobject_cast<QGroupBox*>(w)) {
                group->setChecked(what == "tick");
                emit group->clicked(what == "tick");
            } else {
                auto* box = qobject_cast<QCheckBox*>(w);
                QVERIFY(box);
                box->setChecked(what == "tick");
            }
        } else if (what == "flag") {
            auto* menu =
                w->parentWidget()->findChild<QToolButton*>(field.section('.', -1) + "#menu");
            QVERIFY(menu && menu->findChild<QMenu*>());
            emit menu->findChild<QMenu*>()->aboutToShow();
            QAction* flag = nullptr;
            for (QAction* a : menu->findChild<QMenu*>()->actions())
                if (a->text() == arg) flag = a;
            QVERIFY2(flag, qPrintable(arg));
            flag->trigger();
        }
        QVERIFY2(editor->isValid(), qPrintable(editor->problems()));
        const QJsonValue got = valueAt(coreJson(*editor), corePath);
        const QJsonValue want =
            QJsonDocument::fromJson(QStringLiteral("[%1]").arg(expected).toUtf8()).array().at(0);
        QVERIFY2(got == (want.isNull() ? QJsonValue(QJsonValue::Undefined) : want),
                 qPrintable(QString::fromUtf8(
                     QJsonDocument(QJsonArray{got}).toJson(QJsonDocument::Compact))));
        // What the edit showed stays shown after the reload the edit caused.
        if (what == "type") QCOMPARE(shown(editor->field(field)), arg);
    }

    void everyMeshKeyHasAField_data()
    {
        // Every key the format gives these blocks (docs/scenario-format.md), each set: the
        // editor has a field for each (none is left to the JSON tab).
        QTest::addColumn<QByteArray>("block");
        QTest::addColumn<int>("tab");
        QTest::addColumn<QString>("walk");
        QTest::addRow("load balancer, outlier detection, failure accrual")
            << QByteArray(R"({"type": "load_balancer", "policy": "least_request",
                "choice_count": 3, "active_request_bias": 2, "healthy_panic_threshold": 30,
                "retry_host_predicate": "previous_hosts", "host_selection_retry_max_attempts": 5,
                "outlier_detection": {"interval_ms": 5000, "base_ejection_time_ms": 10000,
                  "max_ejection_time_ms": 60000, "max_ejection_time_jitter_ms": 100,
                  "max_ejection_percent": 50, "always_eject_one_host": true,
                  "consecutive_5xx": 3, "consecutive_gateway_failure": 4,
                  "consecutive_local_origin_failure": 6, "split_external_local_origin_errors": true,
                  "enforcing_consecutive_5xx": 90, "enforcing_consecutive_gateway_failure": 10,
                  "enforcing_consecutive_local_origin_failure": 80, "enforcing_success_rate": 70,
                  "enforcing_local_origin_success_rate": 60, "enforcing_failure_percentage": 50,
                  "enforcing_failure_percentage_local_origin": 40,
                  "success_rate_minimum_hosts": 3, "success_rate_request_volume": 50,
                  "success_rate_stdev_factor": 1500, "failure_percentage_threshold": 70,
                  "failure_percentage_minimum_hosts": 3, "failure_percentage_request_volume": 20},
                "failure_accrual": {"consecutive_failures": 5, "min_penalty_ms": 500,
                  "max_penalty_ms": 30000, "jitter_ratio": 0.25}})")
            << kPipelineTab << "pipeline[0]";
        QTest::addRow("ring hash keys")
            << QByteArray(R"({"type": "load_balancer", "policy": "ring_hash", "hash_keys": 100})")
            << kPipelineTab << "pipeline[0]";
        QTest::addRow("Envoy retry and circuit breaker") << QByteArray(R"({"type": "retry",
                "retry_on": "5xx,retriable-status-codes,envoy-ratelimited", "num_retries": 3,
                "retriable_status_codes": [429, 503],
                "backoff": {"type": "envoy", "initial_ms": 50, "max_ms": 400},
                "reset_reason": "remote_reset", "x_envoy_ratelimited": true,
                "rate_limited_retry_back_off": {"reset_headers": [{"name": "Retry-After",
                  "format": "UNIX_TIMESTAMP"}], "max_interval_ms": 60000},
                "circuit_breakers": {"max_retries": 10, "max_requests": 500,
                  "retry_budget": {"budget_percent": 25, "min_retry_concurrency": 5}}})")
                                                         << kPipelineTab << "pipeline[0]";
        QTest::addRow("Linkerd's retry budget in a library-mode retry")
            << QByteArray(R"({"type": "retry", "max_attempts": 1000,
                "backoff": {"type": "constant", "delay_ms": 0}, "retry_on": ["error", "rejected"],
                "linkerd_budget": {"retry_ratio": 0.3, "min_retries_per_s": 5, "ttl_s": 2.5}})")
            << kPipelineTab << "pipeline[0]";
        QTest::addRow("fleet") << QByteArray(R"({"replicas": 4, "zones": ["a", "b"],
                "readiness": {"period_s": 5, "failure_threshold": 2, "success_threshold": 2,
                  "timeout_s": 0.5, "initial_delay_s": 3},
                "hosts": [{"index": 1, "weight": 3, "zone": "b",
                  "latency": {"dist": "constant", "ms": 50},
                  "network": {"dist": "constant", "ms": 2},
                  "failures": {"error": 0.5, "timeout": 0.1, "reset": 0.1},
                  "capacity": {"workers": 2, "queue": 4}}],
                "phases": [{"start_s": 1, "end_s": 2, "hosts": [0, 1], "zone": "a",
                  "failures": {"error": 1}}]})")
                               << kEndpointsTab << "endpoints.api";
    }
    void everyMeshKeyHasAField()
    {
        QFETCH(QByteArray, block);
        QFETCH(int, tab);
        QFETCH(QString, walk);
        const QJsonObject part = QJsonDocument::fromJson(block).object();
        QVERIFY(!part.isEmpty());
        QJsonObject scenario{{"format", "resilience-lab.scenario/1"},
                             {"name", "every key"},
                             {"duration_s", 10},
                             {"workload", QJsonObject{{"type", "open"}, {"rate_per_s", 1}}},
                             {"target", "api"}};
        QJsonObject api{{"replicas", 4}};
        if (tab == kEndpointsTab) api = part;
        scenario.insert("pipeline", tab == kEndpointsTab ? QJsonArray{} : QJsonArray{part});
        scenario.insert("endpoints", QJsonObject{{"api", api}});
        QTemporaryDir tmp;
        const QString path =
            writeScenarioFile(tmp, "every-key.json", QJsonDocument(scenario).toJson().constData());
        MainWindow window;
        window.setDialogsEnabled(false);
        window.show();
        QVERIFY2(window.openScenario(path), qPrintable(window.lastError()));
        QVERIFY2(window.editor()->isValid(), qPrintable(window.editor()->problems()));
        window.editor()->tabs()->setCurrentIndex(tab);
        if (tab == kPipelineTab) window.editor()->pipeline()->select(0);
        QCoreApplication::processEvents();
        QStringList keys;
        leaves(part, walk, keys);
        QVERIFY(!keys.isEmpty());
        for (const QString& key : keys) {
            // The strategy's kind is the Add menu's; the Envoy back-off's type is written with
            // its base or max.
            if (key == walk + ".type" || key == walk + ".backoff.type") continue;
            const QWidget* w = window.editor()->field(key);
            QVERIFY2(w && w->isVisible(), qPrintable(key));
        }
    }

    void retryModeSwitchKeepsAttemptsAndNamesWhatGoes()
    {
        MainWindow window;
        openOn(window, "one-bad-pod-of-five", kPipelineTab, 0);
        PipelineEditor* pipeline = window.editor()->pipeline();
        QVERIFY(pipeline->retryMode()->isVisible());
        QCOMPARE(pipeline->retryMode()->currentIndex(), 0);
        pipeline->retryMode()->setCurrentIndex(1);
        emit pipeline->retryMode()->activated(1);
        const QJsonObject envoy =
            window.editor()->document().value("pipeline").toArray().at(0).toObject();
        QCOMPARE(envoy.value("retry_on").toString(), QStringLiteral("5xx"));
        QCOMPARE(envoy.value("num_retries").toInt(), 2);
        for (const char* key : {"backoff", "jitter", "retry_on"})
            QVERIFY2(pipeline->retryModeNote().contains(key),
                     qPrintable(pipeline->retryModeNote()));
        QVERIFY(window.editor()->isValid());
        QVERIFY(window.editor()->field("pipeline[0].num_retries"));
        QVERIFY(!window.editor()->field("pipeline[0].jitter"));
        // And back: the Add menu's retry with three attempts again.
        pipeline->retryMode()->setCurrentIndex(0);
        emit pipeline->retryMode()->activated(0);
        const QJsonObject library =
            window.editor()->document().value("pipeline").toArray().at(0).toObject();
        QCOMPARE(library.value("max_attempts").toInt(), 3);
        QVERIFY(!library.contains("num_retries"));
        QVERIFY(window.editor()->isValid());
        QVERIFY(window.editor()->field("pipeline[0].jitter"));
    }

    void fleetPresetsRoundTrip_data()
    {
        QTest::addColumn<QString>("path");
        int rows = 0;
        for (const Preset& p : bundledPresets())
            if (p.theme == QLatin1String("Fleets and service meshes")) {
                QTest::newRow(qPrintable(QFileInfo(p.path).completeBaseName())) << p.path;
                ++rows;
            }
        QVERIFY(rows >= 4);
    }
    void fleetPresetsRoundTrip()
    {
        // Every form of the preset built and every field retyped as it stands: the document is
        // still the preset's JSON. Saved, the file is what the core writes for the preset, and
        // reopened, the core reads the same scenario from it.
        QFETCH(QString, path);
        MainWindow window;
        window.setDialogsEnabled(false);
        window.resize(1280, 800);
        window.show();
        QVERIFY(window.openScenario(path));
        ScenarioEditor* editor = window.editor();
        const QJsonObject original = presetJson(path);
        const QJsonObject core = coreJson(*editor);
        QVERIFY(!core.isEmpty());
        const QJsonArray pipeline = original.value("pipeline").toArray();
        for (int i = 0; i < pipeline.size(); ++i) {
            editor->pipeline()->select(i);
            retypeEveryField(*editor);
        }
        EndpointEditor* endpoints = editor->endpoints();
        for (const QString& id : original.value("endpoints").toObject().keys()) {
            endpoints->selectEndpoint(id);
            const QJsonObject e = original.value("endpoints").toObject().value(id).toObject();
            for (int p = 0; p < e.value("phases").toArray().size(); ++p) {
                endpoints->phasePicker()->setCurrentIndex(p);
                retypeEveryField(*editor);
            }
            for (int h = 0; h < e.value("hosts").toArray().size(); ++h) {
                endpoints->hostPicker()->setCurrentIndex(h);
                retypeEveryField(*editor);
            }
            retypeEveryField(*editor);
        }
        QCOMPARE(editor->document(), original);
        QTemporaryDir tmp;
        const QString saved = tmp.filePath("saved.json");
        QVERIFY(window.saveAs(saved));
        // A valid scenario is saved in the format's own order and spelling: the core's.
        QCOMPARE(presetJson(saved), core);
        MainWindow reopened;
        QVERIFY(reopened.openScenario(saved));
        QCOMPARE(coreJson(*reopened.editor()), core);
    }

    void meshScreenshots_data()
    {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<int>("tab");
        QTest::addColumn<int>("strategy");
        QTest::addColumn<QString>("show"); // a field to scroll to ("" for the top)
        QTest::addColumn<QString>("name");
        QTest::addColumn<QSize>("size");
        QTest::addColumn<bool>("dark");
        struct Shot
        {
            const char* preset;
            int tab;
            int strategy;
            const char* show;
            const char* name;
        };
        const Shot shots[] = {
            {"one-bad-pod-of-five", kPipelineTab, 1, "", "outlier-detection"},
            {"one-bad-pod-of-five", kPipelineTab, 1,
             "pipeline[1].outlier_detection.failure_percentage_threshold", "outlier-detection-end"},
            {"envoy-max-retries-vs-retry-budget", kPipelineTab, 1, "", "envoy-retry"},
            {"zone-outage-panic-threshold", kEndpointsTab, -1, "endpoints.api.phases[0].zone",
             "fleet-phases"},
            {"slow-host-round-robin-vs-least-request", kEndpointsTab, -1,
             "endpoints.api.hosts[0].latency.mean_ms", "fleet-hosts"},
            // A ServiceProfile as import-config makes it: the retry with Linkerd's budget.
            {RESLAB_TEST_DATA_DIR "/export/linkerd-profile.json", kPipelineTab, 1,
             "pipeline[1].linkerd_budget.ttl_s", "linkerd-budget"},
        };
        for (const Shot& s : shots)
            for (const auto& [size, dark] :
                 {std::pair{QSize(1280, 800), false}, std::pair{QSize(1280, 800), true},
                  std::pair{QSize(1920, 1080), false}, std::pair{QSize(1920, 1080), true}})
                QTest::addRow("%s %dx%d-%s", s.name, size.width(), size.height(),
                              dark ? "dark" : "light")
                    << s.preset << s.tab << s.strategy << s.show << s.name << size << dark;
    }
    void meshScreenshots()
    {
        // The mesh forms at both sizes the GUI is judged at, light and dark, for a person to
        // look at.
        if (qEnvironmentVariableIsSet("RESLAB_SKIP_SCREENSHOTS"))
            QSKIP("screenshots are written by the optimised build");
        QFETCH(QString, preset);
        QFETCH(int, tab);
        QFETCH(int, strategy);
        QFETCH(QString, show);
        QFETCH(QString, name);
        QFETCH(QSize, size);
        QFETCH(bool, dark);
        MainWindow window;
        openOn(window, preset, tab, strategy);
        window.resize(size);
        window.setTheme(dark ? Theme::Dark : Theme::Light);
        QCoreApplication::processEvents();
        if (!show.isEmpty()) {
            QWidget* field = window.editor()->field(show);
            QVERIFY2(field && field->isVisible(), qPrintable(show));
            for (QScrollArea* area : window.editor()->findChildren<QScrollArea*>())
                if (area->isVisible() && area->widget() && area->widget()->isAncestorOf(field))
                    area->ensureWidgetVisible(field, 20, 120);
            QCoreApplication::processEvents();
        }
        const QString file = QStringLiteral("editor-%1-%2x%3-%4.png")
                                 .arg(name)
                                 .arg(size.width())
                                 .arg(size.height())
                                 .arg(dark ? "dark" : "light");
        QVERIFY(window.grab().save(QDir(screenshotDir()).filePath(file)));
        window.setTheme(Theme::Light);
    }
};

RESLAB_UI_TEST_MAIN(TestScenarioEditor)
#include "tst_scenario_editor.moc"

// import-config (core/configimport, docs/import-config.md): each realistic file of
// tests/data/configs imports to the pipeline written by hand in tests/data/configs/expected, with
// the defaults its library fills in listed; the scenario reads back, validates and runs; and bad
// files are refused with the file, the line (and column where the parser gives one) and why.

#include "configimport/config_import.h"
#include "export/export.h"
#include "testing.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace reslab;

namespace {

const QString kConfigs = QStringLiteral(RESLAB_TEST_DATA_DIR "/configs/");

QJsonObject readJson(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

std::vector<std::string> strings(const QJsonArray& a)
{
    std::vector<std::string> out;
    for (const QJsonValue& v : a)
        out.push_back(v.toString().toStdString());
    return out;
}

// Imports `content` written as `fileName` and checks that pipeline[index] of the scenario, as
// written, has every key of `expected` (a JSON object's members, without the braces) with its
// value, and — when `noteKey` is given — that a note on that key says `noteReason`. The caller
// returns right after it, so a failed check ends the row.
void importedStrategyHas(const QString& fileName, const QByteArray& content, int index,
                         const QString& expected, const QString& noteKey = {},
                         const QString& noteReason = {})
{
    QTemporaryDir dir;
    QFile f(dir.filePath(fileName));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
    f.close();
    const ConfigImport result = importConfigFiles({f.fileName().toStdString()}, {});
    QVERIFY2(result.config, formatConfigProblems(result.problems).c_str());
    const QJsonObject written =
        QJsonDocument::fromJson(QByteArray::fromStdString(scenarioToJson(result.config->scenario)))
            .object()["pipeline"]
            .toArray()[index]
            .toObject();
    const QJsonObject want = QJsonDocument::fromJson(("{" + expected + "}").toUtf8()).object();
    QVERIFY(!want.isEmpty());
    for (auto it = want.begin(); it != want.end(); ++it)
        QVERIFY2(
            written[it.key()] == it.value(),
            qPrintable(it.key() + ": " + QJsonDocument(written).toJson(QJsonDocument::Compact)));
    if (noteKey.isEmpty()) return;
    const auto& notes = result.config->notes;
    QVERIFY2(std::any_of(notes.begin(), notes.end(),
                         [&](const ImportNote& n) {
                             return n.sourceKey == noteKey.toStdString() &&
                                    n.reason.find(noteReason.toStdString()) != std::string::npos;
                         }),
             importReportText(*result.config, "").c_str());
}

} // namespace

class TestConfigImport : public QObject
{
    Q_OBJECT
private slots:
    void importsAsWrittenByHand_data()
    {
        QTest::addColumn<QStringList>("files");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("instance");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("detected");
        const QStringList r4j{"resilience4j-application.yml"};
        QTest::newRow("resilience4j, first instance (inventory)") << r4j << ""
                                                                  << ""
                                                                  << "r4j-inventory.json"
                                                                  << "resilience4j";
        QTest::newRow("resilience4j, --instance payments (baseConfig)") << r4j << ""
                                                                        << "payments"
                                                                        << "r4j-payments.json"
                                                                        << "resilience4j";
        QTest::newRow("resilience4j, --instance reports (thread-pool bulkhead)")
            << r4j << ""
            << "reports"
            << "r4j-reports.json"
            << "resilience4j";
        QTest::newRow("Polly standard handler, first section")
            << QStringList{"appsettings.json"} << ""
            << ""
            << "polly-catalog.json"
            << "polly";
        QTest::newRow("Polly standard handler, section named in any case")
            << QStringList{"appsettings.json"} << ""
            << "catalogclient:resilience"
            << "polly-catalog.json"
            << "polly";
        QTest::newRow("Polly standard hedging handler")
            << QStringList{"appsettings.json"} << "polly"
            << "SearchResilience"
            << "polly-search-hedging.json"
            << "polly";
        QTest::newRow("gRPC retry policy, first method config")
            << QStringList{"grpc-service-config.json"} << ""
            << ""
            << "grpc-inventory.json"
            << "grpc";
        QTest::newRow("gRPC hedging policy by service/method")
            << QStringList{"grpc-service-config.json"} << ""
            << "shop.Search/Query"
            << "grpc-search.json"
            << "grpc";
        QTest::newRow("AWS default profile, standard mode") << QStringList{"aws-config"} << ""
                                                            << ""
                                                            << "aws-default.json"
                                                            << "aws";
        QTest::newRow("AWS profile batch, adaptive mode") << QStringList{"aws-config"} << "aws"
                                                          << "batch"
                                                          << "aws-batch.json"
                                                          << "aws";
        QTest::newRow("AWS profile without retry_mode, legacy mode")
            << QStringList{"aws-config"} << ""
            << "legacy-tools"
            << "aws-legacy-tools.json"
            << "aws";
        const QStringList envoy{"envoy-bootstrap.yaml"};
        QTest::newRow("Envoy bootstrap, first route: retry, budget, least request, 4 hosts")
            << envoy << ""
            << ""
            << "envoy-catalog.json"
            << "envoy";
        QTest::newRow("Envoy bootstrap, --instance static: defaults only") << envoy << ""
                                                                           << "static"
                                                                           << "envoy-assets.json"
                                                                           << "envoy";
        QTest::newRow("Envoy config_dump as istioctl gives it (Istio 1.23's default retries, EDS)")
            << QStringList{"envoy-config-dump.json"} << ""
            << ""
            << "envoy-dump-reviews.json"
            << "envoy";
        QTest::newRow("Istio VirtualService and DestinationRule, subset policy")
            << QStringList{"istio-reviews.yaml"} << ""
            << ""
            << "istio-reviews.json"
            << "istio";
        QTest::newRow("Istio route without retries: Istio's default policy, retry budget")
            << QStringList{"istio-reviews.yaml"} << "istio"
            << "ratings"
            << "istio-ratings.json"
            << "istio";
        QTest::newRow("Linkerd Service annotations with failure accrual")
            << QStringList{"linkerd-service.yaml"} << ""
            << "books"
            << "linkerd-books.json"
            << "linkerd";
        QTest::newRow("Linkerd HTTPRoute annotations over its Service's")
            << QStringList{"linkerd-service.yaml"} << ""
            << ""
            << "linkerd-books-write.json"
            << "linkerd";
        QTest::newRow("Linkerd ServiceProfile: retryable route and retry budget")
            << QStringList{"linkerd-serviceprofile.yaml"} << ""
            << ""
            << "linkerd-webapp.json"
            << "linkerd";
    }

    void importsAsWrittenByHand()
    {
        QFETCH(QStringList, files);
        QFETCH(QString, format);
        QFETCH(QString, instance);
        QFETCH(QString, expected);
        QFETCH(QString, detected);
        std::vector<std::string> paths;
        for (const QString& f : files)
            paths.push_back((kConfigs + f).toStdString());
        QFile first(QString::fromStdString(paths.front()));
        QVERIFY(first.open(QIODevice::ReadOnly));
        const auto detectedFormat = detectConfigFormat(first.readAll(), paths.front());
        QVERIFY(detectedFormat);
        QCOMPARE(QString::fromUtf8(kConfigFormatNames.name(*detectedFormat)), detected);

        ConfigImportOptions options;
        if (!format.isEmpty()) options.format = kConfigFormatNames.find(format.toStdString());
        options.instance = instance.toStdString();
        const ConfigImport result = importConfigFiles(paths, options);
        QVERIFY2(result.config, formatConfigProblems(result.problems).c_str());
        const ImportedConfig& c = *result.config;

        const QJsonObject want = readJson(kConfigs + "expected/" + expected);
        QVERIFY(!want.isEmpty());
        const PipelineLoad pipeline =
            parsePipeline(QJsonDocument(QJsonObject{{"pipeline", want["pipeline"]}}).toJson());
        QVERIFY2(pipeline.pipeline,
                 formatDiagnostics(expected.toStdString(), pipeline.diagnostics).c_str());
        QCOMPARE(c.scenario.pipeline.size(), pipeline.pipeline->size());
        for (std::size_t i = 0; i < c.scenario.pipeline.size(); ++i)
            QVERIFY2(c.scenario.pipeline[i] == (*pipeline.pipeline)[i],
                     qPrintable(QStringLiteral("pipeline[%1] differs:\n%2")
                                    .arg(i)
                                    .arg(QString::fromStdString(scenarioToJson(c.scenario)))));
        QCOMPARE(c.scenario.target, want["target"].toString().toStdString());
        QCOMPARE(c.skeletonEndpoint, c.scenario.target);
        // The fleet: its hosts and the overrides (zones, weights) the file gave.
        for (const EndpointSpec& e : c.scenario.endpoints)
            if (e.id == c.scenario.target) {
                QCOMPARE(e.replicas, want["replicas"].toInt(1));
                QCOMPARE(qsizetype(e.hosts.size()), want["host_overrides"].toInt(0));
            }

        // Every default filled in is listed, and nothing else is.
        std::vector<std::string> listed;
        for (const FilledDefault& d : c.defaults) {
            listed.push_back(d.scenarioKey);
            QVERIFY2(!d.origin.empty() && !d.sourceKey.empty(), d.scenarioKey.c_str());
        }
        QCOMPARE(listed, strings(want["defaults"].toArray()));
        std::string notes;
        for (const ImportNote& n : c.notes)
            notes += n.sourceKey + ": " + n.reason + "\n";
        for (const std::string& n : strings(want["notes"].toArray()))
            QVERIFY2(notes.find(n) != std::string::npos, (n + " not in:\n" + notes).c_str());

        // The description is the report; the scenario reads back equal, and it runs.
        QVERIFY(c.scenario.description.find("Defaults filled in") != std::string::npos);
        for (const FilledDefault& d : c.defaults)
            QVERIFY(c.scenario.description.find(d.scenarioKey) != std::string::npos);
        const ScenarioLoad again =
            parseScenario(QByteArray::fromStdString(scenarioToJson(c.scenario)));
        QVERIFY(again.scenario);
        QVERIFY(*again.scenario == c.scenario);
        Scenario shorter = c.scenario;
        shorter.durationS = 20;
        const Summary summary = testing::runScenario(shorter);
        QVERIFY(summary.requests > 100);
        QCOMPARE(summary.requests, summary.succeeded + summary.failed + summary.unfinished);
    }

    // export → import-config gives the pipeline back, for the targets that have both directions
    // (Polly's export is C# code, not an appsettings section). Each pipeline holds only what the
    // target expresses, with the outcome sets its library's defaults give.
    void exportThenImportRoundTrips_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QByteArray>("pipeline");
        const QByteArray all = R"(["error", "fatal", "timeout", "rate_limited", "rejected", "reset",
            "conflict", "breaker_open", "bulkhead_full", "throttled", "budget_exhausted", "limited"])";
        QTest::newRow("resilience4j: retry, breaker, rate limiter, time limiter, bulkhead")
            << "resilience4j"
            << R"([{"type": "retry", "max_attempts": 4,
                    "backoff": {"type": "exponential", "initial_ms": 100, "multiplier": 2, "max_ms": 5000},
                    "jitter": {"type": "proportional", "factor": 0.5, "cap_after_jitter": true},
                    "retry_on": )" +
                   all + R"(},
                   {"type": "circuit_breaker", "name": "api", "preset": "resilience4j",
                    "window": {"type": "count", "size": 20}, "failure_rate": 0.6,
                    "slow_call_ms": 2000, "slow_call_rate": 0.9, "min_calls": 10, "open_ms": 15000,
                    "half_open_calls": 3, "max_half_open_ms": 0, "automatic_half_open": true,
                    "failure_on": )" +
                   all + R"(},
                   {"type": "rate_limiter", "kind": "cycles", "limit_for_period": 10,
                    "refresh_period_ms": 1000, "max_wait_ms": 0},
                   {"type": "timeout", "timeout_ms": 1500},
                   {"type": "bulkhead", "max_concurrent": 8, "max_wait_ms": 50}])";
        QTest::newRow("resilience4j: a constant retry and a time-window breaker")
            << "resilience4j"
            << R"([{"type": "retry", "max_attempts": 2, "backoff": {"type": "constant", "delay_ms": 250},
                    "retry_on": )" +
                   all + R"(},
                   {"type": "circuit_breaker", "name": "api", "preset": "resilience4j",
                    "window": {"type": "time", "size_s": 30}, "failure_rate": 0.5,
                    "slow_call_ms": 60000, "slow_call_rate": 1, "min_calls": 100, "open_ms": 60000,
                    "half_open_calls": 10, "max_half_open_ms": 0, "automatic_half_open": false,
                    "failure_on": )" +
                   all + R"(}])";
        QTest::newRow("gRPC: deadline, retry policy, throttling, per-attempt timeout")
            << "grpc" << QByteArray(R"([{"type": "timeout", "timeout_ms": 10000},
                   {"type": "retry", "max_attempts": 4,
                    "backoff": {"type": "exponential", "initial_ms": 100, "multiplier": 2, "max_ms": 5000},
                    "jitter": {"type": "proportional", "factor": 0.2},
                    "retry_on": ["error", "rejected", "reset", "timeout", "rate_limited"]},
                   {"type": "retry_throttle", "max_tokens": 10, "token_ratio": 0.1},
                   {"type": "timeout", "timeout_ms": 1000}])");
        QTest::newRow("gRPC: hedging")
            << "grpc" << QByteArray(R"([{"type": "hedge", "max_hedged_attempts": 2, "delay_ms": 500,
                    "hedge_on": ["error", "rejected", "reset"]}])");
        // The mesh targets: each pipeline holds what the importer fills in too (Envoy's and
        // Istio's circuit breaker thresholds, Istio's previous_hosts, Linkerd's back-off).
        QTest::newRow("Envoy: route timeout, retry with budget, per-try timeout, balancer")
            << "envoy" << QByteArray(R"([{"type": "timeout", "timeout_ms": 3000},
                   {"type": "retry", "retry_on": "5xx,reset", "num_retries": 2,
                    "backoff": {"type": "envoy", "initial_ms": 50, "max_ms": 500},
                    "circuit_breakers": {"max_retries": 5, "max_requests": 1024,
                      "retry_budget": {"budget_percent": 25, "min_retry_concurrency": 4}}},
                   {"type": "timeout", "timeout_ms": 500},
                   {"type": "load_balancer", "policy": "least_request", "healthy_panic_threshold": 30,
                    "retry_host_predicate": "previous_hosts", "host_selection_retry_max_attempts": 3,
                    "outlier_detection": {"consecutive_5xx": 3, "interval_ms": 5000,
                      "base_ejection_time_ms": 15000, "max_ejection_percent": 50}}])");
        QTest::newRow("Envoy: a hedge on per-try timeout over a balancer")
            << "envoy" << QByteArray(R"([{"type": "timeout", "timeout_ms": 3000},
                   {"type": "hedge", "max_hedged_attempts": 2, "delay_ms": 300,
                    "hedge_on": ["error", "rejected", "reset"]},
                   {"type": "load_balancer", "policy": "least_request",
                    "retry_host_predicate": "previous_hosts", "host_selection_retry_max_attempts": 3}])");
        QTest::newRow("Istio: timeout, retries with codes, pool limits, outlier detection")
            << "istio" << QByteArray(R"([{"type": "timeout", "timeout_ms": 10000},
                   {"type": "retry", "retry_on": "gateway-error,connect-failure,retriable-status-codes",
                    "num_retries": 3, "retriable_status_codes": [409],
                    "backoff": {"type": "envoy", "initial_ms": 25, "max_ms": 250},
                    "circuit_breakers": {"max_retries": 10, "max_requests": 1000}},
                   {"type": "timeout", "timeout_ms": 2000},
                   {"type": "load_balancer", "policy": "round_robin", "healthy_panic_threshold": 0,
                    "retry_host_predicate": "previous_hosts", "host_selection_retry_max_attempts": 5,
                    "outlier_detection": {"consecutive_5xx": 7, "interval_ms": 30000,
                      "base_ejection_time_ms": 60000, "max_ejection_percent": 40,
                      "enforcing_success_rate": 0, "enforcing_consecutive_gateway_failure": 0}}])");
        QTest::newRow("Linkerd: request timeout, retries, retry timeout, failure accrual")
            << "linkerd" << QByteArray(R"([{"type": "timeout", "timeout_ms": 2000},
                   {"type": "retry", "max_attempts": 3,
                    "backoff": {"type": "exponential", "initial_ms": 37.5, "multiplier": 2, "max_ms": 250},
                    "jitter": {"type": "proportional", "factor": 0.3333333333333333, "cap_after_jitter": true},
                    "retry_on": ["error", "rejected", "rate_limited", "timeout"]},
                   {"type": "timeout", "timeout_ms": 300},
                   {"type": "load_balancer", "policy": "peak_ewma", "healthy_panic_threshold": 0,
                    "failure_accrual": {"consecutive_failures": 5, "min_penalty_ms": 2000,
                      "max_penalty_ms": 60000, "jitter_ratio": 0.5}}])");
        QTest::newRow("Linkerd: a ServiceProfile with its retry budget")
            << "linkerd" << QByteArray(R"([{"type": "timeout", "timeout_ms": 300},
                   {"type": "retry", "max_attempts": 1000, "backoff": {"type": "constant", "delay_ms": 0},
                    "retry_on": ["error", "rejected"],
                    "linkerd_budget": {"retry_ratio": 0.3, "min_retries_per_s": 5, "ttl_s": 10}},
                   {"type": "load_balancer", "policy": "peak_ewma", "healthy_panic_threshold": 0}])");
        QTest::newRow("Linkerd: a ServiceProfile budget of 2 retries per answer over 1.5 s")
            << "linkerd" << QByteArray(R"([{"type": "timeout", "timeout_ms": 10000},
                   {"type": "retry", "max_attempts": 1000, "backoff": {"type": "constant", "delay_ms": 0},
                    "retry_on": ["error", "rejected"],
                    "linkerd_budget": {"retry_ratio": 2, "min_retries_per_s": 0, "ttl_s": 1.5}},
                   {"type": "load_balancer", "policy": "peak_ewma", "healthy_panic_threshold": 0}])");
    }

    void exportThenImportRoundTrips()
    {
        QFETCH(QString, target);
        QFETCH(QByteArray, pipeline);
        const bool mesh = target == "envoy" || target == "istio" || target == "linkerd";
        const Scenario original = testing::scenarioFromJson(
            testing::scenarioJson(R"({"type": "open", "rate_per_s": 10})", pipeline.toStdString(),
                                  mesh ? R"({"replicas": 3})" : "{}", 10, 1));
        const auto to = kExportTargetNames.find(target.toStdString());
        QVERIFY(to);
        const ExportResult exported = exportScenario(original, *to);
        QTemporaryDir dir;
        const QString path = dir.filePath(target == "grpc"           ? "service-config.json"
                                          : target == "resilience4j" ? "application.yml"
                                                                     : target + ".yaml");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray::fromStdString(exported.text));
        f.close();
        const ConfigImport result = importConfigFiles({path.toStdString()}, {});
        QVERIFY2(result.config, (formatConfigProblems(result.problems) + exported.text).c_str());
        const auto& back = result.config->scenario.pipeline;
        QCOMPARE(back.size(), original.pipeline.size());
        if (mesh) QCOMPARE(result.config->scenario.endpoints.front().replicas, 3);
        for (std::size_t i = 0; i < back.size(); ++i)
            QVERIFY2(back[i] == original.pipeline[i],
                     qPrintable(QStringLiteral("pipeline[%1] differs; exported:\n%2\nimported:\n%3")
                                    .arg(i)
                                    .arg(QString::fromStdString(exported.text))
                                    .arg(QString::fromStdString(
                                        scenarioToJson(result.config->scenario)))));
    }

    // Files the library would refuse, and files that are not what they claim: each problem names
    // the file, the line (and column), and the reason.
    void badFilesNamePlaceAndReason_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("instance");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("reason");
        QTest::newRow("YAML syntax: an unclosed flow sequence")
            << "a.yml" << QByteArray("resilience4j:\n  retry:\n    instances: [a, b\n") << ""
            << "" << 4 << 1 << "not valid YAML";
        QTest::newRow("YAML: a key written twice")
            << "a.yml"
            << QByteArray("resilience4j:\n  retry:\n    instances:\n      a:\n        maxAttempts: "
                          "2\n        maxAttempts: 3\n")
            << ""
            << "" << 6 << 9 << "duplicate key \"maxAttempts\"";
        QTest::newRow("resilience4j: maxAttempts of 0")
            << "a.yml" << QByteArray("resilience4j.retry.instances.a:\n  max-attempts: 0\n") << ""
            << "" << 2 << 17
            << "resilience4j.retry.instances.a.max-attempts: must be from 1 to 1000, got 0";
        QTest::newRow("resilience4j: a duration that is not one")
            << "a.yml"
            << QByteArray("resilience4j:\n  circuitbreaker:\n    instances:\n      a:\n        "
                          "waitDurationInOpenState: ten seconds\n")
            << ""
            << "" << 5 << 34 << "not a duration: \"ten seconds\"";
        QTest::newRow("resilience4j: failure rate above 100")
            << "a.yml"
            << QByteArray("resilience4j:\n  circuitbreaker:\n    instances:\n      a:\n        "
                          "failureRateThreshold: 150\n")
            << ""
            << "" << 5 << 31 << "must be above 0 and at most 100, got 150";
        QTest::newRow("resilience4j: a missing baseConfig")
            << "a.yml"
            << QByteArray("resilience4j:\n  retry:\n    instances:\n      a:\n        baseConfig: "
                          "shared\n")
            << ""
            << "" << 5 << 21 << "no config \"shared\" in resilience4j.retry.configs";
        QTest::newRow("resilience4j: a baseConfig cycle")
            << "a.yml"
            << QByteArray("resilience4j.retry:\n  configs:\n    x: {baseConfig: y}\n    y: "
                          "{baseConfig: x}\n  instances:\n    a: {baseConfig: x}\n")
            << ""
            << "" << 4 << 21 << "circular baseConfig chain";
        QTest::newRow("resilience4j: an instance that is not there")
            << "a.yml" << QByteArray("resilience4j.retry.instances.a.maxAttempts: 2\n") << ""
            << "b" << 0 << 0 << "no resilience4j instance \"b\" (the file has: a)";
        QTest::newRow("JSON syntax: a missing comma")
            << "appsettings.json"
            << QByteArray(
                   "{\n  \"Retry\": {\"MaxRetryAttempts\": 3\n    \"Delay\": \"00:00:01\"}\n}\n")
            << ""
            << "" << 3 << 5 << "not valid JSON";
        QTest::newRow("Polly: MaxRetryAttempts of a wrong type")
            << "appsettings.json"
            << QByteArray(
                   "{\n  \"R\": {\n    \"Retry\": {\"MaxRetryAttempts\": \"many\"}\n  }\n}\n")
            << ""
            << "" << 3 << 35 << "R:Retry:MaxRetryAttempts: not a whole number: \"many\"";
        QTest::newRow("Polly: a TimeSpan out of range")
            << "appsettings.json"
            << QByteArray("{\"R\": {\"AttemptTimeout\": {\"Timeout\": \"00:00:00.001\"}}}") << ""
            << "" << 1 << 38 << "must be from 10 ms to 1 d";
        QTest::newRow("Polly: attempt timeout above the total (validator)")
            << "appsettings.json"
            << QByteArray("{\"R\": {\n \"AttemptTimeout\": {\"Timeout\": \"00:01:00\"}}}") << ""
            << "" << 2 << 32 << "longer than the total request timeout (30 s)";
        QTest::newRow("Polly: sampling under twice the attempt timeout (validator)")
            << "appsettings.json"
            << QByteArray("{\"R\": {\n \"CircuitBreaker\": {\"SamplingDuration\": \"00:00:15\"}}}")
            << ""
            << "" << 2 << 41 << "under twice the attempt timeout (10 s)";
        QTest::newRow("Polly: keys that differ only in case")
            << "appsettings.json"
            << QByteArray(
                   "{\"R\": {\"Retry\": {\"Delay\": \"00:00:01\", \"delay\": \"00:00:02\"}}}")
            << ""
            << "" << 1 << 0 << "duplicate key";
        QTest::newRow("gRPC: maxAttempts of 1")
            << "sc.json"
            << QByteArray("{\"methodConfig\": [{\"name\": [{}], \"retryPolicy\": {\n"
                          "  \"maxAttempts\": 1, \"initialBackoff\": \"1s\", \"maxBackoff\": "
                          "\"2s\",\n  \"backoffMultiplier\": 2, \"retryableStatusCodes\": "
                          "[\"UNAVAILABLE\"]}}]}")
            << ""
            << "" << 2 << 18
            << "methodConfig[0].retryPolicy.maxAttempts: must be a whole "
               "number above 1";
        QTest::newRow("gRPC: an empty retryableStatusCodes")
            << "sc.json"
            << QByteArray("{\"methodConfig\": [{\"retryPolicy\": {\"maxAttempts\": 3, "
                          "\"initialBackoff\": \"1s\",\n\"maxBackoff\": \"2s\", "
                          "\"backoffMultiplier\": 2, \"retryableStatusCodes\": []}}]}")
            << ""
            << "" << 2 << 69 << "must not be empty";
        QTest::newRow("gRPC: a Duration without its s")
            << "sc.json" << QByteArray("{\"methodConfig\": [{\"timeout\": \"5\"}]}") << "grpc"
            << "" << 1 << 31 << "not a Duration: \"5\"";
        QTest::newRow("gRPC: maxTokens above 1000")
            << "sc.json"
            << QByteArray("{\"methodConfig\": [{\"timeout\": \"1s\"}],\n \"retryThrottling\": "
                          "{\"maxTokens\": 5000, \"tokenRatio\": 0.1}}")
            << ""
            << "" << 2 << 35 << "retryThrottling.maxTokens: must be a whole number in (0, 1000]";
        QTest::newRow("gRPC: both policies in one method config")
            << "sc.json"
            << QByteArray("{\"methodConfig\": [\n {\"retryPolicy\": {}, \"hedgingPolicy\": {}}]}")
            << ""
            << "" << 2 << 2 << "has both retryPolicy and hedgingPolicy";
        QTest::newRow("INI: a key before any section")
            << "config" << QByteArray("region = eu-west-1\n[default]\n") << "aws"
            << "" << 1 << 1 << "a setting before any [section] header";
        QTest::newRow("INI: a line that is nothing")
            << "config" << QByteArray("[default]\nretry_mode standard\n") << "aws"
            << "" << 2 << 1 << "not a section header, a \"key = value\" line or a comment";
        QTest::newRow("INI: a section given twice")
            << "config" << QByteArray("[default]\n\n[default]\n") << "aws"
            << "" << 3 << 1 << "section [default] given twice (first at line 1)";
        QTest::newRow("AWS: an unknown retry_mode")
            << "config" << QByteArray("[default]\nretry_mode = fast\n") << ""
            << "" << 2 << 1
            << "[default] retry_mode: unknown value \"fast\" (botocore takes legacy, standard, "
               "adaptive)";
        QTest::newRow("AWS: max_attempts of 0")
            << "config" << QByteArray("[profile x]\nmax_attempts = 0\n") << ""
            << "x" << 2 << 1 << "[profile x] max_attempts: must be a whole number ≥ 1, got \"0\"";
        QTest::newRow("AWS: a profile that is not there")
            << "config" << QByteArray("[default]\n") << ""
            << "prod" << 0 << 0 << "no profile \"prod\" (the file has: default)";
        QTest::newRow("a file of no format")
            << "notes.txt" << QByteArray("hello\n") << ""
            << "" << 0 << 0 << "cannot tell which configuration this is";
        QTest::newRow("a YAML alias bomb stops at the key limit")
            << "a.yml"
            << QByteArray("a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, "
                          "*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d "
                          "[*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, "
                          "*d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n")
            << "resilience4j"
            << "" << 0 << 0 << "more than 100000 keys";
        QTest::newRow("YAML nested deeper than 64 levels")
            << "a.yml" << QByteArray("a: " + QByteArray(200, '[') + QByteArray(200, ']'))
            << "resilience4j"
            << "" << 1 << 0 << "nested deeper than 64 levels";
        const QByteArray route = "route:\n  cluster: api\n  retry_policy:\n";
        QTest::newRow("Envoy: an unknown retry_on class")
            << "envoy.yaml" << QByteArray(route + "    retry_on: 5xx,sometimes\n") << ""
            << "" << 4 << 15 << "unknown retry_on class \"sometimes\"";
        QTest::newRow("Envoy: a Duration without its unit")
            << "envoy.yaml" << QByteArray(route + "    retry_on: 5xx\n    per_try_timeout: 250ms\n")
            << "envoy"
            << "" << 5 << 22 << "per_try_timeout";
        QTest::newRow("Envoy: num_retries that is not a number")
            << "envoy.yaml" << QByteArray(route + "    retry_on: 5xx\n    num_retries: many\n")
            << ""
            << "" << 5 << 18 << "must be a number";
        QTest::newRow("Envoy: outlier detection percentage above 100")
            << "envoy.yaml"
            << QByteArray("route:\n  cluster: api\nlb_policy: RANDOM\noutlier_detection:\n"
                          "  max_ejection_percent: 150\n")
            << ""
            << "" << 5 << 25 << "must be in [0, 100]";
        QTest::newRow("Envoy: hedge_policy initial_requests of 0")
            << "envoy.yaml"
            << QByteArray(route + "    retry_on: 5xx\n  hedge_policy:\n    initial_requests: 0\n")
            << ""
            << "" << 6 << 23 << "initial_requests";
        QTest::newRow("Envoy: a route that is not there")
            << "envoy.yaml" << QByteArray(route + "    retry_on: 5xx\n") << "envoy"
            << "checkout" << 0 << 0 << "no route or cluster named \"checkout\"";
        const QByteArray vs = "apiVersion: networking.istio.io/v1\nkind: VirtualService\n"
                              "metadata:\n  name: r\nspec:\n  hosts: [r]\n  http:\n"
                              "  - route:\n    - destination: {host: r}\n";
        QTest::newRow("Istio: attempts that is not a number")
            << "vs.yaml" << QByteArray(vs + "    retries:\n      attempts: three\n") << ""
            << "" << 11 << 17 << "attempts: must be a number";
        QTest::newRow("Istio: a perTryTimeout without its unit")
            << "vs.yaml"
            << QByteArray(vs + "    retries:\n      attempts: 2\n      perTryTimeout: 2\n") << ""
            << "" << 12 << 22 << "perTryTimeout";
        QTest::newRow("Istio: an unknown load balancer")
            << "dr.yaml"
            << QByteArray("apiVersion: networking.istio.io/v1\nkind: DestinationRule\n"
                          "metadata:\n  name: r\nspec:\n  host: r\n  trafficPolicy:\n"
                          "    loadBalancer:\n      simple: FASTEST\n")
            << ""
            << "" << 9 << 15 << "unknown load balancer \"FASTEST\"";
        QTest::newRow("Istio: a key written twice")
            << "vs.yaml" << QByteArray(vs + "    timeout: 1s\n    timeout: 2s\n") << ""
            << "" << 11 << 5 << "duplicate key \"timeout\"";
        const QByteArray svc = "apiVersion: v1\nkind: Service\nmetadata:\n  name: books\n"
                               "  annotations:\n";
        QTest::newRow("Linkerd: a retry condition that is none")
            << "svc.yaml" << QByteArray(svc + "    retry.linkerd.io/http: 5xx,teapot\n") << ""
            << "" << 6 << 28 << "invalid retry condition \"teapot\"";
        QTest::newRow("Linkerd: a status range upside down")
            << "svc.yaml" << QByteArray(svc + "    retry.linkerd.io/http: 504-502\n") << ""
            << "" << 6 << 28 << "invalid status range";
        QTest::newRow("Linkerd: an unknown failure-accrual mode")
            << "svc.yaml"
            << QByteArray(svc + "    balancer.linkerd.io/failure-accrual: sometimes\n") << ""
            << "" << 6 << 42 << "must be consecutive or unified";
        QTest::newRow("Linkerd: a timeout without its unit")
            << "svc.yaml" << QByteArray(svc + "    timeout.linkerd.io/request: \"5\"\n") << ""
            << "" << 6 << 33 << "the unit is missing";
        QTest::newRow("Linkerd: a retry limit beyond u16")
            << "svc.yaml" << QByteArray(svc + "    retry.linkerd.io/limit: \"70000\"\n") << ""
            << "" << 6 << 29 << "must be in [0, 65535]";
    }

    void badFilesNamePlaceAndReason()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, content);
        QFETCH(QString, format);
        QFETCH(QString, instance);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        const QString path = dir.filePath(name);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
        f.close();
        ConfigImportOptions options;
        if (!format.isEmpty()) options.format = kConfigFormatNames.find(format.toStdString());
        options.instance = instance.toStdString();
        const ConfigImport result = importConfigFiles({path.toStdString()}, options);
        QVERIFY(!result.config);
        QVERIFY(!result.problems.empty());
        const std::string text = formatConfigProblems(result.problems);
        const ConfigProblem& p = result.problems.front();
        QVERIFY2(p.file == path.toStdString(), text.c_str());
        if (line > 0) QVERIFY2(p.line == line, text.c_str());
        if (column > 0) QVERIFY2(p.column == column, text.c_str());
        QVERIFY2(p.message.find(reason.toStdString()) != std::string::npos, text.c_str());
    }

    // Each module's resolution rule (resilience4j-framework-common @ af9e7c97): the circuit
    // breaker takes configs.<instance name> alone and puts nothing under a baseConfig chain; the
    // others never look up configs.<instance name> and put configs.default under the chain; the
    // wait comes from the first level that sets its duration, a retry level inheriting its base's
    // flags.
    void resolutionFollowsEachModulesRule_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>(
            "expected"); // keys of the first strategy, as the scenario writes it
        QTest::newRow("breaker: configs.<name> applies")
            << QByteArray(
                   "resilience4j.circuitbreaker:\n  configs:\n    a: {failureRateThreshold: 20}\n"
                   "  instances:\n    a: {}\n")
            << R"("failure_rate": 0.2)";
        QTest::newRow("retry: configs.<name> does not apply")
            << QByteArray("resilience4j.retry:\n  configs:\n    a: {maxAttempts: 5}\n"
                          "  instances:\n    a: {}\n")
            << R"("max_attempts": 3)";
        QTest::newRow("retry: configs.default under a baseConfig chain")
            << QByteArray(
                   "resilience4j.retry:\n  configs:\n    default: {waitDuration: 1s}\n"
                   "    shared: {maxAttempts: 5}\n  instances:\n    a: {baseConfig: shared}\n")
            << R"("max_attempts": 5, "backoff": {"type": "constant", "delay_ms": 1000})";
        QTest::newRow("breaker: nothing under a baseConfig chain")
            << QByteArray("resilience4j.circuitbreaker:\n  configs:\n    default: "
                          "{slidingWindowSize: 10}\n"
                          "    shared: {failureRateThreshold: 20}\n  instances:\n    a: "
                          "{baseConfig: shared}\n")
            << R"("window": {"type": "count", "size": 100}, "failure_rate": 0.2)";
        QTest::newRow("retry: the wait's flags inherited from configs.default")
            << QByteArray(
                   "resilience4j.retry:\n  configs:\n    default: {waitDuration: 100ms, "
                   "enableExponentialBackoff: true}\n  instances:\n    a: {waitDuration: 300ms}\n")
            << R"("backoff": {"type": "exponential", "initial_ms": 300, "multiplier": 1.5})";
        QTest::newRow("breaker: an enum bound leniently (timeBased)")
            << QByteArray(
                   "resilience4j.circuitbreaker.instances.a:\n  sliding-window-type: timeBased\n"
                   "  sliding-window-size: 10\n")
            << R"("window": {"type": "time", "size_s": 10, "buckets": 10})";
        QTest::newRow(
            "breaker: an open-state wait from configs.default, the instance's growth ignored")
            << QByteArray("resilience4j.circuitbreaker:\n  configs:\n    default: "
                          "{waitDurationInOpenState: 5s}\n"
                          "  instances:\n    a: {enableExponentialBackoff: true}\n")
            << R"("open_ms": 5000, "half_open_calls": 10)";
    }

    void resolutionFollowsEachModulesRule()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, expected);
        importedStrategyHas("application.yml", yaml, 0, expected);
    }

    // Polly's retry delays (RetryHelper.cs @ 173d6d1d) for each BackoffType and UseJitter, with
    // MaxDelay: Constant and Linear jitter ±25 % and are capped after it; Exponential with jitter
    // is DecorrelatedJitterBackoffV2, which caps itself.
    void pollyBackoffs_data()
    {
        QTest::addColumn<QByteArray>("retry");
        QTest::addColumn<QString>("expected"); // keys of the retry strategy
        QTest::newRow("Exponential, jitter (the defaults), MaxDelay")
            << QByteArray(R"({"MaxDelay": "00:00:03"})")
            << R"("backoff": {"type": "polly_decorrelated_v2", "initial_ms": 2000, "max_ms": 3000}, "jitter": "none")";
        QTest::newRow("Exponential without jitter")
            << QByteArray(R"({"UseJitter": false, "Delay": "00:00:00.200"})")
            << R"("backoff": {"type": "exponential", "initial_ms": 200, "multiplier": 2}, "jitter": "none")";
        QTest::newRow("Linear with jitter and MaxDelay")
            << QByteArray(R"({"BackoffType": "Linear", "MaxDelay": "00:00:05"})")
            << R"("backoff": {"type": "linear", "initial_ms": 2000, "increment_ms": 2000, "max_ms": 5000},
                 "jitter": {"type": "proportional", "factor": 0.25, "cap_after_jitter": true})";
        QTest::newRow("Constant by its number, without jitter")
            << QByteArray(R"({"BackoffType": "0", "UseJitter": "False", "MaxRetryAttempts": "1"})")
            << R"("max_attempts": 2, "backoff": {"type": "constant", "delay_ms": 2000}, "jitter": "none")";
    }

    void pollyBackoffs()
    {
        QFETCH(QByteArray, retry);
        QFETCH(QString, expected);
        importedStrategyHas("appsettings.json", R"({"Http": {"Retry": )" + retry + "}}", 2,
                            expected);
    }

    // Envoy's route hedge_policy (route_components.proto; router.cc onSoftPerTryTimeout,
    // retry_state_impl.cc shouldHedgeRetryPerTryTimeout): with hedge_on_per_try_timeout and a
    // per_try_timeout the request that runs late is kept and another sent, up to num_retries,
    // whatever retry_on says — the hedge strategy, its differences listed; otherwise the flag
    // changes nothing, and initial_requests / additional_request_chance never do (Envoy does not
    // implement them).
    void envoyHedgePolicy_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("expected"); // keys of pipeline[index]
        QTest::addColumn<QString>("noteKey");
        QTest::addColumn<QString>("noteReason");
        const QByteArray route = "route:\n  cluster: api\n  timeout: 2s\n";
        const QByteArray retry = "  retry_policy:\n    retry_on: 5xx\n    num_retries: 2\n"
                                 "    per_try_timeout: 0.25s\n";
        const QByteArray hedge = "  hedge_policy:\n    hedge_on_per_try_timeout: true\n";
        const QString flag = "route.hedge_policy.hedge_on_per_try_timeout";
        QTest::newRow("hedge on per-try timeout: a hedge at per_try_timeout, num_retries of them")
            << route + retry + hedge << 1
            << R"("type": "hedge", "delay_ms": 250, "max_hedged_attempts": 2,
                 "hedge_on": ["error", "rejected", "reset"])"
            << flag << "waits the retry back-off first";
        QTest::newRow("the cluster's retry limits do not bound the hedges (listed)")
            << route + retry + hedge << 1 << R"("type": "hedge")" << flag
            << "max_retries and retry_budget";
        QTest::newRow("num_retries unset: Envoy's 1")
            << route + "  retry_policy:\n    retry_on: gateway-error\n    per_try_timeout: 1s\n" +
                   hedge
            << 1 << R"("type": "hedge", "delay_ms": 1000, "max_hedged_attempts": 1,
                      "hedge_on": ["rejected", "reset"])"
            << ""
            << "";
        QTest::newRow("retriable status codes hedge on their outcomes")
            << route +
                   "  retry_policy:\n    retry_on: retriable-status-codes\n"
                   "    retriable_status_codes: [409, 429]\n    per_try_timeout: 0.1s\n" +
                   hedge
            << 1 << R"("type": "hedge", "hedge_on": ["rate_limited", "conflict"])"
            << ""
            << "";
        QTest::newRow("more than 9 retries: 9 hedges")
            << route +
                   "  retry_policy:\n    retry_on: 5xx\n    num_retries: 12\n"
                   "    per_try_timeout: 0.25s\n" +
                   hedge
            << 1 << R"("type": "hedge", "max_hedged_attempts": 9)"
            << "route.retry_policy.num_retries"
            << "at most 9";
        QTest::newRow("no per_try_timeout: the retry stays, the flag does nothing")
            << route + "  retry_policy:\n    retry_on: 5xx\n" + hedge << 1
            << R"("type": "retry", "retry_on": "5xx")" << flag
            << "has no effect: the retry policy sets no per_try_timeout";
        QTest::newRow("no retry policy: the flag does nothing")
            << route + hedge << 0 << R"("type": "timeout", "timeout_ms": 2000)" << flag
            << "there is none";
        QTest::newRow("flag off: the per-try timeout ends the try, as without a hedge_policy")
            << route + retry + "  hedge_policy:\n    hedge_on_per_try_timeout: false\n"
            << 2 << R"("type": "timeout", "timeout_ms": 250)"
            << ""
            << "";
        QTest::newRow("initial_requests: not implemented by Envoy")
            << route + retry + hedge + "    initial_requests: 3\n"
            << 1 << R"("type": "hedge")"
            << "route.hedge_policy.initial_requests"
            << "not implemented by Envoy";
        QTest::newRow("additional_request_chance: not implemented by Envoy")
            << route + retry + "  hedge_policy:\n    additional_request_chance: {numerator: 30}\n"
            << 1 << R"("type": "retry")"
            << "route.hedge_policy.additional_request_chance"
            << "not implemented by Envoy";
    }
    void envoyHedgePolicy()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(int, index);
        QFETCH(QString, expected);
        QFETCH(QString, noteKey);
        QFETCH(QString, noteReason);
        importedStrategyHas("envoy.yaml", yaml, index, expected, noteKey, noteReason);
    }

    // A cluster's typed load_balancing_policy (Envoy ≥ 1.24): the first policy the model has;
    // with none (Envoy's contrib peak_ewma is not Linkerd's), round robin and a note.
    void envoyTypedBalancers_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("noteKey");
        const QByteArray head = "route:\n  cluster: api\n  retry_policy: {retry_on: 5xx}\n"
                                "load_balancing_policy:\n  policies:\n";
        const QByteArray ext = "  - typed_extension_config:\n      name: p\n      typed_config:\n"
                               "        \"@type\": type.googleapis.com/envoy.extensions."
                               "load_balancing_policies.";
        QTest::newRow("least request with its choice count")
            << head + ext + "least_request.v3.LeastRequest\n        choice_count: 3\n"
            << R"("policy": "least_request", "choice_count": 3)"
            << "";
        QTest::newRow("the first one the model has")
            << head + ext + "peak_ewma.v3alpha.PeakEwma\n" + ext + "maglev.v3.Maglev\n"
            << R"("policy": "maglev")"
            << "";
        QTest::newRow("none the model has: round robin, noted")
            << head + ext + "peak_ewma.v3alpha.PeakEwma\n"
            << R"("policy": "round_robin")"
            << "load_balancing_policy";
    }
    void envoyTypedBalancers()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, expected);
        QFETCH(QString, noteKey);
        importedStrategyHas("envoy.yaml", yaml, 2, expected, noteKey,
                            noteKey.isEmpty() ? QString() : "none of its policies");
    }

    // Keys the library ignores are imported anyway and reported with their place.
    void unknownKeysAreReported()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("application.yml");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("resilience4j:\n  retry:\n    instances:\n      a:\n        maxAttempts: 4\n"
                "        maxAttempt: 5\n");
        f.close();
        const ConfigImport result = importConfigFiles({path.toStdString()}, {});
        QVERIFY(result.config);
        const auto& notes = result.config->notes;
        const auto it = std::find_if(notes.begin(), notes.end(),
                                     [](const ImportNote& n) { return n.unknownKey; });
        QVERIFY(it != notes.end());
        QCOMPARE(it->sourceKey, std::string("resilience4j.retry.instances.a.maxAttempt"));
        QCOMPARE(it->place.line, 6);
        QVERIFY(std::holds_alternative<RetrySpec>(result.config->scenario.pipeline[0]));
        QCOMPARE(std::get<RetrySpec>(result.config->scenario.pipeline[0]).maxAttempts, 4);
    }

    // Several files layer as the library layers them: a later file's key wins.
    void laterFilesWin()
    {
        QTemporaryDir dir;
        const auto write = [&](const QString& name, const QByteArray& text) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        };
        write("appsettings.json",
              R"({"R": {"Retry": {"MaxRetryAttempts": 2, "Delay": "00:00:01"}}})");
        write("appsettings.Production.json", R"({"r": {"retry": {"maxRetryAttempts": "7"}}})");
        const ConfigImport result =
            importConfigFiles({dir.filePath("appsettings.json").toStdString(),
                               dir.filePath("appsettings.Production.json").toStdString()},
                              {});
        QVERIFY2(result.config, formatConfigProblems(result.problems).c_str());
        const auto& retry = std::get<RetrySpec>(result.config->scenario.pipeline[2]);
        QCOMPARE(retry.maxAttempts, 8);
        QCOMPARE(retry.backoff.initialMs, 1000.0);
    }
};

QTEST_GUILESS_MAIN(TestConfigImport)
#include "tst_config_import.moc"

// Scenario files: save → load gives back an equal scenario (every preset, and one that uses every
// block of the format), and the reader's diagnostics name the JSON path of each problem.

#include "testing.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace reslab;
using namespace reslab::testing;

// (URLs in the JSON below write \/ for /: moc reads "//" in a raw string as a comment.)
namespace {
const char* kEverything = R"({
  "format": "resilience-lab.scenario/1", "name": "Everything", "description": "uses every block",
  "seed": 123456789, "duration_s": 90, "drain_s": 30,
  "workload": {"type": "open", "rate_per_s": 20, "max_requests": 5000,
               "rate_schedule": [{"at_s": 10, "rate_per_s": 50, "ramp": true}, {"at_s": 20, "rate_per_s": 5}]},
  "target": "api",
  "pipeline": [
    {"type": "timeout", "timeout_ms": 30000},
    {"type": "retry", "max_attempts": 5, "max_elapsed_ms": 20000, "stop_before_delay_ms": 25000,
     "backoff": {"type": "exponential", "initial_ms": 100, "multiplier": 1.5, "min_ms": 50, "max_ms": 8000},
     "jitter": {"type": "proportional", "factor": 0.2},
     "retry_on": ["error", "reset", "conflict"], "retry_on_status": [503, 504],
     "honor_retry_after": true, "retry_after_max_ms": 60000},
    {"type": "retry", "max_attempts": 2, "backoff": {"type": "polly_decorrelated_v2", "initial_ms": 200, "max_ms": 3000}},
    {"type": "retry", "max_attempts": 2, "backoff": {"type": "linear", "initial_ms": 10, "increment_ms": 5}, "jitter": {"type": "additive", "jitter_ms": 7, "cap_after_jitter": false}},
    {"type": "circuit_breaker", "preset": "polly", "failure_rate": 0.2, "open_multiplier": 2, "open_max_ms": 60000,
     "ignore": ["fatal"], "automatic_half_open": true, "max_half_open_ms": 10000},
    {"type": "circuit_breaker", "name": "simple", "mode": "consecutive", "failure_threshold": 5, "success_threshold": 2,
     "half_open_calls": 3, "open_ms": 60000, "failure_on": ["error", "timeout"], "force": "metrics_only"},
    {"type": "circuit_breaker", "window": {"type": "time", "size_s": 10}, "slow_call_ms": 500, "slow_call_rate": 0.8},
    {"type": "circuit_breaker", "preset": "opossum", "min_calls": 0, "open_ms": 5000, "ignore": ["fatal"]},
    {"type": "circuit_breaker", "mode": "fires", "window": {"type": "time", "size_s": 1, "buckets": 3}},
    {"type": "timeout", "timeout_ms": 900}
  ],
  "endpoints": {
    "api": {
      "network": {"dist": "mixture", "components": [{"weight": 3, "dist": "constant", "ms": 1}, {"weight": 1, "dist": "pareto", "scale_ms": 2, "shape": 2.5}]},
      "latency": {"dist": "lognormal", "median_ms": 40, "p99_ms": 300},
      "failures": {"error": 0.05, "fatal": 0.01, "timeout": 0.01, "reset": 0.02},
      "capacity": {"workers": 8, "queue": 64, "slowdown_per_inflight": 0.01},
      "rate_limit": {"rate_per_s": 100, "burst": 20, "retry_after_ms": 1000},
      "cancel_on_timeout": true,
      "statuses": {"error": 503, "fatal": 422},
      "phases": [{"start_s": 30, "end_s": 60, "failures": {"error": 1}, "latency": {"dist": "normal", "mean_ms": 100, "sd_ms": 20}},
                 {"start_s": 60, "end_s": 70, "capacity": {"workers": 2}, "rate_limit": {"rate_per_s": 5, "burst": 1}}]
    },
    "db": {"kind": "versioned_record", "latency": {"dist": "empirical", "values_ms": [1, 2, 3.5]},
           "network": {"dist": "uniform", "min_ms": 0.5, "max_ms": 1.5}},
    "legacy": {"kind": "proxy", "upstream": "http:\/\/10.0.0.5:8080\/v1",
               "latency": {"dist": "constant", "ms": 20}, "failures": {"error": 0.1}}
  },
  "expect": {"success_rate": {"min": 0.99}, "latency_ms.p99": {"max": 2000}},
  "sweep": {"params": [{"path": "pipeline[1].backoff.initial_ms", "values": "log:10..1000/5"},
                       {"path": "pipeline[1].jitter", "values": "none,full"}],
            "metric": "success_rate", "maximize": true, "seeds": 3}
})";
} // namespace

class TestScenarioIo : public QObject
{
    Q_OBJECT
private slots:
    void roundTrip_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addRow("everything") << QString();
        const QDir presets(RESLAB_PRESETS_DIR);
        for (const QString& name : presets.entryList({"*.json"}, QDir::Files, QDir::Name))
            QTest::addRow("%s", qPrintable(name)) << presets.filePath(name);
    }

    void roundTrip()
    {
        QFETCH(QString, file);
        ScenarioLoad first =
            file.isEmpty() ? parseScenario(kEverything) : loadFile(file.toStdString());
        QVERIFY2(first.scenario, formatDiagnostics(file.toStdString(), first.diagnostics).c_str());
        QTemporaryDir dir;
        const std::string saved = dir.filePath("saved.json").toStdString();
        QVERIFY(saveScenarioFile(*first.scenario, saved));
        ScenarioLoad second = loadFile(saved);
        QVERIFY2(second.scenario, formatDiagnostics(saved, second.diagnostics).c_str());
        QVERIFY(*second.scenario == *first.scenario);
        // Saving is stable: the saved text saves to itself (trace names are relative to the folder
        // a scenario is in, so they may differ from the first file's).
        QFile text(QString::fromStdString(saved));
        QVERIFY(text.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromStdString(scenarioToJson(*second.scenario)),
                 QString::fromUtf8(text.readAll()));
    }

    void diagnosticsNameThePath_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("message");
        const QString base =
            R"({"format": "resilience-lab.scenario/1", "duration_s": 10, "workload": {"type": "open", "rate_per_s": 1},
                                 "target": "api", "pipeline": [%1], "endpoints": {"api": {%2}}%3})";
        const QString retry =
            R"({"type": "retry", "backoff": {"type": "exponential", "initial_ms": 100, %1}})";
        QTest::addRow("multiplier below 1") << base.arg(retry.arg(R"("multiplier": 0.5)"), "", "")
                                            << "pipeline[0].backoff.multiplier"
                                            << "must be ≥ 1";
        QTest::addRow("typo in a key")
            << base.arg(retry.arg(R"("multipler": 2)"), "", "") << "pipeline[0].backoff.multipler"
            << "unknown key";
        QTest::addRow("probability over 1")
            << base.arg("", R"("failures": {"error": 1.5})", "") << "endpoints.api.failures.error"
            << "must be ≤ 1";
        QTest::addRow("probabilities sum over 1")
            << base.arg("", R"("failures": {"error": 0.6, "reset": 0.6})", "")
            << "endpoints.api.failures"
            << "add up to more than 1";
        QTest::addRow("negative latency")
            << base.arg("", R"("latency": {"dist": "constant", "ms": -5})", "")
            << "endpoints.api.latency.ms"
            << "must be ≥ 0";
        QTest::addRow("proxy without upstream")
            << base.arg("", R"("kind": "proxy")", "") << "endpoints.api.upstream"
            << "is required";
        QTest::addRow("proxy over https")
            << base.arg("", R"("kind": "proxy", "upstream": "https:\/\/api.example")", "")
            << "endpoints.api.upstream"
            << "https is not supported";
        QTest::addRow("proxy port out of range")
            << base.arg("", R"("kind": "proxy", "upstream": "http:\/\/127.0.0.1:70000")", "")
            << "endpoints.api.upstream"
            << "from 1 to 65535";
        QTest::addRow("upstream on a service")
            << base.arg("", R"("upstream": "http:\/\/127.0.0.1:9000")", "")
            << "endpoints.api.upstream"
            << "applies to a \"proxy\" endpoint only";
        QTest::addRow("unknown endpoint kind")
            << base.arg("", R"("kind": "mainframe")", "") << "endpoints.api.kind"
            << "expected one of: service, versioned_record, trace, proxy";
        QTest::addRow("unknown strategy")
            << base.arg(R"({"type": "frobnicate"})", "", "") << "pipeline[0].type"
            << "unknown strategy type";
        QTest::addRow("unknown target")
            << base.arg("", "", "").replace(R"("target": "api")", R"("target": "nope")") << "target"
            << "names no endpoint";
        QTest::addRow("phase ends before it starts")
            << base.arg("", R"("phases": [{"start_s": 5, "end_s": 2}])", "")
            << "endpoints.api.phases[0].end_s"
            << "must be after start_s";
        QTest::addRow("jitter on decorrelated")
            << base.arg(
                   R"({"type": "retry", "backoff": {"type": "decorrelated", "initial_ms": 10}, "jitter": "full"})",
                   "", "")
            << "pipeline[0].jitter"
            << "random by itself";
        QTest::addRow("wrong type") << base.arg("", R"("capacity": {"workers": "eight"})", "")
                                    << "endpoints.api.capacity.workers"
                                    << "must be a number, not a string";
        const auto strategy = [&](const char* json) { return base.arg(json, "", ""); };
        QTest::addRow("breaker failure rate 0")
            << strategy(R"({"type": "circuit_breaker", "failure_rate": 0})")
            << "pipeline[0].failure_rate"
            << "must be >";
        QTest::addRow("unknown breaker preset")
            << strategy(R"({"type": "circuit_breaker", "preset": "netflix"})")
            << "pipeline[0].preset"
            << "unknown value";
        QTest::addRow("breaker that can never close")
            << strategy(
                   R"({"type": "circuit_breaker", "mode": "consecutive", "success_threshold": 3, "half_open_calls": 2})")
            << "pipeline[0].success_threshold"
            << "could never close";
        QTest::addRow("rate key in consecutive mode")
            << strategy(
                   R"({"type": "circuit_breaker", "mode": "consecutive", "failure_rate": 0.5})")
            << "pipeline[0].failure_rate"
            << "unknown key";
        QTest::addRow("fires mode in a count window")
            << strategy(
                   R"({"type": "circuit_breaker", "mode": "fires", "window": {"type": "count", "size": 10}})")
            << "pipeline[0].window.type"
            << "counts in a time window";
        QTest::addRow("fires mode with three probes")
            << strategy(R"({"type": "circuit_breaker", "mode": "fires", "half_open_calls": 3})")
            << "pipeline[0].half_open_calls"
            << "lets one call through";
        QTest::addRow("opossum preset in rate mode")
            << strategy(R"({"type": "circuit_breaker", "preset": "opossum", "mode": "rate"})")
            << "pipeline[0].mode"
            << "is a fires-mode breaker";
        QTest::addRow("slow calls in fires mode")
            << strategy(R"({"type": "circuit_breaker", "mode": "fires", "slow_call_ms": 100})")
            << "pipeline[0].slow_call_ms"
            << "no slow calls";
        QTest::addRow("bulkhead of 0") << strategy(R"({"type": "bulkhead", "max_concurrent": 0})")
                                       << "pipeline[0].max_concurrent"
                                       << "must be ≥ 1";
        QTest::addRow("queue without waiting")
            << strategy(R"({"type": "bulkhead", "max_queue": 5})") << "pipeline[0].max_queue"
            << "no effect";
        QTest::addRow("too many hedges")
            << strategy(R"({"type": "hedge", "max_hedged_attempts": 10})")
            << "pipeline[0].max_hedged_attempts"
            << "must be ≤ 9";
        QTest::addRow("gRPC max_tokens over 1000")
            << strategy(R"({"type": "retry_throttle", "max_tokens": 5000})")
            << "pipeline[0].max_tokens"
            << "must be ≤ 1000";
        QTest::addRow("gRPC max_tokens not an integer")
            << strategy(R"({"type": "retry_throttle", "max_tokens": 10.5})")
            << "pipeline[0].max_tokens"
            << "whole number";
        QTest::addRow("gRPC token_ratio below 0.001")
            << strategy(R"({"type": "retry_throttle", "token_ratio": 0.0005})")
            << "pipeline[0].token_ratio"
            << "at least 0.001";
        QTest::addRow("Finagle ttl under 1 s")
            << strategy(R"({"type": "finagle_budget", "ttl_s": 0.5})") << "pipeline[0].ttl_s"
            << "must be ≥ 1";
        QTest::addRow("token bucket without a rate")
            << strategy(R"({"type": "rate_limiter"})") << "pipeline[0].rate_per_s"
            << "is required";
        QTest::addRow("fallback max age on a fixed value")
            << strategy(R"({"type": "fallback", "max_age_ms": 5})") << "pipeline[0].max_age_ms"
            << "cached";
        const QString sweep = R"(, "sweep": {"params": [{"path": "%1", "values": "%2"}]%3})";
        QTest::addRow("sweep range without values")
            << base.arg("", "", sweep.arg("workload.rate_per_s", "5..1/0", ""))
            << "sweep.params[0].values"
            << "5..1/0";
        QTest::addRow("sweep path with a bad index")
            << base.arg("", "", sweep.arg("pipeline[x].max_attempts", "1,2", ""))
            << "sweep.params[0].path"
            << "index";
        QTest::addRow("sweep metric unknown")
            << base.arg("", "",
                        sweep.arg("workload.rate_per_s", "1,2", R"(, "metric": "latency_ms.p98")"))
            << "sweep.metric"
            << "not a metric of this scenario";
        QTest::addRow("sweep with no seeds")
            << base.arg("", "", sweep.arg("workload.rate_per_s", "1,2", R"(, "seeds": 0)"))
            << "sweep.seeds"
            << "must be ≥ 1";
        QTest::addRow("fractional workers") << base.arg("", R"("capacity": {"workers": 2.5})", "")
                                            << "endpoints.api.capacity.workers"
                                            << "whole number";
    }

    void diagnosticsNameThePath()
    {
        QFETCH(QString, json);
        QFETCH(QString, path);
        QFETCH(QString, message);
        const ScenarioLoad load = parseScenario(json.toUtf8());
        QVERIFY(!load.scenario);
        bool found = false;
        for (const Diagnostic& d : load.diagnostics)
            found = found || (QString::fromStdString(d.path) == path &&
                              QString::fromStdString(d.message).contains(message));
        QVERIFY2(found, formatDiagnostics("<test>", load.diagnostics).c_str());
    }

    void syntaxErrorsGiveLineAndColumn()
    {
        const ScenarioLoad load =
            parseScenario("{\n  \"format\": \"resilience-lab.scenario/1\",\n  \"seed\": ,\n}");
        QCOMPARE(load.diagnostics.size(), std::size_t(1));
        QVERIFY(QString::fromStdString(load.diagnostics.front().message).contains("line 3"));
    }
};

QTEST_GUILESS_MAIN(TestScenarioIo)
#include "tst_scenario_io.moc"

// Services calling services: retries multiply across layers (the SRE book's 4³ = 64), retry
// guards at each layer bound the multiplication, latencies add up, cancellation propagates, and
// call graphs that name unknown endpoints or form cycles are refused with the path.

#include "run/simulation.h"
#include "testing.h"

#include <QTest>

using namespace reslab;
using namespace reslab::testing;

namespace {
const char* kRetry4 =
    R"({"type": "retry", "max_attempts": 4, "backoff": {"type": "constant", "delay_ms": 1}})";

std::string threeLayers(int requests, const std::string& guard)
{
    const std::string retry = std::string(kRetry4) + (guard.empty() ? "" : ", " + guard);
    return R"({"format": "resilience-lab.scenario/1", "seed": 2,
        "workload": {"type": "batch", "clients": 1, "requests_per_client": )" +
           std::to_string(requests) + R"(},
        "target": "front", "pipeline": [)" +
           retry + R"(],
        "endpoints": {
          "front": {"latency": {"dist": "constant", "ms": 1}, "calls": [{"endpoint": "mid", "pipeline": [)" +
           retry + R"(]}]},
          "mid": {"latency": {"dist": "constant", "ms": 1}, "calls": [{"endpoint": "db", "pipeline": [)" +
           retry + R"(]}]},
          "db": {"latency": {"dist": "constant", "ms": 1}, "failures": {"error": 1}}}})";
}

std::uint64_t attemptsAt(const Summary& s, const std::string& id)
{
    for (const auto& e : s.endpoints)
        if (e.id == id) return e.attempts;
    return 0;
}
} // namespace

class TestLayered : public QObject
{
    Q_OBJECT
private slots:
    void retriesMultiplyAcrossLayers()
    {
        // Three layers of 4 attempts against a bottom that always fails: 4 × 4 × 4 = 64 attempts
        // reach the bottom for every request.
        const int requests = 10;
        const Summary s = runScenario(scenarioFromJson(threeLayers(requests, "")));
        QCOMPARE(attemptsAt(s, "front"), std::uint64_t(4 * requests));
        QCOMPARE(attemptsAt(s, "mid"), std::uint64_t(16 * requests));
        QCOMPARE(attemptsAt(s, "db"), std::uint64_t(64 * requests));
        QCOMPARE(s.attempts,
                 std::uint64_t(4 * requests)); // the summary's attempts are the client's
        QCOMPARE(s.failed, std::uint64_t(requests));
        QCOMPARE(s.requestsByOutcome[std::size_t(Outcome::Error)], std::uint64_t(requests));
    }

    void breakersAndLimitersOfServicesAreKept()
    {
        // A service's own calls have pipelines, built with the simulation's services: their
        // breakers and limiters are announced before the simulation's other members exist, and
        // must survive its construction (once they were announced into a vector built later).
        const std::string json = R"({"format": "resilience-lab.scenario/1", "seed": 2,
            "duration_s": 5, "workload": {"type": "open", "rate_per_s": 50},
            "target": "front", "pipeline": [],
            "endpoints": {
              "front": {"latency": {"dist": "constant", "ms": 1}, "calls": [{"endpoint": "db",
                "pipeline": [{"type": "circuit_breaker", "name": "front→db"},
                             {"type": "adaptive_limit", "algorithm": "aimd"}]}]},
              "db": {"latency": {"dist": "constant", "ms": 1}, "failures": {"error": 1}}}})";
        Simulation sim(scenarioFromJson(json));
        sim.run();
        const Summary s = sim.summary();
        QCOMPARE(s.breakers.size(), std::size_t(1));
        QCOMPARE(s.breakers.front().name, std::string("front→db"));
        QVERIFY(s.breakers.front().transitionCount > 0);
        QCOMPARE(sim.limiterGauges().size(), std::size_t(1));
        QCOMPARE(sim.limiterGauges().front().name,
                 std::string("endpoints.front.calls[0]/pipeline[1]"));
    }

    void throttlesBoundTheMultiplication()
    {
        // gRPC retry throttling (max_tokens 10) on every edge, every attempt failing: tokens start
        // at 10 and only fall, and a retry needs tokens > 5, so each edge lets at most 5 retries
        // through in the whole run. Attempts at a layer ≤ first attempts + 5, where the first
        // attempts are the layer above's attempts: front ≤ N + 5, mid ≤ N + 10, db ≤ N + 15.
        const int requests = 50;
        const Summary s = runScenario(scenarioFromJson(threeLayers(
            requests, R"({"type": "retry_throttle", "max_tokens": 10, "token_ratio": 0.1})")));
        QVERIFY(attemptsAt(s, "front") <= std::uint64_t(requests + 5));
        QVERIFY(attemptsAt(s, "mid") <= std::uint64_t(requests + 10));
        QVERIFY2(attemptsAt(s, "db") <= std::uint64_t(requests + 15),
                 qPrintable(QString::number(attemptsAt(s, "db"))));
        QVERIFY(attemptsAt(s, "db") >=
                std::uint64_t(requests)); // every request still reached the bottom once
    }

    void latenciesAddUp()
    {
        const std::string json = R"({"format": "resilience-lab.scenario/1", "seed": 1,
            "workload": {"type": "batch", "clients": 1}, "target": "web", "pipeline": [],
            "endpoints": {
              "web": {"latency": {"dist": "constant", "ms": 10}, "network": {"dist": "constant", "ms": 1},
                      "calls": [{"endpoint": "auth", "pipeline": []}, {"endpoint": "db", "pipeline": []}]},
              "auth": {"latency": {"dist": "constant", "ms": 5}},
              "db": {"latency": {"dist": "constant", "ms": 20}, "network": {"dist": "constant", "ms": 2}}}})";
        const Summary s = runScenario(scenarioFromJson(json));
        // 1 (to web) + 5 (auth) + 2 + 20 + 2 (db and back) + 10 (web's own work) + 1 (back) = 41 ms
        QCOMPARE(s.latency.max, 41.0);
        QCOMPARE(s.succeeded, std::uint64_t(1));
    }

    void aFailedCallFailsTheCaller()
    {
        // The second call fails: the caller answers error without doing its own work.
        const std::string json = R"({"format": "resilience-lab.scenario/1", "seed": 1,
            "workload": {"type": "batch", "clients": 1}, "target": "web", "pipeline": [],
            "endpoints": {
              "web": {"latency": {"dist": "constant", "ms": 100}, "statuses": {"error": 502},
                      "calls": [{"endpoint": "auth", "pipeline": []}, {"endpoint": "db", "pipeline": []}]},
              "auth": {"latency": {"dist": "constant", "ms": 5}},
              "db": {"latency": {"dist": "constant", "ms": 20}, "failures": {"error": 1}}}})";
        Simulation sim(scenarioFromJson(json));
        RequestLog log;
        sim.addObserver(&log);
        sim.run();
        QCOMPARE(log.requests.front().result.outcome, Outcome::Error);
        QCOMPARE(log.requests.front().result.status, std::int16_t(502));
        QCOMPARE(log.requests.front().end, 25 * kNanosPerMilli);
        // The attempts log shows every layer, with its depth.
        QCOMPARE(log.attempts.size(), std::size_t(3));
        int deeper = 0;
        for (const auto& a : log.attempts)
            deeper += a.depth == 1;
        QCOMPARE(deeper, 2);
    }

    void cancellationPropagates_data()
    {
        QTest::addColumn<bool>("cancel");
        QTest::addColumn<int>("dbServed");
        QTest::addRow("abandoned work goes on") << false << 1;
        QTest::addRow("cancel_on_timeout all the way down") << true << 0;
    }

    void cancellationPropagates()
    {
        QFETCH(bool, cancel);
        QFETCH(int, dbServed);
        const std::string flag = cancel ? "true" : "false";
        const std::string json = R"({"format": "resilience-lab.scenario/1", "seed": 1,
            "workload": {"type": "batch", "clients": 1}, "target": "web",
            "pipeline": [{"type": "timeout", "timeout_ms": 50}],
            "endpoints": {
              "web": {"cancel_on_timeout": )" +
                                 flag + R"(, "calls": [{"endpoint": "db", "pipeline": []}]},
              "db": {"cancel_on_timeout": )" +
                                 flag + R"(, "latency": {"dist": "constant", "ms": 1000}}}})";
        const Summary s = runScenario(scenarioFromJson(json));
        QCOMPARE(s.requestsByOutcome[std::size_t(Outcome::Timeout)], std::uint64_t(1));
        QCOMPARE(int(s.endpoints.front().served), dbServed); // endpoints are sorted: db first
    }

    void callGraphErrors_data()
    {
        QTest::addColumn<QString>("endpoints");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("message");
        QTest::addRow("unknown callee")
            << R"("a": {"calls": [{"endpoint": "nope", "pipeline": []}]})"
            << "endpoints.a.calls[0].endpoint"
            << "names no endpoint";
        QTest::addRow("self call") << R"("a": {"calls": [{"endpoint": "a", "pipeline": []}]})"
                                   << "endpoints.a.calls[0].endpoint"
                                   << "cycle: a → a";
        QTest::addRow("three-step cycle")
            << R"("a": {"calls": [{"endpoint": "b", "pipeline": []}]}, "b": {"calls": [{"endpoint": "c", "pipeline": []}]},
                  "c": {"calls": [{"endpoint": "db", "pipeline": []}, {"endpoint": "a", "pipeline": []}]}, "db": {})"
            << "endpoints.c.calls[1].endpoint"
            << "cycle: a → b → c → a";
        QTest::addRow("missing pipeline") << R"("a": {"calls": [{"endpoint": "a"}]})"
                                          << "endpoints.a.calls[0].pipeline"
                                          << "is required";
        QTest::addRow("bad strategy in a call")
            << R"("a": {"calls": [{"endpoint": "b", "pipeline": [{"type": "retry", "max_attempts": 0, "backoff": {"type": "constant", "delay_ms": 1}}]}]}, "b": {})"
            << "endpoints.a.calls[0].pipeline[0].max_attempts"
            << "must be ≥ 1";
    }

    void callGraphErrors()
    {
        QFETCH(QString, endpoints);
        QFETCH(QString, path);
        QFETCH(QString, message);
        const QString json = R"({"format": "resilience-lab.scenario/1", "duration_s": 1,
            "workload": {"type": "open", "rate_per_s": 1}, "target": "a", "pipeline": [], "endpoints": {%1}})";
        const ScenarioLoad load = parseScenario(json.arg(endpoints).toUtf8());
        QVERIFY(!load.scenario);
        bool found = false;
        for (const Diagnostic& d : load.diagnostics)
            found = found || (QString::fromStdString(d.path) == path &&
                              QString::fromStdString(d.message).contains(message));
        QVERIFY2(found, formatDiagnostics("<test>", load.diagnostics).c_str());
    }
};

QTEST_GUILESS_MAIN(TestLayered)
#include "tst_layered.moc"

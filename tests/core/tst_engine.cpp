// The engine's behaviour on small scenarios whose outcome can be worked out by hand: timeouts by
// their place in the pipeline, abandoned work at the server, Retry-After, optimistic concurrency,
// phases, stop conditions, hanging calls, determinism and common random numbers.

#include "run/report.h"
#include "testing.h"

#include <QDir>
#include <QTest>
#include <functional>
#include <map>
#include <pthread.h>

using namespace reslab;
using namespace reslab::testing;

namespace {
std::string scenario(const std::string& workload, const std::string& pipeline,
                     const std::string& endpoint, double durationS = 60)
{
    return scenarioJson(workload, pipeline, endpoint, durationS, 9);
}
const std::string kOneRequest = R"({"type": "batch", "clients": 1})";

struct Run
{
    Summary summary;
    RequestLog log;
};
// Runs `work` on a thread with a 256 KiB stack (the main thread's is 8 MiB) and waits for it.
void runOnSmallStack(const std::function<void()>& work)
{
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 256 * 1024);
    pthread_t thread;
    auto body = [](void* arg) -> void* {
        (*static_cast<const std::function<void()>*>(arg))();
        return nullptr;
    };
    QCOMPARE(pthread_create(&thread, &attr, body, const_cast<std::function<void()>*>(&work)), 0);
    pthread_join(thread, nullptr);
    pthread_attr_destroy(&attr);
}

// Every field of every attempt and request, in the order the run reported them.
struct RecordLines : RunObserver
{
    std::vector<std::string> lines;
    static std::string of(const Result& r)
    {
        return std::to_string(int(r.outcome)) + " " + std::to_string(r.status) + " " +
               std::to_string(r.retryAfter) + " " + std::to_string(r.fallback);
    }
    void onAttempt(const AttemptRecord& a) override
    {
        lines.push_back("attempt " + std::to_string(a.request) + " " + std::to_string(a.attempt) +
                        " " + std::to_string(a.endpoint) + " " + std::to_string(a.call) + " " +
                        std::to_string(a.depth) + " " + std::to_string(a.host) + " " +
                        std::to_string(a.start) + " " + std::to_string(a.end) + " " + of(a.result) +
                        " " + std::to_string(a.wait));
    }
    void onRequestDone(const RequestRecord& r) override
    {
        lines.push_back("request " + std::to_string(r.request) + " " + std::to_string(r.start) +
                        " " + std::to_string(r.end) + " " + of(r.result) + " " +
                        std::to_string(r.attempts));
    }
};

Run run(const std::string& json, RunOptions options = {})
{
    Run r;
    Simulation sim(scenarioFromJson(json), options);
    sim.addObserver(&r.log);
    sim.run();
    r.summary = sim.summary();
    return r;
}
} // namespace

class TestEngine : public QObject
{
    Q_OBJECT
private slots:
    void timeoutInsideRetryBoundsEachAttempt()
    {
        const Run r = run(scenario(
            kOneRequest,
            R"([{"type": "retry", "max_attempts": 3, "backoff": {"type": "constant", "delay_ms": 50}},
                                       {"type": "timeout", "timeout_ms": 100}])",
            R"({"latency": {"dist": "constant", "ms": 500}})"));
        QCOMPARE(r.log.attempts.size(), std::size_t(3));
        for (const auto& a : r.log.attempts) {
            QCOMPARE(a.result.outcome, Outcome::Timeout);
            QCOMPARE(a.end - a.start, 100 * kNanosPerMilli);
        }
        QCOMPARE(r.log.attempts[1].wait, 50 * kNanosPerMilli);
        QCOMPARE(r.log.requests.front().result.outcome, Outcome::Timeout);
        QCOMPARE(r.log.requests.front().end, (3 * 100 + 2 * 50) * kNanosPerMilli);
    }

    void timeoutOutsideRetryBoundsTheRequest()
    {
        const Run r = run(
            scenario(kOneRequest,
                     R"([{"type": "timeout", "timeout_ms": 250},
                                       {"type": "retry", "max_attempts": 10, "backoff": {"type": "constant", "delay_ms": 50}}])",
                     R"({"latency": {"dist": "constant", "ms": 100}, "failures": {"error": 1}})"));
        // Attempts end at 100, 250 (cut: started at 150) — the request ends at 250 ms.
        QCOMPARE(r.log.requests.front().end, 250 * kNanosPerMilli);
        QCOMPARE(r.log.requests.front().result.outcome, Outcome::Timeout);
        QCOMPARE(r.log.attempts.size(), std::size_t(2));
        QCOMPARE(r.log.attempts[0].result.outcome, Outcome::Error);
        QCOMPARE(r.log.attempts[1].result.outcome, Outcome::Timeout);
    }

    void abandonedWorkGoesOnUnlessCancelled_data()
    {
        QTest::addColumn<bool>("cancel");
        QTest::addColumn<int>("served");
        // Three clients at t = 0, one worker, 1 s of work each, clients give up after 100 ms.
        // Without cancellation the server still does all 3 s of work; with it, it stops at once.
        QTest::addRow("work goes on") << false << 3;
        QTest::addRow("cancel_on_timeout") << true << 0;
    }

    void abandonedWorkGoesOnUnlessCancelled()
    {
        QFETCH(bool, cancel);
        QFETCH(int, served);
        const Run r = run(scenario(
            R"({"type": "batch", "clients": 3})", R"([{"type": "timeout", "timeout_ms": 100}])",
            R"({"latency": {"dist": "constant", "ms": 1000}, "capacity": {"workers": 1},
                                       "cancel_on_timeout": )" +
                std::string(cancel ? "true" : "false") + "}"));
        QCOMPARE(r.summary.failed, std::uint64_t(3));
        QCOMPARE(int(r.summary.endpoints.front().served), served);
        QCOMPARE(r.summary.requestsByOutcome[std::size_t(Outcome::Timeout)], std::uint64_t(3));
    }

    void retryAfterOverridesTheBackoff()
    {
        // Bucket of 1 token refilled at 1/s: the second client's call at t = 0 gets 429 with
        // Retry-After 1000 ms, sleeps exactly that (not the 5 ms backoff), and then succeeds.
        const Run r = run(scenario(
            R"({"type": "batch", "clients": 2})",
            R"([{"type": "retry", "max_attempts": 3, "backoff": {"type": "constant", "delay_ms": 5},
                                        "honor_retry_after": true}])",
            R"({"latency": {"dist": "constant", "ms": 1},
                                       "rate_limit": {"rate_per_s": 1, "burst": 1, "retry_after_ms": 1000}})"));
        QCOMPARE(r.summary.succeeded, std::uint64_t(2));
        QCOMPARE(r.summary.attemptsByOutcome[std::size_t(Outcome::RateLimited)], std::uint64_t(1));
        const auto& retried = r.log.attempts.back();
        QCOMPARE(retried.attempt, 2u);
        QCOMPARE(retried.wait, 1000 * kNanosPerMilli);
        QCOMPARE(retried.result.outcome, Outcome::Ok);
    }

    void retryAfterIsCapped()
    {
        const Run r = run(scenario(
            R"({"type": "batch", "clients": 2})",
            R"([{"type": "retry", "max_attempts": 2, "backoff": {"type": "constant", "delay_ms": 5},
                                        "honor_retry_after": true, "retry_after_max_ms": 300}])",
            R"({"rate_limit": {"rate_per_s": 1, "burst": 1, "retry_after_ms": 1000}})"));
        QCOMPARE(r.log.attempts.back().wait, 300 * kNanosPerMilli);
        QCOMPARE(r.log.attempts.back().result.outcome,
                 Outcome::RateLimited); // no token yet at 300 ms
    }

    void computedRetryAfterIsTimeToNextToken()
    {
        // Without retry_after_ms the server answers with the time until its next token.
        const Run r = run(scenario(R"({"type": "batch", "clients": 2})", "[]",
                                   R"({"rate_limit": {"rate_per_s": 4, "burst": 1}})"));
        QCOMPARE(r.summary.attemptsByOutcome[std::size_t(Outcome::RateLimited)], std::uint64_t(1));
        const auto limited =
            std::find_if(r.log.requests.begin(), r.log.requests.end(), [](const RequestRecord& x) {
                return x.result.outcome == Outcome::RateLimited;
            });
        QCOMPARE(limited->result.retryAfter, 250 * kNanosPerMilli);
        QCOMPARE(limited->result.status, std::int16_t(429));
    }

    void optimisticConcurrencyConflicts()
    {
        // Five writers read version 0 at the same instant; one write lands per round, the rest
        // conflict and retry in lockstep: 5 + 4 + 3 + 2 + 1 = 15 attempts, 10 conflicts.
        const Run r = run(scenario(
            R"({"type": "batch", "clients": 5})",
            R"([{"type": "retry", "max_attempts": 10, "backoff": {"type": "constant", "delay_ms": 20},
                                        "retry_on": ["conflict"]}])",
            R"({"kind": "versioned_record", "latency": {"dist": "constant", "ms": 10}})"));
        QCOMPARE(r.summary.succeeded, std::uint64_t(5));
        QCOMPARE(r.summary.attempts, std::uint64_t(15));
        QCOMPARE(r.summary.attemptsByOutcome[std::size_t(Outcome::Conflict)], std::uint64_t(10));
    }

    void phasesOverrideTheEndpoint()
    {
        // 100 % errors from 10 s to 20 s: exactly the attempts that reach the server then fail.
        const Run r = run(scenario(R"({"type": "open", "rate_per_s": 20})", "[]",
                                   R"({"latency": {"dist": "constant", "ms": 1},
                                       "phases": [{"start_s": 10, "end_s": 20, "failures": {"error": 1}}]})",
                                   30));
        QVERIFY(r.log.attempts.size() > 400);
        for (const auto& a : r.log.attempts) {
            const bool inPhase = a.start >= 10 * kNanosPerSecond && a.start < 20 * kNanosPerSecond;
            QCOMPARE(a.result.outcome, inPhase ? Outcome::Error : Outcome::Ok);
        }
    }

    void stopConditions_data()
    {
        QTest::addColumn<QString>("stop");
        QTest::addColumn<int>("attempts");
        // Attempts take 100 ms and always fail; sleeps are 1 s. Attempts end at
        // 0.1, 1.2, 2.3, 3.4, 4.5 s. tenacity stop_after_delay(3.5 s): checked after an
        // attempt: 3.4 < 3.5 goes on, 4.5 stops → 5.
        QTest::addRow("max_elapsed_ms") << R"("max_elapsed_ms": 3500)" << 5;
        // stop_before_delay(3.5 s): elapsed + upcoming sleep ≥ 3.5 s stops: 2.3 + 1 < 3.5, 3.4 + 1
        // ≥ 3.5 → 4.
        QTest::addRow("stop_before_delay_ms") << R"("stop_before_delay_ms": 3500)" << 4;
        QTest::addRow("max_attempts") << R"("max_attempts": 2)" << 2;
    }

    void stopConditions()
    {
        QFETCH(QString, stop);
        QFETCH(int, attempts);
        const std::string maxAttempts =
            stop.contains("max_attempts") ? "" : R"("max_attempts": 100, )";
        const Run r = run(
            scenario(kOneRequest,
                     R"([{"type": "retry", )" + maxAttempts + stop.toStdString() +
                         R"(, "backoff": {"type": "constant", "delay_ms": 1000}}])",
                     R"({"latency": {"dist": "constant", "ms": 100}, "failures": {"error": 1}})"));
        QCOMPARE(int(r.summary.attempts), attempts);
    }

    void nonRetryableOutcomesAreNotRetried()
    {
        const Run r = run(scenario(
            kOneRequest,
            R"([{"type": "retry", "max_attempts": 5, "backoff": {"type": "constant", "delay_ms": 1}}])",
            R"({"failures": {"fatal": 1}})"));
        QCOMPARE(r.summary.attempts, std::uint64_t(1));
        QCOMPARE(r.log.requests.front().result.status, std::int16_t(400));
    }

    void retryOnStatusCodes()
    {
        // Seed 003: retry on HTTP 429/503/504 only. 503 errors are retried, 500s are not.
        const std::string pipeline =
            R"([{"type": "retry", "max_attempts": 3, "backoff": {"type": "constant", "delay_ms": 1},
                                          "retry_on": [], "retry_on_status": [429, 503, 504]}])";
        const Run r503 = run(scenario(kOneRequest, pipeline,
                                      R"({"failures": {"error": 1}, "statuses": {"error": 503}})"));
        QCOMPARE(r503.summary.attempts, std::uint64_t(3));
        const Run r500 = run(scenario(kOneRequest, pipeline, R"({"failures": {"error": 1}})"));
        QCOMPARE(r500.summary.attempts, std::uint64_t(1));
    }

    void silentEndpointWithoutTimeoutLeavesRequestsUnfinished()
    {
        const Run r = run(scenario(R"({"type": "batch", "clients": 4})", "[]",
                                   R"({"failures": {"timeout": 1}})", 10));
        QCOMPARE(r.summary.unfinished, std::uint64_t(4));
        QCOMPARE(r.summary.endMs, (10 + kDefaultDrainS) * 1000.0);
        // With a client timeout they end as timeouts.
        const Run t = run(scenario(R"({"type": "batch", "clients": 4})",
                                   R"([{"type": "timeout", "timeout_ms": 2000}])",
                                   R"({"failures": {"timeout": 1}})", 10));
        QCOMPARE(t.summary.unfinished, std::uint64_t(0));
        QCOMPARE(t.summary.requestsByOutcome[std::size_t(Outcome::Timeout)], std::uint64_t(4));
        QCOMPARE(t.summary.endMs, 2000.0);
    }

    void sameSeedSameRunOtherSeedOtherRun()
    {
        const std::string json =
            scenario(R"({"type": "open", "rate_per_s": 200})",
                     R"([{"type": "retry", "max_attempts": 4, "jitter": "full",
                                               "backoff": {"type": "exponential", "initial_ms": 10, "max_ms": 1000}}])",
                     R"({"latency": {"dist": "lognormal", "median_ms": 20, "p99_ms": 200},
                                              "failures": {"error": 0.2}, "capacity": {"workers": 8, "queue": 10}})",
                     30);
        const Run a = run(json), b = run(json);
        QCOMPARE(a.log.attempts.size(), b.log.attempts.size());
        for (std::size_t i = 0; i < a.log.attempts.size(); ++i) {
            QCOMPARE(a.log.attempts[i].start, b.log.attempts[i].start);
            QCOMPARE(a.log.attempts[i].end, b.log.attempts[i].end);
            QCOMPARE(a.log.attempts[i].result.outcome, b.log.attempts[i].result.outcome);
            QCOMPARE(a.log.attempts[i].wait, b.log.attempts[i].wait);
        }
        RunOptions other;
        other.seed = 10;
        const Run c = run(json, other);
        QVERIFY(c.log.attempts.size() != a.log.attempts.size() ||
                c.log.attempts.front().end != a.log.attempts.front().end);
    }

    void commonRandomNumbersAcrossPolicies()
    {
        // The k-th call the endpoint receives gets the same fate and the same duration whichever
        // retry policy the client uses (no capacity limit, so no queueing changes the duration).
        const std::string endpoint = R"({"network": {"dist": "exponential", "mean_ms": 3},
                                         "latency": {"dist": "lognormal", "median_ms": 30, "p99_ms": 400},
                                         "failures": {"error": 0.25, "reset": 0.05}})";
        const std::string open = R"({"type": "open", "rate_per_s": 100})";
        const Run none = run(scenario(open, "[]", endpoint, 60));
        const Run retrying =
            run(scenario(open, R"([{"type": "retry", "max_attempts": 4, "jitter": "full",
                                                     "backoff": {"type": "exponential", "initial_ms": 50}}])",
                         endpoint, 60));
        std::map<std::uint64_t, AttemptRecord> byCall;
        for (const auto& a : none.log.attempts)
            byCall[a.call] = a;
        std::size_t compared = 0;
        for (const auto& a : retrying.log.attempts) {
            const auto it = byCall.find(a.call);
            if (it == byCall.end()) continue;
            QCOMPARE(a.result.outcome, it->second.result.outcome);
            QCOMPARE(a.end - a.start, it->second.end - it->second.start);
            ++compared;
        }
        QVERIFY(compared > 5000);
        QVERIFY(retrying.summary.attempts > none.summary.attempts); // the policies really differ
    }

    void stepsRunInPlaceKeepTheOrder_data()
    {
        // A step run in place (exec.h) must leave the order of everything as the loop's: the
        // same records, in the same order, and the same summary, as a run posting every step.
        // Constant times make events tie, so an order that changed would show.
        QTest::addColumn<QString>("json"); // the scenario, or the path of its file
        const QDir presets(RESLAB_PRESETS_DIR);
        for (const QString& name : presets.entryList({"*.json"}, QDir::Files, QDir::Name))
            QTest::addRow("preset %s", qPrintable(name)) << presets.filePath(name);
        const std::string constant =
            R"({"network": {"dist": "constant", "ms": 0}, "latency": {"dist": "constant", "ms": 100},
                "failures": {"error": 0.3, "timeout": 0.1}, "capacity": {"workers": 4, "queue": 4}})";
        const std::string closed =
            R"({"type": "closed", "clients": 8, "think": {"dist": "constant", "ms": 50}})";
        QTest::addRow("timeout ties the answer inside a retry") << QString::fromStdString(scenario(
            closed,
            R"([{"type": "retry", "max_attempts": 4, "backoff": {"type": "constant", "delay_ms": 0}},
                       {"type": "timeout", "timeout_ms": 100}])",
            constant, 20));
        QTest::addRow("timeout, breaker and bulkhead")
            << QString::fromStdString(scenario(closed,
                                               R"([{"type": "timeout", "timeout_ms": 300},
                       {"type": "retry", "max_attempts": 3, "backoff": {"type": "constant", "delay_ms": 100}},
                       {"type": "circuit_breaker", "window": {"type": "count", "size": 8},
                        "failure_rate": 0.5, "min_calls": 4, "open_ms": 200},
                       {"type": "bulkhead", "max_concurrent": 3, "max_wait_ms": 100}])",
                                               constant, 20));
        QTest::addRow("timeout at the network's delay, work cancelled") << QString::fromStdString(
            scenario(
                closed,
                R"([{"type": "retry", "max_attempts": 3, "backoff": {"type": "constant", "delay_ms": 0}},
                       {"type": "timeout", "timeout_ms": 20}])",
                R"({"network": {"dist": "constant", "ms": 20}, "latency": {"dist": "constant", "ms": 0},
                       "failures": {"error": 0.2}, "cancel_on_timeout": true})",
                20));
        QTest::addRow("hedge at the latency, fallback") << QString::fromStdString(
            scenario(closed,
                     R"([{"type": "fallback", "handles": ["error", "timeout"]},
                       {"type": "hedge", "max_hedged_attempts": 2, "delay_ms": 100},
                       {"type": "timeout", "timeout_ms": 200}])",
                     constant, 20));
    }
    void stepsRunInPlaceKeepTheOrder()
    {
        QFETCH(QString, json);
        Scenario s;
        if (json.startsWith('/')) {
            const ScenarioLoad load = loadFile(json.toStdString());
            QVERIFY(load.scenario);
            s = *load.scenario;
        } else {
            s = scenarioFromJson(json.toStdString());
        }
        auto runWith = [&](bool inPlace) {
            RunOptions options;
            options.stepsInPlace = inPlace;
            Simulation sim(s, options);
            RecordLines records;
            sim.addObserver(&records);
            sim.run();
            Summary summary = sim.summary();
            summary.wallMs = 0;
            records.lines.push_back(summaryToJson(summary));
            return records.lines;
        };
        const std::vector<std::string> inPlace = runWith(true);
        const std::vector<std::string> posted = runWith(false);
        QVERIFY(inPlace.size() > 20);
        QCOMPARE(inPlace.size(), posted.size());
        for (std::size_t i = 0; i < inPlace.size(); ++i)
            if (inPlace[i] != posted[i])
                QFAIL(qPrintable(QString("record %1 differs:\n  in place %2\n  posted   %3")
                                     .arg(i)
                                     .arg(QString::fromStdString(inPlace[i]))
                                     .arg(QString::fromStdString(posted[i]))));
    }

    void longPipelineRunsOnASmallStack_data()
    {
        QTest::addColumn<QString>("failure");
        QTest::addColumn<int>("outcome");
        QTest::addColumn<bool>("fallbacksOnly");
        // Fails at the bottom and climbs back through the fallbacks that do not handle it.
        QTest::addRow("error climbs up") << "error" << int(Outcome::Error) << false;
        // Hangs at the bottom; the timeout at the top cancels the whole chain.
        QTest::addRow("timeout cancels down") << "timeout" << int(Outcome::Timeout) << false;
        // Every stage hands on as its last act, so the steps run in place, nested as deep as
        // they may go (kMaxStepsInPlace) and posted past that.
        QTest::addRow("in place down and up") << "error" << int(Outcome::Error) << true;
    }
    void longPipelineRunsOnASmallStack()
    {
        // The stages run from a loop (Pipeline::post), not by calling each other, so a pipeline
        // far longer than the validator allows runs on a 256 KiB stack: each request goes down
        // 12,000 stages and back.
        QFETCH(QString, failure);
        QFETCH(int, outcome);
        QFETCH(bool, fallbacksOnly);
        Scenario s = scenarioFromJson(
            scenario(R"({"type": "batch", "clients": 2})",
                     R"([{"type": "timeout", "timeout_ms": 1000},
                         {"type": "fallback", "handles": ["fatal"]},
                         {"type": "bulkhead", "max_concurrent": 5}])",
                     R"({"latency": {"dist": "constant", "ms": 10}, "failures": {")" +
                         failure.toStdString() + R"(": 1}})"));
        const StrategySpec fallback = s.pipeline[1];
        const StrategySpec bulkhead = s.pipeline[2];
        for (int i = 0; i < 6000; ++i) {
            s.pipeline.push_back(fallback);
            s.pipeline.push_back(fallbacksOnly ? fallback : bulkhead);
        }
        Summary summary;
        runOnSmallStack([&] { summary = runScenario(s); });
        QCOMPARE(summary.requests, std::uint64_t(2));
        QCOMPARE(summary.attempts, std::uint64_t(2));
        QCOMPARE(summary.failed, std::uint64_t(2));
        QCOMPARE(summary.requestsByOutcome[std::size_t(outcome)], std::uint64_t(2));
    }
};

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"

// The adaptive backoff (backoff "adaptive"), zenoo_rpc AdaptiveStrategy's rule
// (src/zenoo_rpc/retry/strategies.py, calculate_delay / get_success_rate / record_attempt):
// delay = min(base · m(n), max_delay), m by the success rate of the last adaptation_window
// attempts. The rows are worked from that code; tests/check_zenoo_adaptive.py runs the class
// itself against the same arithmetic.

#include "policy/adaptive_window.h"
#include "testing.h"

#include <QTest>

using namespace reslab;
using namespace reslab::testing;

Q_DECLARE_METATYPE(reslab::AdaptiveRegime)

class TestAdaptiveBackoff : public QObject
{
    Q_OBJECT
private slots:
    void regime_data()
    {
        QTest::addColumn<int>("samples");
        QTest::addColumn<int>("successes");
        QTest::addColumn<double>("threshold");
        QTest::addColumn<AdaptiveRegime>("regime");
        // _total_attempts < min_samples (10) → 2 ** (attempt - 1), whatever the rate.
        QTest::addRow("9 samples, all failed: still learning")
            << 9 << 0 << 0.8 << AdaptiveRegime::Learning;
        QTest::addRow("10 samples, 7 ok: 0.7 < 0.8 poor") << 10 << 7 << 0.8 << AdaptiveRegime::Poor;
        QTest::addRow("10 samples, 8 ok: 0.8 is not < 0.8, good")
            << 10 << 8 << 0.8 << AdaptiveRegime::Good;
        QTest::addRow("100 samples, 95 ok: 0.95 is not > 0.95, good")
            << 100 << 95 << 0.8 << AdaptiveRegime::Good;
        QTest::addRow("100 samples, 96 ok: excellent")
            << 100 << 96 << 0.8 << AdaptiveRegime::Excellent;
        QTest::addRow("threshold 0.97, 96 of 100: < threshold is tested first, poor")
            << 100 << 96 << 0.97 << AdaptiveRegime::Poor;
        QTest::addRow("threshold 0, none ok: rate 0 is not < 0, good")
            << 20 << 0 << 0.0 << AdaptiveRegime::Good;
    }

    void regime()
    {
        QFETCH(int, samples);
        QFETCH(int, successes);
        QFETCH(double, threshold);
        QFETCH(AdaptiveRegime, regime);
        BackoffSpec spec;
        spec.kind = BackoffSpec::Kind::Adaptive;
        spec.successThreshold = threshold;
        QCOMPARE(adaptiveRegime(spec, samples, successes), regime);
    }

    void delay_data()
    {
        QTest::addColumn<AdaptiveRegime>("regime");
        QTest::addColumn<int>("retry");
        QTest::addColumn<double>("ms");
        // base_delay 1 s, max_delay 60 s (the defaults): 1 · 2⁴ = 16 s; 1 · 3⁴ = 81 s → 60 s;
        // 1 · 1.5⁴ = 5.0625 s; 1 + 0.5 · 4 = 3 s. The first retry waits base_delay in each.
        QTest::addRow("learning, first retry") << AdaptiveRegime::Learning << 1 << 1000.0;
        QTest::addRow("learning, retry 5") << AdaptiveRegime::Learning << 5 << 16000.0;
        QTest::addRow("poor, retry 4") << AdaptiveRegime::Poor << 4 << 27000.0;
        QTest::addRow("poor, retry 5: capped at 60 s") << AdaptiveRegime::Poor << 5 << 60000.0;
        QTest::addRow("good, retry 5") << AdaptiveRegime::Good << 5 << 5062.5;
        QTest::addRow("excellent, first retry") << AdaptiveRegime::Excellent << 1 << 1000.0;
        QTest::addRow("excellent, retry 5") << AdaptiveRegime::Excellent << 5 << 3000.0;
    }

    void delay()
    {
        QFETCH(AdaptiveRegime, regime);
        QFETCH(int, retry);
        QFETCH(double, ms);
        BackoffSpec spec;
        spec.kind = BackoffSpec::Kind::Adaptive;
        spec.initialMs = kAdaptiveInitialMs;
        spec.maxMs = kAdaptiveMaxMs;
        QCOMPARE(baseDelayMs(spec, retry, regime), ms);
    }

    // record_attempt keeps the last adaptation_window outcomes: the oldest leaves as one comes.
    void windowForgetsTheOldest()
    {
        AdaptiveWindow w(3);
        w.record(false);
        w.record(true);
        w.record(true);
        QCOMPARE(w.samples(), 3);
        QCOMPARE(w.successes(), 2);
        w.record(true); // the failure leaves
        QCOMPARE(w.samples(), 3);
        QCOMPARE(w.successes(), 3);
        w.record(false);
        QCOMPARE(w.successes(), 2);
    }

    // In a run: one closed client, so attempts happen one after another. Replaying their outcomes
    // into a window of our own, each retry's wait must be the delay of the regime the window was
    // in right after the failure before it (zenoo records the attempt, then computes the delay),
    // and all four regimes must show up as the endpoint's failure rate moves through phases.
    // (The window holds the failure that led to the retry, so "excellent", a rate above 0.95,
    // needs a window of 21 or more: 20 of 20 can never be what a retry sees.)
    void runWaitsFollowTheWindow()
    {
        const Scenario s = scenarioFromJson(scenarioJson(
            R"({"type": "closed", "clients": 1, "think": {"dist": "constant", "ms": 10}})",
            R"([{"type": "retry", "max_attempts": 5,
                 "backoff": {"type": "adaptive", "initial_ms": 10, "max_ms": 1000,
                             "window": 50, "min_samples": 10},
                 "jitter": "none"}])",
            R"({"latency": {"dist": "constant", "ms": 1}, "failures": {"error": 0.1},
                "phases": [{"start_s": 20, "end_s": 40, "failures": {"error": 0.6}},
                           {"start_s": 60, "end_s": 80, "failures": {"error": 0.01}}]})",
            100, 9));
        const auto& backoff = std::get<RetrySpec>(s.pipeline[0]).backoff;
        Simulation sim(s);
        RequestLog log;
        sim.addObserver(&log);
        sim.run();
        QVERIFY(log.attempts.size() > 2000);
        AdaptiveWindow mirror(backoff.window);
        std::array<int, 4> regimes{};
        AdaptiveRegime regime = AdaptiveRegime::Learning;
        int retries = 0;
        for (const AttemptRecord& a : log.attempts) {
            if (a.attempt > 1) {
                const double want =
                    toMillis(fromMillis(baseDelayMs(backoff, int(a.attempt) - 1, regime)));
                QVERIFY2(std::abs(toMillis(a.wait) - want) < 1e-9,
                         qPrintable(QString("request %1 attempt %2 waited %3 ms, expected %4")
                                        .arg(a.request)
                                        .arg(a.attempt)
                                        .arg(toMillis(a.wait))
                                        .arg(want)));
                ++regimes[std::size_t(regime)];
                ++retries;
            }
            mirror.record(a.result.ok());
            regime = mirror.regime(backoff);
        }
        QVERIFY(retries > 100);
        for (std::size_t i = 0; i < regimes.size(); ++i)
            QVERIFY2(regimes[i] > 0, qPrintable(QString("regime %1 never used").arg(i)));
    }

    void readsItsDefaultsAndRefusesAWindowTooSmall()
    {
        auto load = [](const std::string& backoff) {
            return parseWithTraces(
                scenarioJson(R"({"type": "open", "rate_per_s": 1})",
                             R"([{"type": "retry", "backoff": )" + backoff + "}]",
                             R"({"latency": {"dist": "constant", "ms": 5}})", 10, 1));
        };
        const ScenarioLoad ok = load(R"({"type": "adaptive"})");
        QVERIFY(ok.scenario);
        const BackoffSpec& b = std::get<RetrySpec>(ok.scenario->pipeline[0]).backoff;
        QCOMPARE(b.initialMs, kAdaptiveInitialMs);
        QCOMPARE(b.maxMs, kAdaptiveMaxMs);
        QCOMPARE(b.successThreshold, kAdaptiveSuccessThreshold);
        QCOMPARE(b.window, kAdaptiveWindow);
        QCOMPARE(b.minSamples, kAdaptiveMinSamples);
        const ScenarioLoad again = parseWithTraces(scenarioToJson(*ok.scenario));
        QVERIFY(again.scenario && again.scenario->pipeline == ok.scenario->pipeline);

        const ScenarioLoad bad = load(R"({"type": "adaptive", "window": 5})");
        QVERIFY(!bad.scenario);
        QCOMPARE(bad.diagnostics.at(0).path, std::string("pipeline[0].backoff.min_samples"));
    }
};

QTEST_GUILESS_MAIN(TestAdaptiveBackoff)
#include "tst_adaptive_backoff.moc"

// The adaptive concurrency limits against their libraries' own rules. Each row's numbers are
// worked out by hand from the library's code and defaults, named in the row: Netflix
// concurrency-limits (commit 78a74b9) concurrency-limits-core/src/main/java/com/netflix/
// concurrency/limits/limit/{AIMDLimit,VegasLimit,Gradient2Limit,WindowedLimit}.java, and Envoy
// source/extensions/filters/http/adaptive_concurrency/controller/gradient_controller.cc.

#include "policy/concurrency_limiter.h"
#include "policy/concurrency_limits.h"

#include <QTest>

using namespace reslab;

namespace {
struct Sample
{
    double startMs = 0, rttMs = 0;
    int inflight = 0;
    bool drop = false;
};
using Samples = QList<Sample>;

// n samples of one rtt and in-flight count, each starting where the last one ended.
Samples repeated(int n, double rttMs, int inflight, double fromMs = 0)
{
    Samples out;
    for (int i = 0; i < n; ++i)
        out.push_back(Sample{fromMs + i * rttMs, rttMs, inflight, false});
    return out;
}
Samples one(double rttMs, int inflight, bool drop = false)
{
    return {Sample{0, rttMs, inflight, drop}};
}

ConcurrencyLimitSpec spec(LimitAlgorithm a, std::optional<int> initial = {},
                          std::optional<int> min = {})
{
    ConcurrencyLimitSpec s;
    s.algorithm = a;
    s.initialLimit = initial;
    s.minLimit = min;
    return s;
}

Time ms(double v)
{
    return fromMillis(v);
}
} // namespace

Q_DECLARE_METATYPE(Sample)
Q_DECLARE_METATYPE(ConcurrencyLimitSpec)

class TstConcurrencyLimits : public QObject
{
    Q_OBJECT

private slots:
    void netflixLimitAfterSamples_data()
    {
        QTest::addColumn<ConcurrencyLimitSpec>("limitSpec");
        QTest::addColumn<Samples>("samples");
        QTest::addColumn<int>("expected");
        const auto aimd = LimitAlgorithm::Aimd;
        const auto vegas = LimitAlgorithm::Vegas;
        const auto g2 = LimitAlgorithm::Gradient2;

        // AIMDLimit: initial 20, min 20, max 200, backoffRatio 0.9, timeout 5 s.
        QTest::addRow("AIMD: in-flight·2 ≥ L grows by one") << spec(aimd) << one(10, 10) << 21;
        QTest::addRow("AIMD: in-flight·2 < L stays") << spec(aimd) << one(10, 9) << 20;
        QTest::addRow("AIMD: a drop at 20 is clamped to min 20")
            << spec(aimd) << one(10, 10, true) << 20;
        QTest::addRow("AIMD initial 100: three drops ⌊0.9·L⌋ → 90, 81, 72")
            << spec(aimd, 100) << one(10, 50, true) + one(10, 50, true) + one(10, 50, true) << 72;
        QTest::addRow("AIMD initial 100: rtt 6 s > timeout 5 s is a drop")
            << spec(aimd, 100) << one(6000, 50) << 90;
        QTest::addRow("AIMD initial 100: rtt = timeout is not")
            << spec(aimd, 100) << one(5000, 50) << 101;
        QTest::addRow("AIMD initial 200: clamped to max 200")
            << spec(aimd, 200) << one(10, 150) << 200;

        // VegasLimit: initial 20, maxConcurrency 1000, smoothing 1; alpha 3·log10(L),
        // beta 6·log10(L), threshold log10(L) with Log10RootIntFunction = max(1, (int) log10 L).
        // The first sample sets rtt_noload; probeMultiplier 30 keeps probing away for
        // 0.5·30·20 = 300 samples.
        QTest::addRow("Vegas: the first sample only sets rtt_noload")
            << spec(vegas) << one(10, 20) << 20;
        QTest::addRow("Vegas: queue 0 ≤ threshold 1 → L + beta 6")
            << spec(vegas) << one(10, 20) + one(10, 10) << 26;
        QTest::addRow("Vegas: twice → 26 + 6")
            << spec(vegas) << one(10, 20) + one(10, 10) + one(10, 13) << 32;
        QTest::addRow("Vegas: in-flight·2 < L is app-limited: stays")
            << spec(vegas) << one(10, 20) + one(10, 9) << 20;
        QTest::addRow("Vegas: queue ⌈32·(1 − 10/20)⌉ = 16 > beta 6 → L − 1")
            << spec(vegas) << one(10, 20) + one(10, 10) + one(10, 13) + one(20, 16) << 31;
        QTest::addRow("Vegas: queue ⌈20·(1 − 10/11.5)⌉ = 3, alpha ≤ 3 ≤ beta: stays")
            << spec(vegas) << one(10, 20) + one(11.5, 10) << 20;
        QTest::addRow("Vegas: queue ⌈26·(1 − 10/10.5)⌉ = 2, threshold < 2 < alpha → L + 1")
            << spec(vegas) << one(10, 20) + one(10, 10) + one(10.5, 13) << 27;
        QTest::addRow("Vegas: a drop → L − log10 L")
            << spec(vegas) << one(10, 20) + one(10, 10) + one(10, 13, true) << 25;
        QTest::addRow("Vegas: a shorter rtt resets rtt_noload, L stays")
            << spec(vegas) << one(10, 20) + one(5, 20) + one(5, 10) << 26;
        QTest::addRow("Vegas initial 150: log10 2, queue 0 → L + 12")
            << spec(vegas, 150) << one(10, 150) + one(10, 75) << 162;
        {
            ConcurrencyLimitSpec s = spec(vegas);
            s.smoothing = 0.5;
            QTest::addRow("Vegas smoothing 0.5: 20 + 0.5·6")
                << s << one(10, 20) + one(10, 10) << 23;
        }

        // Gradient2Limit: initial 20, min 20, max 200, smoothing 0.2, queueSize 4,
        // longWindow 600, rttTolerance 1.5; gradient = clamp(1.5·long/short, 0.5, 1),
        // new = L·gradient + 4, L = 0.8·L + 0.2·new, (int).
        QTest::addRow("Gradient2: steady rtt → 0.8·20 + 0.2·24 = 20.8")
            << spec(g2) << one(10, 10) << 20;
        QTest::addRow("Gradient2: twice → 21.6") << spec(g2) << one(10, 11) + one(10, 11) << 21;
        QTest::addRow("Gradient2: three times → 22.4") << spec(g2) << repeated(3, 10, 11) << 22;
        QTest::addRow("Gradient2: then in-flight 10 < 20.8 / 2 is app-limited: stays 20.8")
            << spec(g2) << one(10, 10) + one(10, 10) << 20;
        QTest::addRow("Gradient2: in-flight < L/2 stays") << spec(g2) << one(10, 9) << 20;
        QTest::addRow("Gradient2 initial 100, min 1: rtt 10 → 100 ms, long 55 ms → 98.072")
            << spec(g2, 100, 1) << one(10, 50) + one(100, 51) << 98;
        QTest::addRow("Gradient2 initial 100, min 1: long/short 5.5 > 2, gradient 1 → 101.6")
            << spec(g2, 100, 1) << one(100, 50) + one(10, 51) << 101;

        // WindowedLimit (min = max window 1 s, windowSize 10, minRttThreshold 100 µs) in front
        // of AIMD. The first sample closes an empty window at once (nextUpdateTime is 0) and
        // sets the next update to its end + 1 s; the window then closes with the first sample
        // ending after that, and the delegate sees the window's average rtt and its max in-flight.
        {
            ConcurrencyLimitSpec s = spec(aimd);
            s.windowed = true;
            QTest::addRow("Windowed AIMD: 101 samples of 10 ms: the window is still open")
                << s << repeated(101, 10, 10) << 20;
            QTest::addRow("Windowed AIMD: the 102nd closes it: 21")
                << s << repeated(102, 10, 10) << 21;
            QTest::addRow("Windowed AIMD: rtts under 100 µs are not samples")
                << s << repeated(300, 0.05, 10) << 20;
            ConcurrencyLimitSpec h = s;
            h.initialLimit = 100;
            Samples withDrop = repeated(102, 10, 60);
            withDrop[50].drop = true;
            QTest::addRow("Windowed AIMD initial 100: one drop in the window → 90")
                << h << withDrop << 90;
        }
    }

    void netflixLimitAfterSamples()
    {
        QFETCH(ConcurrencyLimitSpec, limitSpec);
        QFETCH(Samples, samples);
        QFETCH(int, expected);
        const auto limit = makeNetflixLimit(limitSpec, Rng::named(1, "probe"));
        for (const Sample& s : samples)
            limit->onSample(ms(s.startMs), ms(s.rttMs), s.inflight, s.drop);
        QCOMPARE(limit->limit(), expected);
    }

    void gradient2LongRttIsTheLibrarysExpAvgMeasurement()
    {
        // ExpAvgMeasurement(600, 10): the mean of the first 10, then factor 2 / 601.
        Gradient2Limit g(spec(LimitAlgorithm::Gradient2));
        for (int i = 0; i < 10; ++i)
            g.onSample(0, ms(10), 10, false);
        QCOMPARE(g.longRtt(), 10e6);
        g.onSample(0, ms(20), 10, false);
        QCOMPARE(g.longRtt(), 10033277.870216306); // 10e6·(1 − 2/601) + 20e6·2/601
        // long/short > 2: the long rtt decays by 0.95 after use.
        Gradient2Limit d(spec(LimitAlgorithm::Gradient2, 100, 1));
        d.onSample(0, ms(100), 50, false);
        d.onSample(0, ms(10), 51, false);
        QCOMPARE(d.longRtt(), 55e6 * 0.95);
    }

    void vegasProbesForANewRttNoLoad()
    {
        // shouldProbe(): probeJitter · probeMultiplier · estimatedLimit ≤ probeCount. With
        // multiplier 1 and limit 1 every sample probes (jitter < 1), so rtt_noload is each
        // sample's own rtt, even a longer one, and the limit never moves.
        ConcurrencyLimitSpec s = spec(LimitAlgorithm::Vegas, 1);
        s.probeMultiplier = 1;
        VegasLimit v(s, Rng::named(7, "probe"));
        for (double rtt : {10.0, 30.0, 20.0}) {
            v.onSample(0, ms(rtt), 1, false);
            QCOMPARE(v.rttNoLoad(), ms(rtt));
            QCOMPARE(v.limit(), 1);
        }
        // Defaults: the jitter is U(0.5, 1), so the first probe comes after 300 to 600 samples
        // at limit 20 (app-limited samples keep the limit there).
        VegasLimit d(spec(LimitAlgorithm::Vegas), Rng::named(7, "probe"));
        const double jitter = d.probeJitter();
        QVERIFY(jitter >= 0.5 && jitter < 1.0);
        d.onSample(0, ms(10), 1, false);
        int n = 1;
        while (d.rttNoLoad() == ms(10) && n < 1000) {
            d.onSample(0, ms(50), 1, false);
            ++n;
        }
        QCOMPARE(n, int(std::ceil(jitter * 30 * 20)));
    }

    void envoyGradientController()
    {
        // gradient_controller.cc with its defaults: min_concurrency 3, request_count 50,
        // buffer 25 %, p50, update interval 100 ms, minRTT interval 60 s + up to 15 % jitter.
        ConcurrencyLimitSpec s = spec(LimitAlgorithm::EnvoyGradient);
        EnvoyGradientController c(s, Rng::named(3, "jitter"), 0);
        QCOMPARE(c.limit(), 3);
        QVERIFY(c.inMinRttWindow());
        // One call at a time, 10 ms each: the 50th sample (at 500 ms) ends the minRTT window.
        // The sample reset timer that came due at 100 ms gave up inside the window.
        auto call = [&](double sendMs, double latencyMs) {
            QVERIFY(c.forwardingDecision(ms(sendMs)));
            c.recordLatencySample(ms(sendMs), ms(sendMs + latencyMs));
        };
        for (int i = 0; i < 50; ++i)
            call(i * 10.0, 10);
        QVERIFY(!c.inMinRttWindow());
        QCOMPARE(c.minRtt(), ms(10));
        QCOMPARE(c.limit(), 3); // the limit from before the window
        // Each 100 ms window: gradient = 12.5 / 10 = 1.25, limit = ⌊3.75 + √3.75⌋ = 5, then
        // ⌊6.25 + 2.5⌋ = 8, ⌊10 + √10⌋ = 13, ⌊16.25 + √16.25⌋ = 20, ⌊25 + 5⌋ = 30.
        const int grows[] = {5, 8, 13, 20, 30};
        double t = 505;
        for (int expected : grows) {
            call(t, 10);
            c.advance(ms(t + 95)); // the window closes at the next multiple of 100 ms after 500
            QCOMPARE(c.limit(), expected);
            t += 100;
        }
        // Twice the minRTT: gradient 12.5/20 = 0.625, ⌊18.75 + √18.75⌋ = 23.
        call(t, 20);
        c.advance(ms(t + 95));
        QCOMPARE(c.limit(), 23);
        t += 100;
        // Four times: gradient floors at 0.5, ⌊11.5 + √11.5⌋ = 14.
        call(t, 40);
        c.advance(ms(t + 95));
        QCOMPARE(c.limit(), 14);
        t += 100;
        // A window without samples changes nothing.
        c.advance(ms(t + 95));
        QCOMPARE(c.limit(), 14);
        t += 100;
        // The p50 of 10, 10, 30 ms is 10 ms: gradient 1.25, ⌊17.5 + √17.5⌋ = 21.
        call(t, 10);
        call(t + 10, 10);
        call(t + 20, 30);
        c.advance(ms(t + 95));
        QCOMPARE(c.limit(), 21);
        t += 100;
        // Far slower calls drive it to min_concurrency; the fifth window set to the minimum
        // in a row starts a new minRTT measurement at once.
        // Each call answers in 1 s; the window after it halves the limit (gradient 0.5):
        // 13, 9, 6, 4, then 3 and 3 … until five in a row were set to 3.
        int windowsAtMin = 0;
        for (int i = 0; i < 20 && !c.inMinRttWindow(); ++i) {
            call(t, 1000);
            const double boundary = std::ceil((t + 1000) / 100.0) * 100;
            c.advance(ms(boundary + 1));
            windowsAtMin += c.limit() == 3;
            t = boundary + 5;
        }
        QVERIFY(c.inMinRttWindow());
        QCOMPARE(c.limit(), 3);
        QVERIFY(windowsAtMin >= 5);
        // Measured again at 50 ms: minRTT 50 ms, the limit back to what it was (3).
        for (int i = 0; i < 50; ++i)
            call(t + i * 50.0, 50);
        QVERIFY(!c.inMinRttWindow());
        QCOMPARE(c.minRtt(), ms(50));
    }

    void envoyDiscardsSamplesSentBeforeTheMinRttWindow()
    {
        EnvoyGradientController c(spec(LimitAlgorithm::EnvoyGradient), Rng::named(3, "j"), ms(10));
        QVERIFY(c.forwardingDecision(ms(20)));
        // Sent at 5 ms, before the window began at 10 ms: not a sample (but no longer outstanding).
        c.recordLatencySample(ms(5), ms(30));
        QCOMPARE(c.outstanding(), 0);
        for (int i = 0; i < 49; ++i) {
            QVERIFY(c.forwardingDecision(ms(40 + i)));
            c.recordLatencySample(ms(40 + i), ms(41 + i));
        }
        QVERIFY(c.inMinRttWindow()); // 49 samples: one short
    }

    void limiterAdmitsBelowTheLimitAndReportsAsTheListenerDoes()
    {
        // SimpleLimiter: admitted while in-flight < limit; the sample carries the in-flight
        // count at acquire (after its own increment) and the time from acquire to release.
        ConcurrencyLimiter l(spec(LimitAlgorithm::Aimd), Rng::named(1, "x"), 0);
        std::vector<LimitPermit> permits;
        for (int i = 0; i < 20; ++i) {
            const auto p = l.tryAcquire(ms(i));
            QVERIFY(p);
            QCOMPARE(p->inflight, i + 1);
            permits.push_back(*p);
        }
        QVERIFY(!l.tryAcquire(ms(30)));
        QCOMPARE(l.inflight(), 20);
        // The 10th permit (in-flight 10 at acquire) succeeds: 10·2 ≥ 20 → 21.
        l.release(ms(40), permits[9], l.classify(Outcome::Ok));
        QCOMPARE(l.limit(), 21);
        QCOMPARE(l.inflight(), 19);
        // Ignored: no sample. The gRPC client's defaults: 503 and resets are drops.
        QCOMPARE(l.classify(Outcome::Error), LimitRelease::Ignored);
        QCOMPARE(l.classify(Outcome::Timeout), LimitRelease::Ignored);
        QCOMPARE(l.classify(Outcome::Rejected), LimitRelease::Dropped);
        QCOMPARE(l.classify(Outcome::Reset), LimitRelease::Dropped);
        l.release(ms(41), permits[0], LimitRelease::Ignored);
        QCOMPARE(l.limit(), 21);
        l.release(ms(42), permits[1], LimitRelease::Dropped);
        QCOMPARE(l.limit(), 20); // ⌊0.9·21⌋ = 18, clamped to min 20
        // Envoy's defaults: every response is a sample; no response cancels it.
        ConcurrencyLimiter e(spec(LimitAlgorithm::EnvoyGradient), Rng::named(1, "x"), 0);
        QCOMPARE(e.classify(Outcome::Error), LimitRelease::Success);
        QCOMPARE(e.classify(Outcome::Rejected), LimitRelease::Success);
        QCOMPARE(e.classify(Outcome::Timeout), LimitRelease::Ignored);
    }
};

QTEST_GUILESS_MAIN(TstConcurrencyLimits)
#include "tst_concurrency_limits.moc"

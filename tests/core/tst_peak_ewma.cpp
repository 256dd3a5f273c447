// Linkerd's balancer (load_balancer policy peak_ewma, policy/peak_ewma.h): the estimate on the
// rows of tower's own tests, linkerd2-proxy's pair of distinct hosts, the pick it makes between a
// slow host and a loaded one, the scenario keys, and a known result on whole runs (a host five
// times slower gets less traffic than under round robin).

#include "export/export.h"
#include "fleet_testing.h"
#include "policy/host_picker.h"
#include "policy/peak_ewma.h"
#include "run/simulation.h"
#include "scenario/scenario_io.h"
#include "testing.h"

#include <QTest>

using namespace reslab;
using namespace reslab::testing;

namespace {
constexpr Time kMs = kNanosPerSecond / 1000;
constexpr double kNanosPerMs = 1'000'000.0;
} // namespace

class TestPeakEwma : public QObject
{
    Q_OBJECT
private slots:
    // tower-rs/tower tower/src/load/peak_ewma.rs @ 8358ee7, test `default_decay`: default RTT
    // 10 ms, decay 1 s; with no answers the estimate decays toward 0 each time it is read.
    void defaultDecay()
    {
        PeakEwma ewma(1, 10.0, 1000.0, 0);
        QCOMPARE(ewma.cost(0, 0, 0), 10.0 * kNanosPerMs);
        const double at100 = ewma.cost(0, 0, 100 * kMs);
        QVERIFY(9.0 * kNanosPerMs < at100 && at100 < 10.0 * kNanosPerMs);
        const double at200 = ewma.cost(0, 0, 200 * kMs);
        QVERIFY(8.0 * kNanosPerMs < at200 && at200 < 9.0 * kNanosPerMs);
    }

    // Same file, test `compound_decay`: default RTT 20 ms, decay 1 s; two calls sent at 100 and
    // 200 ms answer at 300 and 400 ms (200 ms each): the peak takes over at once, × pending + 1.
    void compoundDecay()
    {
        PeakEwma ewma(1, 20.0, 1000.0, 0);
        QCOMPARE(ewma.cost(0, 0, 0), 20.0 * kNanosPerMs);
        QVERIFY(ewma.cost(0, 1, 100 * kMs) > 20.0 * kNanosPerMs); // rsp0 in flight
        QVERIFY(ewma.cost(0, 2, 200 * kMs) > 40.0 * kNanosPerMs); // rsp1 too
        ewma.observe(0, 100 * kMs, 300 * kMs);
        QCOMPARE(ewma.cost(0, 1, 300 * kMs), 400'000'000.0);
        ewma.observe(0, 200 * kMs, 400 * kMs);
        // tower asserts equality: 200 ms · d + 200 ms · (1 − d) in binary floating point.
        QVERIFY(qAbs(ewma.cost(0, 0, 400 * kMs) - 200'000'000.0) < 1e-6);
        QVERIFY(ewma.cost(0, 0, 1400 * kMs) < 100'000'000.0);
        QVERIFY(ewma.cost(0, 0, 11'400 * kMs) < 100'000.0);
    }

    // A round trip below the estimate pulls it down by 1 − e^(−elapsed/decay), elapsed since the
    // last update (RttEstimate::update's else branch), worked by hand: 100 ms for 1 s, then a
    // 20 ms answer after one decay period: 100·e⁻¹ + 20·(1 − e⁻¹).
    void lowerAnswerMovesByTheElapsedWeight()
    {
        PeakEwma ewma(1, 30.0, 1000.0, 0);
        ewma.observe(0, 0, 100 * kMs); // the peak: 100 ms
        ewma.observe(0, 1080 * kMs, 1100 * kMs);
        const double e = std::exp(-1.0);
        QVERIFY(qAbs(ewma.estimateNs(0) - (100.0 * e + 20.0 * (1.0 - e)) * kNanosPerMs) < 1.0);
    }

    // linkerd2-proxy linkerd/pool/p2c/src/lib.rs @ 29637b6, gen_pair (its quickcheck property
    // `gen_pair_distinct`: two distinct indexes below len); rows worked from the function.
    void pairIsDistinct_data()
    {
        QTest::addColumn<qulonglong>("drawA");
        QTest::addColumn<qulonglong>("drawB");
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("a");
        QTest::addColumn<int>("b");
        QTest::addRow("two hosts, b below a") << 1ull << 0ull << 2 << 1 << 0;
        QTest::addRow("two hosts, b at a moves past it") << 0ull << 0ull << 2 << 0 << 1;
        QTest::addRow("five hosts, b below a") << 3ull << 2ull << 5 << 3 << 2;
        QTest::addRow("five hosts, b at a") << 3ull << 3ull << 5 << 3 << 4;
        QTest::addRow("five hosts, draws wrap") << 9ull << 13ull << 5 << 4 << 1;
    }
    void pairIsDistinct()
    {
        QFETCH(qulonglong, drawA);
        QFETCH(qulonglong, drawB);
        QFETCH(int, n);
        QFETCH(int, a);
        QFETCH(int, b);
        const auto [ga, gb] = p2cPair(drawA, drawB, std::size_t(n));
        QCOMPARE(int(ga), a);
        QCOMPARE(int(gb), b);
        for (std::uint64_t x = 0; x < 40; ++x)
            for (std::uint64_t y = 0; y < 40; ++y) {
                const auto [p, q] = p2cPair(x, y, std::size_t(n));
                QVERIFY(p != q && p < std::size_t(n) && q < std::size_t(n));
            }
    }

    // Two hosts that have just answered, one in 150 ms, the other in 30 ms: the slow one is
    // picked only once the fast one has 5 in flight (30 · (5 + 1) = 180 > 150 · 1); at 4,
    // 30 · 5 = 150 ties (up to rounding) and either may come.
    void slowHostPickedOnlyPastItsCost_data()
    {
        QTest::addColumn<int>("fastActive");
        QTest::addColumn<int>("expected"); // -1: either
        QTest::addRow("fast idle") << 0 << 1;
        QTest::addRow("fast with 3 in flight") << 3 << 1;
        QTest::addRow("tie at 4 in flight") << 4 << -1;
        QTest::addRow("fast with 5 in flight") << 5 << 0;
    }
    void slowHostPickedOnlyPastItsCost()
    {
        QFETCH(int, fastActive);
        QFETCH(int, expected);
        LoadBalancerSpec spec;
        spec.policy = LbPolicy::PeakEwma;
        const std::vector<HostInfo> hosts(2);
        HostPicker picker(spec, hosts, Rng(5), 0);
        const std::vector<std::uint16_t> eligible{0, 1};
        picker.refresh(eligible);
        picker.observe(0, 0, 150 * kMs);
        picker.observe(1, 120 * kMs, 150 * kMs);
        const std::vector<std::uint32_t> active{0, std::uint32_t(fastActive)};
        for (int i = 0; i < 20; ++i) {
            const int h = picker.pick(active, 0, 0, 150 * kMs);
            if (expected >= 0) QCOMPARE(h, expected);
        }
    }

    void keysRoundTripAndApplyToPeakEwmaOnly()
    {
        const std::string json = fleetScenario(
            3, R"({"type": "load_balancer", "policy": "peak_ewma", "default_rtt_ms": 5,
                   "decay_ms": 2000})",
            "");
        const Scenario s = scenarioFromJson(json);
        const auto& lb = std::get<LoadBalancerSpec>(s.pipeline.front());
        QCOMPARE(lb.defaultRttMs, 5.0);
        QCOMPARE(lb.decayMs, 2000.0);
        const std::string written = scenarioToJson(s);
        QCOMPARE(scenarioToJson(scenarioFromJson(written)), written);
        const ScenarioLoad bad = parseScenario(QByteArray::fromStdString(
            fleetScenario(3, R"({"type": "load_balancer", "decay_ms": 2000})", "")));
        QVERIFY(!bad.scenario);
        QVERIFY(QString::fromStdString(bad.diagnostics.front().message)
                    .contains("applies to policy peak_ewma only"));
        const ScenarioLoad zero = parseScenario(QByteArray::fromStdString(fleetScenario(
            3, R"({"type": "load_balancer", "policy": "peak_ewma", "default_rtt_ms": 0})", "")));
        QVERIFY(!zero.scenario);
    }

    // The meshes' exports say what they cannot write: Envoy and Istio have no peak-EWMA policy
    // (written as LEAST_REQUEST), Linkerd fixes its default RTT and decay.
    void exportsNoteWhatTheMeshCannotSay_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("written");
        QTest::addColumn<QString>("note"); // the start of a line of notExpressed
        QTest::addRow("envoy") << "envoy"
                               << "lb_policy: LEAST_REQUEST"
                               << "pipeline[0].policy";
        QTest::addRow("istio") << "istio"
                               << "simple: LEAST_REQUEST"
                               << "pipeline[0].policy";
        QTest::addRow("linkerd: decay") << "linkerd"
                                        << "kind: Service"
                                        << "pipeline[0].decay_ms";
        QTest::addRow("linkerd: default RTT") << "linkerd"
                                              << "kind: Service"
                                              << "pipeline[0].default_rtt_ms";
    }
    void exportsNoteWhatTheMeshCannotSay()
    {
        QFETCH(QString, target);
        QFETCH(QString, written);
        QFETCH(QString, note);
        const Scenario s = scenarioFromJson(fleetScenario(
            3, R"({"type": "load_balancer", "policy": "peak_ewma", "default_rtt_ms": 5,
                   "decay_ms": 2000})",
            ""));
        const ExportResult r = exportScenario(s, *exportTargetFromName(target.toStdString()));
        QVERIFY2(r.text.find(written.toStdString()) != std::string::npos, r.text.c_str());
        QVERIFY2(
            std::any_of(r.notExpressed.begin(), r.notExpressed.end(),
                        [&](const std::string& n) { return n.starts_with(note.toStdString()); }),
            r.text.c_str());
    }

    // One host of five answers in 100 ms on average, the others in 20 ms (200 requests/s, 8
    // workers a host, 60 s). Round robin gives it exactly a fifth; peak-EWMA P2C far less (and
    // less than least_request's ~10 %, tst_load_balancing), since its estimate sits near its
    // recent peaks and is picked only when the other host of the pair has several in flight.
    // Measured over seeds 1–5: 2.08, 2.49, 2.12, 1.59, 3.01 % — mean 2.26 %, one seed's standard
    // deviation 0.53 points, the mean's 0.24. The bound on the five-seed mean, 1–4 %, is more
    // than five of the mean's standard deviations either side.
    void slowHostGetsLessThanUnderRoundRobin()
    {
        for (double share : slowHostShares(R"({"type": "load_balancer"})"))
            QVERIFY(std::abs(share - 0.2) < 0.001);
        double ewma = 0.0;
        for (double share : slowHostShares(R"({"type": "load_balancer", "policy": "peak_ewma"})")) {
            QVERIFY2(share < 0.2, qPrintable(QString::number(share)));
            ewma += share / 5.0;
        }
        QVERIFY2(ewma > 0.01 && ewma < 0.04, qPrintable(QString::number(ewma)));
    }
};

QTEST_GUILESS_MAIN(TestPeakEwma)
#include "tst_peak_ewma.moc"

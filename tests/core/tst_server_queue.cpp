// Server-side load shedding (model/server_queue.h): CoDel holds the standing queue near its
// target under a sustained overload where FIFO's grows without bound; adaptive LIFO keeps goodput
// above FIFO's through a spike; LIFO serves the newest first; a queue timeout sheds what waited
// too long, answered 503.

#include "model/server_queue.h"
#include "run/simulation.h"
#include "scenario/scenario_io.h"
#include "testing.h"

#include <QTest>
#include <algorithm>

using namespace reslab;
using namespace reslab::testing;

namespace {
// 10 workers, 50 ms each: 200 calls/s at most.
std::string endpoint(const std::string& capacityExtra, const std::string& extra = {})
{
    return R"({"latency": {"dist": "constant", "ms": 50}, "capacity": {"workers": 10)" +
           capacityExtra + "}" + extra + "}";
}

struct Waits
{
    std::vector<double> ms; // the queue wait of each served call that ended in the window
    std::uint64_t shed = 0; // 503 answers
    std::uint64_t ok = 0;
    double median() const
    {
        std::vector<double> v = ms;
        if (v.empty()) return 0;
        std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(v.size() / 2), v.end());
        return v[v.size() / 2];
    }
};

// The waits of the calls served in [from, to) s: an attempt's time less its 50 ms of service.
Waits waits(const RequestLog& log, double from, double to)
{
    Waits w;
    for (const AttemptRecord& a : log.attempts) {
        if (a.end < fromSeconds(from) || a.end >= fromSeconds(to)) continue;
        if (a.result.outcome == Outcome::Rejected) ++w.shed;
        if (!a.result.ok()) continue;
        ++w.ok;
        w.ms.push_back(toMillis(a.end - a.start) - 50.0);
    }
    return w;
}

std::unique_ptr<RequestLog> run(const std::string& workload, const std::string& pipeline,
                                const std::string& ep, double seconds)
{
    auto log = std::make_unique<RequestLog>();
    Simulation sim(scenarioFromJson(scenarioJson(workload, pipeline, ep, seconds, 3)));
    sim.addObserver(log.get());
    sim.run();
    return log;
}
} // namespace

class TstServerQueue : public QObject
{
    Q_OBJECT

private slots:
    void codelHoldsTheStandingQueueNearItsTarget()
    {
        // 400/s offered to 200/s of service, for a minute. FIFO's queue grows by 200 calls a
        // second, so the wait grows by a second a second. folly's CoDel finds each 100 ms
        // interval's smallest wait above 5 ms and sheds at dequeue every call that waited more
        // than 10 ms: the waits it lets through stay within a few targets.
        const std::string workload = R"({"type": "open", "rate_per_s": 400})";
        const auto fifo = run(workload, "[]", endpoint(""), 60);
        const auto codel = run(workload, "[]", endpoint(R"(, "discipline": "codel")"), 60);
        const Waits f = waits(*fifo, 40, 60), c = waits(*codel, 40, 60);
        qInfo("median wait: fifo %.1f ms, codel %.1f ms (%zu served, %llu shed)", f.median(),
              c.median(), c.ms.size(), static_cast<unsigned long long>(c.shed));
        QVERIFY2(f.median() > 15000.0, qPrintable(QString::number(f.median())));
        QVERIFY2(c.median() < 4 * kCodelTargetMs, qPrintable(QString::number(c.median())));
        // And it still serves at capacity: 200/s over the 20 s, within 5 %.
        QVERIFY2(std::abs(double(c.ok) / 20.0 - 200.0) < 10.0, qPrintable(QString::number(c.ok)));
        // Half the offered load is shed, answered 503.
        QVERIFY2(std::abs(double(c.shed) / 20.0 - 200.0) < 20.0,
                 qPrintable(QString::number(c.shed)));

        // RFC 8289's control law is made for flows that slow down when dropped. Against an
        // open-loop overload its drop rate (√count / interval) must climb to the excess 200/s,
        // and each time the queue drains it restarts from the last episode's count: the waits
        // it lets through sit at a few hundred ms, far under FIFO's, far over the target.
        const auto rfc = run(workload, "[]", endpoint(R"(, "discipline": "codel_rfc8289")"), 60);
        const Waits r = waits(*rfc, 40, 60);
        qInfo("median wait: codel_rfc8289 %.1f ms", r.median());
        QVERIFY(r.median() < f.median() / 20 && r.median() > 10 * kCodelTargetMs);
        QVERIFY(std::abs(double(r.ok) / 20.0 - 200.0) < 10.0);
    }

    void adaptiveLifoKeepsGoodputThroughASpike()
    {
        // 150/s, with 600/s from 20 s to 30 s, and clients that give up after 1 s. FIFO serves
        // the oldest calls, whose clients are gone, long after the spike; adaptive LIFO serves
        // the newest while the queue is congested, so their clients are still there.
        const std::string workload = R"({"type": "open", "rate_per_s": 150,
            "rate_schedule": [{"at_s": 20, "rate_per_s": 600}, {"at_s": 30, "rate_per_s": 150}]})";
        const std::string pipeline = R"([{"type": "timeout", "timeout_ms": 1000}])";
        std::uint64_t good[2] = {0, 0};
        int k = 0;
        for (const char* d : {R"()", R"(, "discipline": "adaptive_lifo")"}) {
            const auto log = run(workload, pipeline, endpoint(d), 60);
            for (const RequestRecord& r : log->requests)
                good[k] += r.result.ok() && r.end >= fromSeconds(20) && r.end < fromSeconds(60);
            ++k;
        }
        qInfo("goodput 20 – 60 s: fifo %llu, adaptive lifo %llu",
              static_cast<unsigned long long>(good[0]), static_cast<unsigned long long>(good[1]));
        QVERIFY(double(good[1]) > 1.3 * double(good[0]));
    }

    void lifoServesTheNewestFirst()
    {
        // One worker, 100 ms each; four requests at t = 0, in request order: the first is served
        // at once; then LIFO serves the last to arrive first (4, 3, 2), FIFO in order (2, 3, 4).
        for (const bool lifo : {false, true}) {
            const std::string ep = R"({"latency": {"dist": "constant", "ms": 100},
                "capacity": {"workers": 1)" +
                                   std::string(lifo ? R"(, "discipline": "lifo")" : "") + "}}";
            const auto log =
                run(R"({"type": "batch", "clients": 4, "requests_per_client": 1})", "[]", ep, 10);
            QCOMPARE(log->attempts.size(), std::size_t(4));
            const std::vector<int> servedAs =
                lifo ? std::vector<int>{1, 4, 3, 2} : std::vector<int>{1, 2, 3, 4};
            for (const AttemptRecord& a : log->attempts) // request r answered at servedAs · 100 ms
                QCOMPARE(a.end, Time(servedAs[std::size_t(a.request - 1)]) * fromMillis(100));
        }
    }

    void queueTimeoutShedsWhatWaitedTooLong()
    {
        // 300/s to 200/s of service, waits over 200 ms shed: every served call waited ≤ 200 ms,
        // and the shed ones are answered 503 after at least 200 ms.
        const auto log = run(R"({"type": "open", "rate_per_s": 300})", "[]",
                             endpoint(R"(, "queue_timeout_ms": 200)"), 30);
        std::uint64_t shed = 0;
        for (const AttemptRecord& a : log->attempts) {
            const double took = toMillis(a.end - a.start);
            if (a.result.ok()) {
                QVERIFY2(took <= 250.0 + 1e-9, qPrintable(QString::number(took)));
            } else {
                QCOMPARE(a.result.outcome, Outcome::Rejected);
                QCOMPARE(a.result.status, std::int16_t(503));
                QVERIFY(took > 200.0);
                ++shed;
            }
        }
        QVERIFY2(std::abs(double(shed) / 30.0 - 100.0) < 15.0, qPrintable(QString::number(shed)));
    }

    void readsAndWritesTheDiscipline()
    {
        const Scenario s = scenarioFromJson(scenarioJson(
            R"({"type": "open", "rate_per_s": 1})", "[]",
            endpoint(R"(, "discipline": "codel", "codel_target_ms": 10, "queue_timeout_ms": 500)"),
            1, 1));
        const CapacitySpec& c = s.endpoints.front().capacity;
        QCOMPARE(c.discipline, QueueDiscipline::Codel);
        QCOMPARE(c.codelTargetMs, 10.0);
        QCOMPARE(c.codelIntervalMs, kCodelIntervalMs);
        QCOMPARE(*c.queueTimeoutMs, 500.0);
        QVERIFY(scenarioFromJson(scenarioToJson(s)).endpoints.front().capacity == c);
        const ScenarioLoad bad = parseWithTraces(
            scenarioJson(R"({"type": "open", "rate_per_s": 1})", "[]",
                         endpoint(R"(, "discipline": "lifo", "codel_target_ms": 3)"), 1, 1));
        QVERIFY(!bad.scenario);
        const std::string said = formatDiagnostics("s.json", bad.diagnostics);
        QVERIFY2(said.find("endpoints.api.capacity.codel_target_ms: has no effect unless") !=
                     std::string::npos,
                 said.c_str());
    }
};

QTEST_GUILESS_MAIN(TstServerQueue)
#include "tst_server_queue.moc"

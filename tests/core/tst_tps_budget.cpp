// Linkerd's retry budget: tower's TpsBudget (policy/tps_budget.h) alone, against tower's own tests
// and rows worked out from its source, and the retry's linkerd_budget in whole runs, where
// Linkerd's retry policy (linkerd2-proxy linkerd/app/outbound/src/http/retry.rs at c199af4)
// deposits for every answer it does not retry and withdraws for every one it does.
// docs/semantics.md, "Linkerd".

#include "policy/strategy_kind.h"
#include "policy/tps_budget.h"
#include "testing.h"
#include "util/json_writer.h"

#include <QJsonDocument>
#include <QStringList>
#include <QTest>
#include <algorithm>
#include <array>
#include <random>

using namespace reslab;
using namespace reslab::testing;

namespace {

// A script of operations on one budget made at t = 0: "d" deposits, "w+" / "w-" withdraw and
// expect the retry to be allowed / refused, "a<ms>" advances the clock, "b<n>" expects the
// balance (writer + slots + reserve) to be n. Returns the first step that went otherwise.
QString runScript(TpsBudget& budget, const QString& script)
{
    Time now = 0;
    for (const QString& step : script.split(' ', Qt::SkipEmptyParts)) {
        if (step == "d") {
            budget.deposit(now);
        } else if (step == "w+" || step == "w-") {
            if (budget.withdraw(now) != (step == "w+"))
                return step + " at " + QString::number(toMillis(now)) + " ms";
        } else if (step.startsWith('a')) {
            now += fromMillis(step.mid(1).toDouble());
        } else if (step.startsWith('b')) {
            if (budget.balance() != step.mid(1).toLongLong())
                return step + " at " + QString::number(toMillis(now)) + " ms: the balance is " +
                       QString::number(budget.balance());
        } else {
            return "unknown step " + step;
        }
    }
    return {};
}

// tower's TpsBucket, transliterated loop for loop (tps_budget.rs expire/put/try_get), to check
// the budget's closed-form expiry against on random scripts. Amounts are small: no saturation.
struct LiteralTpsBucket
{
    std::array<std::int64_t, 10> cells{};
    std::int64_t writer = 0;
    std::int64_t reserve = 0;
    Time window = 0;
    std::size_t index = 0;
    Time time = 0;

    void expire(Time now)
    {
        Time diff = now - time;
        if (diff < window) return;
        cells[index] = writer;
        writer = 0;
        std::size_t idx = (index + 1) % cells.size();
        while (diff > window) {
            cells[idx] = 0;
            diff -= window;
            idx = (idx + 1) % cells.size();
        }
        index = idx;
        time = now;
    }
    std::int64_t sum() const
    {
        std::int64_t s = writer + reserve;
        for (std::int64_t x : cells)
            s += x;
        return s;
    }
};

std::string run(const std::string& workload, const std::string& retry, const std::string& endpoint,
                double durationS)
{
    return scenarioJson(workload, "[" + retry + "]", endpoint, durationS, 7);
}

// Retries (attempts after the first) grouped into bursts: retries less than a second apart.
std::vector<std::pair<Time, int>> retryBursts(const std::vector<AttemptRecord>& attempts)
{
    std::vector<Time> starts;
    for (const auto& a : attempts)
        if (a.attempt > 1) starts.push_back(a.start);
    std::sort(starts.begin(), starts.end());
    std::vector<std::pair<Time, int>> bursts;
    for (Time t : starts) {
        if (bursts.empty() || t - bursts.back().first > kNanosPerSecond) bursts.push_back({t, 0});
        ++bursts.back().second;
    }
    return bursts;
}

Diagnostics readRetry(const QByteArray& json)
{
    Diagnostics d;
    readStrategy(QJsonDocument::fromJson(json).object(), "pipeline[0]", d);
    return d;
}

constexpr const char* kAllFailing =
    R"({"network": {"dist": "constant", "ms": 0}, "latency": {"dist": "constant", "ms": 1},
        "failures": {"error": 1}})";
// Linkerd's ServiceProfile retry as import-config writes it, with the budget's defaults.
constexpr const char* kProfileRetry =
    R"({"type": "retry", "max_attempts": 1000, "backoff": {"type": "constant", "delay_ms": 0},
        "retry_on": ["error", "rejected"], "linkerd_budget": {}})";

} // namespace

class TestTpsBudget : public QObject
{
    Q_OBJECT
private slots:
    // ---- tower's own tests, and rows worked out from its source ----------------------------

    void scripts_data()
    {
        QTest::addColumn<double>("ttlS");
        QTest::addColumn<int>("minPerSec");
        QTest::addColumn<float>("ratio");
        QTest::addColumn<QString>("script");
        // tower-rs/tower tower/src/retry/budget/tps_budget.rs (8358ee71, unchanged since
        // 6a3ab07b), mod tests; the same four are tower 0.4.13's retry/budget.rs tests empty,
        // leaky, slots and reserve, the budget linkerd2-proxy runs.
        QTest::addRow("tower tps_empty") << 1.0 << 0 << 1.0f << "w-";
        QTest::addRow("tower tps_leaky") << 1.0 << 0 << 1.0f << "d a3000 w-";
        QTest::addRow("tower tps_slots")
            << 1.0 << 0 << 0.5f << "d d a901 w+ a2001 d a301 d a801 d w+";
        QTest::addRow("tower tps_reserve") << 1.0 << 5 << 1.0f << "w+ w+ w+ w+ w+ w-";
        // Worked out from TpsBucket::expire (`if diff < window return`, then `while diff >
        // window`): a deposit still counts exactly a ttl after it, and not a nanosecond more.
        QTest::addRow("a deposit counts at exactly ttl") << 1.0 << 0 << 1.0f << "d a1000 w+";
        QTest::addRow("and is gone just past it") << 1.0 << 0 << 1.0f << "d a1000.000001 w-";
        // Ratio 0 deposits nothing (TpsBudget::new: (0, 1)), so "d" only expires. With the
        // expiries on window boundaries the index moves one slot a window, and a withdrawal
        // made before the first expiry comes back one window after the ttl.
        QTest::addRow("on window boundaries: back after ttl + one window")
            << 1.0 << 1 << 0.0f
            << "w+ w- a100 d a100 d a100 d a100 d a100 d a100 d a100 d a100 d a100 d a100 d w- "
               "a100 d w+";
        // An expiry a little over a window after the last moves the index twice: the slot it
        // commits into comes round again after five expiries, not ten.
        QTest::addRow("just past each window: back after six")
            << 1.0 << 1 << 0.0f << "w+ a101 d a101 d a101 d a101 d a101 d w- a101 d w+";
        // Ratio 0.5 (deposit 1, withdraw 2): a withdrawal the balance cannot cover changes
        // nothing; the writer may go below zero when slots cover it.
        QTest::addRow("refused: nothing taken") << 1.0 << 0 << 0.5f << "d w- b1 d w+ b0 w- b0";
        QTest::addRow("the writer goes negative over a committed slot")
            << 1.0 << 0 << 0.5f << "d d a150 w+ b0 a100 d b1";
        // The reserve: min_per_sec × ttl.as_secs() × withdraw, whole seconds only.
        QTest::addRow("reserve: 1.5 s ttl counts 1 s") << 1.5 << 2 << 1.0f << "b2 w+ w+ w-";
        QTest::addRow("reserve at Linkerd's defaults") << 10.0 << 10 << 0.2f << "b500";
    }

    void scripts()
    {
        QFETCH(double, ttlS);
        QFETCH(int, minPerSec);
        QFETCH(float, ratio);
        QFETCH(QString, script);
        TpsBudget budget(fromSeconds(ttlS), std::uint32_t(minPerSec), ratio, 0);
        const QString wrong = runScript(budget, script);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

    void amounts_data()
    {
        QTest::addColumn<float>("ratio");
        QTest::addColumn<int>("deposit");
        QTest::addColumn<int>("withdraw");
        // TpsBudget::new: 0 → (0, 1); ≤ 1 → (1, (1.0 / r) as isize); > 1 → (1000, (1000.0 / r)
        // as isize), in f32.
        QTest::addRow("0: deposits give nothing") << 0.0f << 0 << 1;
        QTest::addRow("0.1") << 0.1f << 1 << 10;
        QTest::addRow("0.2 (Linkerd's default)") << 0.2f << 1 << 5;
        QTest::addRow("0.3: a third, not 0.3") << 0.3f << 1 << 3;
        QTest::addRow("0.5") << 0.5f << 1 << 2;
        QTest::addRow("0.7: one per deposit") << 0.7f << 1 << 1;
        QTest::addRow("1") << 1.0f << 1 << 1;
        QTest::addRow("1.5") << 1.5f << 1000 << 666;
        QTest::addRow("2") << 2.0f << 1000 << 500;
        QTest::addRow("3") << 3.0f << 1000 << 333;
        QTest::addRow("1000") << 1000.0f << 1000 << 1;
        // f32, not f64: 1 / 0.33333334f rounds to 3.0f, where in f64 it is 2.99999991.
        QTest::addRow("0.33333334: the division is f32") << 0.33333334f << 1 << 3;
    }

    void amounts()
    {
        QFETCH(float, ratio);
        QFETCH(int, deposit);
        QFETCH(int, withdraw);
        QCOMPARE(TpsBudget::amounts(ratio), (TpsBudget::Amounts{deposit, withdraw}));
    }

    void reserve_data()
    {
        QTest::addColumn<double>("ttlS");
        QTest::addColumn<int>("minPerSec");
        QTest::addColumn<float>("ratio");
        QTest::addColumn<qlonglong>("reserve");
        QTest::addRow("Linkerd's defaults: 100 retries") << 10.0 << 10 << 0.2f << 500LL;
        QTest::addRow("the webapp profile: 0.3, 5/s, 10 s") << 10.0 << 5 << 0.3f << 150LL;
        QTest::addRow("ratio 2: 1000 per deposit") << 10.0 << 10 << 2.0f << 50'000LL;
        QTest::addRow("ttl 9.9 s counts 9 s") << 9.9 << 10 << 1.0f << 90LL;
        QTest::addRow("none") << 60.0 << 0 << 0.2f << 0LL;
        QTest::addRow("the largest min_per_sec")
            << 60.0 << 2'147'483'646 << 0.0f << 2'147'483'646LL * 60;
    }

    void reserve()
    {
        QFETCH(double, ttlS);
        QFETCH(int, minPerSec);
        QFETCH(float, ratio);
        QFETCH(qlonglong, reserve);
        const TpsBudget budget(fromSeconds(ttlS), std::uint32_t(minPerSec), ratio, 0);
        QCOMPARE(budget.reserve(), reserve);
        QCOMPARE(budget.balance(), reserve);
        QCOMPARE(budget.window(), fromSeconds(ttlS) / 10);
    }

    // The closed-form expiry against tower's loop, on random scripts with gaps from a fraction of
    // a window to many ttls.
    void expiryMatchesTowersLoop()
    {
        std::mt19937_64 rng(31);
        for (int trial = 0; trial < 200; ++trial) {
            const Time ttl = fromMillis(1000 + double(rng() % 59'001));
            TpsBudget budget(ttl, std::uint32_t(rng() % 3), 0.5f, 0);
            LiteralTpsBucket tower;
            tower.window = ttl / 10;
            tower.reserve = budget.reserve();
            Time now = 0;
            for (int step = 0; step < 300; ++step) {
                const auto r = rng() % 100;
                if (r < 30)
                    now += Time(rng() % std::uint64_t(tower.window)); // within a window
                else if (r < 40)
                    now += tower.window * Time(1 + rng() % 3); // on a boundary
                else if (r < 45)
                    now += Time(rng() % std::uint64_t(3 * ttl)); // up to 3 ttls
                tower.expire(now);
                if (rng() % 2) {
                    budget.deposit(now);
                    tower.writer += 1;
                } else {
                    const bool allowed = tower.sum() >= 2;
                    if (allowed) tower.writer -= 2;
                    QCOMPARE(budget.withdraw(now), allowed);
                }
                QCOMPARE(budget.balance(), tower.sum());
            }
        }
    }

    // ---- the retry's linkerd_budget in the scenario format ---------------------------------

    void readerRefuses_data()
    {
        QTest::addColumn<QByteArray>("budget");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("reason");
        QTest::addRow("not an object") << QByteArray("0.2") << "pipeline[0].linkerd_budget"
                                       << "must be an object";
        QTest::addRow("ratio below 0")
            << QByteArray(R"({"retry_ratio": -0.1})") << "pipeline[0].linkerd_budget.retry_ratio"
            << "≥ 0";
        QTest::addRow("ratio above 1000")
            << QByteArray(R"({"retry_ratio": 1001})") << "pipeline[0].linkerd_budget.retry_ratio"
            << "≤ 1000";
        QTest::addRow("ttl under 1 s")
            << QByteArray(R"({"ttl_s": 0.5})") << "pipeline[0].linkerd_budget.ttl_s"
            << "≥ 1";
        QTest::addRow("ttl over 60 s")
            << QByteArray(R"({"ttl_s": 61})") << "pipeline[0].linkerd_budget.ttl_s"
            << "≤ 60";
        QTest::addRow("min retries not whole") << QByteArray(R"({"min_retries_per_s": 2.5})")
                                               << "pipeline[0].linkerd_budget.min_retries_per_s"
                                               << "whole number";
        QTest::addRow("min retries at i32::MAX (tower asserts below it)")
            << QByteArray(R"({"min_retries_per_s": 2147483647})")
            << "pipeline[0].linkerd_budget.min_retries_per_s"
            << "≤ 2147483646";
        QTest::addRow("a typo") << QByteArray(R"({"retryRatio": 0.2})")
                                << "pipeline[0].linkerd_budget.retryRatio"
                                << "";
    }

    void readerRefuses()
    {
        QFETCH(QByteArray, budget);
        QFETCH(QString, path);
        QFETCH(QString, reason);
        const Diagnostics d = readRetry(R"({"type": "retry", "backoff": {"type": "constant",
            "delay_ms": 0}, "linkerd_budget": )" +
                                        budget + "}");
        QCOMPARE(d.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(d.front().path), path);
        QVERIFY2(QString::fromStdString(d.front().message).contains(reason),
                 d.front().message.c_str());
    }

    void envoyModeRefusesIt()
    {
        const Diagnostics d = readRetry(
            R"({"type": "retry", "retry_on": "5xx", "linkerd_budget": {"retry_ratio": 0.2}})");
        QCOMPARE(d.size(), std::size_t(1));
        QCOMPARE(d.front().path, std::string("pipeline[0].linkerd_budget"));
        QVERIFY2(d.front().message.find("circuit_breakers.retry_budget") != std::string::npos,
                 d.front().message.c_str());
    }

    void writesAndReadsBack_data()
    {
        QTest::addColumn<QByteArray>("budget");
        QTest::addColumn<double>("ratio");
        QTest::addColumn<qlonglong>("minPerSec");
        QTest::addColumn<double>("ttlS");
        QTest::addRow("empty: Linkerd's defaults") << QByteArray("{}") << 0.2 << 10LL << 10.0;
        QTest::addRow("every key")
            << QByteArray(R"({"retry_ratio": 0.3, "min_retries_per_s": 5, "ttl_s": 2.5})") << 0.3
            << 5LL << 2.5;
    }

    void writesAndReadsBack()
    {
        QFETCH(QByteArray, budget);
        QFETCH(double, ratio);
        QFETCH(qlonglong, minPerSec);
        QFETCH(double, ttlS);
        Diagnostics d;
        const auto spec = readStrategy(
            QJsonDocument::fromJson(R"({"type": "retry", "backoff": {"type": "constant",
                "delay_ms": 0}, "linkerd_budget": )" +
                                    budget + "}")
                .object(),
            "pipeline[0]", d);
        QVERIFY(spec && d.empty());
        const auto& b = std::get<RetrySpec>(*spec).linkerdBudget;
        QVERIFY(b);
        QCOMPARE(b->retryRatio, ratio);
        QCOMPARE(b->minRetriesPerS, minPerSec);
        QCOMPARE(b->ttlS, ttlS);
        JsonWriter w;
        writeStrategy(w, *spec, "pipeline[0]");
        const auto again =
            readStrategy(QJsonDocument::fromJson(QByteArray::fromStdString(w.text())).object(),
                         "pipeline[0]", d);
        QVERIFY(again && d.empty());
        QVERIFY(*again == *spec);
    }

    // ---- whole runs ------------------------------------------------------------------------

    // Every answer fails: nothing is ever deposited (every answer is retryable), so only the
    // reserve pays for retries: 10/s × 10 s × withdraw 5 = 500, 100 retries, in one burst as
    // soon as the first answer fails. A refused retry ends the request with its own answer.
    // When the reserve comes back depends on expire(): on a fixed beat (a closed client every
    // 10 ms) the withdrawals' slot is overwritten ten expiries after it was committed, the
    // first expiry (1.001 s after the budget was made) one window late: bursts at 0.001 s,
    // 10.001 s, then every 11 s.
    void allFailingOnABeatGetsOnlyTheReserve()
    {
        Simulation sim(scenarioFromJson(
            run(R"({"type": "closed", "clients": 1, "think": {"dist": "constant", "ms": 9}})",
                kProfileRetry, kAllFailing, 60)));
        RequestLog log;
        sim.addObserver(&log);
        sim.run();
        const auto bursts = retryBursts(log.attempts);
        const std::vector<double> expected{0.001, 10.001, 21.001, 32.001, 43.001, 54.001};
        QCOMPARE(bursts.size(), expected.size());
        for (std::size_t i = 0; i < bursts.size(); ++i) {
            QCOMPARE(toSeconds(bursts[i].first), expected[i]);
            QCOMPARE(bursts[i].second, 100);
        }
        for (const auto& r : log.requests)
            QCOMPARE(r.result.outcome, Outcome::Error);
        for (const auto& a : log.attempts)
            QVERIFY(a.result.outcome != Outcome::BudgetExhausted);
    }

    // The same at random arrival times (100 requests/s, Poisson): each expiry lands a little
    // past a window, moves the index two slots, and the reserve comes back after six expiries,
    // each one window and a fraction of an inter-answer gap (10 ms on average) after the last:
    // bursts of exactly 100 retries about 6.06 s apart, not 10 s — tower's TTL is shorter than
    // its ttl under real traffic.
    void allFailingAtRandomTimesGetsTheReserveEverySixWindows()
    {
        Simulation sim(scenarioFromJson(
            run(R"({"type": "open", "rate_per_s": 100})", kProfileRetry, kAllFailing, 60)));
        RequestLog log;
        sim.addObserver(&log);
        sim.run();
        const auto bursts = retryBursts(log.attempts);
        QVERIFY(bursts.size() >= 9);
        for (std::size_t i = 0; i < bursts.size(); ++i) {
            QCOMPARE(bursts[i].second, 100);
            if (i == 0) continue;
            const double gap = toSeconds(bursts[i].first - bursts[i - 1].first);
            QVERIFY2(gap > 6.0 && gap < 6.4, qPrintable(QString::number(gap)));
        }
        std::uint64_t requests = 0;
        for (const auto& r : log.requests) {
            QCOMPARE(r.result.outcome, Outcome::Error);
            ++requests;
        }
        QVERIFY(requests > 5500);
    }

    // Deposits come from answers not retried, not from requests: with no reserve (min 0) and
    // ratio 1, five seconds of failing answers deposit nothing and get no retry (Finagle's
    // budget, depositing per request, would allow one per request); a second of successes
    // deposits one per answer; the failures after it are retried exactly as many times.
    void depositsOnlyForAnswersNotRetried()
    {
        Simulation sim(scenarioFromJson(run(
            R"({"type": "open", "rate_per_s": 100})",
            R"({"type": "retry", "max_attempts": 1000, "backoff": {"type": "constant", "delay_ms": 0},
                "linkerd_budget": {"retry_ratio": 1, "min_retries_per_s": 0, "ttl_s": 10}})",
            R"({"network": {"dist": "constant", "ms": 0}, "latency": {"dist": "constant", "ms": 1},
                "failures": {"error": 1},
                "phases": [{"start_s": 5, "end_s": 6, "failures": {"error": 0}}]})",
            7)));
        RequestLog log;
        sim.addObserver(&log);
        sim.run();
        int okAnswers = 0, retriesBefore = 0, retriesAfter = 0, failedAfter = 0;
        for (const auto& a : log.attempts) {
            if (a.result.ok()) ++okAnswers;
            if (a.attempt > 1) ++(a.start < 5 * kNanosPerSecond ? retriesBefore : retriesAfter);
        }
        for (const auto& r : log.requests) {
            QVERIFY(r.result.outcome == Outcome::Ok || r.result.outcome == Outcome::Error);
            if (r.start >= 6 * kNanosPerSecond) ++failedAfter;
        }
        QCOMPARE(retriesBefore, 0);
        QVERIFY(okAnswers > 50);
        QVERIFY(failedAfter > 50);
        QCOMPARE(retriesAfter, okAnswers);
    }
};

QTEST_GUILESS_MAIN(TestTpsBudget)
#include "tst_tps_budget.moc"

// What the live views show of served traffic (serve/served_live_feed.h): a client's calls as
// requests and attempts, by the rules its header states — a call without X-Reslab-Request is a
// request of its own; calls naming one id are its attempts, and it succeeds at its first ok
// answer — on a fake model whose wall clock the test sets.

#include "serve/served_live_feed.h"
#include "testing.h"

#include <QTest>
#include <map>

using namespace reslab;

namespace {
constexpr Time kMs = kNanosPerMilli;

class FakeModel final : public ServedGauges
{
public:
    Time clock = 0;
    std::vector<std::string> names{"db-breaker"};
    Time now() const override { return clock; }
    std::vector<BreakerGauge> breakerGauges() override { return {BreakerGauge{names[0]}}; }
    std::vector<EndpointGauge> endpointGauges() const override
    {
        return {EndpointGauge{"api", 1, 2, 4}};
    }
    std::vector<LimiterGauge> limiterGauges() const override { return {}; }
    void fillRowGauges(TimelineRow& row) override
    {
        row.inFlight = 1;
        row.queue = 2;
    }
    std::vector<EndpointSummary> endpointSummaries(std::uint64_t) const override { return {}; }
    const std::vector<std::string>& breakerNames() const override { return names; }
};

// One client call: the id it names (kNoValue: none), when it arrived and was answered, how.
struct Call
{
    std::uint64_t request = kNoValue;
    Time startMs = 0;
    Time endMs = 0;
    Outcome outcome = Outcome::Ok;
};

// Feeds `calls` to `feed` in time order of their events (arrivals and answers), as serve does.
void play(ServedLiveFeed& feed, FakeModel& model, const std::vector<Call>& calls)
{
    struct Event
    {
        Time at;
        bool arrival;
        std::size_t call;
    };
    std::vector<Event> events;
    for (std::size_t i = 0; i < calls.size(); ++i) {
        events.push_back({calls[i].startMs * kMs, true, i});
        events.push_back({calls[i].endMs * kMs, false, i});
    }
    std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
        return a.at != b.at ? a.at < b.at : a.arrival > b.arrival;
    });
    std::map<std::uint64_t, std::uint32_t> attempts;
    std::vector<std::uint32_t> attemptOf(calls.size());
    for (const Event& e : events) {
        const Call& c = calls[e.call];
        model.clock = e.at;
        if (e.arrival) {
            attemptOf[e.call] = c.request == kNoValue ? 0 : ++attempts[c.request];
            feed.onCallArrived(0, c.request, attemptOf[e.call], e.at);
        } else {
            TraceCall t;
            t.t = c.startMs * kMs;
            t.latency = (c.endMs - c.startMs) * kMs;
            t.outcome = c.outcome;
            t.status = kDefaultStatus[static_cast<std::size_t>(c.outcome)];
            t.request = c.request;
            t.attempt = attemptOf[e.call];
            t.call = e.call;
            feed.onServedCall(0, t);
        }
    }
}

std::uint64_t sum(const std::vector<TimelineRow>& rows, std::uint64_t TimelineRow::*field)
{
    std::uint64_t n = 0;
    for (const TimelineRow& r : rows)
        n += r.*field;
    return n;
}
} // namespace

Q_DECLARE_METATYPE(std::vector<Call>)
Q_DECLARE_METATYPE(std::vector<quint64>)

class TestServedLiveFeed : public QObject
{
    Q_OBJECT
private slots:
    void requestsAsTheClientNamesThem_data()
    {
        QTest::addColumn<std::vector<Call>>("calls");
        QTest::addColumn<quint64>("requests");
        QTest::addColumn<quint64>("succeeded");
        QTest::addColumn<quint64>("failed");
        QTest::addColumn<quint64>("unfinished");
        QTest::addColumn<std::vector<quint64>>("attemptsPerRequest");
        constexpr std::uint64_t none = kNoValue;
        QTest::newRow("unnamed calls are requests of their own")
            << std::vector<Call>{{none, 10, 30, Outcome::Ok},
                                 {none, 50, 60, Outcome::Error},
                                 {none, 120, 130, Outcome::Cancelled}}
            << quint64(3) << quint64(1) << quint64(2) << quint64(0) << std::vector<quint64>{0, 3};
        QTest::newRow("a named request retried until ok")
            << std::vector<Call>{{77, 0, 20, Outcome::Error},
                                 {77, 120, 150, Outcome::RateLimited},
                                 {77, 400, 420, Outcome::Ok}}
            << quint64(1) << quint64(1) << quint64(0) << quint64(0)
            << std::vector<quint64>{0, 0, 0, 1};
        QTest::newRow("a named request with no ok answer is unfinished")
            << std::vector<Call>{{5, 0, 20, Outcome::Error}, {5, 100, 120, Outcome::Error}}
            << quint64(1) << quint64(0) << quint64(0) << quint64(1) << std::vector<quint64>{};
        QTest::newRow("an ok after success is an attempt, not a request")
            << std::vector<Call>{{9, 0, 10, Outcome::Ok}, {9, 50, 60, Outcome::Ok}} << quint64(1)
            << quint64(1) << quint64(0) << quint64(0) << std::vector<quint64>{0, 1};
        QTest::newRow("hedged attempts overlap")
            << std::vector<Call>{{3, 0, 300, Outcome::Ok},
                                 {3, 100, 150, Outcome::Ok},
                                 {none, 10, 20, Outcome::Fatal}}
            << quint64(2) << quint64(1) << quint64(1) << quint64(0)
            << std::vector<quint64>{0, 1, 1};
    }
    void requestsAsTheClientNamesThem()
    {
        QFETCH(std::vector<Call>, calls);
        QFETCH(quint64, requests);
        QFETCH(quint64, succeeded);
        QFETCH(quint64, failed);
        QFETCH(quint64, unfinished);
        QFETCH(std::vector<quint64>, attemptsPerRequest);
        FakeModel model;
        ServedLiveFeed feed(model, "served", 7);
        play(feed, model, calls);
        model.clock = 1000 * kMs;
        const RunSnapshot r = feed.take(true);
        QVERIFY(r.summary);
        const Summary& s = *r.summary;
        QCOMPARE(quint64(s.requests), requests);
        QCOMPARE(quint64(s.succeeded), succeeded);
        QCOMPARE(quint64(s.failed), failed);
        QCOMPARE(quint64(s.unfinished), unfinished);
        QCOMPARE(s.attempts, std::uint64_t(calls.size()));
        QCOMPARE(std::vector<quint64>(r.attemptsPerRequest.begin(), r.attemptsPerRequest.end()),
                 attemptsPerRequest);
        // The timeline: every step up to the clock (ten 100 ms rows), offered at arrival,
        // attempts at their answer, the gauges from the model.
        QCOMPARE(r.rows.size(), std::size_t(10));
        QCOMPARE(quint64(sum(r.rows, &TimelineRow::offered)), requests);
        QCOMPARE(sum(r.rows, &TimelineRow::attempts), std::uint64_t(calls.size()));
        QCOMPARE(r.rows.front().queue, std::uint64_t(2));
        QCOMPARE(r.recentAttempts.size(), calls.size());
        for (const AttemptRecord& a : r.recentAttempts)
            QCOMPARE(a.depth, std::uint16_t(0));
        QCOMPARE(r.endpoints.size(), std::size_t(1));
        // Handed over once: the next snapshot brings only what came since.
        model.clock = 1500 * kMs;
        const RunSnapshot next = feed.take(false);
        QCOMPARE(next.rows.size(), std::size_t(5));
        QVERIFY(next.recentAttempts.empty());
        QVERIFY(!next.summary);
    }

    void waitsAreTheClientsBackoff()
    {
        // Attempt 2 starts 100 ms after attempt 1 was answered: that is the client's wait; a
        // request's latency runs from its first attempt to its ok answer.
        FakeModel model;
        ServedLiveFeed feed(model, "served", 7);
        play(feed, model, {{41, 0, 20, Outcome::Error}, {41, 120, 150, Outcome::Ok}});
        model.clock = 200 * kMs;
        const RunSnapshot r = feed.take(true);
        QCOMPARE(r.recentAttempts.size(), std::size_t(2));
        QCOMPARE(r.recentAttempts[0].wait, Time(0));
        QCOMPARE(r.recentAttempts[1].wait, 100 * kMs);
        QCOMPARE(r.recentAttempts[0].request, r.recentAttempts[1].request);
        QCOMPARE(r.recentAttempts[1].attempt, std::uint32_t(2));
        // The histogram's buckets are within 1 % of the value.
        QVERIFY(std::abs(r.summary->latency.max - 150.0) <= 1.5);
        QCOMPARE(r.rows[0].byOutcome[static_cast<std::size_t>(Outcome::Error)], std::uint64_t(1));
        QCOMPARE(r.rows[1].byOutcome[static_cast<std::size_t>(Outcome::Ok)], std::uint64_t(1));
    }

    void lateEventsCountInTheFirstOpenStep()
    {
        // The model's clock may trail the wall clock that closed a step: such an answer counts
        // in the next step, never in (or before) one already handed over.
        FakeModel model;
        ServedLiveFeed feed(model, "served", 7);
        model.clock = 250 * kMs;
        QCOMPARE(feed.take(false).rows.size(), std::size_t(2));
        play(feed, model, {{kNoValue, 150, 190, Outcome::Ok}});
        model.clock = 300 * kMs;
        const RunSnapshot r = feed.take(false);
        QCOMPARE(r.rows.size(), std::size_t(1));
        QCOMPARE(r.rows[0].start, 200 * kMs);
        QCOMPARE(r.rows[0].offered, std::uint64_t(1));
        QCOMPARE(r.rows[0].attempts, std::uint64_t(1));
    }

    void innerAttemptsAndTransitions()
    {
        FakeModel model;
        ServedLiveFeed feed(model, "served", 7);
        AttemptRecord inner;
        inner.depth = 1;
        inner.start = 5 * kMs;
        inner.end = 9 * kMs;
        feed.onInnerAttempt(inner);
        feed.onBreakerTransition(BreakerTransitionRecord{
            "db-breaker", 9 * kMs, BreakerState::Closed, BreakerState::Open, "failure rate", {}});
        model.clock = 100 * kMs;
        const RunSnapshot r = feed.take(true);
        // Inner attempts are shown, not counted as the client's.
        QCOMPARE(r.recentAttempts.size(), std::size_t(1));
        QCOMPARE(r.recentAttempts[0].depth, std::uint16_t(1));
        QCOMPARE(r.rows.at(0).attempts, std::uint64_t(0));
        QCOMPARE(r.transitions.size(), std::size_t(1));
        QCOMPARE(r.summary->breakers.size(), std::size_t(1));
        QCOMPARE(r.summary->breakers[0].transitionCount, std::uint64_t(1));
        QCOMPARE(r.breakers.size(), std::size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestServedLiveFeed)
#include "tst_served_live_feed.moc"

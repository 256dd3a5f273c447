// The virtual-time event queue: time order, insertion order for ties, cancellation.

#include "sim/event_queue.h"

#include <QTest>
#include <map>
#include <set>
#include <tuple>
#include <vector>

using namespace reslab;

namespace {
// Schedules follow-ups from inside its handler, as endpoints do, so the "replace the running
// entry" path is exercised along with plain pushes.
struct Chain : EventTarget
{
    EventQueue* queue = nullptr;
    std::vector<std::pair<Time, std::uint64_t>> seen;
    std::uint64_t state = 12345;
    void onEvent(std::uint32_t depth, std::uint64_t arg) override
    {
        seen.emplace_back(queue->now(), arg);
        if (depth == 0) return;
        for (int i = 0; i < 2; ++i) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            const Time delay = static_cast<Time>((state >> 33) % 50);
            queue->at(queue->now() + delay, this, depth - 1,
                      arg * 10 + static_cast<std::uint64_t>(i));
        }
    }
};

struct Recorder : EventTarget
{
    std::vector<std::pair<Time, std::uint64_t>> seen;
    EventQueue* queue = nullptr;
    void onEvent(std::uint32_t, std::uint64_t arg) override
    {
        seen.emplace_back(queue->now(), arg);
    }
};
// A process that schedules from inside its handlers with delays of a given shape and cancels some
// of what it scheduled, run on the queue and on an obviously correct one (a std::set ordered by
// time, then sequence). The delay shapes reach every part of the calendar: its current bucket,
// its ring, its far heap, jumps over empty time and both directions of its width adaptation.
enum class DelayShape
{
    Network,     // exponential-ish, mean ~1 ms: mostly the current bucket and the next ones
    Mixed,       // 1 ns to 2 days, log-uniform: ring and far heap, jumps
    SameInstant, // every delay 0 or 1 ns: ties decided by sequence alone
    Sparse,      // seconds apart: long jumps and a width that must grow
    Dense,       // 0–63 ns: thousands per bucket, a width that must shrink
};

Time delayOf(DelayShape shape, std::uint64_t r)
{
    switch (shape) {
    case DelayShape::Network:
        return static_cast<Time>((r % 1000) * (r % 1000) * 2 + (r >> 40) % 7);
    case DelayShape::Mixed: {
        const int bits = static_cast<int>(r % 48);
        return static_cast<Time>((r >> 8) & ((std::uint64_t{1} << bits) - 1));
    }
    case DelayShape::SameInstant:
        return static_cast<Time>(r % 2);
    case DelayShape::Sparse:
        return static_cast<Time>(1'000'000'000 + (r >> 20) % 5'000'000'000ULL);
    case DelayShape::Dense:
        return static_cast<Time>(r % 64);
    }
    return 0;
}

struct Process : EventTarget
{
    EventQueue* queue = nullptr;
    DelayShape shape = DelayShape::Network;
    std::uint64_t state = 99;
    std::uint64_t budget = 0; // events still to schedule
    std::vector<std::pair<Time, std::uint64_t>> seen;
    std::map<std::uint64_t, TimerId> pending; // arg → id, to cancel some
    std::uint64_t nextArg = 0;

    std::uint64_t draw()
    {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return state ^ (state >> 29);
    }
    void schedule()
    {
        if (budget == 0) return;
        --budget;
        const std::uint64_t arg = nextArg++;
        pending[arg] = queue->at(queue->now() + delayOf(shape, draw()), this, 0, arg);
    }
    void onEvent(std::uint32_t, std::uint64_t arg) override
    {
        seen.emplace_back(queue->now(), arg);
        pending.erase(arg);
        const std::uint64_t r = draw();
        for (std::uint64_t i = 0; i < 1 + r % 2; ++i) // 1.5 follow-ups per event on average
            schedule();
        if (r % 7 == 0 && !pending.empty()) { // cancel the oldest pending one now and then
            queue->cancel(pending.begin()->second);
            pending.erase(pending.begin());
        }
    }
};

// The same process on a std::set: (time, seq) → arg.
std::vector<std::pair<Time, std::uint64_t>> referenceRun(DelayShape shape, std::uint64_t budget,
                                                         int roots)
{
    std::set<std::tuple<Time, std::uint64_t, std::uint64_t>> q; // time, seq, arg
    std::map<std::uint64_t, std::tuple<Time, std::uint64_t, std::uint64_t>> byArg;
    std::uint64_t state = 99, seq = 0, nextArg = 0;
    Time now = 0;
    const auto draw = [&] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return state ^ (state >> 29);
    };
    const auto schedule = [&] {
        if (budget == 0) return;
        --budget;
        const std::uint64_t arg = nextArg++;
        const auto key = std::make_tuple(now + delayOf(shape, draw()), seq++, arg);
        q.insert(key);
        byArg[arg] = key;
    };
    for (int i = 0; i < roots; ++i)
        schedule();
    std::vector<std::pair<Time, std::uint64_t>> seen;
    while (!q.empty()) {
        const auto [t, s, arg] = *q.begin();
        q.erase(q.begin());
        byArg.erase(arg);
        now = t;
        seen.emplace_back(t, arg);
        const std::uint64_t r = draw();
        for (std::uint64_t i = 0; i < 1 + r % 2; ++i)
            schedule();
        if (r % 7 == 0 && !byArg.empty()) {
            q.erase(byArg.begin()->second);
            byArg.erase(byArg.begin());
        }
    }
    return seen;
}
} // namespace

class TestEventQueue : public QObject
{
    Q_OBJECT
private slots:
    void runsInTimeThenInsertionOrder()
    {
        EventQueue q;
        Recorder r;
        r.queue = &q;
        q.at(30, &r, 0, 1);
        q.at(10, &r, 0, 2);
        q.at(30, &r, 0, 3);
        q.at(10, &r, 0, 4);
        q.at(20, &r, 0, 5);
        while (q.runNext()) {
        }
        const std::vector<std::pair<Time, std::uint64_t>> expected = {
            {10, 2}, {10, 4}, {20, 5}, {30, 1}, {30, 3}};
        QCOMPARE(r.seen, expected);
        QCOMPARE(q.eventsRun(), 5u);
    }

    void cancelledEventsNeverRun()
    {
        EventQueue q;
        Recorder r;
        r.queue = &q;
        const TimerId a = q.at(5, &r, 0, 1);
        q.at(6, &r, 0, 2);
        const TimerId c = q.at(7, &r, 0, 3);
        q.cancel(a);
        q.cancel(c);
        q.cancel(c);        // twice is harmless
        q.cancel(kNoTimer); // so is "no timer"
        while (q.runNext()) {
        }
        QCOMPARE(r.seen.size(), std::size_t(1));
        QCOMPARE(r.seen.front().second, 2u);
    }

    void staleIdsDoNotCancelNewEvents()
    {
        EventQueue q;
        Recorder r;
        r.queue = &q;
        const TimerId old = q.at(1, &r, 0, 1);
        QVERIFY(q.runNext()); // runs; its slot is recycled
        q.at(2, &r, 0, 2);    // reuses the slot
        q.cancel(old);        // must not hit the new event
        QVERIFY(q.runNext());
        QCOMPARE(r.seen.size(), std::size_t(2));
    }

    void handlersSchedulingFromInsideKeepTheOrder()
    {
        EventQueue q;
        Chain c;
        c.queue = &q;
        for (std::uint64_t root = 1; root <= 20; ++root)
            q.at(static_cast<Time>(root % 7), &c, 8, root);
        while (q.runNext()) {
        }
        QCOMPARE(c.seen.size(), std::size_t(20 * ((1 << 9) - 1)));
        QVERIFY(q.empty());

        // The same process on an obviously correct queue: a std::set ordered by (time, seq).
        std::set<std::tuple<Time, std::uint64_t, std::uint32_t, std::uint64_t>> reference;
        std::uint64_t seq = 0, state = 12345;
        for (std::uint64_t root = 1; root <= 20; ++root)
            reference.emplace(static_cast<Time>(root % 7), seq++, 8, root);
        std::vector<std::pair<Time, std::uint64_t>> expected;
        while (!reference.empty()) {
            const auto [now, s, depth, arg] = *reference.begin();
            reference.erase(reference.begin());
            expected.emplace_back(now, arg);
            if (depth == 0) continue;
            for (int i = 0; i < 2; ++i) {
                state = state * 6364136223846793005ULL + 1442695040888963407ULL;
                const Time delay = static_cast<Time>((state >> 33) % 50);
                reference.emplace(now + delay, seq++, depth - 1,
                                  arg * 10 + static_cast<std::uint64_t>(i));
            }
        }
        QCOMPARE(c.seen, expected);
    }

    void matchesAnOrderedSet_data()
    {
        QTest::addColumn<int>("shape");
        QTest::addColumn<int>("events");
        QTest::addColumn<int>("roots");
        QTest::newRow("network-like delays, 100 in flight")
            << int(DelayShape::Network) << 300000 << 100;
        QTest::newRow("1 ns to 2 days") << int(DelayShape::Mixed) << 200000 << 500;
        QTest::newRow("ties at one instant") << int(DelayShape::SameInstant) << 100000 << 50;
        QTest::newRow("seconds apart, few in flight") << int(DelayShape::Sparse) << 100000 << 3;
        QTest::newRow("nanoseconds apart, thousands in flight")
            << int(DelayShape::Dense) << 300000 << 5000;
    }
    void matchesAnOrderedSet()
    {
        QFETCH(int, shape);
        QFETCH(int, events);
        QFETCH(int, roots);
        EventQueue q;
        Process p;
        p.queue = &q;
        p.shape = static_cast<DelayShape>(shape);
        p.budget = static_cast<std::uint64_t>(events);
        for (int i = 0; i < roots; ++i)
            p.schedule();
        while (q.runNext()) {
        }
        QVERIFY(q.empty());
        const auto expected =
            referenceRun(static_cast<DelayShape>(shape), static_cast<std::uint64_t>(events), roots);
        QVERIFY(expected.size() > static_cast<std::size_t>(events) / 2); // not all cancelled
        QCOMPARE(p.seen.size(), expected.size());
        QVERIFY(p.seen == expected);
    }

    void calendarWidthFollowsTheDensity_data()
    {
        QTest::addColumn<std::uint64_t>("gapNs");
        QTest::addColumn<bool>("narrower");
        QTest::newRow("thousands of keys a nanosecond apart") << std::uint64_t{1} << true;
        QTest::newRow("keys seconds apart") << std::uint64_t{3'000'000'000} << false;
    }
    void calendarWidthFollowsTheDensity()
    {
        // 1,000 keys pending, each replaced by one `gap` × (1…2) later: the width must move
        // away from its first ~1 ms towards a handful of keys per bucket.
        QFETCH(std::uint64_t, gapNs);
        QFETCH(bool, narrower);
        EventCalendar c;
        const int before = c.shift();
        std::uint64_t seq = 0, state = 7;
        const auto key = [&](Time t) {
            return (static_cast<EventCalendar::Key>(static_cast<std::uint64_t>(t)) << 64) |
                   (static_cast<EventCalendar::Key>(seq++) << 24);
        };
        for (int i = 0; i < 1000; ++i)
            c.insert(key(static_cast<Time>(gapNs * static_cast<std::uint64_t>(i))));
        EventCalendar::Key last = 0;
        for (int i = 0; i < 400000; ++i) {
            const EventCalendar::Key k = c.top();
            QVERIFY(i == 0 || k > last);
            last = k;
            c.pop();
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            const std::uint64_t gap = gapNs * (1000 + (state >> 33) % 1000);
            c.insert(key(EventCalendar::timeOf(k) + static_cast<Time>(gap)));
        }
        QCOMPARE(c.size(), std::size_t(1000));
        if (narrower)
            QVERIFY2(c.shift() < before, qPrintable(QString::number(c.shift())));
        else
            QVERIFY2(c.shift() > before, qPrintable(QString::number(c.shift())));
    }

    void anEventBeforeALookAheadRunsFirst()
    {
        // A driver paced by a wall clock (serve) asks for the next event's time, then moves the
        // clock only part of the way and schedules something earlier than what it saw.
        EventQueue q;
        Recorder r;
        r.queue = &q;
        q.at(10'000'000'000, &r, 0, 1); // 10 s
        q.at(20'000'000'000, &r, 0, 2);
        QCOMPARE(q.nextTime(), Time(10'000'000'000));
        q.advanceClock(1'000'000'000);
        q.at(1'500'000'000, &r, 0, 3);
        q.at(1'000'000'000, &r, 0, 4);
        QCOMPARE(q.nextTime(), Time(1'000'000'000));
        while (q.runNext()) {
        }
        const std::vector<std::pair<Time, std::uint64_t>> expected = {
            {1'000'000'000, 4}, {1'500'000'000, 3}, {10'000'000'000, 1}, {20'000'000'000, 2}};
        QCOMPARE(r.seen, expected);
    }

    void farFutureAndEndOfTime()
    {
        // Keys near the end of representable time (a timer 100 years out) do not overflow the
        // calendar's arithmetic.
        EventQueue q;
        Recorder r;
        r.queue = &q;
        const Time far = kTimeNever - 1;
        q.at(far, &r, 0, 1);
        q.at(5, &r, 0, 2);
        q.at(far - 1'000'000'000'000, &r, 0, 3);
        while (q.runNext()) {
        }
        const std::vector<std::pair<Time, std::uint64_t>> expected = {
            {5, 2}, {far - 1'000'000'000'000, 3}, {far, 1}};
        QCOMPARE(r.seen, expected);
    }

    void respectsTheLimit()
    {
        EventQueue q;
        Recorder r;
        r.queue = &q;
        q.at(100, &r, 0, 1);
        QVERIFY(!q.runNext(99));
        QCOMPARE(q.nextTime(), Time(100));
        QVERIFY(q.runNext(100));
        QVERIFY(q.empty());
    }

    void laneKeepsTheHeapsOrder()
    {
        // A source on the lane (atNext) runs exactly where at() would have put it: by time, and
        // at one instant in the order of scheduling, against events scheduled before and after.
        struct Source : EventTarget
        {
            EventQueue* queue = nullptr;
            std::vector<std::pair<Time, std::uint64_t>>* seen = nullptr;
            int left = 0;
            void onEvent(std::uint32_t, std::uint64_t arg) override
            {
                seen->emplace_back(queue->now(), arg);
                if (--left > 0) queue->atNext(queue->now() + 10, this, 0, arg + 1);
            }
        };
        for (bool lane : {true, false}) {
            EventQueue q;
            Recorder r;
            r.queue = &q;
            Source src;
            src.queue = &q;
            src.seen = &r.seen;
            src.left = 4;
            q.at(10, &r, 0, 100); // before the source's first event at 10
            if (lane)
                q.atNext(10, &src, 0, 1);
            else
                q.at(10, &src, 0, 1);
            q.at(10, &r, 0, 101); // after it
            q.at(20, &r, 0, 102); // before the event at 20 the source schedules while running
            q.at(35, &r, 0, 103);
            QCOMPARE(q.pending(), std::size_t(5));
            if (lane) QCOMPARE(q.nextTime(), Time(10));
            while (q.runNext(35)) {
            }
            const std::vector<std::pair<Time, std::uint64_t>> expected = {
                {10, 100}, {10, 1}, {10, 101}, {20, 102}, {20, 2}, {30, 3}, {35, 103}};
            QCOMPARE(r.seen, expected);
            QCOMPARE(q.nextTime(), Time(40)); // the source's last event, past the limit
            QVERIFY(q.runNext());
            QVERIFY(q.empty());
            QCOMPARE(q.eventsRun(), 8u);
        }
    }

    void secondLaneSourceUsesTheHeap()
    {
        EventQueue q;
        Recorder r;
        r.queue = &q;
        q.atNext(20, &r, 0, 1);
        q.atNext(10, &r, 0, 2); // the lane is taken: this one goes to the heap
        QCOMPARE(q.pending(), std::size_t(2));
        while (q.runNext()) {
        }
        const std::vector<std::pair<Time, std::uint64_t>> expected = {{10, 2}, {20, 1}};
        QCOMPARE(r.seen, expected);
    }
};

QTEST_GUILESS_MAIN(TestEventQueue)
#include "tst_event_queue.moc"

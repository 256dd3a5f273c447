// The virtual-time event queue: time order, insertion order for ties, cancellation.

#include "sim/event_queue.h"

#include <QTest>
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

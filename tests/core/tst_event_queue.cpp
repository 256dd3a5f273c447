// The virtual-time event queue: time order, insertion order for ties, cancellation.

#include "sim/event_queue.h"

#include <QTest>

#include <vector>

using namespace reslab;

namespace {
struct Recorder : EventTarget
{
    std::vector<std::pair<Time, std::uint64_t>> seen;
    EventQueue* queue = nullptr;
    void onEvent(std::uint32_t, std::uint64_t arg) override { seen.emplace_back(queue->now(), arg); }
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
        while (q.runNext()) {}
        const std::vector<std::pair<Time, std::uint64_t>> expected = {{10, 2}, {10, 4}, {20, 5}, {30, 1}, {30, 3}};
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
        while (q.runNext()) {}
        QCOMPARE(r.seen.size(), std::size_t(1));
        QCOMPARE(r.seen.front().second, 2u);
    }

    void staleIdsDoNotCancelNewEvents()
    {
        EventQueue q;
        Recorder r;
        r.queue = &q;
        const TimerId old = q.at(1, &r, 0, 1);
        QVERIFY(q.runNext());      // runs; its slot is recycled
        q.at(2, &r, 0, 2);         // reuses the slot
        q.cancel(old);             // must not hit the new event
        QVERIFY(q.runNext());
        QCOMPARE(r.seen.size(), std::size_t(2));
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
};

QTEST_GUILESS_MAIN(TestEventQueue)
#include "tst_event_queue.moc"

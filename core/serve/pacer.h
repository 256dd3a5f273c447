#pragma once
// Runs an event queue on the wall clock: "one engine, any clock". The endpoints and strategies
// schedule events on the same EventQueue a simulation uses; the pacer runs each one when the wall
// clock reaches its time (virtual time = nanoseconds since serving began), with one asio timer
// armed for the earliest pending event — no thread per sleeping request. Work that comes from
// outside (a real client's request) enters between events: catchUp() runs what is due and moves
// the queue's clock to now, the caller hands the engine its work, rearm() sets the timer for
// whatever that work scheduled.
//
// Threading: everything runs on the io_context's one thread.

#include "sim/event_queue.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>

namespace reslab {

class Pacer
{
public:
    Pacer(boost::asio::io_context& io, EventQueue& queue);

    // Nanoseconds of wall clock since the pacer was made.
    Time wallNow() const;
    // Runs every event due by now, then moves the queue's clock to now.
    void catchUp();
    // Arms the timer for the earliest pending event (cancelling one armed for a later time).
    void rearm();
    // Stops waking up (the server is shutting down).
    void stop();

    // How late, at most, an event has run behind its time (for the metrics).
    Time maxLateness() const { return m_maxLateness; }

private:
    void onTimer(const boost::system::error_code& ec);

    EventQueue& m_queue;
    boost::asio::steady_timer m_timer;
    std::chrono::steady_clock::time_point m_start;
    Time m_armedFor = kTimeNever;
    Time m_maxLateness = 0;
    bool m_stopped = false;
};

} // namespace reslab

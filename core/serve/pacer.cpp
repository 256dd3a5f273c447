#include "serve/pacer.h"

#include <algorithm>

namespace reslab {

Pacer::Pacer(boost::asio::io_context& io, EventQueue& queue)
    : m_queue(queue), m_timer(io), m_start(std::chrono::steady_clock::now())
{
}

Time Pacer::wallNow() const
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() -
                                                                m_start)
        .count();
}

void Pacer::catchUp()
{
    // The limit is read once: events the handlers schedule for "now or earlier" run in this
    // pass, later ones wait for their time, so a burst cannot keep the loop from returning.
    const Time limit = wallNow();
    while (true) {
        const Time next = m_queue.nextTime();
        if (next > limit) break;
        m_maxLateness = std::max(m_maxLateness, limit - next);
        m_queue.runTop();
    }
    m_queue.advanceClock(limit);
}

void Pacer::rearm()
{
    if (m_stopped) return;
    const Time next = m_queue.nextTime();
    if (next == m_armedFor) return;
    m_armedFor = next;
    if (next == kTimeNever) {
        m_timer.cancel();
        return;
    }
    m_timer.expires_at(m_start + std::chrono::nanoseconds(next)); // cancels the earlier wait
    m_timer.async_wait([this](const boost::system::error_code& ec) { onTimer(ec); });
}

void Pacer::stop()
{
    m_stopped = true;
    m_timer.cancel();
}

void Pacer::onTimer(const boost::system::error_code& ec)
{
    if (ec || m_stopped) return; // re-armed for another time, or stopping
    m_armedFor = kTimeNever;
    catchUp();
    rearm();
}

} // namespace reslab

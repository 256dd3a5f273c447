#include "model/server_queue.h"

#include <cmath>

namespace reslab {

void ServerQueue::push(std::uint32_t job, Time now)
{
    m_entries.push_back(Entry{job, now});
}

bool ServerQueue::aboveTargetForAnInterval(Time now, Time sojourn, std::size_t remaining,
                                           const CapacitySpec& c)
{
    // RFC 8289 dodequeue(): a wait under the target, or a queue of at most one more call (the
    // RFC's "bytes_in_queue <= MAXPACKET"), is not a standing queue.
    if (sojourn < fromMillis(c.codelTargetMs) || remaining <= 1) {
        m_firstAboveTime = 0;
        return false;
    }
    if (m_firstAboveTime == 0) {
        m_firstAboveTime = now + fromMillis(c.codelIntervalMs);
        return false;
    }
    return now >= m_firstAboveTime;
}

bool ServerQueue::follyOverloaded(Time delay, Time now, const CapacitySpec& c)
{
    const Time target = fromMillis(c.codelTargetMs);
    const Time minDelay = m_follyMinDelay;
    if (now > m_follyIntervalEnd && !m_follyResetDelay) {
        m_follyResetDelay = true;
        m_follyIntervalEnd = now + fromMillis(c.codelIntervalMs);
        m_follyOverloaded = minDelay > target;
    }
    if (m_follyResetDelay) {
        m_follyResetDelay = false;
        m_follyMinDelay = delay;
        return false; // more than one call must come in during an interval before it sheds
    }
    if (delay < m_follyMinDelay) m_follyMinDelay = delay;
    return m_follyOverloaded && delay > 2 * target; // getSloughTimeout(): 2 × target
}

bool ServerQueue::take(Time now, const CapacitySpec& c, bool back,
                       const std::function<bool(std::uint32_t)>& removed,
                       std::vector<std::uint32_t>& dropped, std::vector<std::uint32_t>& released,
                       Entry& out, bool& okToDrop)
{
    okToDrop = false;
    const Time timeout = c.queueTimeoutMs ? fromMillis(*c.queueTimeoutMs) : kTimeNever;
    while (!m_entries.empty()) {
        const Entry e = back ? m_entries.back() : m_entries.front();
        if (back)
            m_entries.pop_back();
        else
            m_entries.pop_front();
        if (removed(e.job)) {
            released.push_back(e.job);
            continue;
        }
        if (now - e.at > timeout) {
            ++m_timedOut;
            dropped.push_back(e.job);
            continue;
        }
        if (c.discipline == QueueDiscipline::Codel && follyOverloaded(now - e.at, now, c)) {
            ++m_codelDrops;
            dropped.push_back(e.job);
            continue;
        }
        out = e;
        if (c.discipline == QueueDiscipline::CodelRfc8289)
            okToDrop = aboveTargetForAnInterval(now, now - e.at, m_entries.size() + 1, c);
        return true;
    }
    if (c.discipline == QueueDiscipline::CodelRfc8289) m_firstAboveTime = 0; // an empty queue
    return false;
}

bool ServerQueue::pop(Time now, const CapacitySpec& c,
                      const std::function<bool(std::uint32_t)>& removed,
                      std::vector<std::uint32_t>& dropped, std::vector<std::uint32_t>& released,
                      std::uint32_t& next)
{
    Entry e{};
    bool ok = false;
    switch (c.discipline) {
    case QueueDiscipline::Fifo:
    case QueueDiscipline::Codel: // take() sheds what folly's CoDel sheds
        if (!take(now, c, false, removed, dropped, released, e, ok)) return false;
        break;
    case QueueDiscipline::Lifo:
        if (!take(now, c, true, removed, dropped, released, e, ok)) return false;
        break;
    case QueueDiscipline::AdaptiveLifo: {
        // Congestion is judged on the oldest call's wait, the one FIFO would serve next.
        while (!m_entries.empty() && removed(m_entries.front().job)) {
            released.push_back(m_entries.front().job);
            m_entries.pop_front();
        }
        if (!m_entries.empty()) follyOverloaded(now - m_entries.front().at, now, c);
        if (!take(now, c, m_follyOverloaded, removed, dropped, released, e, ok)) return false;
        break;
    }
    case QueueDiscipline::CodelRfc8289: {
        // RFC 8289 section 5.5, dequeue(), with a dropped call answered 503.
        const Time interval = fromMillis(c.codelIntervalMs);
        auto controlLaw = [interval](Time t, std::uint32_t count) {
            return t + static_cast<Time>(static_cast<double>(interval) /
                                         std::sqrt(static_cast<double>(count)));
        };
        bool have = take(now, c, false, removed, dropped, released, e, ok);
        if (m_dropping) {
            if (!ok) m_dropping = false;
            while (have && now >= m_dropNext && m_dropping) {
                dropped.push_back(e.job);
                ++m_codelDrops;
                ++m_count;
                have = take(now, c, false, removed, dropped, released, e, ok);
                if (!ok)
                    m_dropping = false;
                else
                    m_dropNext = controlLaw(m_dropNext, m_count);
            }
        } else if (have && ok) {
            dropped.push_back(e.job);
            ++m_codelDrops;
            have = take(now, c, false, removed, dropped, released, e, ok);
            m_dropping = true;
            const std::uint32_t delta = m_count - m_lastCount;
            m_count = 1;
            if (delta > 1 && now - m_dropNext < 16 * interval) m_count = delta;
            m_dropNext = controlLaw(now, m_count);
            m_lastCount = m_count;
        }
        if (!have) return false;
        break;
    }
    }
    next = e.job;
    return true;
}

void ServerQueue::trim(const std::function<bool(std::uint32_t)>& removed,
                       std::vector<std::uint32_t>& released)
{
    while (!m_entries.empty() && removed(m_entries.front().job)) {
        released.push_back(m_entries.front().job);
        m_entries.pop_front();
    }
    while (!m_entries.empty() && removed(m_entries.back().job)) {
        released.push_back(m_entries.back().job);
        m_entries.pop_back();
    }
}

} // namespace reslab

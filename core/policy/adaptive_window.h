#pragma once
// The adaptive backoff's memory: the outcomes of the last `window` attempts through one retry
// strategy, shared by every call it makes — zenoo_rpc AdaptiveStrategy's _attempts_history, a
// list it appends each attempt's success to and trims from the front (record_attempt).

#include "policy/backoff.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace reslab {

class AdaptiveWindow
{
public:
    explicit AdaptiveWindow(int window) : m_ring(static_cast<std::size_t>(std::max(window, 1))) {}

    void record(bool success)
    {
        if (m_count == static_cast<int>(m_ring.size())) {
            m_successes -= m_ring[m_head];
            --m_count;
        }
        m_ring[m_head] = success ? 1 : 0;
        m_successes += m_ring[m_head];
        m_head = (m_head + 1) % m_ring.size();
        ++m_count;
    }
    int samples() const { return m_count; }
    int successes() const { return m_successes; }
    AdaptiveRegime regime(const BackoffSpec& spec) const
    {
        return adaptiveRegime(spec, m_count, m_successes);
    }

private:
    std::vector<std::uint8_t> m_ring;
    std::size_t m_head = 0; // where the next outcome goes (the oldest, once full)
    int m_count = 0;
    int m_successes = 0;
};

} // namespace reslab

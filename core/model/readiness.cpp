#include "model/readiness.h"

#include "sim/rng.h"

namespace reslab {

Readiness::Readiness(const ReadinessSpec& spec, std::size_t hosts, std::uint64_t seed,
                     const std::string& endpoint)
    : m_spec(spec), m_period(std::max<Time>(fromSeconds(spec.periodS), 1)),
      m_timeout(fromSeconds(spec.timeoutS)), m_hosts(hosts)
{
    m_state.ready.assign(hosts, true);
    Rng offsets = Rng::named(seed, "endpoint/" + endpoint + "/readiness");
    const Time start = fromSeconds(spec.initialDelayS);
    for (Host& h : m_hosts)
        h.next = start + static_cast<Time>(offsets.uniform() * static_cast<double>(m_period));
}

void Readiness::advance(Time now, const std::vector<std::unique_ptr<Endpoint>>& hosts,
                        std::vector<Change>& changes)
{
    const std::size_t before = changes.size();
    for (std::size_t i = 0; i < m_hosts.size(); ++i) {
        Host& h = m_hosts[i];
        while (h.next <= now) {
            const bool ok = hosts[i]->probe(h.next, m_timeout, h.probes++);
            h.next += m_period;
            if (ok) {
                h.failures = 0;
                if (++h.successes >= m_spec.successThreshold && !h.ready) {
                    h.ready = true;
                    changes.push_back({h.next - m_period, static_cast<std::uint16_t>(i), true});
                }
            } else {
                h.successes = 0;
                if (++h.failures >= m_spec.failureThreshold && h.ready) {
                    h.ready = false;
                    changes.push_back({h.next - m_period, static_cast<std::uint16_t>(i), false});
                }
            }
        }
    }
    if (changes.size() == before) return;
    for (std::size_t i = 0; i < m_hosts.size(); ++i)
        m_state.ready[i] = m_hosts[i].ready;
    ++m_state.version;
}

} // namespace reslab

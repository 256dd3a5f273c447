#pragma once
// Linkerd's failure accrual (linkerd2-proxy linkerd/app/outbound/src/http/breaker/
// consecutive_failures.rs; backoff from linkerd/exp-backoff/src/lib.rs): a breaker per host of a
// balancer. Open (available) until `consecutive_failures` failures in a row; then shut for a
// backoff — min_penalty · 2^k capped at max_penalty, plus U(0,1) · jitter_ratio · base capped so
// the total stays under max_penalty — ignoring responses; then on probation, admitting a single
// request: the first response that arrives decides, success opening the breaker and failure
// shutting it again for the stream's next backoff (k + 1). Each shut episode starts a fresh
// backoff stream (k = 0).
//
// Failures are what Linkerd's HTTP classifier counts: 5xx answers, timeouts and resets.
// As with outlier detection, the backoffs that end run lazily (advance(now)) before the pick or
// answer at `now`.

#include "policy/load_balancer_spec.h"
#include "policy/outlier_detector.h"
#include "sim/rng.h"
#include "sim/time.h"

#include <cstdint>
#include <vector>

namespace reslab {

class FailureAccrual
{
public:
    enum class State : std::uint8_t
    {
        Open,      // available
        Shut,      // backing off
        Probation, // admits one request
        Probing    // its one request is out; shut to others
    };

    FailureAccrual(const FailureAccrualSpec& spec, std::size_t hosts, Rng rng);

    // Moves shut hosts whose backoff has ended to probation.
    void advance(Time now);
    bool available(std::size_t h) const
    {
        return m_hosts[h].state == State::Open || m_hosts[h].state == State::Probation;
    }
    State state(std::size_t h) const { return m_hosts[h].state; }
    // A request was sent to host h (on probation, it takes the one permit).
    void onDispatch(std::size_t h);
    // A response from host h: `failed` as Linkerd's classifier judges it.
    void onResponse(std::size_t h, bool failed, Time now);
    // The backoff that the current or last shut episode of host h waits.
    Time lastPenalty(std::size_t h) const { return m_hosts[h].penalty; }

    // Shut (Ejected) and reopened (Unejected) hosts since the caller last cleared it; type
    // FailureAccrual.
    std::vector<EjectionEvent>& events() { return m_events; }
    // True when availability changed since the caller last cleared it.
    bool changed() const { return m_changed; }
    void clearChanged() { m_changed = false; }

private:
    struct Host
    {
        State state = State::Open;
        std::uint32_t failures = 0;
        std::uint32_t iterations = 0; // of this shut episode's backoff stream
        Time until = 0;               // Shut: when probation begins
        Time penalty = 0;
    };
    void shut(std::size_t h, Time now);
    Time backoff(std::uint32_t iterations);

    FailureAccrualSpec m_spec;
    std::vector<Host> m_hosts;
    Rng m_rng;
    Time m_min, m_max;
    std::size_t m_shut = 0;
    std::vector<EjectionEvent> m_events;
    bool m_changed = false;
};

} // namespace reslab

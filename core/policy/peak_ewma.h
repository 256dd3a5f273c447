#pragma once
// Linkerd's balancer: power of two choices over each host's peak-EWMA cost, as tower's
// `load::PeakEwma` measures it and linkerd2-proxy's `P2cPool` chooses
// (tower-rs/tower tower/src/load/peak_ewma.rs @ 8358ee7; linkerd/linkerd2-proxy
// linkerd/pool/p2c/src/lib.rs @ 29637b6).
//
//   cost(h)   = estimate(h) × (pending(h) + 1), pending: this client's requests in flight to h
//   estimate  starts at default_rtt; reading it (every cost) first decays it toward 0:
//             est ← est · e^(−elapsed/decay), elapsed since its last update, and the update time
//             becomes now
//   an answer (or any end of the call: tower's handle updates on drop) with round-trip rtt:
//             rtt > est  → est = rtt (the peak)
//             otherwise  → est = est · e^(−elapsed/decay) + rtt · (1 − e^(−elapsed/decay))
//   the pick  two distinct hosts a = draw₁ mod n, b = draw₂ mod (n − 1) (+1 when ≥ a), a kept
//             when cost(a) ≤ cost(b) (gen_pair, p2c_ready_index); one host: no draws, no costs
// Linkerd's defaults: default_rtt 30 ms, decay 10 s (linkerd2 policy-controller/grpc/src/
// outbound.rs BALANCER_DEFAULT_RTT, BALANCER_RTT_DECAY; linkerd2-proxy
// linkerd/app/outbound/src/http/logical/profile.rs DEFAULT_EWMA); the proxy floors the default
// RTT at 1 ms (linkerd/proxy/balance/src/lib.rs MIN_DEFAULT_RTT).

#include "sim/time.h"

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace reslab {

// linkerd/proxy/balance/src/lib.rs MIN_DEFAULT_RTT.
inline constexpr double kLinkerdMinDefaultRttMs = 1.0;

// gen_pair: two distinct indexes below n (n ≥ 2) from two draws.
std::pair<std::size_t, std::size_t> p2cPair(std::uint64_t drawA, std::uint64_t drawB,
                                            std::size_t n);

class PeakEwma
{
public:
    PeakEwma() = default;
    PeakEwma(std::size_t hosts, double defaultRttMs, double decayMs, Time start);

    // The host's cost now (its estimate decayed to now, as tower's load() does).
    double cost(std::size_t host, std::uint32_t pending, Time now);
    // A call to `host` sent at `sent` ended now.
    void observe(std::size_t host, Time sent, Time now);
    // The estimate in nanoseconds, as last updated (for tests and views).
    double estimateNs(std::size_t host) const { return m_hosts[host].rttNs; }

private:
    struct Estimate
    {
        double rttNs;
        Time updateAt;
    };
    double update(Estimate& e, double rttNs, Time now) const;

    std::vector<Estimate> m_hosts;
    double m_decayNs = 1.0;
};

} // namespace reslab

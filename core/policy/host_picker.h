#pragma once
// One choice of a host among the eligible ones, as Envoy's load balancers make it
// (source/extensions/load_balancing_policies/*, source/common/upstream/load_balancer_impl.cc):
//   round_robin    equal weights: eligible[index++ mod n], the index starting at a random place
//                  (Envoy seeds it so that clients do not move in step); unequal: EDF (below)
//   random         equal weights: eligible[random() mod n]; unequal: by cumulative weight
//   least_request  equal weights: choice_count draws with replacement, the first kept unless a
//                  later one has strictly fewer active requests (P2C); unequal or an explicit
//                  bias: EDF with weight ÷ (active + 1)^active_request_bias, taken when a host is
//                  put back after its pick
//   ring_hash      a ring of ≥ 1024 points, each host's share by weight; the key's hash goes to
//                  the next point clockwise
//   maglev         Maglev's lookup table of 65537 entries, filled by each host's permutation
//   peak_ewma      Linkerd's: two distinct hosts drawn, the one with the lower peak-EWMA cost
//                  (latency estimate × (active + 1)) kept, the first on a tie (policy/peak_ewma.h)
// EDF is Envoy's EdfScheduler: each host's deadline is the scheduler's time + 1 ÷ weight, the
// earliest deadline picked (ties: first added), its time becoming the scheduler's.
// Placement on the ring and in the Maglev table hashes the host's index, not its address with
// xxHash as Envoy does: the spread is the same, which key lands on which host is not.

#include "policy/load_balancer_spec.h"
#include "policy/peak_ewma.h"
#include "policy/pipeline.h"
#include "sim/rng.h"

#include <cstdint>
#include <span>
#include <vector>

namespace reslab {

// The most hosts least_request draws per pick (the reader's bound on choice_count).
inline constexpr int kMaxChoiceCount = 100;

// least_request's unweighted pick (Envoy's unweightedHostPickNChoices): draw i names
// eligible[draw mod n], with replacement; the first is kept unless a later one has strictly fewer
// active requests.
std::uint16_t leastRequestChoice(std::span<const std::uint16_t> eligible,
                                 std::span<const std::uint32_t> active,
                                 std::span<const std::uint64_t> draws);

class HostPicker
{
public:
    HostPicker(const LoadBalancerSpec& spec, std::span<const HostInfo> hosts, Rng rng,
               Time start = 0);

    // The eligible hosts changed (an ejection, panic): schedulers and tables are rebuilt.
    void refresh(std::span<const std::uint16_t> eligible);
    // One pick among `eligible` (as given to the last refresh). `active[h]`: the requests this
    // client has in flight to host h; `key`: the request's hash key; `attempt`: 0 for the first
    // selection of an attempt, n for the n-th re-selection (a hash policy moves on by it);
    // `now`: the clock (peak_ewma decays its estimates to it).
    std::uint16_t pick(std::span<const std::uint32_t> active, std::uint64_t key,
                       std::uint32_t attempt, Time now = 0);
    // peak_ewma: a call to `host` sent at `sent` ended now (an answer, or cancelled).
    void observe(std::uint16_t host, Time sent, Time now) { m_ewma.observe(host, sent, now); }
    const PeakEwma& ewma() const { return m_ewma; }

private:
    struct EdfEntry
    {
        double deadline;
        std::uint64_t order;
        std::uint16_t host;
        bool operator>(const EdfEntry& o) const
        {
            return deadline != o.deadline ? deadline > o.deadline : order > o.order;
        }
    };
    double edfWeight(std::uint16_t host, std::uint32_t active) const;
    void edfAdd(std::uint16_t host, double weight);
    std::uint16_t edfPick(std::span<const std::uint32_t> active);
    void buildRing();
    void buildMaglev();

    LoadBalancerSpec m_spec;
    std::vector<double> m_weights;
    bool m_weighted = false;
    Rng m_rng;
    std::vector<std::uint16_t> m_eligible;
    std::uint64_t m_rrIndex;
    // EDF (a binary heap on (deadline, order))
    std::vector<EdfEntry> m_edf;
    double m_edfTime = 0.0;
    std::uint64_t m_edfOrder = 0;
    // ring_hash: (point, host) sorted by point · maglev: host per table entry
    std::vector<std::pair<std::uint64_t, std::uint16_t>> m_ring;
    std::vector<std::uint16_t> m_maglev;
    PeakEwma m_ewma; // peak_ewma only
};

} // namespace reslab

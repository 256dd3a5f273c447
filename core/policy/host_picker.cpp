#include "policy/host_picker.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace reslab {

namespace {
std::uint64_t hostHash(std::uint64_t host, std::uint64_t i)
{
    return splitmix64Mix(splitmix64Mix(host + 0x9E3779B97F4A7C15ull) ^ i);
}
} // namespace

std::uint16_t leastRequestChoice(std::span<const std::uint16_t> eligible,
                                 std::span<const std::uint32_t> active,
                                 std::span<const std::uint64_t> draws)
{
    std::uint16_t candidate = eligible[draws[0] % eligible.size()];
    for (std::size_t i = 1; i < draws.size(); ++i) {
        const std::uint16_t other = eligible[draws[i] % eligible.size()];
        if (active[other] < active[candidate]) candidate = other;
    }
    return candidate;
}

HostPicker::HostPicker(const LoadBalancerSpec& spec, std::span<const HostInfo> hosts, Rng rng,
                       Time start)
    : m_spec(spec), m_rng(rng), m_rrIndex(0)
{
    if (spec.policy == LbPolicy::PeakEwma)
        m_ewma = PeakEwma(hosts.size(), spec.defaultRttMs, spec.decayMs, start);
    for (const HostInfo& h : hosts) {
        m_weights.push_back(h.weight);
        if (h.weight != hosts.front().weight) m_weighted = true;
    }
    // least_request takes the weighted (EDF) path also for a bias other than 1 (Envoy: when one is
    // set explicitly; with equal weights and no bias it keeps P2C).
    if (spec.policy == LbPolicy::LeastRequest && spec.activeRequestBias != 1.0) m_weighted = true;
    m_rrIndex = m_rng.next(); // Envoy seeds each round robin at a random place
}

void HostPicker::refresh(std::span<const std::uint16_t> eligible)
{
    m_eligible.assign(eligible.begin(), eligible.end());
    m_edf.clear();
    m_edfTime = 0.0;
    if (m_weighted &&
        (m_spec.policy == LbPolicy::RoundRobin || m_spec.policy == LbPolicy::LeastRequest)) {
        for (std::uint16_t h : m_eligible)
            edfAdd(h, m_weights[h]);
    }
    if (m_spec.policy == LbPolicy::RingHash) buildRing();
    if (m_spec.policy == LbPolicy::Maglev) buildMaglev();
}

double HostPicker::edfWeight(std::uint16_t host, std::uint32_t active) const
{
    const double w = m_weights[host];
    if (m_spec.policy != LbPolicy::LeastRequest) return w;
    const double bias = m_spec.activeRequestBias;
    const double a = static_cast<double>(active) + 1.0;
    if (bias == 0.0) return w;
    if (bias == 1.0) return w / a;
    return w / std::pow(a, bias);
}

void HostPicker::edfAdd(std::uint16_t host, double weight)
{
    m_edf.push_back(EdfEntry{m_edfTime + 1.0 / weight, m_edfOrder++, host});
    std::push_heap(m_edf.begin(), m_edf.end(), std::greater<>());
}

std::uint16_t HostPicker::edfPick(std::span<const std::uint32_t> active)
{
    std::pop_heap(m_edf.begin(), m_edf.end(), std::greater<>());
    const EdfEntry e = m_edf.back();
    m_edf.pop_back();
    m_edfTime = e.deadline;
    // Put back with its weight as of the pick, before this request is counted as active
    // (Envoy's pickAndAdd computes it then).
    edfAdd(e.host, edfWeight(e.host, active[e.host]));
    return e.host;
}

void HostPicker::buildRing()
{
    m_ring.clear();
    if (m_eligible.empty()) return;
    double total = 0.0;
    for (std::uint16_t h : m_eligible)
        total += m_weights[h];
    for (std::uint16_t h : m_eligible) {
        const auto points = std::max<std::uint64_t>(
            1, static_cast<std::uint64_t>(std::ceil(kEnvoyMinRingSize * m_weights[h] / total)));
        for (std::uint64_t i = 0; i < points; ++i)
            m_ring.emplace_back(hostHash(h, i), h);
    }
    std::sort(m_ring.begin(), m_ring.end());
}

void HostPicker::buildMaglev()
{
    // Maglev (Eisenbud et al., NSDI 2016) section 3.4, each host taking turns in proportion to
    // its weight (Envoy's weighted Maglev).
    constexpr std::uint64_t M = kEnvoyMaglevTableSize;
    m_maglev.assign(M, 0xFFFF);
    if (m_eligible.empty()) return;
    const std::size_t n = m_eligible.size();
    std::vector<std::uint64_t> offset(n), skip(n), next(n, 0);
    double maxWeight = 0.0;
    for (std::uint16_t h : m_eligible)
        maxWeight = std::max(maxWeight, m_weights[h]);
    for (std::size_t i = 0; i < n; ++i) {
        offset[i] = hostHash(m_eligible[i], 1) % M;
        skip[i] = hostHash(m_eligible[i], 2) % (M - 1) + 1;
    }
    std::vector<double> credit(n, 0.0);
    std::uint64_t filled = 0;
    while (filled < M) {
        for (std::size_t i = 0; i < n && filled < M; ++i) {
            credit[i] += m_weights[m_eligible[i]] / maxWeight;
            if (credit[i] < 1.0) continue;
            credit[i] -= 1.0;
            std::uint64_t c = (offset[i] + next[i] * skip[i]) % M;
            while (m_maglev[c] != 0xFFFF) {
                ++next[i];
                c = (offset[i] + next[i] * skip[i]) % M;
            }
            m_maglev[c] = m_eligible[i];
            ++next[i];
            ++filled;
        }
    }
}

std::uint16_t HostPicker::pick(std::span<const std::uint32_t> active, std::uint64_t key,
                               std::uint32_t attempt, Time now)
{
    const std::size_t n = m_eligible.size();
    if (n == 1) return m_eligible.front();
    switch (m_spec.policy) {
    case LbPolicy::RoundRobin:
        if (m_weighted) return edfPick(active);
        return m_eligible[m_rrIndex++ % n];
    case LbPolicy::Random: {
        if (!m_weighted) return m_eligible[m_rng.next() % n];
        double total = 0.0;
        for (std::uint16_t h : m_eligible)
            total += m_weights[h];
        double u = m_rng.uniform() * total;
        for (std::uint16_t h : m_eligible) {
            if (u < m_weights[h]) return h;
            u -= m_weights[h];
        }
        return m_eligible.back();
    }
    case LbPolicy::LeastRequest: {
        if (m_weighted) return edfPick(active);
        std::uint64_t draws[kMaxChoiceCount];
        const auto count = static_cast<std::size_t>(std::min(m_spec.choiceCount, kMaxChoiceCount));
        for (std::size_t i = 0; i < count; ++i)
            draws[i] = m_rng.next();
        return leastRequestChoice(m_eligible, active, {draws, count});
    }
    case LbPolicy::RingHash: {
        const std::uint64_t h = splitmix64Mix(key ^ (std::uint64_t{attempt} << 48));
        auto it = std::lower_bound(m_ring.begin(), m_ring.end(),
                                   std::pair<std::uint64_t, std::uint16_t>{h, 0});
        if (it == m_ring.end()) it = m_ring.begin();
        return it->second;
    }
    case LbPolicy::Maglev: {
        const std::uint64_t h = splitmix64Mix(key ^ (std::uint64_t{attempt} << 48));
        return m_maglev[h % m_maglev.size()];
    }
    case LbPolicy::PeakEwma: {
        // p2c_ready_index: a's load, then b's (each read decays that host's estimate).
        const std::uint64_t drawA = m_rng.next();
        const auto [a, b] = p2cPair(drawA, m_rng.next(), n);
        const std::uint16_t ha = m_eligible[a], hb = m_eligible[b];
        const double costA = m_ewma.cost(ha, active[ha], now);
        const double costB = m_ewma.cost(hb, active[hb], now);
        return costA <= costB ? ha : hb;
    }
    }
    return m_eligible.front();
}

} // namespace reslab

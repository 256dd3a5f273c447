#include "policy/peak_ewma.h"

#include <algorithm>
#include <cmath>

namespace reslab {

namespace {
constexpr double kNanosPerMs = 1'000'000.0;
}

std::pair<std::size_t, std::size_t> p2cPair(std::uint64_t drawA, std::uint64_t drawB, std::size_t n)
{
    const std::size_t a = drawA % n;
    std::size_t b = drawB % (n - 1);
    if (b >= a) ++b;
    return {a, b};
}

PeakEwma::PeakEwma(std::size_t hosts, double defaultRttMs, double decayMs, Time start)
    : m_hosts(hosts,
              Estimate{std::max(defaultRttMs, kLinkerdMinDefaultRttMs) * kNanosPerMs, start}),
      m_decayNs(decayMs * kNanosPerMs)
{
}

// RttEstimate::update: a higher round trip becomes the estimate at once; a lower one pulls it
// down by the weight the time since the last update gives it.
double PeakEwma::update(Estimate& e, double rttNs, Time now) const
{
    if (e.rttNs < rttNs) {
        e.rttNs = rttNs;
    } else {
        const double elapsed = static_cast<double>(std::max<Time>(0, now - e.updateAt));
        const double decay = std::exp(-elapsed / m_decayNs);
        e.rttNs = e.rttNs * decay + rttNs * (1.0 - decay);
    }
    e.updateAt = now;
    return e.rttNs;
}

double PeakEwma::cost(std::size_t host, std::uint32_t pending, Time now)
{
    // load(): decay toward 0 (an update with a zero round trip), then × (pending + 1).
    const double estimate = update(m_hosts[host], 0.0, now);
    return estimate * (static_cast<double>(pending) + 1.0);
}

void PeakEwma::observe(std::size_t host, Time sent, Time now)
{
    update(m_hosts[host], static_cast<double>(std::max<Time>(0, now - sent)), now);
}

} // namespace reslab

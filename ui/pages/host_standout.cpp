#include "host_standout.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace reslab::ui {

double standOutScore(const HostTable::Values& host, double medianLatencyMs, std::size_t hosts,
                     double rangeS)
{
    double score = 0.0;
    if (host.calls)
        score += std::min(1.0, double(host.failed + host.timeouts) / double(host.calls));
    if (rangeS > 0) score += std::min(1.0, host.ejectedS / rangeS);
    if (host.meanLatencyMs >= 0 && medianLatencyMs > 0)
        score += std::min(kMostLatencyScore, std::abs(host.meanLatencyMs / medianLatencyMs - 1.0));
    if (hosts > 1) score += std::abs(host.share * double(hosts) - 1.0);
    return score;
}

std::vector<bool> pickStandOut(const std::vector<HostTable::Values>& hosts, double rangeS,
                               const std::vector<bool>& before, std::size_t most)
{
    std::vector<double> latencies;
    for (const HostTable::Values& v : hosts)
        if (v.meanLatencyMs >= 0) latencies.push_back(v.meanLatencyMs);
    double median = 0.0;
    if (!latencies.empty()) {
        const auto middle = latencies.begin() + std::ptrdiff_t(latencies.size() / 2);
        std::nth_element(latencies.begin(), middle, latencies.end());
        median = *middle;
    }
    std::vector<double> score(hosts.size());
    for (std::size_t h = 0; h < hosts.size(); ++h)
        score[h] = standOutScore(hosts[h], median, hosts.size(), rangeS);
    std::vector<std::size_t> order(hosts.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::stable_sort(order.begin(), order.end(),
                     [&score](std::size_t a, std::size_t b) { return score[a] > score[b]; });
    std::vector<bool> picked(hosts.size(), false);
    std::size_t taken = 0;
    for (std::size_t h : order) {
        const bool was = h < before.size() && before[h];
        if (taken < most && score[h] >= (was ? kKeepScore : kPickScore)) {
            picked[h] = true;
            ++taken;
        }
    }
    return picked;
}

} // namespace reslab::ui

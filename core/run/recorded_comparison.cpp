#include "run/recorded_comparison.h"

#include "metrics/records.h"
#include "run/simulation.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

namespace reslab {

namespace {
constexpr std::array<double, 3> kQuantiles = {0.5, 0.9, 0.99};

// What one endpoint observed: its answers by outcome and its ok answers' latencies (ms).
struct Observed
{
    std::array<std::uint64_t, kOutcomeCount> outcomes{};
    std::uint64_t calls = 0;
    std::vector<double> okLatencyMs;
};

// A served call the client gave up on is recorded `cancelled`; the simulation's caller records
// the same call as the `timeout` it waited for.
Outcome comparable(Outcome o)
{
    return o == Outcome::Cancelled ? Outcome::Timeout : o;
}

struct RequestTally
{
    std::uint64_t requests = 0;
    double attempts = 0.0, attemptsSquared = 0.0;
    std::uint64_t succeeded = 0;
    void add(std::uint32_t n, bool ok)
    {
        ++requests;
        attempts += n;
        attemptsSquared += static_cast<double>(n) * n;
        succeeded += ok ? 1 : 0;
    }
    double mean() const { return requests ? attempts / static_cast<double>(requests) : 0.0; }
    double variance() const
    {
        if (requests < 2) return 0.0;
        const double n = static_cast<double>(requests);
        return std::max(0.0, (attemptsSquared - attempts * attempts / n) / (n - 1.0));
    }
};

class Collector final : public RunObserver
{
public:
    explicit Collector(std::vector<Observed>& byEndpoint, RequestTally& requests)
        : m_byEndpoint(byEndpoint), m_requests(requests)
    {
    }
    void onAttempt(const AttemptRecord& a) override
    {
        if (isClientMade(a.result.outcome) || a.depth != 0) return;
        Observed& o = m_byEndpoint[a.endpoint];
        ++o.calls;
        ++o.outcomes[static_cast<std::size_t>(comparable(a.result.outcome))];
        if (a.result.outcome == Outcome::Ok) o.okLatencyMs.push_back(toMillis(a.end - a.start));
    }
    void onRequestDone(const RequestRecord& r) override
    {
        m_requests.add(r.attempts, r.result.outcome == Outcome::Ok);
    }

private:
    std::vector<Observed>& m_byEndpoint;
    RequestTally& m_requests;
};

// Two proportions: agree when their difference is within z standard errors of a pooled p.
ComparedMetric proportions(std::string endpoint, std::string metric, std::uint64_t k1,
                           std::uint64_t n1, std::uint64_t k2, std::uint64_t n2)
{
    ComparedMetric m{std::move(endpoint), std::move(metric)};
    m.recorded = n1 ? static_cast<double>(k1) / static_cast<double>(n1) : 0.0;
    m.simulated = n2 ? static_cast<double>(k2) / static_cast<double>(n2) : 0.0;
    const double pooled =
        static_cast<double>(k1 + k2) / static_cast<double>(std::max<std::uint64_t>(1, n1 + n2));
    const double se = std::sqrt(pooled * (1.0 - pooled) *
                                (1.0 / std::max<double>(1.0, static_cast<double>(n1)) +
                                 1.0 / std::max<double>(1.0, static_cast<double>(n2))));
    m.low = std::max(0.0, m.simulated - kComparisonZ * se);
    m.high = std::min(1.0, m.simulated + kComparisonZ * se);
    m.agrees = m.recorded >= m.low - 1e-12 && m.recorded <= m.high + 1e-12;
    return m;
}

double quantileOf(std::vector<double>& sorted, double q)
{
    if (sorted.empty()) return 0.0;
    const auto rank =
        static_cast<std::size_t>(std::clamp(std::ceil(q * static_cast<double>(sorted.size())) - 1.0,
                                            0.0, static_cast<double>(sorted.size() - 1)));
    return sorted[rank];
}

// The recorded q-quantile agrees when the simulated one lies within the recorded sample's
// order-statistic interval (normal approximation to the binomial rank).
ComparedMetric quantiles(const std::string& endpoint, double q, std::vector<double>& recorded,
                         std::vector<double>& simulated)
{
    ComparedMetric m{endpoint, "latency_ms.p" + std::string(q == 0.5   ? "50"
                                                            : q == 0.9 ? "90"
                                                                       : "99")};
    m.recorded = quantileOf(recorded, q);
    m.simulated = quantileOf(simulated, q);
    const double n = static_cast<double>(recorded.size());
    const double half = kComparisonZ * std::sqrt(n * q * (1.0 - q));
    const auto lo = static_cast<std::size_t>(std::max(0.0, std::floor(n * q - half)));
    const auto hi = static_cast<std::size_t>(std::min(n - 1.0, std::ceil(n * q + half)));
    // As a range for the recorded value: how far the interval reaches around it.
    m.low = m.simulated - (m.recorded - recorded[lo]);
    m.high = m.simulated + (recorded[hi] - m.recorded);
    m.agrees = m.simulated >= recorded[lo] && m.simulated <= recorded[hi];
    return m;
}
} // namespace

bool RecordedComparison::agrees() const
{
    return std::all_of(metrics.begin(), metrics.end(),
                       [](const ComparedMetric& m) { return m.agrees; });
}

RecordedComparison compareWithRecorded(const Scenario& scenario, const Trace& recorded, int seeds)
{
    RecordedComparison out;
    // The recorded side, by the scenario's endpoint index.
    std::vector<Observed> real(scenario.endpoints.size());
    auto indexOf = [&](const std::string& id) -> int {
        for (std::size_t i = 0; i < scenario.endpoints.size(); ++i)
            if (scenario.endpoints[i].id == id) return static_cast<int>(i);
        return -1;
    };
    std::map<std::uint64_t, std::pair<std::uint32_t, bool>> byRequest; // attempts, last ok
    std::map<std::uint64_t, Time> lastAttemptAt;
    for (const TraceCall& c : recorded.calls) {
        const std::string& id = recorded.endpoints[c.endpoint];
        const int index = indexOf(id);
        if (index < 0) continue;
        Observed& o = real[static_cast<std::size_t>(index)];
        ++o.calls;
        ++out.recordedCalls;
        ++o.outcomes[static_cast<std::size_t>(comparable(c.outcome))];
        if (c.outcome == Outcome::Ok) o.okLatencyMs.push_back(toMillis(c.latency));
        if (c.request != kNoValue) {
            auto& [attempts, ok] = byRequest[c.request];
            ++attempts;
            // The request's outcome is its latest attempt's.
            if (!lastAttemptAt.count(c.request) || c.t >= lastAttemptAt[c.request]) {
                lastAttemptAt[c.request] = c.t;
                ok = c.outcome == Outcome::Ok;
            }
        }
    }
    if (out.recordedCalls < recorded.calls.size())
        out.notes.push_back(std::to_string(recorded.calls.size() - out.recordedCalls) +
                            " recorded calls name no endpoint of the scenario and are left out");

    // The simulated side, pooled over the seeds.
    std::vector<Observed> simulated(scenario.endpoints.size());
    RequestTally simRequests;
    Collector collector(simulated, simRequests);
    for (int k = 0; k < seeds; ++k) {
        RunOptions options;
        options.seed = scenario.seed + static_cast<std::uint64_t>(k);
        Simulation sim(scenario, options);
        sim.addObserver(&collector);
        sim.run();
        out.seeds.push_back(*options.seed);
    }

    for (std::size_t e = 0; e < scenario.endpoints.size(); ++e) {
        Observed& r = real[e];
        Observed& s = simulated[e];
        out.simulatedCalls += s.calls;
        if (r.calls == 0) continue;
        const std::string& id = scenario.endpoints[e].id;
        for (std::size_t o = 0; o < kOutcomeCount; ++o)
            if (r.outcomes[o] || s.outcomes[o])
                out.metrics.push_back(proportions(id, "outcome." + std::string(kOutcomeNames[o]),
                                                  r.outcomes[o], r.calls, s.outcomes[o], s.calls));
        if (r.okLatencyMs.empty() || s.okLatencyMs.empty()) continue;
        std::sort(r.okLatencyMs.begin(), r.okLatencyMs.end());
        std::sort(s.okLatencyMs.begin(), s.okLatencyMs.end());
        for (double q : kQuantiles)
            out.metrics.push_back(quantiles(id, q, r.okLatencyMs, s.okLatencyMs));
    }

    if (byRequest.empty()) {
        out.notes.push_back("the trace names no requests (send X-Reslab-Request with each "
                            "attempt): attempts per request and success rate are not compared");
        return out;
    }
    RequestTally realRequests;
    for (const auto& [request, tally] : byRequest)
        realRequests.add(tally.first, tally.second);
    out.recordedRequests = realRequests.requests;
    ComparedMetric attempts{"", "attempts.per_request", realRequests.mean(), simRequests.mean()};
    const double se = std::sqrt(
        realRequests.variance() / static_cast<double>(realRequests.requests) +
        simRequests.variance() / std::max<double>(1.0, static_cast<double>(simRequests.requests)));
    attempts.low = attempts.simulated - kComparisonZ * se;
    attempts.high = attempts.simulated + kComparisonZ * se;
    attempts.agrees =
        attempts.recorded >= attempts.low - 1e-12 && attempts.recorded <= attempts.high + 1e-12;
    out.metrics.push_back(attempts);
    out.metrics.push_back(proportions("", "success_rate", realRequests.succeeded,
                                      realRequests.requests, simRequests.succeeded,
                                      simRequests.requests));
    return out;
}

} // namespace reslab

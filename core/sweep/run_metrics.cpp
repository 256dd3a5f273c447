#include "sweep/run_metrics.h"

#include "run/simulation.h"
#include "scenario/metric_names.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace reslab {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Per-endpoint attempt counts are kept per second of virtual time up to this many bins; a longer
// run counts in wider bins (peak per second = the busiest bin / its width).
constexpr std::size_t kMaxLoadBins = 4'000'000;

// Watches a run for what the summary does not keep: load per endpoint per second, time in the
// open state per breaker, and the success rate per second after a disturbance.
class MetricsObserver final : public RunObserver
{
public:
    MetricsObserver(const Scenario& scenario, std::optional<Disturbance> disturbance)
        : m_disturbance(disturbance)
    {
        const double spanS = scenario.durationS.value_or(0.0) + scenario.drainS;
        m_binWidth = kNanosPerSecond;
        if (spanS > double(kMaxLoadBins))
            m_binWidth = fromSeconds(std::ceil(spanS / double(kMaxLoadBins)));
        m_load.resize(scenario.endpoints.size());
        for (const std::string& name : breakerNames(scenario))
            m_breakers[name];
        if (m_disturbance) {
            m_arrivalsEndS = scenario.durationS.value_or(m_disturbance->endS);
            const double afterS = std::max(0.0, m_arrivalsEndS - m_disturbance->endS);
            m_after.resize(static_cast<std::size_t>(std::ceil(afterS)) + 1);
        }
    }

    void onRequestStarted(std::uint64_t, Time at) override { count(at, false, true); }
    void onRequestDone(const RequestRecord& r) override
    {
        if (r.result.ok()) count(r.start, true, false);
    }
    void onAttempt(const AttemptRecord& a) override
    {
        if (a.call == kNoCall || a.endpoint >= m_load.size()) return; // answered by a strategy
        auto& bins = m_load[a.endpoint];
        const auto bin = static_cast<std::size_t>(a.start / m_binWidth);
        if (bin >= kMaxLoadBins) return;
        if (bins.size() <= bin) bins.resize(bin + 1, 0);
        ++bins[bin];
    }
    void onBreakerTransition(const BreakerTransitionRecord& t) override
    {
        Breaker& b = m_breakers[t.breaker];
        if (isOpen(t.from) && b.openSince >= 0) b.openNs += t.at - b.openSince;
        b.openSince = isOpen(t.to) ? t.at : -1;
    }

    double peakPerSecond(std::size_t endpoint) const
    {
        const auto& bins = m_load[endpoint];
        const std::uint32_t peak = bins.empty() ? 0 : *std::max_element(bins.begin(), bins.end());
        return double(peak) / toSeconds(m_binWidth);
    }
    double openSeconds(const std::string& name, Time end) const
    {
        const auto it = m_breakers.find(name);
        if (it == m_breakers.end()) return 0.0;
        Time open = it->second.openNs;
        if (it->second.openSince >= 0) open += end - it->second.openSince;
        return toSeconds(open);
    }
    // Seconds from the end of the disturbance until the success rate over kRecoveryWindowS is
    // back within kRecoveryTolerance of its level before; the time left when it never is.
    double recoverySeconds() const
    {
        if (!m_disturbance || m_beforeStarted == 0) return kNaN;
        const double baseline = double(m_beforeOk) / double(m_beforeStarted);
        const double target = baseline * (1.0 - kRecoveryTolerance);
        const auto window = static_cast<std::size_t>(kRecoveryWindowS);
        for (std::size_t k = 0; k < m_after.size(); ++k) {
            std::uint64_t started = 0, ok = 0;
            for (std::size_t i = k; i < std::min(m_after.size(), k + window); ++i) {
                started += m_after[i].started;
                ok += m_after[i].ok;
            }
            if (started > 0 && double(ok) >= target * double(started)) return double(k);
        }
        return std::max(0.0, m_arrivalsEndS - m_disturbance->endS);
    }

private:
    struct Bin
    {
        std::uint64_t started = 0, ok = 0;
    };
    struct Breaker
    {
        Time openSince = -1;
        Time openNs = 0;
    };
    // A request by when it started: before the disturbance (the baseline), or in the second
    // after its end it started in.
    void count(Time start, bool ok, bool started)
    {
        if (!m_disturbance) return;
        const double t = toSeconds(start);
        if (t < m_disturbance->startS) {
            m_beforeStarted += started;
            m_beforeOk += ok;
            return;
        }
        if (t < m_disturbance->endS) return;
        const auto k = static_cast<std::size_t>(t - m_disturbance->endS);
        if (k >= m_after.size()) return;
        m_after[k].started += started;
        m_after[k].ok += ok;
    }

    std::optional<Disturbance> m_disturbance;
    double m_arrivalsEndS = 0;
    std::uint64_t m_beforeStarted = 0, m_beforeOk = 0;
    std::vector<Bin> m_after;
    Time m_binWidth = kNanosPerSecond;
    std::vector<std::vector<std::uint32_t>> m_load;
    std::map<std::string, Breaker> m_breakers;
};

} // namespace

std::optional<Disturbance> disturbanceOf(const Scenario& scenario)
{
    double start = std::numeric_limits<double>::infinity();
    double end = -1;
    for (const EndpointSpec& e : scenario.endpoints)
        for (const PhaseSpec& p : e.phases) {
            start = std::min(start, p.startS);
            end = std::max(end, p.endS);
        }
    const WorkloadSpec& w = scenario.workload;
    if (w.type == WorkloadSpec::Type::Open && !w.rateSchedule.empty()) {
        double rate = w.ratePerS;
        for (const RatePoint& p : w.rateSchedule) {
            if (p.ratePerS != rate || p.ramp) start = std::min(start, p.atS);
            rate = p.ratePerS;
        }
        end = std::max(end, w.rateSchedule.back().atS);
    }
    if (end < 0 || !std::isfinite(start)) return std::nullopt;
    return Disturbance{start, end};
}

RunMetrics measureRun(const Scenario& scenario, std::uint64_t seed, const std::atomic<bool>* cancel)
{
    RunOptions options;
    options.seed = seed;
    Simulation sim(scenario, options);
    MetricsObserver observer(scenario, disturbanceOf(scenario));
    sim.addObserver(&observer);
    RunMetrics out;
    if (!cancel) {
        sim.run();
    } else {
        // Slices of virtual time, so a cancelled sweep stops within one of them.
        const Time slice = fromSeconds(std::max(1.0, scenario.durationS.value_or(60.0) / 50.0));
        Time limit = 0;
        while (sim.advanceTo(limit += slice))
            if (cancel->load(std::memory_order_relaxed)) {
                out.cancelled = true;
                return out;
            }
    }
    out.stopped = sim.stopped();
    const Summary s = sim.summary();
    auto& v = out.values;
    v.emplace_back("success_rate", s.successRate());
    v.emplace_back("latency_ms.mean", s.latency.mean);
    v.emplace_back("latency_ms.p50", s.latency.p50);
    v.emplace_back("latency_ms.p90", s.latency.p90);
    v.emplace_back("latency_ms.p99", s.latency.p99);
    v.emplace_back("latency_ms.p999", s.latency.p999);
    v.emplace_back("latency_ms.max", s.latency.max);
    v.emplace_back("attempts.per_request", s.attemptsPerRequest());
    for (std::size_t i = 0; i < scenario.endpoints.size(); ++i) {
        const std::string prefix = "endpoints." + scenario.endpoints[i].id + ".";
        const auto e = std::find_if(s.endpoints.begin(), s.endpoints.end(), [&](const auto& x) {
            return x.id == scenario.endpoints[i].id;
        });
        const bool found = e != s.endpoints.end();
        v.emplace_back(prefix + "attempts", found ? double(e->attempts) : 0.0);
        v.emplace_back(prefix + "peak_attempts_per_s", observer.peakPerSecond(i));
        v.emplace_back(prefix + "utilization", found ? e->utilization : 0.0);
        v.emplace_back(prefix + "max_queue", found ? double(e->maxQueue) : 0.0);
        v.emplace_back(prefix + "shed", found ? double(e->shed) : 0.0);
        v.emplace_back(prefix + "refused", found ? double(e->refused) : 0.0);
    }
    const Time end = fromMillis(s.endMs);
    for (const std::string& b : breakerNames(scenario))
        v.emplace_back("breakers." + b + ".open_s", observer.openSeconds(b, end));
    v.emplace_back("recovery_s", observer.recoverySeconds());
    return out;
}

} // namespace reslab

#include "fit/model_check.h"

#include "run/simulation.h"

#include <algorithm>
#include <cmath>

namespace reslab {

namespace {

// Every call the simulated endpoint answered, per minute of virtual time.
class MinuteRecorder final : public RunObserver
{
public:
    MinuteRecorder(std::uint32_t endpoint, std::size_t count, double windowS)
        : minutes(count), m_endpoint(endpoint), m_windowS(windowS)
    {
    }
    void onAttempt(const AttemptRecord& a) override
    {
        if (a.endpoint != m_endpoint || isClientMade(a.result.outcome) ||
            a.result.outcome == Outcome::Cancelled)
            return;
        const auto m = static_cast<std::size_t>(std::max(0.0, toSeconds(a.start) / m_windowS));
        if (m >= minutes.size()) return; // drained after the span: the trace has no such minute
        HealthMinute& h = minutes[m];
        ++h.calls;
        if (a.result.ok()) ++h.ok;
        h.latency.record(toMillis(a.end - a.start));
    }

    std::vector<HealthMinute> minutes;

private:
    std::uint32_t m_endpoint;
    double m_windowS;
};

double share(std::uint64_t part, std::uint64_t whole)
{
    return whole ? static_cast<double>(part) / static_cast<double>(whole) : std::nan("");
}

} // namespace

ModelCheck checkFittedModel(const TraceDigest& digest, const ScenarioFit& fit, std::uint64_t seed)
{
    ModelCheck check;
    const Scenario& scenario = *fit.scenario;
    const EndpointFit& target = fit.endpoints[fit.target];
    check.endpoint = target.spec.id;
    check.windowS = digest.healthWindowS;
    const EndpointDigest* recorded = nullptr;
    for (const EndpointDigest& e : digest.endpoints)
        if (e.id == target.id) recorded = &e;
    std::uint32_t index = 0;
    for (std::uint32_t i = 0; i < scenario.endpoints.size(); ++i)
        if (scenario.endpoints[i].id == target.spec.id) index = i;

    RunOptions options;
    options.seed = seed;
    Simulation simulation(scenario, options);
    MinuteRecorder model(index, recorded->minutes.size(), digest.healthWindowS);
    simulation.addObserver(&model);
    simulation.run();
    check.stopped = simulation.stopped();

    CoarseHistogram traceAll, modelAll;
    std::uint64_t traceOk = 0, modelOk = 0;
    for (std::size_t m = 0; m < recorded->minutes.size(); ++m) {
        const HealthMinute& t = recorded->minutes[m];
        const HealthMinute& s = model.minutes[m];
        MinuteCheck c;
        c.startS = static_cast<double>(m) * digest.healthWindowS;
        c.traceCalls = t.calls;
        c.modelCalls = s.calls;
        c.traceSuccess = share(t.ok, t.calls);
        c.modelSuccess = share(s.ok, s.calls);
        c.traceP99 = t.latency.quantile(0.99);
        c.modelP99 = s.latency.quantile(0.99);
        c.judged = t.calls >= kMinCheckCalls && s.calls >= kMinCheckCalls;
        if (c.judged) {
            const double p = share(t.ok + s.ok, t.calls + s.calls);
            const double se = std::sqrt(
                p * (1 - p) *
                (1.0 / static_cast<double>(t.calls) + 1.0 / static_cast<double>(s.calls)));
            c.successAgrees =
                std::abs(c.traceSuccess - c.modelSuccess) <= kCheckSigmas * se + kCheckSuccessSlack;
            c.p99Agrees = c.traceP99 <= c.modelP99 * kCheckP99Ratio &&
                          c.modelP99 <= c.traceP99 * kCheckP99Ratio;
            ++check.judged;
            check.successAgree += c.successAgrees ? 1 : 0;
            check.p99Agree += c.p99Agrees ? 1 : 0;
        }
        check.minutes.push_back(c);
        traceAll.merge(t.latency);
        modelAll.merge(s.latency);
        traceOk += t.ok;
        modelOk += s.ok;
        check.traceCalls += t.calls;
        check.modelCalls += s.calls;
    }
    check.traceSuccess = share(traceOk, check.traceCalls);
    check.modelSuccess = share(modelOk, check.modelCalls);
    check.traceP50 = traceAll.quantile(0.5);
    check.modelP50 = modelAll.quantile(0.5);
    check.traceP99 = traceAll.quantile(0.99);
    check.modelP99 = modelAll.quantile(0.99);
    return check;
}

} // namespace reslab

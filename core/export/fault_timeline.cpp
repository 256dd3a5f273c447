#include "export/fault_timeline.h"

#include "export/export.h"

#include <algorithm>
#include <cmath>

namespace reslab::detail {

namespace {
FaultStretch stretchUnder(const EndpointSpec& e, std::optional<std::size_t> phase)
{
    FaultStretch s;
    s.phase = phase;
    s.network = e.network;
    s.latency = e.latency;
    s.failures = e.failures;
    s.capacity = e.capacity;
    s.rateLimit = e.rateLimit;
    if (!phase) return s;
    const PhaseSpec& p = e.phases[*phase];
    if (p.network) s.network = *p.network;
    if (p.latency) s.latency = *p.latency;
    if (p.failures) s.failures = *p.failures;
    if (p.capacity) s.capacity = *p.capacity;
    if (p.rateLimit) s.rateLimit = p.rateLimit;
    return s;
}

std::optional<std::size_t> phaseAt(const EndpointSpec& e, double t)
{
    for (std::size_t i = 0; i < e.phases.size(); ++i)
        if (t >= e.phases[i].startS && t < e.phases[i].endS) return i;
    return std::nullopt;
}
} // namespace

bool injectable(const EndpointSpec& e, Notes& notes)
{
    const std::string path = "endpoints." + e.id;
    if (e.kind == EndpointSpec::Kind::Trace) {
        notes.add(path, "answers replayed from a trace");
        return false;
    }
    if (e.kind == EndpointSpec::Kind::VersionedRecord)
        notes.add(path, "optimistic-concurrency conflicts (409)");
    if (!e.calls.empty()) notes.add(path + ".calls", "calls to other endpoints");
    return true;
}

std::vector<FaultStretch> faultTimeline(const EndpointSpec& e)
{
    std::vector<double> cuts = {0.0};
    for (const PhaseSpec& p : e.phases) {
        cuts.push_back(p.startS);
        cuts.push_back(p.endS);
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    std::vector<FaultStretch> out;
    for (std::size_t i = 0; i < cuts.size(); ++i) {
        if (cuts[i] < 0.0) continue;
        const std::optional<std::size_t> phase = phaseAt(e, cuts[i]);
        const double end =
            i + 1 < cuts.size() ? cuts[i + 1] : std::numeric_limits<double>::infinity();
        if (!out.empty() && out.back().phase == phase) {
            out.back().endS = end;
            continue;
        }
        FaultStretch s = stretchUnder(e, phase);
        s.startS = cuts[i];
        s.endS = end;
        out.push_back(std::move(s));
    }
    return out;
}

std::string blockPath(const EndpointSpec& e, const FaultStretch& s, Block block)
{
    const std::string endpoint = "endpoints." + e.id;
    const PhaseSpec* p = s.phase ? &e.phases[*s.phase] : nullptr;
    const std::string phase = p ? endpoint + ".phases[" + std::to_string(*s.phase) + "]" : "";
    auto at = [&](bool inPhase, const char* key) {
        return (inPhase ? phase : endpoint) + "." + key;
    };
    switch (block) {
    case Block::Whole:
        return p ? phase : endpoint;
    case Block::Network:
        return at(p && p->network, "network");
    case Block::Latency:
        return at(p && p->latency, "latency");
    case Block::Failures:
        return at(p && p->failures, "failures");
    case Block::Capacity:
        return at(p && p->capacity, "capacity");
    case Block::RateLimit:
        return at(p && p->rateLimit, "rate_limit");
    }
    return endpoint;
}

DelayMoments answerDelay(const FaultStretch& s)
{
    // Independent draws: network out, service, network back.
    const double netSd = s.network.sdMs(), serviceSd = s.latency.sdMs();
    return DelayMoments{2.0 * s.network.meanMs() + s.latency.meanMs(),
                        std::sqrt(2.0 * netSd * netSd + serviceSd * serviceSd)};
}

std::string describeDistribution(const Distribution& d)
{
    const std::string kind(distributionKindName(d.kind));
    // Three significant digits: a note names the shape, it does not restate the scenario.
    auto round3 = [](double v) {
        if (v == 0.0 || !std::isfinite(v)) return v;
        const double scale = std::pow(10.0, 2 - std::floor(std::log10(std::abs(v))));
        return std::round(v * scale) / scale;
    };
    auto durationText = [&](double ms) { return detail::durationText(round3(ms)); };
    auto number = [&](double v) { return detail::number(round3(v)); };
    switch (d.kind) {
    case Distribution::Kind::Constant:
        return durationText(d.a) + " fixed";
    case Distribution::Kind::Uniform:
        return "uniform " + durationText(d.a) + "–" + durationText(d.b);
    case Distribution::Kind::Lognormal:
        return "lognormal (median " + durationText(d.a) + ", sigma " + number(d.b) + ")";
    case Distribution::Kind::Normal:
        return "normal (mean " + durationText(d.a) + ", sd " + durationText(d.b) + ")";
    default:
        return kind + " (mean " +
               (std::isfinite(d.meanMs()) ? durationText(d.meanMs()) : std::string("infinite")) +
               ")";
    }
}

} // namespace reslab::detail

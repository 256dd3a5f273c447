#include "fit/scenario_fit.h"

#include "fit/fit_text.h"
#include "scenario/scenario_io.h"
#include "sim/time.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace reslab {

namespace {

std::string baseName(const std::string& path)
{
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// "127 years", "3.2 days", "45 s": a span as a person reads it.
std::string yearsText(double seconds)
{
    constexpr double kYearS = 365.25 * 86400.0;
    char text[48];
    if (seconds >= kYearS)
        std::snprintf(text, sizeof text, "%.0f years", seconds / kYearS);
    else
        std::snprintf(text, sizeof text, "%.0f s", seconds);
    return text;
}

std::string describeFit(const TraceDigest& digest, const FitOptions& options,
                        const ScenarioFit& fit)
{
    std::ostringstream out;
    out << "Fitted by resilience-lab fit to "
        << (options.source.empty() ? "a trace" : baseName(options.source)) << ": " << digest.calls
        << " calls over " << std::lround(toSeconds(digest.span)) << " s";
    const EndpointFit& target = fit.endpoints[fit.target];
    out << "; " << target.spec.id << ": " << countedText(target.rate.size(), "rate segment") << ", "
        << countedText(target.spec.phases.size(), "phase") << ", latency "
        << distributionKindName(target.latency.chosen.kind) << ".";
    return out.str();
}

// A scenario's endpoint ids are 1–64 letters, digits, '_', '-' or '.'; a trace's may be anything
// (a host with its port, a URL, nothing). The id in the scenario, and a note when it changed.
std::string scenarioIdFor(const std::string& traced, const std::vector<EndpointFit>& all)
{
    std::string id;
    for (char c : traced.substr(0, 64))
        id += std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' ? c
                                                                                              : '_';
    if (id.empty()) id = "api";
    const auto taken = [&](const std::string& candidate) {
        return std::any_of(all.begin(), all.end(), [&](const EndpointFit& e) {
            return e.id != traced && e.spec.id == candidate;
        });
    };
    for (int k = 2; taken(id); ++k)
        id = id.substr(0, 60) + "_" + std::to_string(k);
    return id;
}

} // namespace

ScenarioFit fitScenario(const TraceDigest& digest, const FitOptions& options)
{
    ScenarioFit fit;
    if (digest.calls == 0 || digest.endpoints.empty()) {
        fit.error = "the trace has no calls: there is nothing to fit";
        return fit;
    }
    for (const EndpointDigest& e : digest.endpoints)
        fit.endpoints.push_back(fitEndpoint(digest, e));
    for (EndpointFit& e : fit.endpoints) {
        e.spec.id = scenarioIdFor(e.id, fit.endpoints);
        if (e.spec.id != e.id)
            fit.notes.push_back((e.id.empty() ? std::string("the calls that name no endpoint")
                                              : "the endpoint \"" + e.id + "\"") +
                                " is \"" + e.spec.id + "\" in the scenario");
    }
    if (!options.endpoint.empty()) {
        const auto it =
            std::find_if(fit.endpoints.begin(), fit.endpoints.end(),
                         [&](const EndpointFit& e) { return e.id == options.endpoint; });
        if (it == fit.endpoints.end()) {
            std::string known;
            for (const EndpointFit& e : fit.endpoints)
                known += (known.empty() ? "" : ", ") + (e.id.empty() ? "\"\"" : e.id);
            fit.error =
                "the trace has no endpoint \"" + options.endpoint + "\" (it has " + known + ")";
            return fit;
        }
        fit.target = static_cast<std::size_t>(it - fit.endpoints.begin());
    } else {
        for (std::size_t i = 1; i < fit.endpoints.size(); ++i)
            if (fit.endpoints[i].calls > fit.endpoints[fit.target].calls) fit.target = i;
        if (fit.endpoints.size() > 1)
            fit.notes.push_back("the trace has " + std::to_string(fit.endpoints.size()) +
                                " endpoints; the workload sends to the busiest, " +
                                fit.endpoints[fit.target].id + " (--endpoint picks another)");
    }
    const EndpointFit& target = fit.endpoints[fit.target];
    if (target.arrivals == 0) {
        fit.error = "no call to " + target.id +
                    " is a first attempt (every one is recorded as attempt 2 or later): there "
                    "are no arrivals to fit a workload to";
        return fit;
    }

    // What a scenario cannot hold is refused naming the trace's property, never written as a
    // scenario that does not validate.
    const double lastsS = std::max(digest.binS, static_cast<double>(digest.binCount) * digest.binS);
    if (lastsS > kMaxDurationMs / 1000.0) {
        fit.error = "the trace's calls span " + yearsText(toSeconds(digest.span)) +
                    "; a fitted scenario lasts at most 100 years (duration_s up to " +
                    std::to_string(std::llround(kMaxDurationMs / 1000.0)) +
                    " s): fit a part of the trace";
        return fit;
    }
    for (const CountSegment& r : target.rate)
        if (r.rate / digest.binS > kMaxFitRatePerS) {
            fit.error = "the first attempts to " + target.id + " arrive at " +
                        std::to_string(std::llround(r.rate / digest.binS)) +
                        " per second, more than a scenario's workload.rate_per_s holds (1e9): "
                        "give a wider --bin-s";
            return fit;
        }

    Scenario s;
    s.name =
        "Fitted: " + (options.source.empty() ? std::string("trace") : baseName(options.source));
    s.seed = options.seed;
    // Arrivals run over the bins the trace covers; a trace at one instant still lasts one bin.
    s.durationS = std::max(digest.binS, static_cast<double>(digest.binCount) * digest.binS);
    s.workload = fittedWorkload(digest, target);
    s.target = target.spec.id;
    for (const EndpointFit& e : fit.endpoints)
        s.endpoints.push_back(e.spec);
    std::sort(s.endpoints.begin(), s.endpoints.end(),
              [](const EndpointSpec& a, const EndpointSpec& b) { return a.id < b.id; });
    if (options.pipeline) {
        s.pipeline = *options.pipeline;
    } else if (target.timeoutMs) {
        // The calls that timed out show how long the client waited: its timeout, per attempt.
        s.pipeline.push_back(TimeoutSpec{std::max(1.0, std::round(*target.timeoutMs))});
        fit.notes.push_back("the client's timeout is taken as the median time of the calls that "
                            "timed out, " +
                            std::to_string(std::lround(*target.timeoutMs)) +
                            " ms; --pipeline gives the real one");
    }
    if (target.retries > 0 && !options.pipeline)
        fit.notes.push_back("the trace holds retries but the fitted pipeline makes none: give the "
                            "client's own with --pipeline SCENARIO.json");
    s.description = describeFit(digest, options, fit);

    // Read back as a file would be: every rule a scenario file is held to, not only the
    // cross-key ones, and the scenario exactly as `run` will see it once saved.
    ScenarioLoad load = parseScenario(QByteArray::fromStdString(scenarioToJson(s)));
    if (!load.scenario) {
        fit.error = "the fitted scenario does not validate (a bug in fit):\n" +
                    formatDiagnostics("<fitted>", load.diagnostics);
        return fit;
    }
    fit.scenario = std::move(*load.scenario);
    return fit;
}

} // namespace reslab

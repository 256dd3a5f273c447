#include "fit/fit_html.h"

#include "fit/fit_text.h"
#include "fit/latency_fit.h"
#include "fit/latency_histogram.h"
#include "sweep/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace reslab {

namespace {

constexpr const char* kTraceColour = "#3a6fd8";
constexpr const char* kModelColour = "#e0662b";
constexpr const char* kPhaseColour = "#d33a3a";

std::string fixed(double v, int decimals)
{
    if (!std::isfinite(v)) return "–";
    char b[48];
    std::snprintf(b, sizeof b, "%.*f", decimals, v);
    return b;
}

std::vector<SvgBand> phaseBands(const EndpointFit& e)
{
    std::vector<SvgBand> bands;
    for (std::size_t i = 0; i < e.spec.phases.size(); ++i) {
        const PhaseSpec& p = e.spec.phases[i];
        bands.push_back(SvgBand{p.startS, p.endS, "phase " + std::to_string(i), kPhaseColour});
    }
    return bands;
}

std::string arrivalsChart(const TraceDigest& digest, const EndpointDigest& recorded,
                          const EndpointFit& e)
{
    SvgChart c;
    c.title = "First attempts per second: recorded and the fitted rate schedule";
    c.xLabel = "s";
    c.yLabel = "per s";
    c.bands = phaseBands(e);
    c.xRange = std::pair(0.0, static_cast<double>(recorded.bins.size()) * digest.binS);
    SvgSeries trace{"recorded", kTraceColour, {}, false};
    for (std::size_t i = 0; i < recorded.bins.size(); ++i)
        trace.points.emplace_back((static_cast<double>(i) + 0.5) * digest.binS,
                                  recorded.bins[i].arrivals / digest.binS);
    SvgSeries model{"fitted", kModelColour, {}, true};
    for (const CountSegment& s : e.rate) {
        model.points.emplace_back(static_cast<double>(s.begin) * digest.binS, s.rate / digest.binS);
        model.points.emplace_back(static_cast<double>(s.end) * digest.binS, s.rate / digest.binS);
    }
    c.series = {trace, model};
    return renderSvgChart(c);
}

std::string latencyChart(const EndpointDigest& recorded, const EndpointFit& e)
{
    const LatencyHistogram h = latencyHistogram(recorded, e);
    if (h.binMs <= 0) return {};
    SvgChart c;
    c.title = "Latency of the successes outside phases: recorded histogram and the fitted " +
              std::string(distributionKindName(e.latency.chosen.kind));
    c.xLabel = "ms";
    c.yLabel = "share per bin";
    SvgSeries trace{"recorded", kTraceColour, {}, true};
    SvgSeries model{"fitted", kModelColour, {}, false};
    for (std::size_t i = 0; i < h.recorded.size(); ++i) {
        const double lo = static_cast<double>(i) * h.binMs;
        trace.points.emplace_back(lo, h.recorded[i]);
        model.points.emplace_back(lo + h.binMs / 2, h.fitted[i]);
    }
    trace.points.emplace_back(static_cast<double>(h.recorded.size()) * h.binMs, h.recorded.back());
    c.series = {trace, model};
    return renderSvgChart(c);
}

std::string minuteChart(const ModelCheck& check, const EndpointFit& e, bool success)
{
    SvgChart c;
    c.title = success ? "Success rate per minute: the trace and the fitted model simulated"
                      : "Latency p99 per minute: the trace and the fitted model simulated";
    c.xLabel = "s";
    c.yLabel = success ? "%" : "ms";
    c.bands = phaseBands(e);
    c.xRange = std::pair(0.0, static_cast<double>(check.minutes.size()) * check.windowS);
    SvgSeries trace{"trace", kTraceColour, {}, false};
    SvgSeries model{"model", kModelColour, {}, false};
    for (const MinuteCheck& m : check.minutes) {
        const double x = m.startS + check.windowS / 2;
        const double t = success ? 100 * m.traceSuccess : m.traceP99;
        const double s = success ? 100 * m.modelSuccess : m.modelP99;
        if (std::isfinite(t)) trace.points.emplace_back(x, t);
        if (std::isfinite(s)) model.points.emplace_back(x, s);
    }
    c.series = {trace, model};
    return renderSvgChart(c);
}

std::string candidatesTable(const LatencyFit& fit)
{
    if (fit.candidates.empty()) return "<p class=\"note\">" + xmlEscape(fit.reason) + "</p>\n";
    std::string html = "<table>\n<tr><th></th><th>kind</th><th>k</th><th>ln L</th><th>BIC</th>"
                       "<th>AIC</th><th>KS</th></tr>\n";
    for (const LatencyCandidate& c : fit.candidates) {
        const bool chosen = !fit.empirical && c.dist == fit.chosen;
        html += std::string("<tr><td>") + (chosen ? "chosen" : "") + "</td><td>" +
                std::string(distributionKindName(c.dist.kind)) + "</td><td class=\"num\">" +
                std::to_string(c.parameters) + "</td><td class=\"num\">" +
                fixed(c.logLikelihood, 1) + "</td><td class=\"num\">" + fixed(c.bic, 1) +
                "</td><td class=\"num\">" + fixed(c.aic, 1) + "</td><td class=\"num\">" +
                fixed(c.ks, 4) + "</td></tr>\n";
    }
    html += "</table>\n";
    if (fit.empirical) html += "<p class=\"note\">Empirical: " + xmlEscape(fit.reason) + ".</p>\n";
    return html;
}

std::string segmentsTable(const EndpointFit& e)
{
    std::string html = "<table>\n<tr><th>from</th><th>to</th><th>is</th><th>calls</th>"
                       "<th>failures (fitted)</th><th>rate limit</th><th>latency</th></tr>\n";
    for (std::size_t k = 0; k < e.segments.size(); ++k) {
        const FittedSegment& s = e.segments[k];
        std::string limit = "–";
        if (s.rateLimit)
            limit = fixed(s.rateLimit->ratePerS, 2) + " /s" +
                    (s.rateLimit->retryAfterMs
                         ? ", Retry-After " + fixed(*s.rateLimit->retryAfterMs, 0) + " ms"
                         : std::string());
        html += "<tr><td class=\"num\">" + fixed(s.startS, 0) + " s</td><td class=\"num\">" +
                fixed(s.endS, 0) + " s</td><td>" +
                (k == e.base ? "base"
                 : s.differs ? "phase"
                             : "as base") +
                "</td><td class=\"num\">" + std::to_string(s.calls) + "</td><td>" +
                failuresText(s.failures, "none") + "</td><td>" + limit + "</td><td>" +
                (s.latencyDiffers
                     ? std::string(distributionKindName(s.latency.chosen.kind)) + " of its own"
                     : "the endpoint's") +
                "</td></tr>\n";
    }
    return html + "</table>\n";
}

} // namespace

std::string fitReportHtml(const TraceDigest& digest, const ScenarioFit& fit,
                          const ModelCheck* check, const std::string& traceName)
{
    std::string html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<title>Resilience Lab fit: " +
                       xmlEscape(traceName) + "</title>\n<style>" + kReportStyle +
                       "</style>\n</head>\n<body>\n";
    html += "<h1>" + xmlEscape(traceName) + " fitted</h1>\n<p class=\"meta\">" +
            xmlEscape(fit.scenario ? fit.scenario->description : fit.error) +
            " Change points in bins of " + fixed(digest.binS, digest.binS < 1 ? 3 : 0) +
            " s.</p>\n";
    for (const std::string& note : fit.notes)
        html += "<p class=\"note\">" + xmlEscape(note) + "</p>\n";
    if (check && fit.scenario) {
        const EndpointFit& target = fit.endpoints[fit.target];
        html += "<h2>Model check: " + xmlEscape(check->endpoint) + "</h2>\n";
        html +=
            "<table>\n<tr><th></th><th>calls</th><th>success</th><th>p50</th><th>p99</th></tr>\n"
            "<tr><td>trace</td><td class=\"num\">" +
            std::to_string(check->traceCalls) + "</td><td class=\"num\">" +
            percentText(check->traceSuccess) + "</td><td class=\"num\">" +
            fixed(check->traceP50, 1) + " ms</td><td class=\"num\">" + fixed(check->traceP99, 1) +
            " ms</td></tr>\n<tr><td>model</td><td class=\"num\">" +
            std::to_string(check->modelCalls) + "</td><td class=\"num\">" +
            percentText(check->modelSuccess) + "</td><td class=\"num\">" +
            fixed(check->modelP50, 1) + " ms</td><td class=\"num\">" + fixed(check->modelP99, 1) +
            " ms</td></tr>\n</table>\n";
        html += "<p class=\"meta\">Minutes judged (at least " + std::to_string(kMinCheckCalls) +
                " calls in both): " + std::to_string(check->judged) + " of " +
                std::to_string(check->minutes.size()) + "; the success rate agrees in " +
                std::to_string(check->successAgree) + ", the p99 in " +
                std::to_string(check->p99Agree) + ".</p>\n";
        html += minuteChart(*check, target, true) + minuteChart(*check, target, false);
    }
    for (std::size_t i = 0; i < fit.endpoints.size(); ++i) {
        const EndpointFit& e = fit.endpoints[i];
        const EndpointDigest& recorded = digest.endpoints[i];
        html += "<h2>" + xmlEscape(e.spec.id) + (i == fit.target ? " (target)" : "") + "</h2>\n";
        html += "<p class=\"meta\">" + std::to_string(e.calls) + " calls, " +
                std::to_string(e.arrivals) + " first attempts, " + std::to_string(e.retries) +
                " retries; " + countedText(e.rate.size(), "rate segment") + ", " +
                countedText(e.spec.phases.size(), "phase") + ".</p>\n";
        html += arrivalsChart(digest, recorded, e);
        html += "<h3>Outcome mix and latency, segmented</h3>\n" + segmentsTable(e);
        html += "<h3>Latency</h3>\n" + latencyChart(recorded, e) + candidatesTable(e.latency);
        for (const std::string& note : e.notes)
            html += "<p class=\"note\">" + xmlEscape(note) + "</p>\n";
    }
    return html + "</body>\n</html>\n";
}

} // namespace reslab

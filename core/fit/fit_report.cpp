#include "fit/fit_report.h"

#include "fit/fit_text.h"

#include <cmath>
#include <cstdio>

namespace reslab {

namespace {

std::string format(const char* pattern, double a)
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, pattern, a);
    return buffer;
}

std::string ms(double v)
{
    if (!std::isfinite(v)) return "–";
    return v >= 100 ? format("%.0f ms", v) : v >= 1 ? format("%.1f ms", v) : format("%.3f ms", v);
}

std::string pad(std::string s, std::size_t width)
{
    // Width in characters, not bytes: the report's own text is UTF-8 (–, σ).
    std::size_t chars = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++chars;
    if (chars < width) s.append(width - chars, ' ');
    return s;
}

std::string describe(const Distribution& d)
{
    using K = Distribution::Kind;
    switch (d.kind) {
    case K::Constant:
        return "constant " + ms(d.a);
    case K::Exponential:
        return "exponential mean " + ms(d.a);
    case K::Normal:
        return "normal mean " + ms(d.a) + " sd " + ms(d.b);
    case K::Lognormal:
        return "lognormal median " + ms(d.a) + " σ " + format("%.3f", d.b);
    case K::Pareto:
        return "pareto scale " + ms(d.a) + " shape " + format("%.3f", d.b);
    case K::Mixture: {
        std::string out = "mixture";
        double previous = 0;
        for (std::size_t i = 0; i < d.components.size(); ++i) {
            out += (i ? " + " : " ") + percentText(d.cumulative[i] - previous) + " " +
                   describe(d.components[i]);
            previous = d.cumulative[i];
        }
        return out;
    }
    case K::Empirical:
        return "empirical, " + std::to_string(d.values.size()) + " quantiles";
    default:
        return std::string(distributionKindName(d.kind));
    }
}

std::string seconds(double s)
{
    return format(s == std::floor(s) ? "%.0f" : "%.1f", s);
}

void latencyTable(std::string& out, const LatencyFit& fit, const std::string& indent)
{
    // A sample stands for more successes than it holds past kLatencyReservoir: both are said.
    const std::string successes = fit.population > fit.samples
                                      ? std::to_string(fit.population) +
                                            " successes, a uniform sample of " +
                                            std::to_string(fit.samples) + " fitted"
                                      : std::to_string(fit.samples) + " successes";
    out += indent + describe(fit.chosen) + "  (" + successes + "; " + fit.reason +
           (fit.candidates.empty() ? "" : format("; KS %.4f", fit.ks)) + ")\n";
    if (fit.candidates.empty()) return;
    out += indent + "  " + pad("kind", 13) + pad("k", 3) + pad("ln L", 14) + pad("BIC", 14) +
           pad("AIC", 14) + "KS\n";
    for (const LatencyCandidate& c : fit.candidates) {
        const bool chosen = !fit.empirical && c.dist == fit.chosen;
        out += indent + (chosen ? "* " : "  ") +
               pad(std::string(distributionKindName(c.dist.kind)), 13) +
               pad(std::to_string(c.parameters), 3) + pad(format("%.1f", c.logLikelihood), 14) +
               pad(format("%.1f", c.bic), 14) + pad(format("%.1f", c.aic), 14) +
               format("%.4f", c.ks) + "\n";
    }
}

} // namespace

std::string fitReportText(const TraceDigest& digest, const ScenarioFit& fit,
                          const ModelCheck* check)
{
    std::string out;
    out += "Fitted " + std::to_string(digest.calls) + " calls over " +
           seconds(toSeconds(digest.span)) + " s (bins of " + seconds(digest.binS) + " s)\n";
    for (std::size_t i = 0; i < fit.endpoints.size(); ++i) {
        const EndpointFit& e = fit.endpoints[i];
        out += "\n" + (e.id.empty() ? std::string("(unnamed endpoint)") : e.id) +
               (i == fit.target ? " (target)" : "") + ": " + std::to_string(e.calls) + " calls, " +
               std::to_string(e.arrivals) + " first attempts, " + std::to_string(e.retries) +
               " retries\n";
        out += "  Arrivals, " + countedText(e.rate.size(), "segment") + " (PELT, MBIC):\n";
        for (const CountSegment& s : e.rate)
            out += "    " +
                   pad(seconds(static_cast<double>(s.begin) * digest.binS) + " – " +
                           seconds(static_cast<double>(s.end) * digest.binS) + " s",
                       20) +
                   format("%.3f /s", s.rate / digest.binS) + "\n";
        out += "  Latency:\n";
        latencyTable(out, e.latency, "    ");
        out += "  Phases (" + countedText(e.segments.size(), "segment") +
               " of the outcome mix and latency):\n";
        for (std::size_t k = 0; k < e.segments.size(); ++k) {
            const FittedSegment& s = e.segments[k];
            std::string line = "    " +
                               pad(seconds(s.startS) + " – " + seconds(s.endS) + " s", 20) +
                               pad(k == e.base ? "base"
                                   : s.differs ? "phase"
                                               : "as base",
                                   9) +
                               failuresText(s.failures, "no failures");
            if (s.rateLimit)
                line +=
                    ", rate limit " + format("%.2f /s", s.rateLimit->ratePerS) +
                    (s.rateLimit->retryAfterMs ? ", Retry-After " + ms(*s.rateLimit->retryAfterMs)
                                               : std::string());
            out += line + "\n";
            if (s.latencyDiffers) latencyTable(out, s.latency, "      ");
        }
        for (const std::string& note : e.notes)
            out += "  Note: " + note + "\n";
    }
    for (const std::string& note : fit.notes)
        out += "Note: " + note + "\n";
    if (check) {
        out += "\nModel check: the fitted scenario simulated beside the trace, " + check->endpoint +
               ", per minute\n";
        out +=
            "  " + pad("", 12) + pad("calls", 12) + pad("success", 12) + pad("p50", 12) + "p99\n";
        out += "  " + pad("trace", 12) + pad(std::to_string(check->traceCalls), 12) +
               pad(percentText(check->traceSuccess), 12) + pad(ms(check->traceP50), 12) +
               ms(check->traceP99) + "\n";
        out += "  " + pad("model", 12) + pad(std::to_string(check->modelCalls), 12) +
               pad(percentText(check->modelSuccess), 12) + pad(ms(check->modelP50), 12) +
               ms(check->modelP99) + "\n";
        out += "  minutes judged (≥ " + std::to_string(kMinCheckCalls) +
               " calls in both): " + std::to_string(check->judged) + " of " +
               std::to_string(check->minutes.size()) + "; success rate agrees in " +
               std::to_string(check->successAgree) + ", p99 in " + std::to_string(check->p99Agree) +
               "\n";
        for (const MinuteCheck& m : check->minutes) {
            if (!m.judged || (m.successAgrees && m.p99Agrees)) continue;
            out += "    minute at " + seconds(m.startS) + " s: success " +
                   percentText(m.traceSuccess) + " vs " + percentText(m.modelSuccess) + ", p99 " +
                   ms(m.traceP99) + " vs " + ms(m.modelP99) + "\n";
        }
        if (!check->stopped.empty())
            out += "  (the simulation stopped early: " + check->stopped + ")\n";
    }
    return out;
}

} // namespace reslab

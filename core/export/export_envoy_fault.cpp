// Envoy's HTTP fault filter (envoy.filters.http.fault) and local rate limit filter
// (envoy.filters.http.local_ratelimit): the filter chain to put in the HTTP connection manager
// and, per endpoint, a route under /NAME/ whose per-route configuration injects the endpoint's
// faults — an abort percentage with one status, a fixed delay, a token bucket answering 429.
// Envoy's delays are fixed and it has no phases, so the distribution's mean is used, and the
// phases are listed as the runtime values to set when each begins.

#include "export/export.h"
#include "export/fault_timeline.h"

#include <cmath>

namespace reslab::detail {

namespace {
constexpr const char* kFaultType =
    "type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault";
constexpr const char* kRateLimitType =
    "type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit";
constexpr const char* kRouterType =
    "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router";
constexpr double kMinFillIntervalMs = 50.0; // Envoy refuses a shorter token bucket fill_interval
constexpr double kMillion = 1'000'000.0;

// The abort: the error status at the error rate (the fatal rate joins it when there are no
// errors, with the fatal status).
struct Abort
{
    int status = 0;
    double probability = 0.0;
};
Abort abortFor(const EndpointSpec& e, const FaultStretch& s, Notes& notes)
{
    const FailureSpec& f = s.failures;
    const std::string path = blockPath(e, s, Block::Failures);
    if (f.error > 0.0 && f.fatal > 0.0)
        notes.add(path + ".fatal",
                  "a second abort status (the filter aborts with one; errors are kept)");
    if (f.timeout > 0.0) notes.add(path + ".timeout", "requests never answered");
    if (f.reset > 0.0) notes.add(path + ".reset", "connection resets");
    if (f.error > 0.0) return Abort{e.errorStatus, f.error};
    if (f.fatal > 0.0) return Abort{e.fatalStatus, f.fatal};
    return {};
}

std::string millionths(double p)
{
    return "{numerator: " + std::to_string(std::llround(p * kMillion)) + ", denominator: MILLION}";
}

std::string delayMs(const EndpointSpec& e, const FaultStretch& s, Notes& notes)
{
    const DelayMoments d = answerDelay(s);
    if (d.sdMs > 0.0)
        notes.add(blockPath(e, s, Block::Latency),
                  describeDistribution(s.latency) +
                      " (with the network both ways): Envoy's delays are fixed, its mean is used");
    return std::to_string(std::llround(d.meanMs));
}

// One route's typed_per_filter_config for the stretch in force at the start, with runtime keys
// named after the endpoint so a phase can be switched on while Envoy runs.
std::string routeFaults(const EndpointSpec& e, const FaultStretch& s, Notes& notes)
{
    const Abort abort = abortFor(e, s, notes);
    const std::string delay = delayMs(e, s, notes);
    std::string y = "  typed_per_filter_config:\n";
    y += "    envoy.filters.http.fault:\n";
    y += "      \"@type\": " + std::string(kFaultType) + "\n";
    // A fault filter configuration needs an abort or a delay; both are always given (at 0 %
    // when unused) so the runtime alone can switch either on.
    y += "      abort:\n";
    y += "        http_status: " + std::to_string(abort.status ? abort.status : e.errorStatus) +
         "\n";
    y += "        percentage: " + millionths(abort.probability) + "\n";
    y += "      delay:\n";
    y += "        fixed_delay: " + protoDuration(std::stod(delay)) + "\n";
    y += "        percentage: " + millionths(std::stod(delay) > 0.0 ? 1.0 : 0.0) + "\n";
    y += "      abort_percent_runtime: " + e.id + ".abort_percent\n";
    y += "      abort_http_status_runtime: " + e.id + ".abort_http_status\n";
    y += "      delay_percent_runtime: " + e.id + ".delay_percent\n";
    y += "      delay_duration_runtime: " + e.id + ".delay_duration_ms\n";
    if (s.rateLimit) {
        const RateLimitSpec& r = *s.rateLimit;
        // One token per 1/rate seconds; when that is shorter than Envoy's shortest fill, the
        // fewest whole tokens whose interval reaches it — the same rate, exactly.
        const double perTokenMs = 1000.0 / r.ratePerS;
        const double tokens = std::max(1.0, std::ceil(kMinFillIntervalMs / perTokenMs - 1e-9));
        const double intervalMs = tokens * perTokenMs;
        y += "    envoy.filters.http.local_ratelimit:\n";
        y += "      \"@type\": " + std::string(kRateLimitType) + "\n";
        y += "      stat_prefix: " + e.id + "_rate_limit\n";
        y += "      token_bucket:\n";
        y += "        max_tokens: " +
             std::to_string(std::max<long long>(1, std::llround(std::ceil(r.burst)))) + "\n";
        y += "        tokens_per_fill: " +
             std::to_string(std::max<long long>(1, std::llround(tokens))) + "\n";
        y += "        fill_interval: " + protoDuration(std::round(intervalMs * 1000.0) / 1000.0) +
             "\n";
        for (const char* which : {"enabled", "enforced"})
            y += std::string("      filter_") + which +
                 ":\n        default_value: {numerator: 100, denominator: HUNDRED}\n"
                 "        runtime_key: " +
                 e.id + "_rate_limit_" + which + "\n";
        if (r.retryAfterMs) {
            y += "      response_headers_to_add:\n";
            y += "      - header: {key: retry-after, value: \"" +
                 std::to_string(std::llround(std::ceil(*r.retryAfterMs / 1000.0))) + "\"}\n";
        } else {
            notes.add(blockPath(e, s, Block::RateLimit),
                      "Retry-After as the time until the next token (Envoy sends none)");
        }
    }
    return y;
}

// The runtime values that put a later stretch in force.
std::string stretchRuntime(const EndpointSpec& e, const FaultStretch& s,
                           const std::optional<RateLimitSpec>& routeLimit, Notes& notes)
{
    const Abort abort = abortFor(e, s, notes);
    const std::string delay = delayMs(e, s, notes);
    if (s.rateLimit != routeLimit)
        notes.add(blockPath(e, s, Block::RateLimit),
                  "a rate limit that changes in a phase (the route keeps the first one)");
    const double percent = abort.probability * 100.0;
    if (std::abs(percent - std::round(percent)) > 1e-9)
        notes.add(blockPath(e, s, Block::Failures),
                  "a fraction of a percent (the runtime percentage is whole; rounded)");
    std::string when = "from " + number(s.startS) + " s";
    if (std::isfinite(s.endS)) when += " to " + number(s.endS) + " s";
    return "#   " + e.id + ", " + when + (s.phase ? "" : " (no phase)") + ":\n" + "#     " + e.id +
           ".abort_percent=" + std::to_string(std::llround(percent)) + " " + e.id +
           ".abort_http_status=" + std::to_string(abort.status ? abort.status : e.errorStatus) +
           " " + e.id + ".delay_percent=" + (std::stod(delay) > 0.0 ? "100" : "0") + " " + e.id +
           ".delay_duration_ms=" + delay + "\n";
}
} // namespace

ExportResult exportEnvoyFault(const Scenario& s)
{
    Notes notes;
    std::string routes, runtime;
    bool anyRateLimit = false;
    for (const EndpointSpec& e : s.endpoints) {
        if (!injectable(e, notes)) continue;
        const std::vector<FaultStretch> timeline = faultTimeline(e);
        const FaultStretch& first = timeline.front();
        if (first.capacity.workers || first.capacity.queue ||
            first.capacity.slowdownPerInflight > 0.0)
            notes.add(blockPath(e, first, Block::Capacity),
                      "workers, a queue and slowdown under load (Envoy's circuit_breakers "
                      "limit connections and requests per cluster, not a server's queue)");
        routes += "- match: {prefix: \"/" + e.id + "/\"}\n";
        routes += "  route: {cluster: " + e.id + "}\n";
        routes += routeFaults(e, first, notes);
        anyRateLimit = anyRateLimit || first.rateLimit.has_value();
        if (timeline.size() > 1)
            for (const FaultStretch& stretch : timeline)
                runtime += stretchRuntime(e, stretch, first.rateLimit, notes);
    }
    std::string out = notesComment(notes, "# ", "envoy-fault", "Envoy's HTTP fault filter");
    out +=
        "# Put http_filters in the HTTP connection manager (in this order, the router last) and\n"
        "# the routes in its route_config's virtual host; each endpoint is the cluster of its\n"
        "# name. Envoy adds its delay to what the real service takes.\n";
    if (!runtime.empty()) {
        out += "# Phases: Envoy has none. Set these runtime values (the fault filter's runtime\n"
               "# keys, named per route below) when each stretch begins:\n";
        out += runtime;
    }
    out += "http_filters:\n";
    out += "- name: envoy.filters.http.fault\n";
    out += "  typed_config:\n    \"@type\": " + std::string(kFaultType) + "\n";
    if (anyRateLimit) {
        out += "- name: envoy.filters.http.local_ratelimit\n";
        out += "  typed_config:\n    \"@type\": " + std::string(kRateLimitType) + "\n";
        out += "    stat_prefix: http_local_rate_limiter\n";
    }
    out += "- name: envoy.filters.http.router\n";
    out += "  typed_config:\n    \"@type\": " + std::string(kRouterType) + "\n";
    out += "routes:\n" + routes;
    return ExportResult{out, notes.items};
}

} // namespace reslab::detail

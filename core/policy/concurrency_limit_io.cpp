#include "policy/concurrency_limit_io.h"

#include "policy/spec_io.h"

#include <array>
#include <initializer_list>

namespace reslab {

namespace {
using A = LimitAlgorithm;

struct KeyUse
{
    std::string_view key;
    std::initializer_list<A> algorithms; // the algorithms that read it
};
constexpr std::initializer_list<A> kNetflix = {A::Aimd, A::Vegas, A::Gradient2};
constexpr std::initializer_list<A> kEnvoy = {A::EnvoyGradient};
const std::array<KeyUse, 19> kKeyUses = {{
    {"initial_limit", kNetflix},
    {"smoothing", {A::Vegas, A::Gradient2}},
    {"backoff_ratio", {A::Aimd}},
    {"timeout_ms", {A::Aimd}},
    {"probe_multiplier", {A::Vegas}},
    {"queue_size", {A::Gradient2}},
    {"long_window", {A::Gradient2}},
    {"rtt_tolerance", {A::Gradient2}},
    {"windowed", kNetflix},
    {"window_min_ms", kNetflix},
    {"window_max_ms", kNetflix},
    {"window_size", kNetflix},
    {"window_min_rtt_ms", kNetflix},
    {"drop_on", kNetflix},
    {"update_interval_ms", kEnvoy},
    {"min_rtt_interval_ms", kEnvoy},
    {"request_count", kEnvoy},
    {"jitter", kEnvoy},
    {"buffer", kEnvoy},
}};
// "percentile" is Envoy's too; checked with the others below.

bool reads(std::initializer_list<A> algorithms, A a)
{
    for (A x : algorithms)
        if (x == a) return true;
    return false;
}

std::string readersOf(std::initializer_list<A> algorithms)
{
    std::string out;
    for (A x : algorithms) {
        if (!out.empty()) out += ", ";
        out += kLimitAlgorithmNames.name(x);
    }
    return out;
}

void checkKeysBelong(ObjectReader& r, A algorithm)
{
    auto check = [&](std::string_view key, std::initializer_list<A> readers) {
        if (r.has(key) && !reads(readers, algorithm))
            r.error(key, "has no effect with algorithm \"" +
                             std::string(kLimitAlgorithmNames.name(algorithm)) +
                             "\"; it is read by: " + readersOf(readers));
    };
    for (const KeyUse& u : kKeyUses)
        check(u.key, u.algorithms);
    check("percentile", kEnvoy);
}
} // namespace

std::optional<ConcurrencyLimitSpec> readConcurrencyLimit(ObjectReader& r)
{
    ConcurrencyLimitSpec s;
    s.algorithm = r.choice("algorithm", kLimitAlgorithmNames).value_or(s.algorithm);
    checkKeysBelong(r, s.algorithm);
    auto count = [&](std::string_view key, std::int64_t min) -> std::optional<int> {
        if (const auto v = r.integer(key, min, 1'000'000)) return static_cast<int>(*v);
        return std::nullopt;
    };
    s.initialLimit = count("initial_limit", 1);
    s.minLimit = count("min_limit", 1);
    s.maxLimit = count("max_limit", 1);
    if (s.resolvedMinLimit() > s.resolvedMaxLimit())
        r.error("min_limit", "is above max_limit (" + std::to_string(s.resolvedMaxLimit()) + ")");
    if (const auto v = r.number("smoothing", kFractionRule)) s.smoothing = *v;
    s.backoffRatio = r.number("backoff_ratio", s.backoffRatio, NumberRule::between(0.5, 1.0));
    if (s.backoffRatio >= 1.0)
        r.error("backoff_ratio", "must be below 1 (AIMDLimit: the range [0.5, 1.0))");
    s.timeoutMs = r.number("timeout_ms", s.timeoutMs, kPositiveMsRule);
    s.probeMultiplier = count("probe_multiplier", 1).value_or(s.probeMultiplier);
    s.queueSize = count("queue_size", 0).value_or(s.queueSize);
    s.longWindow = count("long_window", 1).value_or(s.longWindow);
    s.rttTolerance = r.number("rtt_tolerance", s.rttTolerance, NumberRule::between(1.0, 1e6));
    s.windowed = r.boolean("windowed").value_or(false);
    for (std::string_view key :
         {"window_min_ms", "window_max_ms", "window_size", "window_min_rtt_ms"})
        if (r.has(key) && !s.windowed) r.error(key, "has no effect unless \"windowed\" is true");
    // WindowedLimit.Builder: windows of at least 100 ms, at least 10 samples.
    const NumberRule windowRule = NumberRule::between(100.0, kMaxDurationMs);
    s.minWindowMs = r.number("window_min_ms", s.minWindowMs, windowRule);
    s.maxWindowMs = r.number("window_max_ms", s.maxWindowMs, windowRule);
    if (s.minWindowMs > s.maxWindowMs) r.error("window_min_ms", "is above window_max_ms");
    s.windowSize = count("window_size", 10).value_or(s.windowSize);
    s.minRttThresholdMs = r.number("window_min_rtt_ms", s.minRttThresholdMs, kDurationMsRule);
    s.updateIntervalMs =
        r.number("update_interval_ms", s.updateIntervalMs, NumberRule{1.0, kMaxDurationMs});
    s.minRttIntervalMs =
        r.number("min_rtt_interval_ms", s.minRttIntervalMs, NumberRule{1.0, kMaxDurationMs});
    s.requestCount = count("request_count", 1).value_or(s.requestCount);
    s.jitter = r.number("jitter", s.jitter, NumberRule::between(0.0, 1.0));
    s.buffer = r.number("buffer", s.buffer, NumberRule::between(0.0, 1.0));
    s.percentile = r.number("percentile", s.percentile, kFractionRule);
    s.queue = r.choice("queue", kLimitQueueNames).value_or(s.queue);
    if (s.queue == LimitQueue::None)
        for (std::string_view key : {"backlog_size", "backlog_timeout_ms"})
            if (r.has(key)) r.error(key, "has no effect unless \"queue\" is fifo or lifo");
    if (const auto n = r.integer("backlog_size", 0, 1'000'000'000))
        s.backlogSize = static_cast<int>(*n);
    s.backlogTimeoutMs = r.number("backlog_timeout_ms", s.backlogTimeoutMs, kPositiveMsRule);
    if (r.has("drop_on")) s.dropOn = readOutcomes(r, "drop_on");
    if (r.has("ignore_on")) s.ignoreOn = readOutcomes(r, "ignore_on");
    return s;
}

void writeConcurrencyLimit(JsonWriter& w, const ConcurrencyLimitSpec& s)
{
    w.key("algorithm").value(std::string(kLimitAlgorithmNames.name(s.algorithm)));
    const bool netflix = s.algorithm != A::EnvoyGradient;
    if (netflix && s.initialLimit) w.key("initial_limit").value(*s.initialLimit);
    if (s.minLimit) w.key("min_limit").value(*s.minLimit);
    if (s.maxLimit) w.key("max_limit").value(*s.maxLimit);
    if (s.smoothing) w.key("smoothing").value(*s.smoothing);
    switch (s.algorithm) {
    case A::Aimd:
        w.key("backoff_ratio").value(s.backoffRatio).key("timeout_ms").value(s.timeoutMs);
        break;
    case A::Vegas:
        w.key("probe_multiplier").value(s.probeMultiplier);
        break;
    case A::Gradient2:
        w.key("queue_size").value(s.queueSize).key("long_window").value(s.longWindow);
        w.key("rtt_tolerance").value(s.rttTolerance);
        break;
    case A::EnvoyGradient:
        w.key("update_interval_ms").value(s.updateIntervalMs);
        w.key("min_rtt_interval_ms").value(s.minRttIntervalMs);
        w.key("request_count").value(s.requestCount).key("jitter").value(s.jitter);
        w.key("buffer").value(s.buffer).key("percentile").value(s.percentile);
        break;
    }
    if (netflix && s.windowed) {
        w.key("windowed").value(true);
        w.key("window_min_ms").value(s.minWindowMs).key("window_max_ms").value(s.maxWindowMs);
        w.key("window_size").value(s.windowSize);
        w.key("window_min_rtt_ms").value(s.minRttThresholdMs);
    }
    if (s.queue != LimitQueue::None) {
        w.key("queue").value(std::string(kLimitQueueNames.name(s.queue)));
        if (s.backlogSize) w.key("backlog_size").value(*s.backlogSize);
        w.key("backlog_timeout_ms").value(s.backlogTimeoutMs);
    }
    if (netflix && s.dropOn) w.key("drop_on").inlineArray(outcomeNames(*s.dropOn));
    if (s.ignoreOn) w.key("ignore_on").inlineArray(outcomeNames(*s.ignoreOn));
}

void addConcurrencyLimitFields(FieldSpecs& f)
{
    using namespace reslab::fields;
    const std::vector<std::string> netflix = {"aimd", "vegas", "gradient2", ""};
    f.push_back(choice("algorithm", "Algorithm", kLimitAlgorithmNames, "vegas",
                       "Netflix AIMDLimit, VegasLimit (the library's default), Gradient2Limit; "
                       "Envoy adaptive concurrency's gradient controller."));
    f.push_back(when(integer("initial_limit", "Initial limit", "calls", "≥ 1", "20",
                             "Netflix initialLimit (20 in all three)."),
                     "algorithm", netflix));
    // The defaults differ by algorithm: the field says so, its tooltip gives them.
    f.push_back(integer("min_limit", "Min limit", "calls", "≥ 1", "per algorithm",
                        "The limit never goes below this; Envoy measures minRTT at it. Default: "
                        "AIMD, Gradient2 20 · Vegas 1 · Envoy min_concurrency 3."));
    f.push_back(integer("max_limit", "Max limit", "calls", "≥ 1", "per algorithm",
                        "Netflix maxLimit / maxConcurrency; Envoy max_concurrency_limit. "
                        "Default: AIMD, Gradient2 200 · Vegas, Envoy 1000."));
    f.push_back(when(number("backoff_ratio", "Backoff ratio", "×", "0.5 – <1",
                            text(kAimdBackoffRatio), "AIMDLimit: the limit kept after a drop."),
                     "algorithm", {"aimd"}));
    f.push_back(when(number("timeout_ms", "Drop above RTT", "ms", "> 0", text(kAimdTimeoutMs),
                            "AIMDLimit timeout: a longer RTT counts as a drop."),
                     "algorithm", {"aimd"}));
    f.push_back(when(number("smoothing", "Smoothing", {}, "0 – 1", "per algorithm",
                            "The new limit's share; the rest is the old one. Default: Vegas 1 · "
                            "Gradient2 0.2."),
                     "algorithm", {"vegas", "gradient2", ""}));
    f.push_back(when(integer("probe_multiplier", "Probe every", "× limit", "≥ 1",
                             text(kVegasProbeMultiplier),
                             "VegasLimit probeMultiplier: rtt_noload is re-measured after about "
                             "this many limits of samples (jittered by 0.5 – 1)."),
                     "algorithm", {"vegas", ""}));
    f.push_back(when(integer("queue_size", "Queue allowance", "calls", "≥ 0",
                             text(kGradient2QueueSize), "Gradient2Limit queueSize."),
                     "algorithm", {"gradient2"}));
    f.push_back(
        when(integer("long_window", "Long window", "samples", "≥ 1", text(kGradient2LongWindow),
                     "Gradient2Limit longWindow: the long RTT's averaging length."),
             "algorithm", {"gradient2"}));
    f.push_back(when(number("rtt_tolerance", "RTT tolerance", "×", "≥ 1",
                            text(kGradient2RttTolerance), "Gradient2Limit rttTolerance."),
                     "algorithm", {"gradient2"}));
    f.push_back(when(boolean("windowed", "Windowed",
                             "Netflix WindowedLimit: the algorithm sees one averaged sample per "
                             "window of at least 10 calls."),
                     "algorithm", netflix));
    f.push_back(when(number("window_min_ms", "    min window", "ms", "≥ 100",
                            text(kWindowedMinWindowMs), "WindowedLimit minWindowTime."),
                     "windowed", {"true"}));
    f.push_back(when(number("window_max_ms", "    max window", "ms", "≥ 100",
                            text(kWindowedMaxWindowMs), "WindowedLimit maxWindowTime."),
                     "windowed", {"true"}));
    f.push_back(when(integer("window_size", "    min samples", "calls", "≥ 10",
                             text(kWindowedWindowSize), "WindowedLimit windowSize."),
                     "windowed", {"true"}));
    f.push_back(when(number("window_min_rtt_ms", "    ignore RTT below", "ms", "≥ 0",
                            text(kWindowedMinRttThresholdMs), "WindowedLimit minRttThreshold."),
                     "windowed", {"true"}));
    const std::vector<std::string> envoy = {"envoy_gradient"};
    f.push_back(when(number("update_interval_ms", "Update every", "ms", "≥ 1",
                            text(kEnvoyUpdateIntervalMs), "Envoy concurrency_update_interval."),
                     "algorithm", envoy));
    f.push_back(when(number("min_rtt_interval_ms", "Measure minRTT every", "ms", "≥ 1",
                            text(kEnvoyMinRttIntervalMs), "Envoy min_rtt_calc_params.interval."),
                     "algorithm", envoy));
    f.push_back(when(integer("request_count", "minRTT samples", "calls", "≥ 1",
                             text(kEnvoyRequestCount), "Envoy min_rtt_calc_params.request_count."),
                     "algorithm", envoy));
    f.push_back(when(number("jitter", "minRTT jitter", "fraction", "0 – 1", text(kEnvoyJitter),
                            "Envoy min_rtt_calc_params.jitter (15 %)."),
                     "algorithm", envoy));
    f.push_back(when(number("buffer", "minRTT buffer", "fraction", "0 – 1", text(kEnvoyBuffer),
                            "Envoy min_rtt_calc_params.buffer (25 %)."),
                     "algorithm", envoy));
    f.push_back(when(number("percentile", "Sample percentile", "fraction", "0 – 1",
                            text(kEnvoyPercentile), "Envoy sample_aggregate_percentile (p50)."),
                     "algorithm", envoy));
    f.push_back(choice("queue", "Over the limit", kLimitQueueNames, "none",
                       "none: rejected at once (SimpleLimiter) · fifo: BlockingLimiter · lifo: "
                       "LifoBlockingLimiter."));
    f.push_back(when(integer("backlog_size", "    backlog", "calls", "≥ 0", "lifo 100 · fifo ∞",
                             "LifoBlockingLimiter backlogSize (100); BlockingLimiter has no "
                             "bound."),
                     "queue", {"fifo", "lifo"}));
    f.push_back(when(number("backlog_timeout_ms", "    wait at most", "ms", "> 0",
                            text(kBacklogTimeoutMs), "LifoBlockingLimiter backlogTimeout."),
                     "queue", {"fifo", "lifo"}));
    f.push_back(when(list("drop_on", "Drops", "rejected, reset",
                          "Outcomes reported as onDropped (Netflix's gRPC client: UNAVAILABLE)."),
                     "algorithm", netflix));
    f.push_back(list("ignore_on", "Ignored", "per algorithm",
                     "Outcomes that give the algorithm no sample (onIgnore; Envoy "
                     "cancelLatencySample). Default: Netflix every other failure · Envoy the "
                     "calls without a response (timeout, reset, client-made, cancelled)."));
}

} // namespace reslab

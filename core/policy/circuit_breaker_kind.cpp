// The "circuit_breaker" strategy: resilience4j, Polly, Hystrix and consecutive-failure breakers
// (policy/circuit_breaker.h, policy/circuit_breaker_stage.h).

#include "policy/circuit_breaker_stage.h"
#include "policy/spec_io.h"
#include "policy/strategy_kind.h"

#include <algorithm>
#include <cmath>

namespace reslab {

namespace {
std::optional<StrategySpec> read(ObjectReader& r)
{
    Diagnostics& d = r.diagnostics();
    const std::size_t before = d.size();
    BreakerSpec s;
    if (const auto preset = r.string("preset"); preset && !BreakerSpec::applyPreset(*preset, s))
        r.error("preset", "unknown value \"" + *preset + "\" (expected one of: resilience4j, " +
                              "polly, hystrix)");
    s.name = r.string("name").value_or(r.path()); // default: its place, e.g. "pipeline[2]"
    s.mode = r.choice("mode", kBreakerModeNames).value_or(BreakerSpec::Mode::Rate);
    if (s.mode == BreakerSpec::Mode::Consecutive && !s.preset.empty())
        r.error("preset",
                "presets describe rate-based breakers; remove it or the consecutive mode");
    const NumberRule rate{0.0, 1.0, true};
    auto count = [&](std::string_view key, std::uint32_t fallback) {
        return static_cast<std::uint32_t>(r.integer(key, 1, 1'000'000).value_or(fallback));
    };
    if (s.mode == BreakerSpec::Mode::Rate) {
        if (r.has("window")) {
            ObjectReader w(r.value("window"), r.pathOf("window"), d);
            if (w.valid()) {
                w.requireKey("type");
                const auto type = w.choice("type", kBreakerWindowNames);
                if (type == BreakerSpec::Window::CountBased) {
                    s.window = BreakerSpec::Window::CountBased;
                    w.requireKey("size");
                    s.windowSize = static_cast<std::uint32_t>(
                        w.integer("size", 1, 1'000'000).value_or(kR4jWindowSize));
                } else if (type == BreakerSpec::Window::TimeBased) {
                    s.window = BreakerSpec::Window::TimeBased;
                    w.requireKey("size_s");
                    s.windowS = w.number("size_s", 60.0, NumberRule{0.0, 86400.0, true});
                    // resilience4j: one bucket per second of the window.
                    const auto perSecond =
                        static_cast<std::int64_t>(std::max(1.0, std::ceil(s.windowS)));
                    s.windowBuckets = static_cast<std::uint32_t>(
                        w.integer("buckets", 1, 100'000)
                            .value_or(std::min<std::int64_t>(perSecond, 100'000)));
                }
                w.rejectUnknown();
            }
        }
        s.failureRate = r.number("failure_rate", s.failureRate, rate);
        if (const auto slow = r.number("slow_call_ms", kPositiveMsRule)) s.slowCallMs = *slow;
        s.slowCallRate = r.number("slow_call_rate", s.slowCallRate, rate);
        s.minCalls = count("min_calls", s.minCalls);
    } else {
        s.failureThreshold = count("failure_threshold", kDefaultFailureThreshold);
        s.successThreshold = count("success_threshold", 1);
        s.failureWindowS = r.number("failure_window_s", NumberRule{0.0, 86400.0, true});
        s.halfOpenCalls = 1;
    }
    s.openMs = r.number("open_ms", s.openMs, kDurationMsRule);
    s.openMultiplier = r.number("open_multiplier", 1.0, NumberRule::between(1.0, 1000.0));
    s.openMaxMs = r.number("open_max_ms", kDurationMsRule);
    s.halfOpenCalls =
        count("half_open_calls",
              s.mode == BreakerSpec::Mode::Consecutive ? s.successThreshold : s.halfOpenCalls);
    s.maxHalfOpenMs = r.number("max_half_open_ms", 0.0, kDurationMsRule);
    s.automaticHalfOpen = r.boolean("automatic_half_open").value_or(false);
    if (r.has("failure_on")) {
        if (auto set = readOutcomes(r, "failure_on")) s.failureOn = *set;
    }
    if (r.has("ignore")) {
        if (auto set = readOutcomes(r, "ignore")) s.ignore = *set;
    }
    if (const auto force = r.choice("force", kBreakerForcedNames)) s.forced = *force;
    if (s.mode == BreakerSpec::Mode::Consecutive && s.successThreshold > s.halfOpenCalls)
        r.error("success_threshold", "must be ≤ half_open_calls, or the breaker could never close");
    if (s.openMaxMs && *s.openMaxMs < s.openMs) r.error("open_max_ms", "must be ≥ open_ms");
    if (d.size() != before) return std::nullopt;
    return s;
}

void write(JsonWriter& w, const StrategySpec& spec, const std::string& path)
{
    const auto& s = std::get<BreakerSpec>(spec);
    // Every value is written out, so the file says what the breaker does without the preset;
    // the preset is kept to say where the defaults came from.
    if (s.name != path) w.key("name").value(s.name);
    if (!s.preset.empty()) w.key("preset").value(s.preset);
    if (s.mode == BreakerSpec::Mode::Rate) {
        w.key("window").beginObject();
        if (s.window == BreakerSpec::Window::CountBased) {
            w.key("type").value("count").key("size").value(std::uint64_t{s.windowSize});
        } else {
            w.key("type").value("time").key("size_s").value(s.windowS);
            w.key("buckets").value(std::uint64_t{s.windowBuckets});
        }
        w.endObject();
        w.key("failure_rate").value(s.failureRate);
        if (std::isfinite(s.slowCallMs)) {
            w.key("slow_call_ms").value(s.slowCallMs);
            w.key("slow_call_rate").value(s.slowCallRate);
        }
        w.key("min_calls").value(std::uint64_t{s.minCalls});
    } else {
        w.key("mode").value("consecutive");
        w.key("failure_threshold").value(std::uint64_t{s.failureThreshold});
        w.key("success_threshold").value(std::uint64_t{s.successThreshold});
        if (s.failureWindowS) w.key("failure_window_s").value(*s.failureWindowS);
    }
    w.key("open_ms").value(s.openMs);
    if (s.openMultiplier != 1.0) w.key("open_multiplier").value(s.openMultiplier);
    if (s.openMaxMs) w.key("open_max_ms").value(*s.openMaxMs);
    w.key("half_open_calls").value(std::uint64_t{s.halfOpenCalls});
    if (s.maxHalfOpenMs > 0) w.key("max_half_open_ms").value(s.maxHalfOpenMs);
    if (s.automaticHalfOpen) w.key("automatic_half_open").value(true);
    if (s.failureOn != BreakerSpec{}.failureOn)
        w.key("failure_on").inlineArray(outcomeNames(s.failureOn));
    if (!s.ignore.empty()) w.key("ignore").inlineArray(outcomeNames(s.ignore));
    if (s.forced != BreakerSpec::Forced::None)
        w.key("force").value(kBreakerForcedNames.name(s.forced));
}

std::unique_ptr<Stage> makeStage(const StrategySpec& spec, const StageContext& c,
                                 const std::string&)
{
    return std::make_unique<CircuitBreakerStage>(std::get<BreakerSpec>(spec), c.scheduler, c.sink);
}

FieldSpecs editorFields()
{
    using namespace reslab::fields;
    std::vector<std::string> presets;
    for (std::string_view p : kBreakerPresetNames)
        presets.emplace_back(p);
    const std::vector<std::string> rateMode = {"rate", ""};
    FieldSpecs f;
    f.push_back(string("name", "Name", "its place", "Shown in the views and the summary."));
    f.push_back(choice("preset", "Defaults from", presets, presets.front(),
                       "Fills in that library's defaults; the fields below override them."));
    f.push_back(choice("mode", "Mode", kBreakerModeNames, "rate",
                       "rate: resilience4j's failure-rate window; consecutive: N failures in a row "
                       "(pybreaker, failsafe)."));
    f.push_back(
        when(number("failure_rate", "Failure rate", "fraction", "0 … 1", text(kR4jFailureRate),
                    "resilience4j failureRateThreshold (as a fraction); Polly "
                    "FailureRatio."),
             "mode", rateMode));
    f.push_back(when(integer("min_calls", "Minimum calls", {}, "≥ 1", text(kR4jMinCalls),
                             "resilience4j minimumNumberOfCalls; Polly MinimumThroughput; Hystrix "
                             "requestVolumeThreshold."),
                     "mode", rateMode));
    f.push_back(when(choice("window.type", "Window", kBreakerWindowNames, "count",
                            "resilience4j slidingWindowType."),
                     "mode", rateMode));
    f.push_back(when(integer("window.size", "    size", "calls", "≥ 1", text(kR4jWindowSize),
                             "resilience4j slidingWindowSize (count-based)."),
                     "window.type", {"count", ""}));
    f.push_back(when(number("window.size_s", "    length", "s", "> 0", {},
                            "resilience4j slidingWindowSize (time-based); Polly "
                            "SamplingDuration."),
                     "window.type", {"time"}));
    f.push_back(when(integer("window.buckets", "    buckets", {}, "≥ 1", "one per second",
                             "Hystrix metrics.rollingStats.numBuckets."),
                     "window.type", {"time"}));
    f.push_back(when(number("slow_call_ms", "Slow call", "ms", "> 0", text(kR4jSlowCallMs),
                            "resilience4j slowCallDurationThreshold."),
                     "mode", rateMode));
    f.push_back(
        when(number("slow_call_rate", "Slow-call rate", "fraction", "0 … 1", text(kR4jSlowCallRate),
                    "resilience4j slowCallRateThreshold (as a fraction)."),
             "mode", rateMode));
    f.push_back(when(integer("failure_threshold", "Failures in a row", {}, "≥ 1",
                             text(kDefaultFailureThreshold),
                             "pybreaker fail_max, failsafe failureThreshold."),
                     "mode", {"consecutive"}));
    f.push_back(when(number("failure_window_s", "    within", "s", "> 0", "none",
                            "Count failures within this window instead of in a row."),
                     "mode", {"consecutive"}));
    f.push_back(when(integer("success_threshold", "Successes to close", {}, "≥ 1", "1",
                             "failsafe successThreshold."),
                     "mode", {"consecutive"}));
    f.push_back(number("open_ms", "Open for", "ms", "> 0", text(kR4jOpenMs),
                       "resilience4j waitDurationInOpenState; Polly BreakDuration; Hystrix "
                       "sleepWindowInMilliseconds."));
    f.push_back(number("open_multiplier", "    growing ×", {}, "≥ 1", "1",
                       "Each consecutive opening lasts this much longer (resilience4j exponential "
                       "wait interval)."));
    f.push_back(
        number("open_max_ms", "    up to", "ms", "≥ open", "none", "The longest open period."));
    f.push_back(integer("half_open_calls", "Half-open probes", "calls", "≥ 1",
                        text(kR4jHalfOpenCalls),
                        "resilience4j permittedNumberOfCallsInHalfOpenState."));
    f.push_back(number("max_half_open_ms", "Max half-open", "ms", "≥ 0", "0 (off)",
                       "resilience4j maxWaitDurationInHalfOpenState."));
    f.push_back(boolean("automatic_half_open", "Half-open by timer",
                        "resilience4j automaticTransitionFromOpenToHalfOpenEnabled."));
    f.push_back(list("failure_on", "Failures are", "every outcome but ok", outcomesHint()));
    f.push_back(list("ignore", "Ignore", "none",
                     "Outcomes not recorded at all (resilience4j ignoreExceptions)."));
    f.push_back(choice("force", "Force", kBreakerForcedNames, "none",
                       "resilience4j transitionToForcedOpenState / DisabledState / "
                       "MetricsOnlyState."));
    return f;
}
} // namespace

const StrategyKind BreakerSpec::descriptor{
    "circuit_breaker",
    "Circuit breaker",
    R"({"preset": "resilience4j", "min_calls": 20, "open_ms": 10000})",
    read,
    write,
    makeStage,
    editorFields};

} // namespace reslab

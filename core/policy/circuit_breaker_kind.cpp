// The "circuit_breaker" strategy: resilience4j, Polly, Hystrix, opossum and consecutive-failure
// breakers (policy/circuit_breaker.h, policy/circuit_breaker_stage.h).

#include "policy/circuit_breaker_stage.h"
#include "policy/spec_io.h"
#include "policy/strategy_kind.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace reslab {

namespace {
std::string presetList()
{
    std::string list;
    for (std::string_view p : kBreakerPresetNames)
        list += (list.empty() ? "" : ", ") + std::string(p);
    return list;
}

// The mode each preset implies where it is not the default (the editor shows it while "mode" is
// absent).
std::vector<std::pair<std::string, std::string>> presetModes()
{
    std::vector<std::pair<std::string, std::string>> modes;
    for (std::string_view p : kBreakerPresetNames) {
        BreakerSpec s;
        BreakerSpec::applyPreset(std::string(p), s);
        if (s.mode != BreakerSpec::Mode::Rate)
            modes.emplace_back(std::string(p), std::string(kBreakerModeNames.name(s.mode)));
    }
    return modes;
}

std::optional<StrategySpec> read(ObjectReader& r)
{
    Diagnostics& d = r.diagnostics();
    const std::size_t before = d.size();
    BreakerSpec s;
    if (const auto preset = r.string("preset"); preset && !BreakerSpec::applyPreset(*preset, s))
        r.error("preset",
                "unknown value \"" + *preset + "\" (expected one of: " + presetList() + ")");
    s.name = r.string("name").value_or(r.path()); // default: its place, e.g. "pipeline[2]"
    const BreakerSpec::Mode presetMode = s.mode;
    s.mode = r.choice("mode", kBreakerModeNames).value_or(s.mode);
    const bool fires = s.mode == BreakerSpec::Mode::Fires;
    if (s.mode == BreakerSpec::Mode::Consecutive && !s.preset.empty())
        r.error("preset",
                "presets describe rate-based breakers; remove it or the consecutive mode");
    else if (!s.preset.empty() && s.mode != presetMode)
        r.error("mode", "preset \"" + s.preset + "\" is a " +
                            std::string(kBreakerModeNames.name(presetMode)) +
                            "-mode breaker; remove the preset or the mode");
    const NumberRule rate{0.0, 1.0, true};
    auto count = [&](std::string_view key, std::uint32_t fallback, std::int64_t min = 1) {
        return static_cast<std::uint32_t>(r.integer(key, min, 1'000'000).value_or(fallback));
    };
    if (s.mode != BreakerSpec::Mode::Consecutive) {
        if (fires && s.preset.empty()) { // opossum's window unless the file says otherwise
            s.window = BreakerSpec::Window::TimeBased;
            s.windowS = kOpossumWindowS;
            s.windowBuckets = kOpossumBuckets;
            s.halfOpenCalls = 1;
        }
        if (r.has("window")) {
            ObjectReader w(r.value("window"), r.pathOf("window"), d);
            if (w.valid()) {
                w.requireKey("type");
                const auto type = w.choice("type", kBreakerWindowNames);
                if (type == BreakerSpec::Window::CountBased && fires) {
                    w.error("type", "a fires-mode breaker counts in a time window (opossum's "
                                    "rolling window); use \"time\"");
                } else if (type == BreakerSpec::Window::CountBased) {
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
                    s.bucketStart =
                        w.choice("bucket_start", kBreakerBucketStartNames).value_or(s.bucketStart);
                    if (fires && s.bucketStart != BreakerSpec::BucketStart::Clock)
                        w.error("bucket_start", "opossum rotates its buckets on a timer; use "
                                                "\"clock\"");
                }
                w.rejectUnknown();
            }
        }
        s.failureRate = r.number("failure_rate", s.failureRate, rate);
        if (fires) {
            for (const char* key : {"slow_call_ms", "slow_call_rate"})
                if (r.has(key)) r.error(key, "a fires-mode breaker has no slow calls (opossum)");
        } else {
            if (const auto slow = r.number("slow_call_ms", kPositiveMsRule)) s.slowCallMs = *slow;
            s.slowCallRate = r.number("slow_call_rate", s.slowCallRate, rate);
        }
        // opossum's volumeThreshold may be 0; resilience4j's minimumNumberOfCalls is at least 1.
        s.minCalls = count("min_calls", fires && s.preset.empty() ? kOpossumVolume : s.minCalls,
                           fires ? 0 : 1);
        if (fires) {
            if (r.has("evaluate"))
                r.error("evaluate", "a fires-mode breaker decides when a call fails (opossum)");
        } else {
            s.evaluate = r.choice("evaluate", kBreakerEvaluateNames).value_or(s.evaluate);
        }
        s.evaluateIntervalMs =
            r.number("evaluate_interval_ms", s.evaluateIntervalMs, kPositiveMsRule);
        if (r.has("evaluate_interval_ms") && s.evaluate != BreakerSpec::Evaluate::Interval)
            r.error("evaluate_interval_ms", "applies only with \"evaluate\": \"interval\"");
    } else {
        s.failureThreshold = count("failure_threshold", kDefaultFailureThreshold);
        s.successThreshold = count("success_threshold", 1);
        s.failureWindowS = r.number("failure_window_s", NumberRule{0.0, 86400.0, true});
        s.halfOpenCalls = 1;
    }
    if (fires) {
        s.slowCallMs = std::numeric_limits<double>::infinity();
        if (s.preset.empty() && !r.has("open_ms")) s.openMs = kOpossumResetMs;
    }
    s.openMs = r.number("open_ms", s.openMs, kDurationMsRule);
    s.openMultiplier = r.number("open_multiplier", 1.0, NumberRule::between(1.0, 1000.0));
    s.openMaxMs = r.number("open_max_ms", kDurationMsRule);
    s.halfOpenCalls =
        count("half_open_calls",
              s.mode == BreakerSpec::Mode::Consecutive ? s.successThreshold : s.halfOpenCalls);
    s.maxHalfOpenMs = r.number("max_half_open_ms", 0.0, kDurationMsRule);
    s.automaticHalfOpen = r.boolean("automatic_half_open").value_or(fires);
    if (fires && s.preset.empty()) s.waitBoundary = BreakerSpec::WaitBoundary::At;
    s.waitBoundary = r.choice("wait_boundary", kBreakerWaitBoundaryNames).value_or(s.waitBoundary);
    s.lateResults = r.choice("late_results", kBreakerLateResultNames).value_or(s.lateResults);
    if (fires && s.lateResults != BreakerSpec::LateResults::Count)
        r.error("late_results", "a fires-mode breaker counts every result (opossum)");
    if (fires) { // opossum: a timer half-opens it and one call goes through
        if (s.halfOpenCalls != 1)
            r.error("half_open_calls", "a fires-mode breaker lets one call through (opossum)");
        if (!s.automaticHalfOpen)
            r.error("automatic_half_open", "a fires-mode breaker half-opens by timer (opossum)");
        if (s.maxHalfOpenMs > 0.0)
            r.error("max_half_open_ms", "a fires-mode breaker stays half-open until a call ends");
        s.halfOpenCalls = 1;
    }
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
    if (s.mode != BreakerSpec::Mode::Consecutive) {
        if (s.mode == BreakerSpec::Mode::Fires) w.key("mode").value("fires");
        w.key("window").beginObject();
        if (s.window == BreakerSpec::Window::CountBased) {
            w.key("type").value("count").key("size").value(std::uint64_t{s.windowSize});
        } else {
            w.key("type").value("time").key("size_s").value(s.windowS);
            w.key("buckets").value(std::uint64_t{s.windowBuckets});
            if (s.bucketStart != BreakerSpec::BucketStart::Clock)
                w.key("bucket_start").value(kBreakerBucketStartNames.name(s.bucketStart));
        }
        w.endObject();
        w.key("failure_rate").value(s.failureRate);
        if (std::isfinite(s.slowCallMs)) {
            w.key("slow_call_ms").value(s.slowCallMs);
            w.key("slow_call_rate").value(s.slowCallRate);
        }
        w.key("min_calls").value(std::uint64_t{s.minCalls});
        if (s.evaluate != BreakerSpec::Evaluate::EveryCall && s.mode != BreakerSpec::Mode::Fires)
            w.key("evaluate").value(kBreakerEvaluateNames.name(s.evaluate));
        if (s.evaluate == BreakerSpec::Evaluate::Interval)
            w.key("evaluate_interval_ms").value(s.evaluateIntervalMs);
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
    // Written where they differ from resilience4j's (the spec's defaults) — a fires-mode
    // breaker's boundary is its timer's, and needs no saying.
    if (s.waitBoundary != BreakerSpec::WaitBoundary::After && s.mode != BreakerSpec::Mode::Fires)
        w.key("wait_boundary").value(kBreakerWaitBoundaryNames.name(s.waitBoundary));
    if (s.lateResults != BreakerSpec::LateResults::Count)
        w.key("late_results").value(kBreakerLateResultNames.name(s.lateResults));
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
    const std::vector<std::string> windowed = {"rate", "", "fires"};
    FieldSpecs f;
    f.push_back(string("name", "Name", "its place", "Shown in the views and the summary."));
    f.push_back(choice("preset", "Defaults from", presets, presets.front(),
                       "Fills in that library's defaults; the fields below override them."));
    f.push_back(impliedBy(
        choice("mode", "Mode", kBreakerModeNames, "rate",
               "rate: resilience4j's failure-rate window; consecutive: N failures in a row "
               "(pybreaker, failsafe); fires: opossum's failures ÷ fires, rejected calls "
               "counted."),
        "preset", presetModes()));
    f.push_back(
        when(number("failure_rate", "Failure rate", "fraction", "0 … 1", text(kR4jFailureRate),
                    "resilience4j failureRateThreshold (as a fraction); Polly "
                    "FailureRatio; opossum errorThresholdPercentage ÷ 100."),
             "mode", windowed));
    f.push_back(
        when(integer("min_calls", "Minimum calls", {}, "≥ 1 (fires: ≥ 0)", text(kR4jMinCalls),
                     "resilience4j minimumNumberOfCalls; Polly MinimumThroughput; Hystrix "
                     "requestVolumeThreshold; opossum volumeThreshold (fires, may be 0)."),
             "mode", windowed));
    f.push_back(when(impliedBy(choice("window.type", "Window", kBreakerWindowNames, "count",
                                      "resilience4j slidingWindowType; opossum's is of time."),
                               "mode", {{"fires", "time"}}),
                     "mode", windowed));
    f.push_back(when(integer("window.size", "    size", "calls", "≥ 1", text(kR4jWindowSize),
                             "resilience4j slidingWindowSize (count-based)."),
                     "window.type", {"count", ""}));
    f.push_back(when(number("window.size_s", "    length", "s", "> 0", "opossum: 10",
                            "resilience4j slidingWindowSize (time-based); Polly "
                            "SamplingDuration."),
                     "window.type", {"time"}));
    f.push_back(when(integer("window.buckets", "    buckets", {}, "≥ 1", "1 per s (opossum: 10)",
                             "Polly: 10 sub-windows; Hystrix: 20 health buckets of 500 ms; "
                             "opossum rollingCountBuckets."),
                     "window.type", {"time"}));
    f.push_back(when(impliedBy(choice("window.bucket_start", "    buckets begin",
                                      kBreakerBucketStartNames, "clock",
                                      "clock: on the clock's multiples of their width "
                                      "(resilience4j, Hystrix); call: with the first call after "
                                      "the last one ended (Polly's RollingHealthMetrics)."),
                               "preset", {{"polly", "call"}}),
                     "window.type", {"time"}));
    f.push_back(when(impliedBy(choice("evaluate", "Decide", kBreakerEvaluateNames, "every_call",
                                      "every_call: after each recorded call (resilience4j); "
                                      "on_failure: after a failure only (Polly); interval: on a "
                                      "timer over the completed buckets (Hystrix)."),
                               "preset", {{"polly", "on_failure"}, {"hystrix", "interval"}}),
                     "mode", rateMode));
    f.push_back(when(number("evaluate_interval_ms", "    every", "ms", "> 0",
                            text(kHystrixHealthSnapshotMs),
                            "Hystrix metrics.healthSnapshotIntervalInMilliseconds."),
                     "evaluate", {"interval"}));
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
    // A fires-mode breaker half-opens by timer and lets one call through: nothing to set.
    const std::vector<std::string> probing = {"rate", "", "consecutive"};
    f.push_back(
        when(integer("half_open_calls", "Half-open probes", "calls", "≥ 1", text(kR4jHalfOpenCalls),
                     "resilience4j permittedNumberOfCallsInHalfOpenState."),
             "mode", probing));
    f.push_back(when(number("max_half_open_ms", "Max half-open", "ms", "≥ 0", "0 (off)",
                            "resilience4j maxWaitDurationInHalfOpenState."),
                     "mode", probing));
    f.push_back(when(boolean("automatic_half_open", "Half-open by timer",
                             "resilience4j automaticTransitionFromOpenToHalfOpenEnabled."),
                     "mode", probing));
    f.push_back(when(impliedBy(choice("wait_boundary", "Probe at the wait's end",
                                      kBreakerWaitBoundaryNames, "after",
                                      "after: the first call strictly after open_ms "
                                      "(resilience4j isAfter, Hystrix); at: a call at that "
                                      "instant already probes (Polly)."),
                               "preset", {{"polly", "at"}}),
                     "mode", probing));
    f.push_back(choice("late_results", "Late results", kBreakerLateResultNames, "count",
                       "A result of a call admitted before the last transition: count: the "
                       "current state records it, as every library does; ignore: dropped."));
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

#include "field_specs.h"

#include <QCoreApplication>

namespace reslab::ui {

namespace {
using Kind = FieldSpec::Kind;

QString tr(const char* text)
{
    return QCoreApplication::translate("FieldSpecs", text);
}

FieldSpec number(const QString& key, const char* label, const QString& unit, const QString& range,
                 const QString& defaultText, const char* tooltip, Kind kind = Kind::Number)
{
    FieldSpec f;
    f.key = key;
    f.label = tr(label);
    f.kind = kind;
    f.unit = unit;
    f.range = range;
    f.defaultText = defaultText;
    f.tooltip = tr(tooltip);
    return f;
}

FieldSpec integer(const QString& key, const char* label, const QString& unit, const QString& range,
                  const QString& defaultText, const char* tooltip)
{
    return number(key, label, unit, range, defaultText, tooltip, Kind::Integer);
}

FieldSpec choice(const QString& key, const char* label, const QStringList& choices,
                 const QString& defaultText, const char* tooltip)
{
    FieldSpec f = number(key, label, {}, {}, defaultText, tooltip, Kind::Choice);
    f.choices = choices;
    return f;
}

FieldSpec boolean(const QString& key, const char* label, const char* tooltip)
{
    return number(key, label, {}, {}, QStringLiteral("false"), tooltip, Kind::Boolean);
}

FieldSpec list(const QString& key, const char* label, const QString& defaultText,
               const char* tooltip)
{
    return number(key, label, {}, {}, defaultText, tooltip, Kind::List);
}

FieldSpec text(const QString& key, const char* label, const QString& defaultText,
               const char* tooltip)
{
    return number(key, label, {}, {}, defaultText, tooltip, Kind::Text);
}

FieldSpec when(FieldSpec f, const QString& showKey, const QStringList& values)
{
    f.showKey = showKey;
    f.showValues = values;
    return f;
}

// A distribution object (docs/scenario-format.md "Distributions"): its kind and that kind's keys.
// Mixtures and empirical lists are edited in the JSON tab.
void addDistribution(FieldSpecs& out, const QString& key, const char* label, const char* tooltip)
{
    const QString dist = key + ".dist";
    out << choice(dist, label,
                  {"constant", "uniform", "exponential", "normal", "lognormal", "pareto", "mixture",
                   "empirical"},
                  QStringLiteral("0 ms"), tooltip);
    out << when(number(key + ".ms", "    value", "ms", "≥ 0", {}, "The constant duration."), dist,
                {"constant"});
    out << when(number(key + ".min_ms", "    min", "ms", "≥ 0", {}, "Uniform: the smallest value."),
                dist, {"uniform"});
    out << when(
        number(key + ".max_ms", "    max", "ms", "≥ min", {}, "Uniform: the largest value."), dist,
        {"uniform"});
    out << when(number(key + ".mean_ms", "    mean", "ms", "> 0", {}, "The mean."), dist,
                {"exponential", "normal"});
    out << when(number(key + ".sd_ms", "    std. deviation", "ms", "≥ 0", {},
                       "Normal: the standard deviation (truncated at 0)."),
                dist, {"normal"});
    out << when(number(key + ".median_ms", "    median", "ms", "> 0", {}, "Lognormal: the median."),
                dist, {"lognormal"});
    out << when(number(key + ".p99_ms", "    p99", "ms", "> median", {},
                       "Lognormal: the 99th percentile (σ = ln(p99/median) / 2.3263)."),
                dist, {"lognormal"});
    out << when(
        number(key + ".scale_ms", "    scale xₘ", "ms", "> 0", {}, "Pareto: the minimum value xₘ."),
        dist, {"pareto"});
    out << when(number(key + ".shape", "    shape α", {}, "> 0", {},
                       "Pareto: the tail index α; the mean is infinite for α ≤ 1."),
                dist, {"pareto"});
}

const QString kOutcomesHint = QStringLiteral(
    "comma-separated outcomes: error, timeout, rate_limited, rejected, reset, fatal, conflict, …");
} // namespace

FieldSpecs generalFields(const QStringList& endpointIds)
{
    FieldSpecs f;
    f << text("name", "Name", {},
              "Shown in the title bar, the CLI's summary and the presets menu.");
    f << text("description", "Description", {}, "One line on what the scenario demonstrates.");
    f << number("duration_s", "Duration", "s", "> 0", {}, "Arrivals stop at this virtual time.");
    f << number("drain_s", "Drain", "s", "≥ 0", "300",
                "How long requests still in flight may take after arrivals stop.");
    f << integer("seed", "Seed", {}, "0 … 2⁵³", "1",
                 "Every random number derives from the seed (run --seed overrides).");
    f << choice("target", "Target endpoint", endpointIds, {},
                "The endpoint the client's pipeline calls.");
    return f;
}

FieldSpecs workloadFields()
{
    FieldSpecs f;
    f << choice(
        "type", "Arrivals", {"open", "closed", "batch", "trace"}, {},
        "open: Poisson arrivals at a rate; closed: N clients, each sends again after a think time; "
        "batch: N clients all start at t = 0; trace: the first attempts recorded in a trace.");
    f << when(
        text("file", "Trace file", {}, "A trace (JSON Lines), relative to the scenario's folder."),
        "type", {"trace"});
    f << when(number("rate_per_s", "Rate", "requests/s", "≥ 0", {},
                     "Mean arrival rate of the Poisson process (rate_schedule in the JSON tab)."),
              "type", {"open"});
    f << when(integer("clients", "Clients", {}, "≥ 1", {}, "Concurrent clients."), "type",
              {"closed", "batch"});
    f << when(integer("requests_per_client", "Requests per client", {}, "≥ 1", "1",
                      "Each batch client sends these one after another."),
              "type", {"batch"});
    FieldSpecs think;
    addDistribution(think, "think", "Think time",
                    "Closed clients wait this long between requests (default 0).");
    for (const FieldSpec& t : think)
        f << (t.showKey.isEmpty() ? when(t, "type", {"closed"}) : t);
    f << integer("max_requests", "Max requests", {}, "≥ 1", "unlimited",
                 "Arrivals stop after this many requests.");
    return f;
}

FieldSpecs endpointFields()
{
    FieldSpecs f;
    f << choice("kind", "Kind", {"service", "versioned_record", "trace"}, "service",
                "versioned_record: optimistic concurrency — a write fails with conflict (409) if "
                "another landed since the read; "
                "trace: answers from a recorded trace (docs/trace-format.md).");
    f << when(
        text("file", "Trace file", {}, "A trace (JSON Lines), relative to the scenario's folder."),
        "kind", {"trace"});
    f << when(choice("mode", "Replay", {"sequence", "timeline"}, "timeline",
                     "sequence: the k-th call gets the k-th recorded answer; timeline: a call at "
                     "time t gets one recorded near t."),
              "kind", {"trace"});
    f << when(number("window_ms", "    window", "ms", "≥ 0", "1000",
                     "Timeline: answers recorded within ± this of the call's time."),
              "kind", {"trace"});
    f << when(text("endpoint", "Recorded endpoint", "this endpoint's id",
                   "Replay the calls recorded for this endpoint name."),
              "kind", {"trace"});
    const int simulatedFrom = int(f.size());
    addDistribution(f, "latency", "Service time", "How long the server works on a call.");
    addDistribution(f, "network", "Network delay", "One-way delay, drawn separately each way.");
    f << number("failures.error", "Error (5xx)", {}, "0 … 1", "0",
                "Per-attempt probability of a retryable server error.");
    f << number("failures.fatal", "Fatal (4xx)", {}, "0 … 1", "0",
                "Per-attempt probability of a non-retryable client error.");
    f << number(
        "failures.timeout", "Never answers", {}, "0 … 1", "0",
        "The server works on the call but its response is lost: the client's timeout decides.");
    f << number("failures.reset", "Connection reset", {}, "0 … 1", "0",
                "Refused at once, without service.");
    f << integer("capacity.workers", "Workers", {}, "≥ 1", "unlimited", "Calls served at once.");
    f << integer("capacity.queue", "Queue", "places", "≥ 0", "unbounded",
                 "FIFO places; 0: excess calls are rejected (503) at once.");
    f << number(
        "capacity.slowdown_per_inflight", "Slowdown", "×/call", "≥ 0", "0",
        "Service time × (1 + s · calls at the server): a server that slows down as it fills up.");
    f << number("rate_limit.rate_per_s", "Rate limit", "requests/s", "> 0", "none",
                "Server-side token bucket: the refill rate.");
    f << integer("rate_limit.burst", "    burst", "tokens", "≥ 1", {}, "The bucket's size.");
    f << number("rate_limit.retry_after_ms", "    Retry-After", "ms", "≥ 0", "time to next token",
                "The Retry-After the 429 carries (absent: the time until the next token).");
    f << boolean("cancel_on_timeout", "Cancel abandoned work",
                 "Free the server's work when the client gives up (real servers usually do not).");
    // The model's blocks belong to simulated endpoints only (a distribution's own fields already
    // depend on their kind choice, which is hidden with them).
    for (int i = simulatedFrom; i < int(f.size()); ++i)
        if (f[i].showKey.isEmpty()) f[i] = when(f[i], "kind", {"", "service", "versioned_record"});
    return f;
}

FieldSpecs phaseFields()
{
    FieldSpecs f;
    f << number("start_s", "Start", "s", "≥ 0", {}, "The phase begins at this virtual time.");
    f << number("end_s", "End", "s", "> start", {},
                "… and ends here; the endpoint's own settings apply again.");
    f << number("failures.error", "Error (5xx)", {}, "0 … 1", "endpoint's",
                "Replaces the endpoint's failures while the phase lasts.");
    f << number("failures.timeout", "Never answers", {}, "0 … 1", "endpoint's",
                "Replaces the endpoint's failures while the phase lasts.");
    f << number("failures.reset", "Connection reset", {}, "0 … 1", "endpoint's",
                "Replaces the endpoint's failures while the phase lasts.");
    addDistribution(f, "latency", "Service time",
                    "Replaces the endpoint's service time while the phase lasts.");
    f << integer("capacity.workers", "Workers", {}, "≥ 1", "endpoint's",
                 "Replaces the endpoint's capacity while the phase lasts.");
    return f;
}

QStringList strategyTypes()
{
    return {"retry",        "timeout",     "circuit_breaker", "bulkhead",
            "rate_limiter", "hedge",       "fallback",        "retry_throttle",
            "retry_budget", "retry_quota", "finagle_budget",  "adaptive_throttle"};
}

QString strategyTitle(const QString& type)
{
    static constexpr std::pair<const char*, const char*> kTitles[] = {
        {"retry", "Retry"},
        {"timeout", "Timeout"},
        {"circuit_breaker", "Circuit breaker"},
        {"bulkhead", "Bulkhead"},
        {"rate_limiter", "Rate limiter"},
        {"hedge", "Hedging"},
        {"fallback", "Fallback"},
        {"retry_throttle", "gRPC retry throttling"},
        {"retry_budget", "Envoy retry budget"},
        {"retry_quota", "AWS retry quota"},
        {"finagle_budget", "Finagle retry budget"},
        {"adaptive_throttle", "SRE adaptive throttling"}};
    for (const auto& [key, title] : kTitles)
        if (type == QLatin1String(key)) return tr(title);
    return type;
}

FieldSpecs strategyFields(const QString& type)
{
    FieldSpecs f;
    if (type == "retry") {
        f << integer("max_attempts", "Max attempts", {}, "≥ 1", "3",
                     "Counts the first call: tenacity stop_after_attempt, resilience4j "
                     "maxAttempts, Polly MaxRetryAttempts + 1.");
        f << number("max_elapsed_ms", "Give up after", "ms", "> 0", "never",
                    "tenacity stop_after_delay.");
        f << number("stop_before_delay_ms", "Stop before", "ms", "> 0", "never",
                    "tenacity stop_before_delay: stop if the next sleep would end past this.");
        f << choice("backoff.type", "Backoff",
                    {"constant", "linear", "exponential", "decorrelated", "polly_decorrelated_v2"},
                    {},
                    "exponential: tenacity wait_exponential, resilience4j "
                    "IntervalFunction.ofExponentialBackoff, gRPC initialBackoff; "
                    "decorrelated: the AWS architecture blog; polly_decorrelated_v2: Polly v8's "
                    "default with jitter.");
        f << when(number("backoff.delay_ms", "    delay", "ms", "≥ 0", {},
                         "tenacity wait_fixed, resilience4j waitDuration."),
                  "backoff.type", {"constant"});
        f << when(number("backoff.initial_ms", "    initial", "ms", "≥ 0", {},
                         "The first delay: tenacity multiplier (in s), gRPC initialBackoff, Polly "
                         "Delay, AWS base."),
                  "backoff.type",
                  {"linear", "exponential", "decorrelated", "polly_decorrelated_v2"});
        f << when(number("backoff.increment_ms", "    increment", "ms", "≥ 0", {},
                         "tenacity wait_incrementing increment."),
                  "backoff.type", {"linear"});
        f << when(number("backoff.multiplier", "    multiplier", "× per retry", "≥ 1", "2",
                         "tenacity exp_base, resilience4j multiplier, gRPC backoffMultiplier."),
                  "backoff.type", {"exponential"});
        f << when(
            number("backoff.min_ms", "    min", "ms", "≥ 0", "0", "tenacity wait_exponential min."),
            "backoff.type", {"linear", "exponential"});
        f << number("backoff.max_ms", "    max", "ms", "≥ initial", "none",
                    "The cap: tenacity max, gRPC maxBackoff, Polly MaxDelay, AWS cap.");
        f << choice("jitter", "Jitter", {"none", "full", "equal", "proportional", "additive"},
                    "none",
                    "full: AWS full jitter / tenacity wait_random_exponential; equal: AWS equal "
                    "jitter; proportional: "
                    "resilience4j randomizationFactor, gRPC ±20 %; additive: tenacity "
                    "wait_exponential_jitter.");
        f << when(number("jitter.factor", "    factor", {}, "0 … 1", "0.5",
                         "Proportional: delay × U(1 − f, 1 + f)."),
                  "jitter", {"proportional"});
        f << when(number("jitter.jitter_ms", "    jitter", "ms", "≥ 0", "1000",
                         "Additive: delay + U(0, jitter)."),
                  "jitter", {"additive"});
        f << list("retry_on", "Retry on", "error, timeout, rate_limited, rejected, reset",
                  "Outcomes that are retried (tenacity retry_if_exception_type, resilience4j "
                  "retryExceptions).");
        f << list("retry_on_status", "Retry on status", "none",
                  "HTTP statuses retried as well, e.g. 429, 503, 504 (gRPC retryableStatusCodes).");
        f << boolean("honor_retry_after", "Honour Retry-After",
                     "A 429's Retry-After replaces the computed delay (Polly, urllib3 "
                     "respect_retry_after_header).");
        f << number("retry_after_max_ms", "    Retry-After cap", "ms", "≥ 0", "none",
                    "A longer Retry-After is clamped to this.");
    } else if (type == "timeout") {
        f << number("timeout_ms", "Timeout", "ms", "> 0", {},
                    "Polly TimeoutStrategy, resilience4j TimeLimiter timeoutDuration; "
                    "before a retry it bounds the request, after it each attempt.");
    } else if (type == "circuit_breaker") {
        f << text("name", "Name", "its place", "Shown in the views and the summary.");
        f << choice("preset", "Defaults from", {"resilience4j", "polly", "hystrix"}, "resilience4j",
                    "Fills in that library's defaults; the fields below override them.");
        f << choice("mode", "Mode", {"rate", "consecutive"}, "rate",
                    "rate: resilience4j's failure-rate window; consecutive: N failures in a row "
                    "(pybreaker, failsafe).");
        f << when(number("failure_rate", "Failure rate", "fraction", "0 … 1", "0.5",
                         "resilience4j failureRateThreshold (as a fraction); Polly FailureRatio."),
                  "mode", {"rate", ""});
        f << when(integer("min_calls", "Minimum calls", {}, "≥ 1", "100",
                          "resilience4j minimumNumberOfCalls; Polly MinimumThroughput; Hystrix "
                          "requestVolumeThreshold."),
                  "mode", {"rate", ""});
        f << when(choice("window.type", "Window", {"count", "time"}, "count",
                         "resilience4j slidingWindowType."),
                  "mode", {"rate", ""});
        f << when(integer("window.size", "    size", "calls", "≥ 1", "100",
                          "resilience4j slidingWindowSize (count-based)."),
                  "window.type", {"count", ""});
        f << when(number("window.size_s", "    length", "s", "> 0", {},
                         "resilience4j slidingWindowSize (time-based); Polly SamplingDuration."),
                  "window.type", {"time"});
        f << when(integer("window.buckets", "    buckets", {}, "≥ 1", "one per second",
                          "Hystrix metrics.rollingStats.numBuckets."),
                  "window.type", {"time"});
        f << when(number("slow_call_ms", "Slow call", "ms", "> 0", "60000",
                         "resilience4j slowCallDurationThreshold."),
                  "mode", {"rate", ""});
        f << when(number("slow_call_rate", "Slow-call rate", "fraction", "0 … 1", "1.0",
                         "resilience4j slowCallRateThreshold (as a fraction)."),
                  "mode", {"rate", ""});
        f << when(integer("failure_threshold", "Failures in a row", {}, "≥ 1", "5",
                          "pybreaker fail_max, failsafe failureThreshold."),
                  "mode", {"consecutive"});
        f << when(number("failure_window_s", "    within", "s", "> 0", "none",
                         "Count failures within this window instead of in a row."),
                  "mode", {"consecutive"});
        f << when(integer("success_threshold", "Successes to close", {}, "≥ 1", "1",
                          "failsafe successThreshold."),
                  "mode", {"consecutive"});
        f << number("open_ms", "Open for", "ms", "> 0", "60000",
                    "resilience4j waitDurationInOpenState; Polly BreakDuration; Hystrix "
                    "sleepWindowInMilliseconds.");
        f << number("open_multiplier", "    growing ×", {}, "≥ 1", "1",
                    "Each consecutive opening lasts this much longer (resilience4j exponential "
                    "wait interval).");
        f << number("open_max_ms", "    up to", "ms", "≥ open", "none", "The longest open period.");
        f << integer("half_open_calls", "Half-open probes", "calls", "≥ 1", "10",
                     "resilience4j permittedNumberOfCallsInHalfOpenState.");
        f << number("max_half_open_ms", "Max half-open", "ms", "≥ 0", "0 (off)",
                    "resilience4j maxWaitDurationInHalfOpenState.");
        f << boolean("automatic_half_open", "Half-open by timer",
                     "resilience4j automaticTransitionFromOpenToHalfOpenEnabled.");
        f << list("failure_on", "Failures are", "every outcome but ok",
                  kOutcomesHint.toUtf8().constData());
        f << list("ignore", "Ignore", "none",
                  "Outcomes not recorded at all (resilience4j ignoreExceptions).");
        f << choice("force", "Force", {"none", "forced_open", "disabled", "metrics_only"}, "none",
                    "resilience4j transitionToForcedOpenState / DisabledState / MetricsOnlyState.");
    } else if (type == "bulkhead") {
        f << integer("max_concurrent", "Max concurrent", "calls", "≥ 1", "25",
                     "resilience4j maxConcurrentCalls; asyncio.Semaphore(n).");
        f << number("max_wait_ms", "Max wait", "ms", "≥ 0", "0",
                    "resilience4j maxWaitDuration: how long a caller waits for a place.");
        f << integer("max_queue", "Max waiting", "callers", "≥ 0", "unbounded",
                     "Polly MaxQueuingActions.");
    } else if (type == "rate_limiter") {
        f << choice("kind", "Kind", {"token_bucket", "cycles"}, "token_bucket",
                    "cycles: resilience4j AtomicRateLimiter.");
        f << when(number("rate_per_s", "Rate", "permits/s", "> 0", {}, "Token refill rate."),
                  "kind", {"token_bucket", ""});
        f << when(integer("burst", "Burst", "tokens", "≥ 1", {}, "The bucket's size."), "kind",
                  {"token_bucket", ""});
        f << when(integer("limit_for_period", "Limit per period", "permits", "≥ 1", "50",
                          "resilience4j limitForPeriod."),
                  "kind", {"cycles"});
        f << when(number("refresh_period_ms", "Refresh period", "ms", "> 0", "0.0005",
                         "resilience4j limitRefreshPeriod."),
                  "kind", {"cycles"});
        f << number("max_wait_ms", "Max wait", "ms", "≥ 0", "0 / 5000",
                    "resilience4j timeoutDuration: how long a caller may wait for a permit.");
    } else if (type == "hedge") {
        f << number("delay_ms", "Hedging delay", "ms", "any", "2000",
                    "Polly HedgingDelay, gRPC hedgingDelay; 0 sends all at once, < 0 only after a "
                    "failure.");
        f << integer("max_hedged_attempts", "Extra attempts", {}, "≥ 1", "1",
                     "Polly MaxHedgedAttempts; gRPC maxAttempts − 1.");
        f << list("hedge_on", "Hedge on", "error, timeout, rate_limited, rejected, reset",
                  "Handled failures send the next hedge at once.");
    } else if (type == "fallback") {
        f << choice("kind", "Kind", {"fixed", "cached"}, "fixed",
                    "cached: answer with the last success (graceful degradation).");
        f << list("handles", "Handles", "every failure",
                  "Outcomes the fallback answers for (Polly ShouldHandle).");
        f << when(number("max_age_ms", "Max age", "ms", "> 0", "unlimited",
                         "A cached answer older than this is not used."),
                  "kind", {"cached"});
    } else if (type == "retry_throttle") {
        f << number("max_tokens", "Max tokens", {}, "1 … 1000", "10",
                    "gRPC retryThrottling.maxTokens.");
        f << number("token_ratio", "Token ratio", {}, "> 0", "0.1",
                    "gRPC retryThrottling.tokenRatio.");
    } else if (type == "retry_budget") {
        f << number("budget_percent", "Budget", "%", "0 … 100", "20",
                    "Envoy retry_budget.budget_percent.");
        f << integer("min_retry_concurrency", "Min retry concurrency", {}, "≥ 0", "3",
                     "Envoy retry_budget.min_retry_concurrency.");
    } else if (type == "retry_quota") {
        f << integer("capacity", "Capacity", "tokens", "≥ 1", "500",
                     "AWS SDK retry quota (INITIAL_RETRY_TOKENS).");
        f << integer("retry_cost", "Retry cost", "tokens", "≥ 0", "5", "AWS RETRY_COST.");
        f << integer("timeout_cost", "Timeout retry cost", "tokens", "≥ 0", "10",
                     "AWS RETRY_TIMEOUT_COST.");
        f << integer("no_retry_increment", "Success refund", "tokens", "≥ 0", "1",
                     "AWS NO_RETRY_INCREMENT.");
    } else if (type == "finagle_budget") {
        f << number("ttl_s", "TTL", "s", "1 … 60", "10", "Finagle RetryBudget ttl.");
        f << integer("min_retries_per_s", "Min retries", "per s", "≥ 0", "10",
                     "Finagle minRetriesPerSec.");
        f << number("percent_can_retry", "Percent can retry", "fraction", "0 … 1", "0.2",
                    "Finagle percentCanRetry.");
    } else if (type == "adaptive_throttle") {
        f << number("k", "K", {}, "≥ 1", "2",
                    "Google SRE book, client-side throttling: K multiplier of accepts.");
        f << number("window_s", "Window", "s", "> 0", "120",
                    "The history the ratio is taken over (two minutes in the book).");
    }
    return f;
}

QString newStrategyJson(const QString& type)
{
    if (type == "retry")
        return R"({"type": "retry", "max_attempts": 3, "backoff": {"type": "exponential", "initial_ms": 100, "multiplier": 2, "max_ms": 10000}, "jitter": "full"})";
    if (type == "timeout") return R"({"type": "timeout", "timeout_ms": 1000})";
    if (type == "circuit_breaker")
        return R"({"type": "circuit_breaker", "preset": "resilience4j", "min_calls": 20, "open_ms": 10000})";
    if (type == "bulkhead") return R"({"type": "bulkhead", "max_concurrent": 25})";
    if (type == "rate_limiter")
        return R"({"type": "rate_limiter", "rate_per_s": 100, "burst": 10})";
    if (type == "hedge") return R"({"type": "hedge", "delay_ms": 200})";
    if (type == "fallback") return R"({"type": "fallback"})";
    return QStringLiteral(R"({"type": "%1"})").arg(type);
}

} // namespace reslab::ui

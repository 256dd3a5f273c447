// Polly v8 through Microsoft.Extensions.Http.Resilience: the options section an
// AddStandardResilienceHandler().Configure(section) (or AddStandardHedgingHandler) binds, in an
// appsettings.json. The standard handler's order is fixed
// (ResilienceHttpClientBuilderExtensions.StandardResilience.cs @ dotnet/extensions 5862342c):
// RateLimiter → TotalRequestTimeout → Retry → CircuitBreaker → AttemptTimeout; the hedging
// handler's: TotalRequestTimeout → Hedging → per endpoint RateLimiter → CircuitBreaker → Timeout.
// .NET binds keys in any case and values from their text (TimeSpans "00:00:05"), ignores keys it
// does not know, and validates the options when the client is first made: ranges from the options'
// [Range] attributes, then HttpStandardResilienceOptionsCustomValidator's two rules.

#include "configimport/durations.h"
#include "configimport/format_importers.h"
#include "configimport/json_properties.h"
#include "configimport/polly_options.h"
#include "configimport/r4j_modules.h"
#include "configimport/scenario_builder.h"

#include <QJsonArray>
#include <algorithm>
#include <climits>
#include <map>

namespace reslab {

namespace {

using namespace polly;

QJsonArray handledOutcomes()
{
    // HttpClientResiliencePredicates.IsTransient: status ≥ 500, 408, 429, HttpRequestException,
    // TimeoutRejectedException (an attempt's timeout).
    return QJsonArray{"error", "timeout", "rate_limited", "rejected", "reset"};
}
const char* const kPredicates = "HttpClientResiliencePredicates.IsTransient: ≥ 500, 408, 429, "
                                "HttpRequestException, TimeoutRejectedException";

void rateLimiter(Options& o, const std::string& prefix)
{
    const auto permits = o.whole(prefix + "defaultratelimiteroptions:permitlimit", 1);
    o.put("max_concurrent", permits, double(permits.value_or(kPollyPermitLimit)),
          prefix + "defaultratelimiteroptions:permitlimit",
          "RateLimiterConstants.DefaultPermitLimit = 1000 (a ConcurrencyLimiter)");
    const auto queue = o.whole(prefix + "defaultratelimiteroptions:queuelimit", 0);
    if (queue.value_or(kPollyQueueLimit) > 0) {
        // A queued lease waits until a permit frees up (or the request's token is cancelled).
        o.put("max_wait_ms", queue, kQueuedForeverMs,
              prefix + "defaultratelimiteroptions:queuelimit", "");
        o.put("max_queue", queue, double(*queue), prefix + "defaultratelimiteroptions:queuelimit",
              "");
    }
    if (o.choice(prefix + "defaultratelimiteroptions:queueprocessingorder",
                 {"OldestFirst", "NewestFirst"}) == 1)
        o.note(prefix + "defaultratelimiteroptions:queueprocessingorder",
               "NewestFirst: the bulkhead here serves its queue oldest first");
}

// Returns the sampling duration the file gives (the validators compare it).
std::optional<double> circuitBreaker(Options& o, ScenarioBuilder& b, const std::string& prefix,
                                     const std::string& name)
{
    b.fixed("name", QString::fromStdString(name));
    b.fixed("preset", "polly");
    const auto ratio = o.number(prefix + "failureratio", 0, 1);
    o.put("failure_rate", ratio, ratio.value_or(kPollyFailureRatio), prefix + "failureratio",
          "CircuitBreakerConstants.DefaultFailureRatio = 0.1");
    const auto throughput = o.whole(prefix + "minimumthroughput", kMinThroughput);
    o.put("min_calls", throughput, double(throughput.value_or(kPollyMinimumThroughput)),
          prefix + "minimumthroughput", "CircuitBreakerConstants.DefaultMinimumThroughput = 100");
    const auto sampling = o.timeSpan(prefix + "samplingduration", kMinBreakMs, kOneDayMs);
    b.fixed("window.type", "time");
    o.put("window.size_s", sampling, sampling.value_or(kPollySamplingDurationS * 1000) / 1000,
          prefix + "samplingduration", "CircuitBreakerConstants.DefaultSamplingDuration = 30 s");
    b.fixed("window.buckets", double(kPollySubWindows)); // RollingHealthMetrics: 10 windows
    b.fixed("window.bucket_start", "call");
    const auto brk = o.timeSpan(prefix + "breakduration", kMinBreakMs, kOneDayMs);
    o.put("open_ms", brk, brk.value_or(kPollyBreakMs), prefix + "breakduration",
          "CircuitBreakerConstants.DefaultBreakDuration = 5 s");
    b.fill("failure_on", handledOutcomes(), o.sourceKey(prefix + "shouldhandle"), kPredicates);
    return sampling;
}

// Returns the timeout the file gives.
std::optional<double> timeout(Options& o, const std::string& key, double fallback,
                              const std::string& origin)
{
    const auto t = o.timeSpan(key, kMinTimeoutMs, kOneDayMs);
    o.put("timeout_ms", t, t.value_or(fallback), key, origin);
    return t;
}

} // namespace

bool importPolly(const std::vector<ConfigSource>& files, const ConfigImportOptions& options,
                 ImportedConfig& out, ConfigProblems& problems)
{
    Properties properties;
    std::vector<std::string> paths;
    for (const ConfigSource& f : files) {
        paths.push_back(f.path);
        const auto document = readJsonDocument(f.path, f.bytes, true, problems);
        if (!document || !dotnetProperties(*document, properties, problems)) return false;
    }
    const std::vector<Section> sections = findSections(properties);
    if (sections.empty()) {
        problems.push_back({paths.front(), 0, 0,
                            "no standard resilience handler options (a section with Retry, "
                            "CircuitBreaker, AttemptTimeout, TotalRequestTimeout, RateLimiter, or "
                            "Hedging and Endpoint keys)"});
        return false;
    }
    std::vector<std::string> names;
    for (const Section& s : sections)
        names.push_back(s.path.empty() ? std::string("(top level)") : s.name());
    const Section* section = &sections.front();
    if (!options.instance.empty()) {
        section = nullptr;
        for (const Section& s : sections)
            if (folded(s.name()) == folded(options.instance)) section = &s;
        if (!section) {
            std::string list;
            for (const auto& n : names)
                list += (list.empty() ? "" : ", ") + n;
            problems.push_back(
                {paths.front(), 0, 0,
                 "no section \"" + options.instance + "\" (the file has: " + list + ")"});
            return false;
        }
    }
    ScenarioBuilder b(ConfigFormat::Polly, paths);
    b.setInstance(section->path.empty() ? "" : section->name(), names);
    Options o(*section, b, problems);
    const std::size_t before = problems.size();
    // The client the section configures: its first segment ("CatalogClient:Resilience").
    const std::string name =
        section->path.empty() ? std::string("standard") : section->path.front();

    if (!section->hedging) {
        b.strategy("bulkhead", "RateLimiter (ConcurrencyLimiter)");
        rateLimiter(o, "ratelimiter:");
        b.strategy("timeout", "TotalRequestTimeout");
        const auto total = timeout(o, "totalrequesttimeout:timeout", kPollyTimeoutMs,
                                   "TimeoutStrategyOptions.Timeout = 30 s");
        b.strategy("retry", "Retry");
        const auto retries = o.whole("retry:maxretryattempts", 1);
        o.put("max_attempts", retries, double(retries.value_or(kPollyDefaultRetryCount) + 1),
              "retry:maxretryattempts",
              "RetryConstants.DefaultRetryCount = 3 retries, so 4 attempts");
        const auto type = o.choice("retry:backofftype", {"Constant", "Linear", "Exponential"});
        const auto jitter = o.boolean("retry:usejitter");
        const auto delay = o.timeSpan("retry:delay", 0, kOneDayMs);
        const auto maxDelay = o.timeSpan("retry:maxdelay", 0, kOneDayMs);
        const int kind = type.value_or(2);           // HttpRetryStrategyOptions: Exponential
        const bool jittered = jitter.value_or(true); // HttpRetryStrategyOptions: UseJitter true
        const double d = delay.value_or(kPollyDefaultDelayMs);
        const char* typeOrigin = "HttpRetryStrategyOptions.BackoffType = Exponential";
        const char* jitterOrigin = "HttpRetryStrategyOptions.UseJitter = true";
        const char* delayOrigin = "RetryConstants.DefaultBaseDelay = 2 s";
        const QJsonValue typeName = kind == 0   ? "constant"
                                    : kind == 1 ? "linear"
                                    : jittered  ? "polly_decorrelated_v2"
                                                : "exponential";
        o.put("backoff.type", type, typeName, "retry:backofftype", typeOrigin);
        if (!type || !jitter)
            b.note(o.sourceKey(!jitter ? "retry:usejitter" : "retry:backofftype"),
                   std::string("the backoff kind follows from ") + (!type ? typeOrigin : "") +
                       (!type && !jitter ? " and " : "") + (!jitter ? jitterOrigin : ""));
        if (kind == 0) {
            o.put("backoff.delay_ms", delay, d, "retry:delay", delayOrigin);
        } else {
            o.put("backoff.initial_ms", delay, d, "retry:delay", delayOrigin);
            if (kind == 1) b.fixed("backoff.increment_ms", d); // (attempt + 1) · Delay
            if (kind == 2 && !jittered) b.fixed("backoff.multiplier", 2.0);
        }
        if (maxDelay) b.set("backoff.max_ms", *maxDelay);
        if (jittered && kind != 2) {
            b.fixed("jitter.type", "proportional");
            b.fixed("jitter.factor", kPollyJitterFactor);
        }
        // Polly caps the jittered delay (RetryHelper: jitter, then MaxDelay); the decorrelated
        // backoff caps its own (polly_decorrelated_v2 max_ms).
        if (maxDelay && jittered && kind != 2) b.fixed("jitter.cap_after_jitter", true);
        const auto after = o.boolean("retry:shouldretryafterheader");
        o.put("honor_retry_after", after, after.value_or(true), "retry:shouldretryafterheader",
              "HttpRetryStrategyOptions.ShouldRetryAfterHeader = true");
        b.fill("retry_on", handledOutcomes(), o.sourceKey("retry:shouldhandle"), kPredicates);
        b.fill("retry_on_status", QJsonArray{408}, o.sourceKey("retry:shouldhandle"),
               "HttpClientResiliencePredicates: 408 Request Timeout is transient");
        b.strategy("circuit_breaker", "CircuitBreaker");
        const auto sampling = circuitBreaker(o, b, "circuitbreaker:", name);
        b.strategy("timeout", "AttemptTimeout");
        const auto attempt = timeout(o, "attempttimeout:timeout", kStandardAttemptTimeoutMs,
                                     "HttpStandardResilienceOptions.AttemptTimeout = 10 s");
        // HttpStandardResilienceOptionsCustomValidator.
        const double totalMs = total.value_or(kPollyTimeoutMs);
        const double attemptMs = attempt.value_or(kStandardAttemptTimeoutMs);
        if (problems.size() == before && attemptMs > totalMs)
            o.bad(attempt ? "attempttimeout:timeout" : "totalrequesttimeout:timeout",
                  "the attempt timeout (" + msText(attemptMs) +
                      ") is longer than the total request timeout (" + msText(totalMs) +
                      "): HttpStandardResilienceOptionsCustomValidator refuses it");
        if (problems.size() == before && sampling.value_or(kPollySamplingDurationS * 1000) <
                                             kSamplingPerAttemptTimeout * attemptMs)
            o.bad(sampling ? "circuitbreaker:samplingduration" : "attempttimeout:timeout",
                  "the circuit breaker's sampling duration (" +
                      msText(sampling.value_or(kPollySamplingDurationS * 1000)) +
                      ") is under twice the attempt timeout (" + msText(attemptMs) +
                      "): HttpStandardResilienceOptionsCustomValidator refuses it");
    } else {
        b.strategy("timeout", "TotalRequestTimeout");
        const auto total = timeout(o, "totalrequesttimeout:timeout", kPollyTimeoutMs,
                                   "TimeoutStrategyOptions.Timeout = 30 s");
        b.strategy("hedge", "Hedging");
        const auto hedges = o.whole("hedging:maxhedgedattempts", 1, kMaxHedgedAttempts);
        o.put("max_hedged_attempts", hedges, double(hedges.value_or(kPollyMaxHedgedAttempts)),
              "hedging:maxhedgedattempts", "HedgingConstants.DefaultMaxHedgedAttempts = 1");
        const auto delay = o.timeSpan("hedging:delay", 0, kOneDayMs);
        o.put("delay_ms", delay, delay.value_or(kPollyHedgingDelayMs), "hedging:delay",
              "HedgingConstants.DefaultHedgingDelay = 2 s");
        QJsonArray hedgeOn = handledOutcomes();
        hedgeOn.append("breaker_open"); // HttpClientHedgingResiliencePredicates: BrokenCircuit
        b.fill("hedge_on", hedgeOn, o.sourceKey("hedging:shouldhandle"),
               "HttpClientHedgingResiliencePredicates.IsTransient (BrokenCircuitException too)");
        b.strategy("bulkhead", "Endpoint RateLimiter (ConcurrencyLimiter)");
        rateLimiter(o, "endpoint:ratelimiter:");
        b.strategy("circuit_breaker", "Endpoint CircuitBreaker");
        const auto sampling = circuitBreaker(o, b, "endpoint:circuitbreaker:", name);
        b.strategy("timeout", "Endpoint Timeout");
        const auto attempt = timeout(o, "endpoint:timeout:timeout", kStandardAttemptTimeoutMs,
                                     "HedgingEndpointOptions.Timeout = 10 s");
        // HttpStandardHedgingResilienceOptionsCustomValidator.
        const double totalMs = total.value_or(kPollyTimeoutMs);
        const double attemptMs = attempt.value_or(kStandardAttemptTimeoutMs);
        if (problems.size() == before && attemptMs > totalMs)
            o.bad("endpoint:timeout:timeout", "the endpoint timeout (" + msText(attemptMs) +
                                                  ") is longer than the total request timeout (" +
                                                  msText(totalMs) + ")");
        if (problems.size() == before && sampling.value_or(kPollySamplingDurationS * 1000) <
                                             kSamplingPerAttemptTimeout * attemptMs)
            o.bad("endpoint:circuitbreaker:samplingduration",
                  "the circuit breaker's sampling duration is under twice the endpoint timeout");
        const double cumulative =
            double(hedges.value_or(kPollyMaxHedgedAttempts)) * delay.value_or(kPollyHedgingDelayMs);
        if (problems.size() == before && cumulative > totalMs)
            o.bad("hedging:delay", "the hedging's cumulative delay (" + msText(cumulative) +
                                       ") is longer than the total request timeout (" +
                                       msText(totalMs) + ")");
        b.note(o.sourceKey("endpoint"),
               "one endpoint: routing hedges to other endpoints (SelectPipelineByAuthority, "
               "routing groups) is code");
    }
    o.unknownKeys();
    if (problems.size() != before) return false;
    if (sections.size() > 1)
        b.note("(sections)", "the file has " + std::to_string(sections.size()) +
                                 " handler sections; \"" +
                                 names[std::size_t(section - &sections.front())] +
                                 "\" is imported (--instance SECTION for another)");
    return b.finish(name, out, problems);
}

} // namespace reslab

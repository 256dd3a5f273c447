// resilience4j: Spring Boot application.yml (resilience4j-spring-boot), one instance per strategy
// type, named after the target endpoint. resilience4j composes them in its own fixed order
// (Retry(CircuitBreaker(RateLimiter(TimeLimiter(Bulkhead(call)))))), noted when ours differs.

#include "export/export.h"
#include "policy/strategy_kind.h"

#include <cmath>

namespace reslab::detail {

namespace {
std::string outcomeList(const OutcomeSet& set)
{
    std::string out;
    for (std::size_t i = 0; i < kOutcomeCount; ++i)
        if (set.contains(static_cast<Outcome>(i)))
            out += (out.empty() ? "" : ", ") + std::string(kOutcomeNames[i]);
    return out;
}
} // namespace

ExportResult exportResilience4j(const Scenario& s, Notes notes)
{
    std::string retryYaml, breakerYaml, bulkheadYaml, limiterYaml, timeLimiterYaml;
    const std::string name = s.target.empty() ? "backend" : s.target;
    const std::string indent = "      ";
    int retryIndex = -1;
    for (std::size_t i = 0; i < s.pipeline.size() && retryIndex < 0; ++i)
        if (std::holds_alternative<RetrySpec>(s.pipeline[i])) retryIndex = static_cast<int>(i);
    for (std::size_t i = 0; i < s.pipeline.size(); ++i) {
        const std::string path = "pipeline[" + std::to_string(i) + "]";
        const StrategySpec& st = s.pipeline[i];
        if (const auto* r = std::get_if<RetrySpec>(&st)) {
            if (!retryYaml.empty()) {
                notes.add(path, "a second retry (one Retry instance per backend)");
                continue;
            }
            const BackoffSpec& b = r->backoff;
            retryYaml += indent + "maxAttempts: " + std::to_string(r->maxAttempts) + "\n";
            switch (b.kind) {
            case BackoffSpec::Kind::Constant:
                retryYaml += indent + "waitDuration: " + durationText(b.delayMs) + "\n";
                break;
            case BackoffSpec::Kind::Exponential:
                retryYaml += indent + "waitDuration: " + durationText(b.initialMs) + "\n";
                retryYaml += indent + "enableExponentialBackoff: true\n";
                retryYaml +=
                    indent + "exponentialBackoffMultiplier: " + number(b.multiplier) + "\n";
                if (std::isfinite(b.maxMs))
                    retryYaml +=
                        indent + "exponentialMaxWaitDuration: " + durationText(b.maxMs) + "\n";
                if (b.minMs > 0) notes.add(path + ".backoff.min_ms", "a floor on the wait");
                break;
            case BackoffSpec::Kind::Urllib3:
                retryYaml += indent + "waitDuration: " + durationText(b.factorMs) + "\n";
                retryYaml += indent + "enableExponentialBackoff: true\n";
                retryYaml += indent + "exponentialBackoffMultiplier: 2\n";
                retryYaml += indent + "exponentialMaxWaitDuration: " + durationText(b.maxMs) + "\n";
                notes.add(path + ".backoff",
                          "urllib3's backoff waits 0 before the first retry (exported as "
                          "exponential from factor: the same waits from the second retry on)");
                break;
            default:
                retryYaml += indent + "waitDuration: " + durationText(b.initialMs) + "\n";
                notes.add(path + ".backoff", "linear, decorrelated and Polly-v2 backoff (exported "
                                             "as a fixed wait of initial_ms)");
            }
            switch (r->jitter.kind) {
            case JitterSpec::Kind::None:
                break;
            case JitterSpec::Kind::Proportional:
                retryYaml += indent + "enableRandomizedWait: true\n";
                retryYaml += indent + "randomizedWaitFactor: " + number(r->jitter.factor) + "\n";
                // IntervalFunction.ofExponentialRandomBackoff randomises, then caps.
                if (std::isfinite(b.maxMs) && !r->jitter.capAfterJitter)
                    notes.add(path + ".jitter.cap_after_jitter",
                              "a cap before the jitter (resilience4j caps the randomised wait: "
                              "set cap_after_jitter to simulate what it does)");
                break;
            default:
                notes.add(path + ".jitter",
                          "only proportional jitter (randomizedWaitFactor) exists in resilience4j");
            }
            if (r->maxElapsedMs || r->stopBeforeDelayMs)
                notes.add(path, "time-based stop conditions");
            if (r->honorRetryAfter)
                notes.add(path + ".honor_retry_after",
                          "Retry-After (needs an IntervalBiFunction in code)");
            notes.add(path + ".retry_on", "which failures are retried (" + outcomeList(r->retryOn) +
                                              "): list the matching exceptions in retryExceptions");
        } else if (const auto* b = std::get_if<BreakerSpec>(&st)) {
            if (!breakerYaml.empty()) {
                notes.add(path, "a second circuit breaker");
                continue;
            }
            noteFiresMode(*b, path, notes);
            if (b->mode == BreakerSpec::Mode::Consecutive) {
                notes.add(path + ".mode", "consecutive-failure breakers (exported as a count "
                                          "window of failure_threshold calls at 100 %)");
                breakerYaml += indent + "slidingWindowType: COUNT_BASED\n" + indent +
                               "slidingWindowSize: " + std::to_string(b->failureThreshold) + "\n" +
                               indent +
                               "minimumNumberOfCalls: " + std::to_string(b->failureThreshold) +
                               "\n" + indent + "failureRateThreshold: 100\n";
            } else {
                if (b->window == BreakerSpec::Window::CountBased) {
                    breakerYaml += indent + "slidingWindowType: COUNT_BASED\n" + indent +
                                   "slidingWindowSize: " + std::to_string(b->windowSize) + "\n";
                } else {
                    breakerYaml += indent + "slidingWindowType: TIME_BASED\n" + indent +
                                   "slidingWindowSize: " + number(std::ceil(b->windowS)) + "\n";
                    if (b->windowBuckets != static_cast<std::uint32_t>(std::ceil(b->windowS)))
                        notes.add(path + ".window.buckets",
                                  "resilience4j's time window has one bucket per second");
                }
                breakerYaml +=
                    indent + "minimumNumberOfCalls: " + std::to_string(b->minCalls) + "\n";
                breakerYaml +=
                    indent + "failureRateThreshold: " + number(b->failureRate * 100.0) + "\n";
                if (std::isfinite(b->slowCallMs)) {
                    breakerYaml +=
                        indent + "slowCallDurationThreshold: " + durationText(b->slowCallMs) + "\n";
                    breakerYaml +=
                        indent + "slowCallRateThreshold: " + number(b->slowCallRate * 100.0) + "\n";
                } else {
                    breakerYaml += indent + "slowCallRateThreshold: 100\n";
                }
            }
            breakerYaml += indent + "waitDurationInOpenState: " + durationText(b->openMs) + "\n";
            breakerYaml += indent + "permittedNumberOfCallsInHalfOpenState: " +
                           std::to_string(b->halfOpenCalls) + "\n";
            breakerYaml += indent + "automaticTransitionFromOpenToHalfOpenEnabled: " +
                           (b->automaticHalfOpen ? "true" : "false") + "\n";
            if (b->maxHalfOpenMs > 0)
                breakerYaml += indent +
                               "maxWaitDurationInHalfOpenState: " + durationText(b->maxHalfOpenMs) +
                               "\n";
            if (b->openMultiplier != 1.0)
                notes.add(path + ".open_multiplier",
                          "a growing wait (needs an IntervalFunction in code)");
            if (b->forced != BreakerSpec::Forced::None)
                notes.add(path + ".force",
                          "forced states are set at run time (transitionToForcedOpenState …)");
            // resilience4j decides after every call, probes strictly after the wait, keeps its
            // buckets on epoch seconds and records late results (CircuitBreakerStateMachine,
            // SlidingTimeWindowMetrics).
            if (b->mode == BreakerSpec::Mode::Rate &&
                b->evaluate != BreakerSpec::Evaluate::EveryCall)
                notes.add(path + ".evaluate", "deciding after failures only or on a timer "
                                              "(resilience4j decides after every call)");
            if (b->mode != BreakerSpec::Mode::Fires &&
                b->waitBoundary != BreakerSpec::WaitBoundary::After)
                notes.add(path + ".wait_boundary", "a probe at the wait's very end (resilience4j "
                                                   "probes strictly after it)");
            if (b->window == BreakerSpec::Window::TimeBased &&
                b->bucketStart != BreakerSpec::BucketStart::Clock &&
                b->mode != BreakerSpec::Mode::Consecutive)
                notes.add(path + ".window.bucket_start",
                          "buckets begun by calls (resilience4j's are epoch seconds)");
            if (b->lateResults != BreakerSpec::LateResults::Count)
                notes.add(path + ".late_results",
                          "ignoring late results (resilience4j records every result)");
            notes.add(
                path + ".failure_on",
                "which outcomes are failures: list them in recordExceptions / ignoreExceptions");
        } else if (const auto* bh = std::get_if<BulkheadSpec>(&st)) {
            bulkheadYaml +=
                indent + "maxConcurrentCalls: " + std::to_string(bh->maxConcurrent) + "\n";
            bulkheadYaml += indent + "maxWaitDuration: " + durationText(bh->maxWaitMs) + "\n";
            if (bh->maxQueue) notes.add(path + ".max_queue", "a limit on waiting callers");
        } else if (const auto* l = std::get_if<RateLimiterSpec>(&st)) {
            if (l->kind == RateLimiterSpec::Kind::Cycles) {
                limiterYaml += indent + "limitForPeriod: " + number(l->limitForPeriod) + "\n";
                limiterYaml +=
                    indent + "limitRefreshPeriod: " + durationText(l->refreshPeriodMs) + "\n";
            } else {
                notes.add(path, "a token bucket (exported as resilience4j's cycles: rate_per_s "
                                "permits per second)");
                limiterYaml += indent + "limitForPeriod: " + number(std::ceil(l->ratePerS)) + "\n";
                limiterYaml += indent + "limitRefreshPeriod: 1s\n";
            }
            limiterYaml += indent + "timeoutDuration: " + durationText(l->maxWaitMs) + "\n";
        } else if (const auto* t = std::get_if<TimeoutSpec>(&st)) {
            // resilience4j's TimeLimiter sits inside its Retry: it bounds each attempt.
            if (retryIndex >= 0 && static_cast<int>(i) < retryIndex) {
                notes.add(path, "a timeout around all the retries (resilience4j's TimeLimiter "
                                "bounds each attempt)");
                continue;
            }
            if (!timeLimiterYaml.empty()) {
                notes.add(path, "a second timeout (one TimeLimiter per backend)");
                continue;
            }
            timeLimiterYaml += indent + "timeoutDuration: " + durationText(t->timeoutMs) + "\n";
            timeLimiterYaml += indent + "cancelRunningFuture: true\n";
        } else if (std::holds_alternative<AdaptiveLimitSpec>(st)) {
            // Asked for in resilience4j issues #201 and #1422; a fixed bulkhead is the nearest.
            notes.add(path, "adaptive_limit (resilience4j has no adaptive concurrency limit, only "
                            "the fixed bulkhead; Netflix concurrency-limits and failsafe-go's "
                            "adaptivelimiter have one)");
        } else {
            notes.add(path, std::string(strategyKind(st).name) +
                                " (not in resilience4j's configuration)");
        }
    }
    std::string out = notesComment(notes, "# ", "resilience4j", "resilience4j");
    out += "resilience4j:\n";
    auto section = [&](const char* key, const std::string& body) {
        if (body.empty()) return;
        out += std::string("  ") + key + ":\n    instances:\n      " + name + ":\n";
        // Instance keys sit one level deeper than the instance name.
        std::string shifted;
        std::size_t start = 0;
        while (start < body.size()) {
            const std::size_t end = body.find('\n', start);
            shifted += "  " + body.substr(start, end - start + 1);
            start = end + 1;
        }
        out += shifted;
    };
    section("retry", retryYaml);
    section("circuitbreaker", breakerYaml);
    section("ratelimiter", limiterYaml);
    section("timelimiter", timeLimiterYaml);
    section("bulkhead", bulkheadYaml);
    if (retryYaml.empty() && breakerYaml.empty() && limiterYaml.empty() &&
        timeLimiterYaml.empty() && bulkheadYaml.empty())
        out += "  {}\n";
    return ExportResult{out, notes.items};
}

} // namespace reslab::detail

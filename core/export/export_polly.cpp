// Polly v8: a ResiliencePipelineBuilder<HttpResponseMessage> snippet. Polly composes strategies
// in the order they are added, the first outermost — the same order as the scenario's pipeline.

#include "export/export.h"
#include "policy/strategy_kind.h"

#include <algorithm>
#include <cmath>

namespace reslab::detail {

namespace {
// Polly v8 TimeoutStrategyOptions.Timeout's range: 10 ms to 24 h.
constexpr double kPollyMinTimeoutMs = 10.0;
constexpr double kPollyMaxTimeoutMs = 86'400'000.0;
} // namespace

namespace {
std::string timeSpan(double ms)
{
    return "TimeSpan.FromMilliseconds(" + number(ms) + ")";
}

// ShouldHandle for HTTP: the statuses and exceptions an outcome set stands for.
std::string shouldHandle(const OutcomeSet& outcomes, const std::vector<int>& extraStatuses,
                         const Scenario& s)
{
    const std::vector<int> statuses = statusesFor(outcomes, extraStatuses, s);
    std::string out = "new PredicateBuilder<HttpResponseMessage>()";
    if (!statuses.empty()) {
        out += "\n            .HandleResult(r => ";
        for (std::size_t i = 0; i < statuses.size(); ++i)
            out += (i ? " || " : "") + std::string("(int)r.StatusCode == ") +
                   std::to_string(statuses[i]);
        out += ")";
    }
    if (outcomes.contains(Outcome::Timeout))
        out += "\n            .Handle<TimeoutRejectedException>()";
    if (outcomes.contains(Outcome::Reset)) out += "\n            .Handle<HttpRequestException>()";
    if (outcomes.contains(Outcome::BreakerOpen))
        out += "\n            .Handle<BrokenCircuitException>()";
    return out;
}
} // namespace

ExportResult exportPolly(const Scenario& s, Notes notes)
{
    std::string chain;
    for (std::size_t i = 0; i < s.pipeline.size(); ++i) {
        const std::string path = "pipeline[" + std::to_string(i) + "]";
        const StrategySpec& st = s.pipeline[i];
        if (const auto* t = std::get_if<TimeoutSpec>(&st)) {
            // TimeoutStrategyOptions.Timeout is [Range("00:00:00.010", "1.00:00:00")]
            // (Polly.Core Timeout/TimeoutStrategyOptions.cs): outside it the pipeline does not
            // build, so the nearest bound is written.
            const double timeoutMs =
                std::clamp(t->timeoutMs, kPollyMinTimeoutMs, kPollyMaxTimeoutMs);
            if (timeoutMs != t->timeoutMs)
                notes.add(path + ".timeout_ms",
                          "a timeout of " + number(t->timeoutMs) +
                              " ms (Polly's timeout must be 10 ms to 24 h: written as " +
                              number(timeoutMs) + " ms)");
            chain += "    .AddTimeout(" + timeSpan(timeoutMs) + ")\n";
        } else if (const auto* r = std::get_if<RetrySpec>(&st)) {
            const BackoffSpec& b = r->backoff;
            std::string type = "Exponential", delay = timeSpan(b.initialMs);
            bool jitter = false;
            switch (b.kind) {
            case BackoffSpec::Kind::Constant:
                type = "Constant";
                delay = timeSpan(b.delayMs);
                jitter = r->jitter.kind != JitterSpec::Kind::None;
                if (jitter &&
                    !(r->jitter.kind == JitterSpec::Kind::Proportional && r->jitter.factor == 0.25))
                    notes.add(path + ".jitter",
                              "Polly's constant-delay jitter is ±25 % (exported as that)");
                break;
            case BackoffSpec::Kind::Linear:
                type = "Linear";
                if (b.incrementMs != b.initialMs)
                    notes.add(path + ".backoff",
                              "Polly's linear backoff is (n+1)·Delay: increment_ms = initial_ms");
                jitter = r->jitter.kind != JitterSpec::Kind::None;
                break;
            case BackoffSpec::Kind::Adaptive: // exportScenario wrote these as exponential
            case BackoffSpec::Kind::Envoy:
            case BackoffSpec::Kind::Exponential:
                if (b.multiplier != 2.0)
                    notes.add(path + ".backoff.multiplier",
                              "Polly's exponential backoff doubles (multiplier 2)");
                if (r->jitter.kind != JitterSpec::Kind::None)
                    notes.add(path + ".jitter", "exponential + jitter in Polly is "
                                                "DecorrelatedJitterBackoffV2, not this jitter");
                jitter = r->jitter.kind != JitterSpec::Kind::None;
                break;
            case BackoffSpec::Kind::PollyDecorrelatedV2:
                jitter = true;
                break;
            case BackoffSpec::Kind::Decorrelated:
                notes.add(
                    path + ".backoff",
                    "AWS decorrelated jitter (exported as Polly's DecorrelatedJitterBackoffV2)");
                jitter = true;
                break;
            case BackoffSpec::Kind::Urllib3:
                // Polly's exponential n-th delay is Delay·2ⁿ⁻¹; urllib3's is factor·2ⁿ⁻¹ with
                // no wait before the first retry.
                delay = timeSpan(b.factorMs);
                notes.add(path + ".backoff",
                          "urllib3's backoff waits 0 before the first retry (exported as "
                          "exponential from factor: the same delays from the second retry on)");
                jitter = r->jitter.kind != JitterSpec::Kind::None;
                break;
            }
            if (b.minMs > 0) notes.add(path + ".backoff.min_ms", "a floor on the delay");
            // Polly jitters first and then caps at MaxDelay (RetryHelper.GetRetryDelay).
            if (jitter && std::isfinite(b.maxMs) && !r->jitter.capAfterJitter &&
                !JitterSpec::isInherentlyRandom(b.kind))
                notes.add(path + ".jitter.cap_after_jitter",
                          "a cap before the jitter (Polly caps the jittered delay at MaxDelay: "
                          "set cap_after_jitter to simulate what Polly does)");
            if (!b.stepsMs.empty())
                notes.add(path + ".backoff.steps_ms", "fixed first delays (needs a "
                                                      "DelayGenerator)");
            if (r->maxElapsedMs || r->stopBeforeDelayMs)
                notes.add(path, "time-based stop conditions (put a timeout outside the retry)");
            chain += "    .AddRetry(new RetryStrategyOptions<HttpResponseMessage>\n    {\n";
            chain += "        MaxRetryAttempts = " + std::to_string(r->maxAttempts - 1) + ",\n";
            chain += "        Delay = " + delay + ",\n";
            chain += "        BackoffType = DelayBackoffType." + type + ",\n";
            chain += std::string("        UseJitter = ") + (jitter ? "true" : "false") + ",\n";
            if (std::isfinite(b.maxMs)) chain += "        MaxDelay = " + timeSpan(b.maxMs) + ",\n";
            chain +=
                "        ShouldHandle = " + shouldHandle(r->retryOn, r->retryOnStatus, s) + ",\n";
            if (r->honorRetryAfter)
                chain += "        // Retry-After overrides the computed delay:\n"
                         "        DelayGenerator = args => new ValueTask<TimeSpan?>(\n"
                         "            args.Outcome.Result?.Headers.RetryAfter?.Delta),\n";
            chain += "    })\n";
        } else if (const auto* b = std::get_if<BreakerSpec>(&st)) {
            noteFiresMode(*b, path, notes);
            if (b->mode == BreakerSpec::Mode::Consecutive)
                notes.add(path + ".mode", "consecutive-failure breakers (exported as ratio 1.0 "
                                          "over failure_threshold calls)");
            if (b->window == BreakerSpec::Window::CountBased &&
                b->mode != BreakerSpec::Mode::Consecutive)
                notes.add(path + ".window",
                          "count-based windows (Polly samples over time; exported as 30 s)");
            if (std::isfinite(b->slowCallMs) && b->mode == BreakerSpec::Mode::Rate)
                notes.add(path + ".slow_call_ms", "slow-call thresholds");
            if (b->halfOpenCalls > 1)
                notes.add(path + ".half_open_calls", "more than one probe (Polly sends one)");
            if (b->openMultiplier != 1.0)
                notes.add(path + ".open_multiplier",
                          "a growing break (needs BreakDurationGenerator)");
            // Polly decides after failures only, probes at the break's end, begins sub-windows
            // with calls and counts late results (AdvancedCircuitBehavior,
            // CircuitStateController, RollingHealthMetrics).
            if (b->mode == BreakerSpec::Mode::Rate &&
                b->evaluate != BreakerSpec::Evaluate::OnFailure)
                notes.add(path + ".evaluate",
                          "deciding after every call or on a timer (Polly decides after a "
                          "failure only)");
            if (b->mode != BreakerSpec::Mode::Fires &&
                b->waitBoundary != BreakerSpec::WaitBoundary::At)
                notes.add(path + ".wait_boundary",
                          "a probe only strictly after the break (Polly probes at its end)");
            if (b->window == BreakerSpec::Window::TimeBased &&
                b->bucketStart != BreakerSpec::BucketStart::Call &&
                b->mode != BreakerSpec::Mode::Consecutive)
                notes.add(path + ".window.bucket_start",
                          "buckets on the clock (Polly's sub-windows begin with a call)");
            if (b->lateResults != BreakerSpec::LateResults::Count)
                notes.add(path + ".late_results",
                          "ignoring late results (Polly counts every result it is told of)");
            const bool consecutive = b->mode == BreakerSpec::Mode::Consecutive;
            const double sampling =
                b->window == BreakerSpec::Window::TimeBased ? b->windowS * 1000.0 : 30'000.0;
            chain += "    .AddCircuitBreaker(new "
                     "CircuitBreakerStrategyOptions<HttpResponseMessage>\n    {\n";
            chain += "        FailureRatio = " + number(consecutive ? 1.0 : b->failureRate) + ",\n";
            chain += "        MinimumThroughput = " +
                     std::to_string(consecutive ? b->failureThreshold : b->minCalls) + ",\n";
            chain += "        SamplingDuration = " + timeSpan(sampling) + ",\n";
            chain += "        BreakDuration = " + timeSpan(b->openMs) + ",\n";
            chain += "        ShouldHandle = " + shouldHandle(b->failureOn, {}, s) + ",\n";
            chain += "    })\n";
        } else if (const auto* bh = std::get_if<BulkheadSpec>(&st)) {
            chain +=
                "    .AddConcurrencyLimiter(permitLimit: " + std::to_string(bh->maxConcurrent) +
                ", queueLimit: " +
                std::to_string(bh->maxWaitMs > 0 ? bh->maxQueue.value_or(1'000'000) : 0) + ")\n";
            if (bh->maxWaitMs > 0)
                notes.add(path + ".max_wait_ms", "a limit on how long a caller waits for a slot");
        } else if (const auto* h = std::get_if<HedgeSpec>(&st)) {
            chain += "    .AddHedging(new HedgingStrategyOptions<HttpResponseMessage>\n    {\n";
            chain += "        MaxHedgedAttempts = " + std::to_string(h->maxHedgedAttempts) + ",\n";
            chain +=
                "        Delay = " +
                (h->delayMs < 0 ? std::string("Timeout.InfiniteTimeSpan") : timeSpan(h->delayMs)) +
                ",\n";
            chain += "        ShouldHandle = " + shouldHandle(h->hedgeOn, {}, s) + ",\n";
            chain += "    })\n";
        } else if (const auto* f = std::get_if<FallbackSpec>(&st)) {
            if (f->kind == FallbackSpec::Kind::Cached)
                notes.add(path + ".kind",
                          "a cached value (the FallbackAction must keep the cache)");
            chain += "    .AddFallback(new FallbackStrategyOptions<HttpResponseMessage>\n    {\n";
            chain += "        ShouldHandle = " + shouldHandle(f->handles, {}, s) + ",\n";
            chain += "        FallbackAction = _ => Outcome.FromResultAsValueTask(new "
                     "HttpResponseMessage(HttpStatusCode.OK)),\n";
            chain += "    })\n";
        } else if (const auto* l = std::get_if<RateLimiterSpec>(&st)) {
            if (l->kind == RateLimiterSpec::Kind::TokenBucket) {
                const double period = 1000.0 / l->ratePerS;
                chain += "    .AddRateLimiter(new TokenBucketRateLimiter(new "
                         "TokenBucketRateLimiterOptions\n    {\n";
                chain += "        TokenLimit = " + number(std::ceil(l->burst)) + ",\n";
                chain += "        TokensPerPeriod = 1,\n";
                chain += "        ReplenishmentPeriod = " + timeSpan(period) + ",\n";
                chain +=
                    "        QueueLimit = " + std::string(l->maxWaitMs > 0 ? "int.MaxValue" : "0") +
                    ",\n";
                chain += "    }))\n";
                if (l->maxWaitMs > 0)
                    notes.add(path + ".max_wait_ms",
                              "a limit on how long a caller waits for a token");
            } else {
                chain += "    .AddRateLimiter(new FixedWindowRateLimiter(new "
                         "FixedWindowRateLimiterOptions\n    {\n";
                chain += "        PermitLimit = " + number(l->limitForPeriod) + ",\n";
                chain += "        Window = " + timeSpan(l->refreshPeriodMs) + ",\n";
                chain +=
                    "        QueueLimit = " + std::string(l->maxWaitMs > 0 ? "int.MaxValue" : "0") +
                    ",\n";
                chain += "    }))\n";
            }
        } else {
            notes.add(path, std::string(strategyKind(st).name) + " (Polly has no such strategy)");
        }
    }
    std::string out = notesComment(notes, "// ", "polly", "Polly v8");
    OutcomeSet handled; // what the strategies' ShouldHandle predicates stand for
    for (const StrategySpec& st : s.pipeline)
        if (const auto* r = std::get_if<RetrySpec>(&st))
            for (std::size_t o = 0; o < kOutcomeCount; ++o)
                if (r->retryOn.contains(static_cast<Outcome>(o)))
                    handled.insert(static_cast<Outcome>(o));
    out += statusClassesComment(handled, "// ");
    out +=
        "using System.Net;\nusing System.Threading.RateLimiting;\nusing Polly;\nusing "
        "Polly.CircuitBreaker;\n"
        "using Polly.Fallback;\nusing Polly.Hedging;\nusing Polly.Retry;\nusing Polly.Timeout;\n\n";
    out += "var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()\n" + chain +
           "    .Build();\n";
    return ExportResult{out, notes.items};
}

} // namespace reslab::detail

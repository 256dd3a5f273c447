// cockatiel (TypeScript/JavaScript, Node): the pipeline as one policy, wrap(outermost, …,
// innermost), around a fetch. cockatiel has retry with its backoffs, timeout, circuit breaker
// (consecutive or sampling), bulkhead and fallback; the rest is listed as not expressed.
// Its ExponentialBackoff doubles (the generators use 2 ** attempt, whatever `exponent` says, except
// the decorrelated one), floors jittered delays to whole milliseconds, and its retry's maxAttempts
// counts retries, not calls. Needs cockatiel 3.0 (the function API: retry(), wrap(), …).

#include "export/export.h"
#include "policy/strategy_kind.h"

#include <cmath>

namespace reslab::detail {

namespace {
constexpr const char* kMinimumCockatiel = "3.0.0";
// timeout()'s abortOnReturn option (cockatiel 3.1.0): without it the timeout policy aborts the
// fetch's signal as soon as the attempt returns, and reading the Response's body then fails.
constexpr const char* kCockatielWithAbortOnReturn = "3.1.0";

// The JS expression of a handler for an outcome set: statuses on the Response, errors thrown.
std::string handler(const OutcomeSet& outcomes, const std::vector<int>& extra, const Scenario& s)
{
    std::string set;
    for (int c : statusesFor(outcomes, extra, s))
        set += (set.empty() ? "" : ", ") + std::to_string(c);
    std::vector<std::string> errors;
    if (outcomes.contains(Outcome::Timeout)) errors.emplace_back("isTimeout(err)");
    if (outcomes.contains(Outcome::Reset)) errors.emplace_back("isConnectionError(err)");
    if (outcomes.contains(Outcome::BreakerOpen)) errors.emplace_back("isBrokenCircuitError(err)");
    if (outcomes.contains(Outcome::BulkheadFull))
        errors.emplace_back("isBulkheadRejectedError(err)");
    std::string when;
    for (const std::string& e : errors)
        when += (when.empty() ? "" : " || ") + e;
    return "handleWhenResult((res) => new Set([" + set + "]).has(res.status))" +
           (when.empty() ? std::string() : "\n    .orWhen((err) => " + when + ")");
}

std::string backoffExpression(const RetrySpec& r, const std::string& path, Notes& notes)
{
    const BackoffSpec& b = r.backoff;
    const JitterSpec& j = r.jitter;
    const std::string max = std::isfinite(b.maxMs) ? ", maxDelay: " + millisNumber(b.maxMs) : "";
    if (b.minMs > 0) notes.add(path + ".backoff.min_ms", "a floor on the backoff");
    switch (b.kind) {
    case BackoffSpec::Kind::Constant:
        if (j.kind != JitterSpec::Kind::None) notes.add(path + ".jitter", "jitter on a fixed wait");
        return "new ConstantBackoff(" + millisNumber(std::min(b.delayMs, b.maxMs)) + ")";
    case BackoffSpec::Kind::PollyDecorrelatedV2:
        return "new ExponentialBackoff({ generator: decorrelatedJitterGenerator, initialDelay: " +
               millisNumber(b.initialMs) + max + " })";
    case BackoffSpec::Kind::Exponential: {
        if (b.multiplier != 2.0)
            notes.add(path + ".backoff.multiplier",
                      "a multiplier other than 2 (cockatiel's generators double)");
        std::string generator = "noJitterGenerator";
        switch (j.kind) {
        case JitterSpec::Kind::None:
            break;
        case JitterSpec::Kind::Full:
            generator = "fullJitterGenerator";
            notes.add(path + ".jitter", "full jitter to the microsecond (cockatiel floors it to "
                                        "whole milliseconds)");
            break;
        case JitterSpec::Kind::Equal:
            generator = "halfJitterGenerator";
            notes.add(path + ".jitter", "equal jitter to the microsecond (cockatiel floors it to "
                                        "whole milliseconds)");
            break;
        default:
            notes.add(path + ".jitter", std::string(kJitterKindNames.name(j.kind)) +
                                            " jitter (exported without jitter)");
        }
        return "new ExponentialBackoff({ generator: " + generator +
               ", initialDelay: " + millisNumber(b.initialMs) + max + " })";
    }
    default:
        notes.add(path + ".backoff", std::string(kBackoffKindNames.name(b.kind)) +
                                         " backoff (exported as exponential without jitter)");
        return "new ExponentialBackoff({ generator: noJitterGenerator, initialDelay: " +
               millisNumber(b.kind == BackoffSpec::Kind::Urllib3 ? b.factorMs : b.initialMs) + max +
               " })";
    }
}

std::string breakerExpression(const BreakerSpec& b, const Scenario& s, const std::string& path,
                              Notes& notes)
{
    std::string breaker;
    noteFiresMode(b, path, notes);
    if (b.mode == BreakerSpec::Mode::Consecutive) {
        breaker = "new ConsecutiveBreaker(" + std::to_string(b.failureThreshold) + ")";
        if (b.failureWindowS)
            notes.add(path + ".failure_window_s", "failures counted within a time window");
        if (b.successThreshold > 1)
            notes.add(path + ".success_threshold",
                      "more than one successful probe to close (cockatiel closes on one)");
    } else {
        const double windowS = b.window == BreakerSpec::Window::TimeBased
                                   ? b.windowS
                                   : static_cast<double>(b.windowSize); // see the note
        if (b.window == BreakerSpec::Window::CountBased)
            notes.add(path + ".window", "a window of the last " + std::to_string(b.windowSize) +
                                            " calls (exported as a sampling window of as many "
                                            "seconds)");
        breaker = "new SamplingBreaker({ threshold: " + number(b.failureRate) +
                  ", duration: " + millisNumber(windowS * 1000.0) +
                  ", minimumRps: " + number(static_cast<double>(b.minCalls) / windowS) + " })";
        notes.add(path + ".failure_rate",
                  "opening at a failure rate ≥ the threshold (cockatiel: strictly above it, "
                  "and its minimum is a rate of calls, minimumRps = min_calls / window)");
        if (std::isfinite(b.slowCallMs)) notes.add(path + ".slow_call_ms", "slow calls");
    }
    if (b.halfOpenCalls != 1)
        notes.add(path + ".half_open_calls", "more than one probe (cockatiel lets one through)");
    std::string halfOpenAfter = millisNumber(b.openMs);
    if (b.openMultiplier == 2.0)
        halfOpenAfter =
            "new ExponentialBackoff({ generator: noJitterGenerator, initialDelay: " +
            millisNumber(b.openMs) +
            (b.openMaxMs ? ", maxDelay: " + millisNumber(*b.openMaxMs) : std::string()) + " })";
    else if (b.openMultiplier != 1.0)
        notes.add(path + ".open_multiplier", "an open wait growing by other than doubling");
    if (b.forced != BreakerSpec::Forced::None)
        notes.add(path + ".forced", "a forced state (cockatiel has isolate() at run time)");
    return "circuitBreaker(" + handler(b.failureOn, {}, s) +
           ", {\n    halfOpenAfter: " + halfOpenAfter + ",\n    breaker: " + breaker + ",\n  })";
}

// The names of cockatiel an expression uses, in the order the require lists them.
std::vector<std::string> namesIn(const std::string& code)
{
    static const char* const kNames[] = {"ConsecutiveBreaker",
                                         "ConstantBackoff",
                                         "ExponentialBackoff",
                                         "SamplingBreaker",
                                         "TimeoutStrategy",
                                         "bulkhead",
                                         "circuitBreaker",
                                         "decorrelatedJitterGenerator",
                                         "fallback",
                                         "fullJitterGenerator",
                                         "halfJitterGenerator",
                                         "handleWhenResult",
                                         "noJitterGenerator",
                                         "retry",
                                         "timeout",
                                         "wrap"};
    std::vector<std::string> used = {"BrokenCircuitError", "BulkheadRejectedError",
                                     "TaskCancelledError"};
    for (const char* n : kNames)
        if (code.find(std::string(n) + "(") != std::string::npos ||
            code.find(std::string(n) + ".") != std::string::npos ||
            code.find(std::string(n) + ",") != std::string::npos ||
            code.find(std::string(n) + " ") != std::string::npos)
            used.emplace_back(n);
    std::sort(used.begin(), used.end());
    return used;
}
} // namespace

ExportResult exportCockatiel(const Scenario& s, Notes notes)
{
    std::vector<std::string> policies;
    bool readsRetryAfter = false;
    bool hasTimeout = false;
    for (std::size_t i = 0; i < s.pipeline.size(); ++i) {
        const std::string path = "pipeline[" + std::to_string(i) + "]";
        const StrategySpec& st = s.pipeline[i];
        if (const auto* r = std::get_if<RetrySpec>(&st)) {
            if (r->maxElapsedMs || r->stopBeforeDelayMs)
                notes.add(path, "time-based stop conditions (cockatiel counts attempts)");
            std::string backoff = backoffExpression(*r, path, notes);
            if (r->honorRetryAfter && r->retryOn.contains(Outcome::RateLimited)) {
                // cockatiel's backoff is any object with next(context): this one reads the
                // failed Response's Retry-After and falls back to the scenario's backoff.
                readsRetryAfter = true;
                backoff = "honouringRetryAfter(" + backoff + ", " +
                          (r->retryAfterMaxMs ? millisNumber(*r->retryAfterMaxMs)
                                              : std::string("Infinity")) +
                          ")";
            }
            policies.push_back("retry(" + handler(r->retryOn, r->retryOnStatus, s) +
                               ", {\n    maxAttempts: " + std::to_string(r->maxAttempts - 1) +
                               ", // retries after the first call\n    backoff: " + backoff +
                               ",\n  })");
        } else if (const auto* t = std::get_if<TimeoutSpec>(&st)) {
            // abortOnReturn: false keeps the signal alive once the attempt has returned, so
            // that the fetch's body can still be read (cockatiel aborts it by default).
            hasTimeout = true;
            policies.push_back("timeout(" + millisNumber(t->timeoutMs) +
                               ", { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false })");
        } else if (const auto* b = std::get_if<BreakerSpec>(&st)) {
            policies.push_back(breakerExpression(*b, s, path, notes));
        } else if (const auto* k = std::get_if<BulkheadSpec>(&st)) {
            std::string queue = "0";
            if (k->maxWaitMs > 0) {
                queue = k->maxQueue ? std::to_string(*k->maxQueue) : "Infinity";
                notes.add(path + ".max_wait_ms", "a bound on the wait for a slot (cockatiel's "
                                                 "queue waits until one is free)");
            }
            policies.push_back("bulkhead(" + std::to_string(k->maxConcurrent) + ", " + queue + ")");
        } else if (const auto* f = std::get_if<FallbackSpec>(&st)) {
            if (f->kind == FallbackSpec::Kind::Cached)
                notes.add(path, "a cached last good answer (exported as a fixed fallback)");
            policies.push_back("fallback(" + handler(f->handles, {}, s) +
                               ", () => new Response(\"fallback\", { status: 200 }))");
        } else {
            notes.add(path, std::string(strategyKind(st).name) + " (not a cockatiel policy)");
        }
    }
    std::string policy;
    if (policies.empty()) {
        notes.add("pipeline", "no strategy cockatiel has: the policy below does nothing");
        policy = "const policy = wrap();\n";
    } else if (policies.size() == 1) {
        policy = "const policy = " + policies.front() + ";\n";
    } else {
        policy = "const policy = wrap(\n";
        for (const std::string& p : policies)
            policy += "  " + p + ",\n";
        policy += ");\n";
    }
    std::string out = notesComment(notes, "// ", "cockatiel", "cockatiel");
    out += "// Needs cockatiel >= " +
           std::string(hasTimeout ? kCockatielWithAbortOnReturn : kMinimumCockatiel) +
           " and Node.js 18 (fetch). The policies wrap in the pipeline's\n"
           "// order: the first is outermost.\n";
    out += "// What it needs from the HTTP client, fetch (Node.js's undici) as call() uses it:\n"
           "// the AbortSignal cockatiel hands each attempt, so that a timeout policy\n"
           "// (aggressive) aborts the request (cockatiel rejects with TaskCancelledError, fetch\n"
           "// with AbortError, or TimeoutError under AbortSignal.timeout); a reset rejects with\n"
           "// a TypeError whose cause.code is ECONNRESET or UND_ERR_SOCKET (isConnectionError);\n"
           "// a failed status resolves with the Response, judged by its status" +
           std::string(readsRetryAfter ? "\n// and its Retry-After header" : "") + ".\n";
    // Every strategy's handled outcomes, for the comment on statuses.
    OutcomeSet handled;
    for (const StrategySpec& st : s.pipeline)
        if (const auto* r = std::get_if<RetrySpec>(&st)) handled = r->retryOn;
    out += statusClassesComment(handled, "// ");
    const std::vector<std::string> names = namesIn(policy);
    out += "const {\n";
    for (const std::string& n : names)
        out += "  " + n + ",\n";
    out += "} = require(\"cockatiel\");\n\n";
    // An aborted fetch rejects with AbortError, one aborted by AbortSignal.timeout with
    // TimeoutError.
    out += "const isTimeout = (err) =>\n"
           "  err instanceof TaskCancelledError || [\"AbortError\", \"TimeoutError\"].includes("
           "err?.name);\n";
    out += "const isConnectionError = (err) =>\n"
           "  err instanceof TypeError && [\"ECONNRESET\", \"ECONNREFUSED\", \"EPIPE\", "
           "\"UND_ERR_SOCKET\"].includes(err.cause?.code);\n";
    out += "const isBrokenCircuitError = (err) => err instanceof BrokenCircuitError;\n";
    out += "const isBulkheadRejectedError = (err) => err instanceof BulkheadRejectedError;\n\n";
    if (readsRetryAfter)
        out +=
            "/** A failed Response's Retry-After in ms (delta-seconds form), or undefined. */\n"
            "const retryAfterMs = (result) => {\n"
            "  const value = result?.value?.headers?.get(\"retry-after\");\n"
            "  const seconds = value == null ? NaN : Number(value);\n"
            "  return Number.isFinite(seconds) ? Math.max(0, seconds) * 1000 : undefined;\n"
            "};\n\n"
            "/** The server's Retry-After when the failure carries one (it replaces the backoff, "
            "at most\n"
            " * capMs), else `backoff`'s delay; `backoff` steps on either way, as the retry "
            "count does. */\n"
            "const honouringRetryAfter = (backoff, capMs) => ({\n"
            "  next(context) {\n"
            "    const following = backoff.next(context);\n"
            "    const after = retryAfterMs(context.result);\n"
            "    return {\n"
            "      duration: after === undefined ? following.duration : Math.min(after, capMs),\n"
            "      next: honouringRetryAfter(following, capMs).next,\n"
            "    };\n"
            "  },\n"
            "});\n\n";
    out += policy + "\n";
    out += "/** Fetches `url` through the policy; resolves with the last Response. */\n"
           "async function call(url, fetchImpl = fetch) {\n"
           "  return policy.execute(({ signal }) => fetchImpl(url, { signal }));\n"
           "}\n\n"
           "module.exports = { policy, call };\n";
    return ExportResult{out, notes.items};
}

} // namespace reslab::detail

// tenacity: one @retry decorator. tenacity has waits, stops and retry predicates; everything else
// (timeouts, breakers, bulkheads, …) belongs to other code and is listed as not expressed.
// The output imports only what it uses and names the oldest tenacity that has all of it:
// stop_before_delay came in 8.3.0, wait_exponential_jitter in 8.1.0; the rest is older than 8.0.

#include "export/export.h"
#include "policy/strategy_kind.h"

#include <algorithm>
#include <cmath>

namespace reslab::detail {

namespace {
std::string waitExpression(const RetrySpec& r, const std::string& path, Notes& notes)
{
    const BackoffSpec& b = r.backoff;
    const JitterSpec& j = r.jitter;
    const bool capped = std::isfinite(b.maxMs);
    const std::string max = capped ? ", max=" + secondsNumber(b.maxMs) : "";
    switch (b.kind) {
    case BackoffSpec::Kind::Constant:
        if (j.kind != JitterSpec::Kind::None) notes.add(path + ".jitter", "jitter on a fixed wait");
        return "wait_fixed(" + secondsNumber(std::min(b.delayMs, b.maxMs)) + ")";
    case BackoffSpec::Kind::Linear:
        if (j.kind != JitterSpec::Kind::None)
            notes.add(path + ".jitter", "jitter on an incrementing wait");
        if (b.minMs > 0) notes.add(path + ".backoff.min_ms", "a floor on wait_incrementing");
        return "wait_incrementing(start=" + secondsNumber(b.initialMs) +
               ", increment=" + secondsNumber(b.incrementMs) +
               (capped ? ", max=" + secondsNumber(b.maxMs) : "") + ")";
    case BackoffSpec::Kind::Adaptive: // exportScenario wrote these as exponential
    case BackoffSpec::Kind::Envoy:
    case BackoffSpec::Kind::Exponential: {
        const std::string args = "multiplier=" + secondsNumber(b.initialMs) + max +
                                 ", exp_base=" + number(b.multiplier) +
                                 (b.minMs > 0 ? ", min=" + secondsNumber(b.minMs) : "");
        switch (j.kind) {
        case JitterSpec::Kind::None:
            return "wait_exponential(" + args + ")";
        case JitterSpec::Kind::Full:
            return "wait_random_exponential(" + args + ")";
        case JitterSpec::Kind::Additive:
            if (b.minMs > 0)
                notes.add(path + ".backoff.min_ms", "a floor on wait_exponential_jitter");
            return "wait_exponential_jitter(initial=" + secondsNumber(b.initialMs) + max +
                   ", exp_base=" + number(b.multiplier) + ", jitter=" + secondsNumber(j.jitterMs) +
                   ")";
        default:
            notes.add(path + ".jitter",
                      std::string(j.kind == JitterSpec::Kind::Equal ? "equal" : "proportional") +
                          " jitter (exported without jitter)");
            return "wait_exponential(" + args + ")";
        }
    }
    case BackoffSpec::Kind::Decorrelated:
        notes.add(path + ".backoff",
                  "AWS decorrelated jitter (exported as full-jitter exponential)");
        return "wait_random_exponential(multiplier=" + secondsNumber(b.initialMs) + max + ")";
    case BackoffSpec::Kind::PollyDecorrelatedV2:
        notes.add(path + ".backoff",
                  "Polly's DecorrelatedJitterBackoffV2 (exported as full-jitter exponential)");
        return "wait_random_exponential(multiplier=" + secondsNumber(b.initialMs) + max + ")";
    case BackoffSpec::Kind::Urllib3:
        notes.add(path + ".backoff",
                  "urllib3's backoff waits 0 before the first retry (exported as "
                  "wait_exponential from factor: the same waits from the second retry on)");
        return "wait_exponential(multiplier=" + secondsNumber(b.factorMs) + max + ")";
    }
    return "wait_none()";
}
} // namespace

namespace {
// The oldest tenacity with every helper the output uses (its changelog).
constexpr const char* kTenacityBase = "8.0";
constexpr const char* kTenacityWithJitterWait = "8.1.0"; // wait_exponential_jitter
constexpr const char* kTenacityWithStopBefore = "8.3.0"; // stop_before_delay

// The tenacity names an expression uses, in the order `from tenacity import` lists them.
std::vector<std::string> helpersIn(const std::string& code)
{
    static const char* const kHelpers[] = {"retry",
                                           "retry_if_exception",
                                           "stop_after_attempt",
                                           "stop_after_delay",
                                           "stop_before_delay",
                                           "wait_chain",
                                           "wait_exponential",
                                           "wait_exponential_jitter",
                                           "wait_fixed",
                                           "wait_incrementing",
                                           "wait_random_exponential"};
    std::vector<std::string> used;
    for (const char* h : kHelpers) {
        const std::string call = std::string(h) + "(";
        const std::string decorator = "@" + std::string(h);
        if (code.find(call) != std::string::npos || code.find(decorator) != std::string::npos)
            used.emplace_back(h);
    }
    return used;
}
} // namespace

ExportResult exportTenacity(const Scenario& s, Notes notes)
{
    const FirstRetry first = firstRetryNotingTheRest(s, notes, "", "not a tenacity feature",
                                                     TimeoutsExpressed::PerAttemptAndRequest);
    const PipelineTimeouts timeouts = pipelineTimeouts(s);
    const RetrySpec* retry = first.retry;
    const std::string retryPath = first.path;
    std::string waits; // module-level helpers the decorator's wait uses
    std::string body;
    bool readsRetryAfter = false;
    if (!retry) {
        notes.add("pipeline", "no retry strategy: the decorator below never retries");
        body = "@retry(stop=stop_after_attempt(1), reraise=True)\n";
    } else {
        std::string stop = "stop_after_attempt(" + std::to_string(retry->maxAttempts) + ")";
        if (retry->maxElapsedMs)
            stop += " | stop_after_delay(" + secondsNumber(*retry->maxElapsedMs) + ")";
        if (retry->stopBeforeDelayMs)
            stop += " | stop_before_delay(" + secondsNumber(*retry->stopBeforeDelayMs) + ")";
        std::string wait = waitExpression(*retry, retryPath, notes);
        if (!retry->backoff.stepsMs.empty()) {
            // steps_ms is tenacity's wait_chain of wait_fixed steps; its last strategy is called
            // with the whole retry state, as the engine's backoff is at its own n.
            std::string chain = "wait_chain(";
            for (double step : retry->backoff.stepsMs)
                chain += "wait_fixed(" + secondsNumber(step) + "), ";
            wait = chain + wait + ")";
        }
        if (retry->jitter.capAfterJitter && retry->jitter.kind == JitterSpec::Kind::Full &&
            std::isfinite(retry->backoff.maxMs))
            notes.add(retryPath + ".jitter.cap_after_jitter",
                      "a cap after full jitter (wait_random_exponential draws under the cap)");
        if (retry->honorRetryAfter && retry->retryOn.contains(Outcome::RateLimited)) {
            // tenacity's wait is any callable of the retry state: this one reads the failed
            // answer's Retry-After and falls back to the scenario's backoff.
            readsRetryAfter = true;
            const std::optional<std::string> cap =
                retry->retryAfterMaxMs ? std::optional(secondsNumber(*retry->retryAfterMaxMs))
                                       : std::nullopt;
            waits = "BACKOFF = " + wait +
                    "\n\n\n"
                    "def scenario_wait(retry_state) -> float:\n"
                    "    \"\"\"The server's Retry-After when the failure carries one (it replaces "
                    "the\n    backoff" +
                    (cap ? ", at most " + *cap + " s" : std::string()) +
                    "), else the backoff.\"\"\"\n"
                    "    after = retry_after_s(retry_state.outcome.exception())\n"
                    "    return " +
                    (cap ? "min(after, " + *cap + ")" : std::string("after")) +
                    " if after is not None else BACKOFF(retry_state)\n\n\n";
            wait = "scenario_wait";
        }
        body = "@retry(\n    stop=" + stop + ",\n    wait=" + wait +
               ",\n    retry=retry_if_exception(should_retry),\n"
               "    reraise=True,\n)\n";
    }
    const OutcomeSet retryOn = retry ? retry->retryOn : OutcomeSet{};
    std::string out = notesComment(notes, "# ", "tenacity", "tenacity");
    const std::vector<std::string> helpers = helpersIn(waits + body);
    const auto uses = [&](const char* h) {
        return std::find(helpers.begin(), helpers.end(), h) != helpers.end();
    };
    const char* version = uses("stop_before_delay")         ? kTenacityWithStopBefore
                          : uses("wait_exponential_jitter") ? kTenacityWithJitterWait
                                                            : kTenacityBase;
    out += "# Needs tenacity >= " + std::string(version) + ".\n";
    out += aiohttpClientComment(timeouts);
    out += statusClassesComment(retryOn, "# ");
    if (readsRetryAfter)
        out += "# A 429's Retry-After (delta-seconds) replaces the backoff: scenario_wait.\n";
    out += "import asyncio\n\nimport aiohttp\nfrom tenacity import (\n";
    for (const std::string& h : helpers)
        out += "    " + h + ",\n";
    out += ")\n\n";
    out += pythonShouldRetry(retryOn, retry ? retry->retryOnStatus : std::vector<int>{}, s);
    if (readsRetryAfter) out += kPythonRetryAfterHelper;
    out += waits;
    out += aiohttpCall(timeouts, body);
    return ExportResult{out, notes.items};
}

} // namespace reslab::detail

// backoff (the Python package): one @backoff.on_exception decorator. Its built-in wait
// generators are used where they are the scenario's backoff exactly — backoff.expo
// (factor·baseⁿ, capped by max_value) and backoff.constant, with full_jitter (uniform in
// [0, wait)) or random_jitter (wait + U(0, 1 s)) — and otherwise a wait generator written out in
// the module: backoff sends each failure into it, so it can read Retry-After, and any backoff and
// jitter of the scenario can be computed there. Needs backoff 2.0.0 (raise_on_giveup, failures
// sent into the wait generator).

#include "export/export.h"
#include "policy/strategy_kind.h"

#include <cmath>

namespace reslab::detail {

namespace {
constexpr const char* kMinimumBackoff = "2.0.0";
constexpr double kRandomJitterMs = 1000.0; // backoff.random_jitter adds random.random() seconds

// The built-in generator and jitter arguments, when they are the scenario's backoff exactly.
std::optional<std::string> builtinWait(const RetrySpec& r)
{
    const BackoffSpec& b = r.backoff;
    const JitterSpec& j = r.jitter;
    if (r.honorRetryAfter) return std::nullopt;
    std::string jitter;
    switch (j.kind) {
    case JitterSpec::Kind::None:
        jitter = "None";
        break;
    case JitterSpec::Kind::Full:
        if (b.minMs > 0) return std::nullopt; // full jitter from a floor
        jitter = "backoff.full_jitter";
        break;
    case JitterSpec::Kind::Additive:
        if (j.jitterMs != kRandomJitterMs || (j.capAfterJitter && std::isfinite(b.maxMs)))
            return std::nullopt;
        jitter = "backoff.random_jitter";
        break;
    default:
        return std::nullopt;
    }
    const std::string cap =
        std::isfinite(b.maxMs) ? ",\n    max_value=" + secondsNumber(b.maxMs) : "";
    if (b.kind == BackoffSpec::Kind::Exponential && b.minMs <= 0)
        return "    backoff.expo,\n    Exception,\n    jitter=" + jitter +
               ",\n    base=" + number(b.multiplier) +
               ",\n    factor=" + secondsNumber(b.initialMs) + cap;
    if (b.kind == BackoffSpec::Kind::Constant)
        return "    backoff.constant,\n    Exception,\n    jitter=" + jitter +
               ",\n    interval=" + secondsNumber(std::min(b.delayMs, b.maxMs));
    return std::nullopt;
}

// The Python expression of the un-jittered wait for retry `retry` (1-based), in seconds.
std::string baseWaitExpression(const BackoffSpec& b)
{
    const std::string cap = std::isfinite(b.maxMs) ? secondsNumber(b.maxMs) : "math.inf";
    const std::string floor = secondsNumber(std::max(0.0, b.minMs));
    switch (b.kind) {
    case BackoffSpec::Kind::Constant:
        return "min(" + secondsNumber(b.delayMs) + ", " + cap + ")";
    case BackoffSpec::Kind::Linear:
        return "max(" + floor + ", min(" + secondsNumber(b.initialMs) + " + " +
               secondsNumber(b.incrementMs) + " * (retry - 1), " + cap + "))";
    case BackoffSpec::Kind::Exponential:
        return "max(" + floor + ", min(" + secondsNumber(b.initialMs) + " * " +
               number(b.multiplier) + " ** (retry - 1), " + cap + "))";
    case BackoffSpec::Kind::Urllib3:
        return "0.0 if retry <= 1 else min(" + secondsNumber(b.factorMs) + " * 2 ** (retry - 1), " +
               cap + ")";
    default:
        return "0.0"; // the random kinds are written out whole (randomWaitLines)
    }
}

// The jittered wait from `wait` and u = random.random(), as the simulator computes it
// (policy/backoff.cpp applyJitterMs).
std::string jitterExpression(const BackoffSpec& b, const JitterSpec& j)
{
    const std::string cap = std::isfinite(b.maxMs) ? secondsNumber(b.maxMs) : "math.inf";
    std::string e;
    switch (j.kind) {
    case JitterSpec::Kind::None:
        return "wait";
    case JitterSpec::Kind::Full: {
        if (b.minMs <= 0) {
            e = "wait * random.random()";
            break;
        }
        const std::string low = "min(" + secondsNumber(b.minMs) + ", wait)";
        e = low + " + (wait - " + low + ") * random.random()";
        break;
    }
    case JitterSpec::Kind::Equal:
        e = "wait / 2 + wait / 2 * random.random()";
        break;
    case JitterSpec::Kind::Proportional:
        e = "wait * (1 - " + number(j.factor) + " + 2 * " + number(j.factor) +
            " * random.random())";
        break;
    case JitterSpec::Kind::Additive:
        e = "wait + " + secondsNumber(j.jitterMs) + " * random.random()";
        break;
    }
    if (j.capAfterJitter) e = "min(" + e + ", " + cap + ")";
    return "max(0.0, " + e + ")";
}

// The body lines (at the loop's indentation) that set `wait` for the random backoff kinds.
std::string randomWaitLines(const BackoffSpec& b)
{
    const std::string cap = std::isfinite(b.maxMs) ? secondsNumber(b.maxMs) : "math.inf";
    const std::string indent = "            ";
    if (b.kind == BackoffSpec::Kind::Decorrelated)
        // AWS's decorrelated jitter: min(cap, U(base, 3 · previous)), previous starting at base.
        return indent + "upper = 3 * (" + secondsNumber(b.initialMs) +
               " if previous is None else previous)\n" + indent + "wait = min(" + cap + ", " +
               secondsNumber(b.initialMs) + " + (upper - " + secondsNumber(b.initialMs) +
               ") * random.random())\n" + indent + "previous = wait\n";
    // Polly's DecorrelatedJitterBackoffV2 (median first delay, in .NET ticks of 100 ns).
    return indent + "t = retry - 1 + random.random()\n" + indent +
           "nxt = 2 ** t * math.tanh(math.sqrt(4.0 * t))\n" + indent +
           "wait = min((nxt - previous_v2) / 1.4 * " + secondsNumber(b.initialMs) + ", " + cap +
           ")\n" + indent + "previous_v2 = nxt\n";
}

std::string waitGenerator(const RetrySpec& r)
{
    const BackoffSpec& b = r.backoff;
    const bool random = JitterSpec::isInherentlyRandom(b.kind);
    std::string g =
        "def scenario_waits():\n"
        "    \"\"\"The scenario's waits, in seconds. backoff sends each failure in.\"\"\"\n"
        "    exc = yield  # backoff starts the generator with None\n"
        "    retry = 1\n";
    if (b.kind == BackoffSpec::Kind::Decorrelated) g += "    previous = None\n";
    if (b.kind == BackoffSpec::Kind::PollyDecorrelatedV2) g += "    previous_v2 = 0.0\n";
    g += "    while True:\n";
    std::string compute;
    if (random) {
        compute = randomWaitLines(b);
    } else {
        compute = "            wait = " + baseWaitExpression(b) + "\n";
        compute += "            wait = " + jitterExpression(b, r.jitter) + "\n";
    }
    if (r.honorRetryAfter) {
        const std::string cap =
            r.retryAfterMaxMs ? secondsNumber(*r.retryAfterMaxMs) : std::string("math.inf");
        g += "        after = retry_after_s(exc)\n"
             "        if after is not None:\n"
             "            wait = min(after, " +
             cap +
             ")  # the server's Retry-After replaces the backoff\n"
             "        else:\n" +
             compute;
    } else {
        std::string dedented;
        for (std::size_t pos = 0; pos < compute.size();) {
            const std::size_t nl = compute.find('\n', pos);
            dedented += compute.substr(pos + 4, nl - pos - 4) + "\n";
            pos = nl + 1;
        }
        g += dedented;
    }
    g += "        exc = yield wait\n        retry += 1\n\n\n";
    return g;
}

} // namespace

ExportResult exportBackoff(const Scenario& s, Notes notes)
{
    const FirstRetry first = firstRetryNotingTheRest(s, notes, "", "not a backoff feature",
                                                     TimeoutsExpressed::PerAttemptAndRequest);
    const PipelineTimeouts timeouts = pipelineTimeouts(s);
    RetrySpec none;
    none.maxAttempts = 1;
    none.backoff.kind = BackoffSpec::Kind::Constant;
    if (!first.retry) notes.add("pipeline", "no retry strategy: the decorator below never retries");
    const RetrySpec& r = first.retry ? *first.retry : none;
    const std::optional<std::string> builtin = builtinWait(r);
    std::string decorator = "@backoff.on_exception(\n";
    decorator += builtin ? *builtin : "    scenario_waits,\n    Exception,\n    jitter=None";
    decorator += ",\n    giveup=lambda exc: not should_retry(exc),\n";
    decorator += "    max_tries=" + std::to_string(r.maxAttempts) + ",\n";
    if (r.maxElapsedMs) {
        decorator += "    max_time=" + secondsNumber(*r.maxElapsedMs) + ",\n";
        notes.add(first.path + ".max_elapsed_ms",
                  "backoff compares max_time with the time at the start of the failed attempt "
                  "(the simulation: at its end), and shortens the last wait to end at max_time");
    }
    if (r.stopBeforeDelayMs)
        notes.add(first.path + ".stop_before_delay_ms", "stopping before a wait that would end "
                                                        "past a deadline (backoff has max_time)");
    decorator += "    raise_on_giveup=True,\n)\n";
    const bool writesGenerator = !builtin;
    std::string generator = writesGenerator ? waitGenerator(r) : std::string();
    const bool needsMath = generator.find("math.") != std::string::npos;
    const bool needsRandom = generator.find("random.") != std::string::npos;

    std::string out = notesComment(notes, "# ", "backoff", "backoff");
    out += "# Needs backoff >= " + std::string(kMinimumBackoff) + ".\n";
    out += aiohttpClientComment(timeouts);
    out += statusClassesComment(r.retryOn, "# ");
    if (writesGenerator)
        out += "# The waits are written out below (scenario_waits): backoff's built-in generators\n"
               "# are not this scenario's backoff" +
               std::string(r.honorRetryAfter ? ", and they cannot read Retry-After" : "") + ".\n";
    out += "import asyncio\n";
    if (needsMath) out += "import math\n";
    if (needsRandom) out += "import random\n";
    out += "\nimport aiohttp\nimport backoff\n\n";
    out += pythonShouldRetry(r.retryOn, r.retryOnStatus, s);
    if (r.honorRetryAfter && writesGenerator) out += kPythonRetryAfterHelper;
    out += generator;
    out += aiohttpCall(timeouts, decorator);
    return ExportResult{out, notes.items};
}

} // namespace reslab::detail

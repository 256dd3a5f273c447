// opossum (Node.js): a CircuitBreaker around a fetch. opossum is a breaker with a timeout, a
// semaphore (capacity) and a fallback; the pipeline's first circuit breaker, the timeout inside
// it, a bulkhead and a fallback map onto it, and everything else is listed as not expressed.
// opossum's breaker (lib/circuit.js, 9.0): over a rolling window of rollingCountTimeout ms in
// rollingCountBuckets buckets, a failure opens it when at least volumeThreshold calls fired and
// failures/fires·100 > errorThresholdPercentage — strictly above, and fires count the calls it
// rejected while open; resetTimeout ms later a timer half-opens it and the next call alone is let
// through: success closes it, failure opens it again. The window is not cleared on either.

#include "export/export.h"
#include "policy/strategy_kind.h"

#include <cmath>

namespace reslab::detail {

namespace {
// Options and fallback as used here; the call's fetch uses AbortSignal.timeout (Node.js 18).
constexpr const char* kMinimumOpossum = "5.0.0";

struct Mapped
{
    const BreakerSpec* breaker = nullptr;
    std::string breakerPath;
    std::optional<double> timeoutMs; // the timeout inside the breaker: opossum's `timeout`
    std::optional<int> capacity;     // a bulkhead: opossum's semaphore
    const FallbackSpec* fallback = nullptr;
    OutcomeSet failures = {Outcome::Error,       Outcome::Fatal,    Outcome::Timeout,
                           Outcome::RateLimited, Outcome::Rejected, Outcome::Reset,
                           Outcome::Conflict};
};

Mapped mapPipeline(const Scenario& s, Notes& notes)
{
    Mapped m;
    for (std::size_t i = 0; i < s.pipeline.size(); ++i) {
        const std::string path = "pipeline[" + std::to_string(i) + "]";
        const StrategySpec& st = s.pipeline[i];
        if (const auto* b = std::get_if<BreakerSpec>(&st); b && !m.breaker) {
            m.breaker = b;
            m.breakerPath = path;
            m.failures = b->failureOn;
        } else if (const auto* t = std::get_if<TimeoutSpec>(&st); t && m.breaker && !m.timeoutMs) {
            m.timeoutMs = t->timeoutMs;
        } else if (const auto* k = std::get_if<BulkheadSpec>(&st); k && !m.capacity) {
            m.capacity = k->maxConcurrent;
            if (k->maxWaitMs > 0)
                notes.add(path + ".max_wait_ms",
                          "waiting for a slot (opossum's capacity rejects at once)");
        } else if (const auto* f = std::get_if<FallbackSpec>(&st); f && !m.fallback) {
            m.fallback = f;
            if (f->kind == FallbackSpec::Kind::Cached)
                notes.add(path, "a cached last good answer (exported as a fixed fallback)");
        } else if (std::holds_alternative<RetrySpec>(st)) {
            notes.add(path, "retry (opossum has none: wrap breaker.fire in a retry library, or "
                            "export it --to cockatiel)");
        } else if (std::holds_alternative<TimeoutSpec>(st)) {
            notes.add(path, "a timeout outside the breaker (opossum's timeout is the call's, "
                            "inside it)");
        } else {
            notes.add(path, std::string(strategyKind(st).name) + " (not an opossum feature)");
        }
    }
    return m;
}

void noteBreaker(const BreakerSpec& b, const std::string& path, Notes& notes)
{
    if (b.mode == BreakerSpec::Mode::Consecutive)
        notes.add(path + ".mode", "consecutive failures (opossum opens on a failure rate; "
                                  "exported as a rate of 50 % over the window)");
    if (b.window == BreakerSpec::Window::CountBased)
        notes.add(path + ".window", "a window of the last " + std::to_string(b.windowSize) +
                                        " calls (opossum's window is of time: exported as "
                                        "10 s in 10 buckets, its default)");
    if (b.mode == BreakerSpec::Mode::Rate)
        notes.add(path + ".mode",
                  "opening at a failure rate ≥ the threshold over the calls' results (opossum: "
                  "strictly above it, over every call fired, those it rejected while open "
                  "included, and its window is not cleared; mode \"fires\" is its rule)");
    if (b.maxHalfOpenMs > 0.0)
        notes.add(path + ".max_half_open_ms", "a limit on the half-open state");
    if (b.halfOpenCalls != 1)
        notes.add(path + ".half_open_calls", "more than one probe (opossum lets one through)");
    if (b.openMultiplier != 1.0)
        notes.add(path + ".open_multiplier", "an open wait that grows (opossum's is fixed)");
    if (std::isfinite(b.slowCallMs)) notes.add(path + ".slow_call_ms", "slow calls");
    if (b.successThreshold > 1)
        notes.add(path + ".success_threshold", "more than one successful probe to close");
    if (b.forced != BreakerSpec::Forced::None)
        notes.add(path + ".forced", "a forced state (opossum has open()/close()/disable())");
}
} // namespace

ExportResult exportOpossum(const Scenario& s, Notes notes)
{
    const Mapped m = mapPipeline(s, notes);
    if (!m.breaker) notes.add("pipeline", "no circuit breaker: the breaker below never opens");
    const BreakerSpec defaults;
    const BreakerSpec& b = m.breaker ? *m.breaker : defaults;
    if (m.breaker) noteBreaker(b, m.breakerPath, notes);
    const bool timeWindow = b.window == BreakerSpec::Window::TimeBased;
    const double windowMs = timeWindow ? b.windowS * 1000.0 : 10'000.0;
    const std::uint32_t buckets = timeWindow ? b.windowBuckets : 10;
    const double threshold = b.mode == BreakerSpec::Mode::Consecutive ? 50.0 : b.failureRate * 100;

    std::string set;
    for (int c : statusesFor(m.failures, {}, s))
        set += (set.empty() ? "" : ", ") + std::to_string(c);

    std::string out = notesComment(notes, "// ", "opossum", "opossum");
    out += "// Needs opossum >= " + std::string(kMinimumOpossum) + " and Node.js 18 (fetch).\n";
    out += "// What it needs from the HTTP client, fetch (Node.js's undici) as action() uses it:\n";
    if (m.timeoutMs)
        out += "// each call aborted by AbortSignal.timeout(" + millisNumber(*m.timeoutMs) +
               ") when opossum's timeout fires (a\n"
               "// timed-out fetch would otherwise hold its connection until the server "
               "answers);\n";
    else
        out += "// no timeout inside the breaker in the pipeline: a call the server never answers\n"
               "// waits for fetch's own limits (undici: 300 s for the headers);\n";
    out += "// a reset rejects with a TypeError (cause.code ECONNRESET or UND_ERR_SOCKET), which\n"
           "// the breaker counts as a failure; a failed status is thrown below.\n";
    out += statusClassesComment(m.failures, "// ");
    out += "const CircuitBreaker = require(\"opossum\");\n\n";
    out +=
        "// Answers with these statuses are failures to the breaker (thrown, so it counts them).\n";
    out += "const FAILURE_STATUSES = new Set([" + set + "]);\n\n";
    out += "async function action(url, fetchImpl) {\n" +
           std::string(m.timeoutMs ? "  const response = await fetchImpl(url, { signal: "
                                     "AbortSignal.timeout(" +
                                         millisNumber(*m.timeoutMs) + ") });\n"
                                   : "  const response = await fetchImpl(url);\n") +
           "  if (FAILURE_STATUSES.has(response.status)) {\n"
           "    const error = new Error(`HTTP ${response.status}`);\n"
           "    error.response = response;\n"
           "    throw error;\n"
           "  }\n"
           "  return response;\n"
           "}\n\n";
    out += "const breaker = new CircuitBreaker(action, {\n";
    out += "  timeout: " + (m.timeoutMs ? millisNumber(*m.timeoutMs) : std::string("false")) +
           ", // the call's own timeout (false: none)\n";
    out += "  errorThresholdPercentage: " + number(threshold) + ",\n";
    out += "  resetTimeout: " + millisNumber(b.openMs) + ",\n";
    out += "  rollingCountTimeout: " + millisNumber(windowMs) + ",\n";
    out += "  rollingCountBuckets: " + std::to_string(buckets) + ",\n";
    out +=
        "  volumeThreshold: " +
        std::to_string(b.mode == BreakerSpec::Mode::Consecutive ? b.failureThreshold : b.minCalls) +
        ",\n";
    if (m.capacity) out += "  capacity: " + std::to_string(*m.capacity) + ",\n";
    out += "});\n";
    if (m.fallback) out += "breaker.fallback(() => new Response(\"fallback\", { status: 200 }));\n";
    out += "\n/** Fetches `url` through the breaker; resolves with the Response. */\n"
           "function call(url, fetchImpl = fetch) {\n"
           "  return breaker.fire(url, fetchImpl);\n"
           "}\n\n"
           "module.exports = { breaker, call };\n";
    return ExportResult{out, notes.items};
}

} // namespace reslab::detail

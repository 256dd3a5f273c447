// gRPC: a service config (proposal A6). JSON has no comments, so the notes go in a "_comment"
// array, a field gRPC's service-config parsers ignore.

#include "export/export.h"
#include "policy/strategy_kind.h"
#include "util/json_writer.h"

#include <algorithm>
#include <cmath>

namespace reslab::detail {

namespace {
// gRPC status codes for our outcomes and for HTTP statuses (the HTTP → gRPC mapping of the spec).
std::vector<std::string> grpcCodes(const OutcomeSet& outcomes, const std::vector<int>& http,
                                   const std::string& path, Notes& notes)
{
    std::vector<std::string> codes;
    auto add = [&](const char* c) {
        if (std::find(codes.begin(), codes.end(), c) == codes.end()) codes.emplace_back(c);
    };
    if (outcomes.contains(Outcome::Error) || outcomes.contains(Outcome::Rejected) ||
        outcomes.contains(Outcome::Reset))
        add("UNAVAILABLE");
    if (outcomes.contains(Outcome::Timeout)) add("DEADLINE_EXCEEDED");
    if (outcomes.contains(Outcome::RateLimited)) add("RESOURCE_EXHAUSTED");
    if (outcomes.contains(Outcome::Conflict)) add("ABORTED");
    if (outcomes.contains(Outcome::Fatal)) notes.add(path, "retrying non-retryable (4xx) failures");
    for (int c : http) {
        if (c == 503 || c == 502)
            add("UNAVAILABLE");
        else if (c == 504)
            add("DEADLINE_EXCEEDED");
        else if (c == 429)
            add("RESOURCE_EXHAUSTED");
        else if (c == 500)
            add("INTERNAL");
        else if (c == 409)
            add("ABORTED");
        else
            notes.add(path, "HTTP status " + std::to_string(c) + " has no gRPC code");
    }
    return codes;
}
} // namespace

ExportResult exportGrpc(const Scenario& s, Notes notes)
{
    const RetrySpec* retry = nullptr;
    const HedgeSpec* hedge = nullptr;
    const RetryThrottleSpec* throttle = nullptr;
    std::string retryPath, hedgePath;
    std::optional<double> timeoutMs;
    std::optional<double> attemptTimeoutMs; // perAttemptRecvTimeout
    bool insideRetry = false;
    for (std::size_t i = 0; i < s.pipeline.size(); ++i) {
        const std::string path = "pipeline[" + std::to_string(i) + "]";
        const StrategySpec& st = s.pipeline[i];
        if (const auto* r = std::get_if<RetrySpec>(&st); r && !retry && !hedge) {
            retry = r;
            retryPath = path;
            insideRetry = true;
        } else if (const auto* h = std::get_if<HedgeSpec>(&st); h && !retry && !hedge) {
            hedge = h;
            hedgePath = path;
            insideRetry = true;
        } else if (const auto* t = std::get_if<TimeoutSpec>(&st)) {
            if (insideRetry && retry) {
                // Nested per-attempt timeouts: the shortest ends the attempt.
                if (!attemptTimeoutMs || t->timeoutMs < *attemptTimeoutMs)
                    attemptTimeoutMs = t->timeoutMs;
            } else if (insideRetry) {
                notes.add(path, "a timeout per hedged attempt (gRPC's hedging has none)");
            } else if (!timeoutMs || t->timeoutMs < *timeoutMs) {
                timeoutMs = t->timeoutMs; // nested: the shortest bounds the call
            }
        } else if (const auto* th = std::get_if<RetryThrottleSpec>(&st)) {
            throttle = th;
        } else {
            notes.add(path, std::string(strategyKind(st).name) + " (not in a gRPC service config)");
        }
    }

    // The body first: writing it finds the last notes, which then go in front as "_comment".
    JsonWriter body;
    body.beginObject();
    body.key("methodConfig").beginArray().beginObject();
    body.key("name")
        .beginArray()
        .beginObject()
        .key("service")
        .value(s.target)
        .endObject()
        .endArray();
    if (timeoutMs) body.key("timeout").value(protoDuration(*timeoutMs));
    if (retry) {
        const BackoffSpec& b = retry->backoff;
        int attempts = retry->maxAttempts;
        if (attempts > 5) {
            notes.add(retryPath + ".max_attempts",
                      "more than 5 attempts (gRPC treats anything above 5 as 5)");
            attempts = 5;
        }
        if (attempts < 2) {
            notes.add(retryPath + ".max_attempts",
                      "a single attempt (gRPC's retryPolicy needs at least 2)");
            attempts = 2;
        }
        double initial = b.initialMs, maxMs = b.maxMs, multiplier = b.multiplier;
        if (b.kind == BackoffSpec::Kind::Constant) {
            initial = maxMs = b.delayMs;
            multiplier = 1.0;
        } else if (b.kind == BackoffSpec::Kind::Urllib3) {
            initial = b.factorMs;
            multiplier = 2.0;
            notes.add(retryPath + ".backoff",
                      "urllib3's backoff waits 0 before the first retry (exported as exponential "
                      "from factor: the same from the second retry on)");
        } else if (b.kind != BackoffSpec::Kind::Exponential) {
            notes.add(retryPath + ".backoff",
                      "only exponential backoff (exported as exponential from initial_ms)");
        }
        if (!std::isfinite(maxMs)) {
            notes.add(retryPath + ".backoff.max_ms",
                      "an unbounded backoff (gRPC requires maxBackoff; set to 1 hour)");
            maxMs = 3'600'000.0;
        }
        // gRPC core's BackOff: the first retry waits initialBackoff, later ones ±20 %
        // (docs/semantics.md; the grpc_export test measures it).
        if (retry->jitter.kind == JitterSpec::Kind::Proportional && retry->jitter.factor == 0.2)
            notes.add(retryPath + ".jitter",
                      "jitter on the first retry (gRPC core waits initialBackoff exactly)");
        else
            notes.add(retryPath + ".jitter",
                      "gRPC core waits initialBackoff for the first retry and jitters later ones "
                      "by ±20 % (this jitter is replaced by that)");
        if (b.minMs > 0) notes.add(retryPath + ".backoff.min_ms", "a floor on the backoff");
        if (retry->maxElapsedMs || retry->stopBeforeDelayMs)
            notes.add(retryPath, "time-based stop conditions");
        body.key("retryPolicy").beginObject();
        body.key("maxAttempts").value(attempts);
        body.key("initialBackoff").value(protoDuration(initial));
        body.key("maxBackoff").value(protoDuration(maxMs));
        body.key("backoffMultiplier").value(multiplier);
        std::vector<std::string> codes =
            grpcCodes(retry->retryOn, retry->retryOnStatus, retryPath + ".retry_on", notes);
        body.key("retryableStatusCodes").inlineArray(codes);
        if (attemptTimeoutMs) {
            body.key("perAttemptRecvTimeout").value(protoDuration(*attemptTimeoutMs));
            if (!retry->retryOn.contains(Outcome::Timeout))
                notes.add(retryPath + ".retry_on",
                          "not retrying an attempt its timeout ended (gRPC core retries an "
                          "attempt perAttemptRecvTimeout ended whatever retryableStatusCodes "
                          "say)");
        }
        if (retry->honorRetryAfter && retry->retryOn.contains(Outcome::RateLimited))
            notes.add(retryPath + ".honor_retry_after",
                      "the backoff after a Retry-After: gRPC core waits the server's pushback "
                      "(the grpc-retry-pushback-ms trailer a server must send for it) and then "
                      "starts its backoff again from initialBackoff, where the simulation "
                      "goes on with retry n's");
        body.endObject();
    } else if (hedge) {
        body.key("hedgingPolicy").beginObject();
        body.key("maxAttempts").value(std::min(5, 1 + hedge->maxHedgedAttempts));
        if (hedge->delayMs < 0)
            notes.add(hedgePath + ".delay_ms", "fallback mode (exported as a 0 s delay)");
        body.key("hedgingDelay").value(protoDuration(std::max(0.0, hedge->delayMs)));
        body.key("nonFatalStatusCodes")
            .inlineArray(grpcCodes(hedge->hedgeOn, {}, hedgePath + ".hedge_on", notes));
        body.endObject();
    }
    body.endObject().endArray();
    if (throttle) {
        body.key("retryThrottling").beginObject();
        body.key("maxTokens")
            .value(throttle->maxTokens)
            .key("tokenRatio")
            .value(throttle->tokenRatio);
        body.endObject();
    }
    body.endObject();

    // The notes go first, as "_comment" (gRPC ignores unknown fields).
    std::string text = body.take();
    std::vector<std::string> lines{"Generated by resilience-lab export --to grpc."};
    if (notes.items.empty())
        lines.emplace_back("Everything in the scenario's pipeline is expressed below.");
    else {
        lines.emplace_back("Not expressible in a gRPC service config (the simulation had these; "
                           "this output does not):");
        for (const std::string& n : notes.items)
            lines.push_back(n);
    }
    // The method config's name is the one thing the scenario cannot know.
    lines.emplace_back("The service name \"" + s.target +
                       "\" is the scenario's target endpoint, a placeholder: replace it with the "
                       "gRPC service's full name (package.Service), as in its .proto.");
    // What the config needs from the gRPC client and server to mean what it says.
    lines.emplace_back("Needs from the gRPC client: retries on (grpc.enable_retries, the default "
                       "of gRPC core and grpc-java); a reset reaches the call as UNAVAILABLE, "
                       "an attempt that runs out of time as DEADLINE_EXCEEDED" +
                       std::string(timeoutMs ? "" : "; the call's deadline is the caller's"));
    if (attemptTimeoutMs)
        lines.emplace_back("perAttemptRecvTimeout (each attempt's timeout) is read by gRPC core "
                           "(C++, Python, Ruby, PHP, C#) only with the channel argument "
                           "grpc.experimental.enable_hedging = 1, and not by grpc-java or "
                           "grpc-go: without it an attempt the server never answers lasts until "
                           "the call's deadline and is not retried. When the attempts run out on "
                           "it, the call fails CANCELLED (gRPC core 1.51), not DEADLINE_EXCEEDED");
    JsonWriter comment(2);
    comment.beginObject().key("_comment").inlineArray(lines).endObject();
    std::string head = comment.take();
    // Splice: "{\n  "_comment": [...]" + "," + the body without its opening brace.
    head.erase(head.rfind('}'));
    while (!head.empty() && (head.back() == '\n' || head.back() == ' '))
        head.pop_back();
    text = head + "," + text.substr(1);
    return ExportResult{text, notes.items};
}

} // namespace reslab::detail

// urllib3: a urllib3.util.Retry mounted on a requests Session (requests retries through urllib3).
// Retry has attempts, a backoff (0 before the first retry, then backoff_factor·2ⁿ⁻¹, capped),
// the statuses to retry, Retry-After, and whether read errors (timeouts, resets) are retried;
// everything else is listed as not expressed. Needs urllib3 1.26 (allowed_methods); the cap is set
// the way both 1.26 (the DEFAULT_BACKOFF_MAX class attribute) and 2.x (backoff_max=) take it.

#include "export/export.h"
#include "policy/strategy_kind.h"

#include <cmath>

namespace reslab::detail {

namespace {
constexpr const char* kMinimumUrllib3 = "1.26.0"; // allowed_methods replaced method_whitelist

// urllib3's backoff_factor for the scenario's backoff, with what does not carry over noted.
double backoffFactorMs(const RetrySpec& r, const std::string& path, Notes& notes)
{
    const BackoffSpec& b = r.backoff;
    const std::string first = " (urllib3 waits 0 before the first retry, then factor·2ⁿ⁻¹)";
    switch (b.kind) {
    case BackoffSpec::Kind::Urllib3:
        return b.factorMs;
    case BackoffSpec::Kind::Exponential:
        if (b.multiplier != 2.0)
            notes.add(path + ".backoff.multiplier", "urllib3's backoff doubles (multiplier 2)");
        if (b.minMs > 0) notes.add(path + ".backoff.min_ms", "a floor on the backoff");
        notes.add(path + ".backoff", "the first retry's wait of initial_ms" + first);
        return b.initialMs;
    case BackoffSpec::Kind::Constant:
        notes.add(path + ".backoff", "a fixed wait (exported as backoff_factor = delay/2)" + first);
        return b.delayMs / 2.0;
    default:
        notes.add(path + ".backoff", std::string(kBackoffKindNames.name(b.kind)) +
                                         " backoff (exported as exponential from initial_ms)" +
                                         first);
        return b.initialMs;
    }
}
} // namespace

ExportResult exportUrllib3(const Scenario& s, Notes notes)
{
    const FirstRetry first = firstRetryNotingTheRest(
        s, notes,
        "a timeout of the whole request, retries and waits included: requests' timeout= "
        "bounds each attempt only",
        "not a urllib3 feature", TimeoutsExpressed::PerAttempt);
    const PipelineTimeouts timeouts = pipelineTimeouts(s);
    const RetrySpec* retry = first.retry;
    const std::string retryPath = first.path;
    RetrySpec none;
    none.maxAttempts = 1;
    if (!retry) notes.add("pipeline", "no retry strategy: the Retry below never retries");
    const RetrySpec& r = retry ? *retry : none;
    const double factorMs = backoffFactorMs(r, retry ? retryPath : "pipeline", notes);
    const double maxMs =
        r.backoff.kind == BackoffSpec::Kind::Urllib3 || std::isfinite(r.backoff.maxMs)
            ? r.backoff.maxMs
            : kUrllib3BackoffMaxMs;
    if (!std::isfinite(r.backoff.maxMs) && r.backoff.kind != BackoffSpec::Kind::Urllib3)
        notes.add(retryPath + ".backoff.max_ms",
                  "an unbounded backoff (urllib3 caps it at 120 s, its default)");
    std::string jitter;
    if (r.jitter.kind == JitterSpec::Kind::Additive) {
        jitter = secondsNumber(r.jitter.jitterMs); // urllib3 2's backoff_jitter
        notes.add(retryPath + ".jitter",
                  "additive jitter: backoff_jitter exists from urllib3 2.0 (set below only "
                  "there; 1.26 does not jitter)");
    } else if (r.jitter.kind != JitterSpec::Kind::None &&
               !JitterSpec::isInherentlyRandom(r.backoff.kind)) {
        notes.add(retryPath + ".jitter", std::string(kJitterKindNames.name(r.jitter.kind)) +
                                             " jitter (urllib3 has additive jitter only)");
    }
    if (r.maxElapsedMs || r.stopBeforeDelayMs)
        notes.add(retryPath, "time-based stop conditions (urllib3 counts attempts only)");
    const bool readErrors =
        r.retryOn.contains(Outcome::Timeout) || r.retryOn.contains(Outcome::Reset);
    if (r.retryOn.contains(Outcome::Timeout) != r.retryOn.contains(Outcome::Reset))
        notes.add(retryPath + ".retry_on",
                  "timeouts and resets apart (urllib3 retries both as read errors, or neither)");
    if (r.honorRetryAfter && !r.retryOn.contains(Outcome::RateLimited))
        notes.add(retryPath + ".honor_retry_after",
                  "Retry-After on answers not retried (urllib3 retries a 429 or 503 that "
                  "carries one whenever respect_retry_after_header is on)");
    const std::vector<int> statuses = statusesFor(r.retryOn, r.retryOnStatus, s);

    std::string out = notesComment(notes, "# ", "urllib3", "urllib3 Retry");
    out += "# Needs urllib3 >= " + std::string(kMinimumUrllib3) + " and requests.\n";
    out += "# What it needs from the HTTP client, requests with the session() below:\n";
    if (timeouts.attemptMs)
        out += "#   each attempt bounded by timeout=" + secondsNumber(*timeouts.attemptMs) +
               " (ATTEMPT_TIMEOUT_S, pipeline[" + std::to_string(*timeouts.attemptIndex) +
               "]), which the adapter\n"
               "#   gives every request without one: requests' connect and read timeout, so it\n"
               "#   bounds each wait for bytes (an answer sent whole, as serve sends it, within "
               "it);\n";
    else
        out += "#   no per-attempt timeout in the pipeline: pass timeout= yourself, or an attempt\n"
               "#   the server never answers waits for ever (requests has no default);\n";
    out += "#   urllib3's Retry sees a reset after the request was sent as ProtocolError\n"
           "#   (ConnectionResetError) and a timeout as ReadTimeoutError, both read errors\n"
           "#   (read=None retries them, read=0 not); when the retries run out on them requests\n"
           "#   raises requests.ConnectionError (MaxRetryError), and a failed status returns the\n"
           "#   last answer.\n";
    out += statusClassesComment(r.retryOn, "# ");
    out += "import requests\nimport urllib3\nfrom requests.adapters import HTTPAdapter\n"
           "from urllib3.util import Retry\n\n";
    if (timeouts.attemptMs)
        out += "ATTEMPT_TIMEOUT_S = " + secondsNumber(*timeouts.attemptMs) + "  # pipeline[" +
               std::to_string(*timeouts.attemptIndex) + "]: each attempt\n\n\n";
    std::string list;
    for (int c : statuses)
        list += (list.empty() ? "" : ", ") + std::to_string(c);
    out += "class ScenarioRetry(Retry):\n"
           "    # The backoff's cap: urllib3 1.26 reads it here, 2.x from backoff_max below.\n"
           "    DEFAULT_BACKOFF_MAX = " +
           secondsNumber(maxMs) + "\n\n\n";
    out += "_URLLIB3_2 = int(urllib3.__version__.split(\".\")[0]) >= 2\n";
    out += "RETRY = ScenarioRetry(\n";
    out += "    total=" + std::to_string(r.maxAttempts - 1) + ",\n";
    out += "    read=" + std::string(readErrors ? "None" : "0") +
           ",  # timeouts and resets after the request was sent\n";
    out += "    backoff_factor=" + secondsNumber(factorMs) + ",\n";
    out += "    status_forcelist=[" + list + "],\n";
    out += "    allowed_methods=None,  # every method, as the simulation retries every call\n";
    out += "    respect_retry_after_header=" + std::string(r.honorRetryAfter ? "True" : "False") +
           ",\n";
    out += "    raise_on_status=False,  # the last answer is returned, as in the simulation\n";
    out += "    **({\"backoff_max\": " + secondsNumber(maxMs) +
           (jitter.empty() ? "" : ", \"backoff_jitter\": " + jitter) +
           "} if _URLLIB3_2 else {}),\n";
    out += ")\n\n\n";
    std::string adapter = "HTTPAdapter";
    if (timeouts.attemptMs) {
        adapter = "ScenarioAdapter";
        out += "class ScenarioAdapter(HTTPAdapter):\n"
               "    \"\"\"Gives each request without a timeout the pipeline's per-attempt one "
               "(urllib3\n    starts it again for every retry).\"\"\"\n\n"
               "    def send(self, request, **kwargs):\n"
               "        if kwargs.get(\"timeout\") is None:\n"
               "            kwargs[\"timeout\"] = ATTEMPT_TIMEOUT_S\n"
               "        return super().send(request, **kwargs)\n\n\n";
    }
    out += "def session() -> requests.Session:\n"
           "    \"\"\"A requests Session that retries as the scenario's pipeline does.\"\"\"\n"
           "    s = requests.Session()\n"
           "    adapter = " +
           adapter +
           "(max_retries=RETRY)\n"
           "    s.mount(\"http://\", adapter)\n"
           "    s.mount(\"https://\", adapter)\n"
           "    return s\n";
    return ExportResult{out, notes.items};
}

} // namespace reslab::detail

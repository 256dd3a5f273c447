#pragma once
// Turns a scenario's client pipeline into the configuration or code of the library a user
// deploys: a tenacity decorator, resilience4j YAML, a Polly v8 ResiliencePipelineBuilder snippet,
// a gRPC service config, an Envoy route retry policy, a urllib3 Retry for requests, a backoff
// decorator, a cockatiel policy, an opossum breaker. And turns its endpoints' fault model into the
// configuration of the fault injectors people run in staging: toxiproxy toxics, Envoy's HTTP fault
// filter, a Chaos Mesh Workflow. Whatever the target cannot express is listed, with its place in
// the scenario, at the top of the output — never dropped silently.

#include "scenario/scenario.h"
#include "util/name_table.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

namespace reslab {

enum class ExportTarget
{
    Tenacity,
    Resilience4j,
    Polly,
    Grpc,
    Envoy,
    Urllib3,
    Backoff,
    Cockatiel,
    Opossum,
    Toxiproxy,
    EnvoyFault,
    ChaosMesh,
    Istio,
    Linkerd
};

// The --to names.
inline constexpr auto kExportTargetNames = makeNameTable<ExportTarget>(
    std::pair{ExportTarget::Tenacity, std::string_view("tenacity")},
    std::pair{ExportTarget::Resilience4j, std::string_view("resilience4j")},
    std::pair{ExportTarget::Polly, std::string_view("polly")},
    std::pair{ExportTarget::Grpc, std::string_view("grpc")},
    std::pair{ExportTarget::Envoy, std::string_view("envoy")},
    std::pair{ExportTarget::Urllib3, std::string_view("urllib3")},
    std::pair{ExportTarget::Backoff, std::string_view("backoff")},
    std::pair{ExportTarget::Cockatiel, std::string_view("cockatiel")},
    std::pair{ExportTarget::Opossum, std::string_view("opossum")},
    std::pair{ExportTarget::Toxiproxy, std::string_view("toxiproxy")},
    std::pair{ExportTarget::EnvoyFault, std::string_view("envoy-fault")},
    std::pair{ExportTarget::ChaosMesh, std::string_view("chaos-mesh")},
    std::pair{ExportTarget::Istio, std::string_view("istio")},
    std::pair{ExportTarget::Linkerd, std::string_view("linkerd")});

// Whether a target configures a fault injector (from the endpoints) rather than a client (from
// the pipeline).
constexpr bool isFaultTarget(ExportTarget t)
{
    return t == ExportTarget::Toxiproxy || t == ExportTarget::EnvoyFault ||
           t == ExportTarget::ChaosMesh;
}

std::optional<ExportTarget> exportTargetFromName(const std::string& name);
const char* exportTargetName(ExportTarget t);

struct ExportResult
{
    std::string text;                      // the whole output, the notes comment included
    std::vector<std::string> notExpressed; // "pipeline[1].jitter: full jitter — …"
};

ExportResult exportScenario(const Scenario& scenario, ExportTarget target);

namespace detail {
// Collects what a target cannot express.
struct Notes
{
    std::vector<std::string> items;
    // A note already made (the same place and reason) is not repeated.
    void add(const std::string& path, const std::string& what)
    {
        std::string item = path + ": " + what;
        if (std::find(items.begin(), items.end(), item) == items.end())
            items.push_back(std::move(item));
    }
};
// "100ms", "1.5s", "2s": the shortest exact form in milliseconds or seconds.
std::string durationText(double ms);
// "0.1s" — the protobuf JSON Duration form gRPC and Envoy take.
std::string protoDuration(double ms);
std::string number(double v);
// Milliseconds as seconds, as the Python libraries take them (0.1 for 100 ms).
std::string secondsNumber(double ms);
// Milliseconds to the microsecond, as the Node libraries take them; "Infinity" for no bound.
std::string millisNumber(double ms);
// The comment block listing the notes, with the given line prefix ("# ", "// ").
// `flag`: the --to value; `library`: its name as its users write it.
std::string notesComment(const Notes& notes, const std::string& prefix, const std::string& flag,
                         const std::string& library);
// The statuses the outcome `error` stands for at real HTTP servers: 500 Internal Server Error,
// 502 Bad Gateway, 503 Service Unavailable and 504 Gateway Timeout (urllib3's and the AWS SDKs'
// usual retryable set).
inline constexpr std::array<int, 4> kServerErrorStatuses = {500, 502, 503, 504};
// A comment line saying which statuses each retried outcome class stands for.
std::string statusClassesComment(const OutcomeSet& outcomes, const std::string& prefix);
// HTTP statuses an outcome set stands for (error → 500, 502, 503, 504 and the endpoints' error
// statuses…), plus
// `extra` (a retry's retry_on_status), sorted and without repeats.
std::vector<int> statusesFor(const OutcomeSet& outcomes, const std::vector<int>& extra,
                             const Scenario& s);

// Python: RETRY_ON_STATUS, RETRY_ON_TIMEOUT, RETRY_ON_RESET, the exception classes aiohttp
// raises for a timeout and a reset, and should_retry(exc), the predicate the Python outputs retry
// on (an aiohttp ClientResponseError's .status or a requests HTTPError's .response.status_code;
// then timeouts, then resets). Needs `import asyncio` and `import aiohttp`.
std::string pythonShouldRetry(const OutcomeSet& retryOn, const std::vector<int>& extraStatuses,
                              const Scenario& s);
// retry_after_s(exc): the Retry-After of a failed answer (aiohttp's .headers, requests'
// .response.headers) in seconds, or None.
extern const char* const kPythonRetryAfterHelper;

// The pipeline's timeouts as the client-side exports express them: the shortest timeout inside
// the first retry bounds each attempt, the shortest outside it the whole request (with no retry,
// the one attempt is the request: attemptMs). Each with its place in the pipeline.
struct PipelineTimeouts
{
    std::optional<double> attemptMs;
    std::optional<std::size_t> attemptIndex;
    std::optional<double> requestMs;
    std::optional<std::size_t> requestIndex;
};
PipelineTimeouts pipelineTimeouts(const Scenario& s);
// The header lines of the aiohttp outputs (tenacity, backoff): what they need from the HTTP
// client — the timeout objects and the exception classes.
std::string aiohttpClientComment(const PipelineTimeouts& t);
// ATTEMPT_TIMEOUT / REQUEST_TIMEOUT_S and `async def call(session, url)` under `decorator`: each
// attempt a GET with the per-attempt aiohttp.ClientTimeout, the whole request (when the pipeline
// bounds it) in asyncio.wait_for around the decorated call_attempts.
std::string aiohttpCall(const PipelineTimeouts& t, const std::string& decorator);

// A fires-mode (opossum) breaker exported to a library that counts results instead: the
// difference, noted at `path`.mode.
void noteFiresMode(const BreakerSpec& b, const std::string& path, Notes& notes);

// The pipeline's first retry strategy and its path ("pipeline[1]"); every other strategy is noted
// as not expressed, a timeout with `timeoutHint` (where the target's users set it instead), the
// rest with `otherHint`. nullptr when the pipeline has no retry.
struct FirstRetry
{
    const RetrySpec* retry = nullptr;
    std::string path;
};
// The scenario with each adaptive backoff in its client pipeline written as the exponential
// backoff of its learning regime (initial·2ⁿ⁻¹, capped), with a note: no client library the
// exporters target steers its backoff by the recent success rate.
Scenario withoutAdaptiveBackoff(const Scenario& s, Notes& notes);
// The scenario with each Envoy-mode retry written for a library without Envoy's router: its
// retry_on classes as the outcomes they retry at their default statuses, Envoy's backoff as the
// exponential ×2 from base_interval with full jitter, capped at max_interval (random() % the
// interval, in whole ms, where the libraries draw U(0, interval)); its cluster's retry circuit
// breaker noted.
Scenario withoutEnvoyRetry(const Scenario& s, Notes& notes);

// Which of the pipeline's timeouts an output expresses itself (pipelineTimeouts): those are not
// noted.
enum class TimeoutsExpressed
{
    None,
    PerAttempt,          // the timeouts inside the retry
    PerAttemptAndRequest // and those around it
};
FirstRetry firstRetryNotingTheRest(const Scenario& s, Notes& notes, const std::string& timeoutHint,
                                   const std::string& otherHint,
                                   TimeoutsExpressed expressed = TimeoutsExpressed::None);

ExportResult exportTenacity(const Scenario& s, Notes notes);
ExportResult exportResilience4j(const Scenario& s, Notes notes);
ExportResult exportPolly(const Scenario& s, Notes notes);
ExportResult exportGrpc(const Scenario& s, Notes notes);
ExportResult exportEnvoy(const Scenario& s, Notes notes);
ExportResult exportUrllib3(const Scenario& s, Notes notes);
ExportResult exportBackoff(const Scenario& s, Notes notes);
ExportResult exportCockatiel(const Scenario& s, Notes notes);
ExportResult exportOpossum(const Scenario& s, Notes notes);
ExportResult exportIstio(const Scenario& s, Notes notes);
ExportResult exportLinkerd(const Scenario& s, Notes notes);
ExportResult exportToxiproxy(const Scenario& s);
ExportResult exportEnvoyFault(const Scenario& s);
ExportResult exportChaosMesh(const Scenario& s);
} // namespace detail

} // namespace reslab

#pragma once
// Turns a scenario's client pipeline into the configuration or code of the library a user
// deploys: a tenacity decorator, resilience4j YAML, a Polly v8 ResiliencePipelineBuilder snippet,
// a gRPC service config, an Envoy route retry policy, a urllib3 Retry for requests. Whatever the
// target cannot express is listed, with its place in the scenario, in a comment at the top of the
// output — never dropped silently.

#include "scenario/scenario.h"
#include "util/name_table.h"

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
    Urllib3
};

// The --to names.
inline constexpr auto kExportTargetNames = makeNameTable<ExportTarget>(
    std::pair{ExportTarget::Tenacity, std::string_view("tenacity")},
    std::pair{ExportTarget::Resilience4j, std::string_view("resilience4j")},
    std::pair{ExportTarget::Polly, std::string_view("polly")},
    std::pair{ExportTarget::Grpc, std::string_view("grpc")},
    std::pair{ExportTarget::Envoy, std::string_view("envoy")},
    std::pair{ExportTarget::Urllib3, std::string_view("urllib3")});

std::optional<ExportTarget> exportTargetFromName(const std::string& name);
const char* exportTargetName(ExportTarget t);

struct ExportResult
{
    std::string text;                      // the whole output, the notes comment included
    std::vector<std::string> notExpressed; // "pipeline[1].jitter: full jitter — …"
};

ExportResult exportPipeline(const Scenario& scenario, ExportTarget target);

namespace detail {
// Collects what a target cannot express.
struct Notes
{
    std::vector<std::string> items;
    void add(const std::string& path, const std::string& what)
    {
        items.push_back(path + ": " + what);
    }
};
// "100ms", "1.5s", "2s": the shortest exact form in milliseconds or seconds.
std::string durationText(double ms);
// "0.1s" — the protobuf JSON Duration form gRPC and Envoy take.
std::string protoDuration(double ms);
std::string number(double v);
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

// The pipeline's first retry strategy and its path ("pipeline[1]"); every other strategy is noted
// as not expressed, a timeout with `timeoutHint` (where the target's users set it instead), the
// rest with `otherHint`. nullptr when the pipeline has no retry.
struct FirstRetry
{
    const RetrySpec* retry = nullptr;
    std::string path;
};
FirstRetry firstRetryNotingTheRest(const Scenario& s, Notes& notes, const std::string& timeoutHint,
                                   const std::string& otherHint);

ExportResult exportTenacity(const Scenario& s);
ExportResult exportResilience4j(const Scenario& s);
ExportResult exportPolly(const Scenario& s);
ExportResult exportGrpc(const Scenario& s);
ExportResult exportEnvoy(const Scenario& s);
ExportResult exportUrllib3(const Scenario& s);
} // namespace detail

} // namespace reslab

// Every input survives (issue "Every input survives"): one row per class of failure a black-box
// fuzz of the command line found, each with its own reproducer, the exit code and the message
// the tool must give. Outputs that existed stay byte for byte as they were; nothing crashes,
// nothing runs without end, nothing is accepted that should not be. Runs under the sanitizer
// preset too.

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <csignal>
#include <functional>
#include <map>
#include <sys/resource.h>
#include <sys/stat.h>

namespace {

const QString kPreset = QStringLiteral(RESLAB_PRESETS_DIR "/steady-flaky-api.json");
const QString kTraces = QStringLiteral(RESLAB_TEST_DATA_DIR "/traces/");
const QByteArray kKept = "what the user had before\n";
const QByteArray kTraceHeader = "{\"format\": \"resilience-lab.trace/1\", \"source\": \"csv\"}\n";
const QByteArray kTraceCall =
    "{\"t_ms\": 5, \"latency_ms\": 12, \"outcome\": \"ok\", \"endpoint\": \"api\"}\n";

QByteArray scenario(const QByteArray& workload, const QByteArray& pipeline,
                    const QByteArray& endpoints, const QByteArray& extra = {})
{
    return R"({"format": "resilience-lab.scenario/1", "name": "t", "seed": 1, "duration_s": 10, )" +
           extra + R"("workload": )" + workload + R"(, "target": "api", "pipeline": )" + pipeline +
           R"(, "endpoints": )" + endpoints + "}";
}

const QByteArray kRetry3 = R"({"type": "retry", "max_attempts": 3,
    "backoff": {"type": "constant", "delay_ms": 0}})";
const QByteArray kApi = R"({"api": {"latency": {"dist": "constant", "ms": 5}}})";

// Twenty layers, each calling the next through three attempts: 3^20 calls per request.
QByteArray layered(int layers)
{
    QByteArray endpoints = "{";
    for (int i = 0; i < layers; ++i) {
        const QByteArray id = i == 0 ? "api" : "l" + QByteArray::number(i);
        endpoints += "\"" + id + "\": {\"failures\": {\"error\": 1}";
        if (i + 1 < layers)
            endpoints += ", \"calls\": [{\"endpoint\": \"l" + QByteArray::number(i + 1) +
                         "\", \"pipeline\": [" + kRetry3 + "]}]";
        endpoints += "}";
        if (i + 1 < layers) endpoints += ", ";
    }
    return endpoints + "}";
}

QByteArray manyStrategies(int n)
{
    QByteArray p = "[";
    for (int i = 0; i < n; ++i)
        p += QByteArray(i ? ", " : "") + R"({"type": "timeout", "timeout_ms": 1000})";
    return p + "]";
}

// One call to each of `n` endpoints (e0, e1, …).
QByteArray manyEndpointCalls(int n)
{
    QByteArray lines;
    for (int i = 0; i < n; ++i)
        lines += "{\"t_ms\": " + QByteArray::number(i) +
                 ", \"latency_ms\": 5, \"outcome\": \"ok\", \"endpoint\": \"e" +
                 QByteArray::number(i) + "\"}\n";
    return lines;
}

QByteArray har(const QByteArray& entries)
{
    return R"({"log": {"entries": [)" + entries + "]}}";
}
const QByteArray kEntry = R"({"startedDateTime": "2024-03-01T12:00:00Z", "time": 20,
    "request": {"url": "http://api/x"}, "response": {"status": 200, "headers": []}})";

struct Row
{
    const char* name;
    std::map<QString, QByteArray> files; // written into the test's folder first
    QStringList args;                    // "@" + name: that file's path
    int exitCode;
    QString message;       // must be in stderr
    QString stdoutTo = {}; // a file for stdout ("/dev/full")
    std::function<void(const QDir&)> after = {};
};

void keptFileAsItWas(const QDir& dir, const QString& name)
{
    QFile f(dir.filePath(name));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), kKept);
    // No temporary file left beside it.
    for (const QString& entry : dir.entryList(QDir::Files | QDir::Hidden))
        QVERIFY2(!entry.contains(".tmp-"), qPrintable(entry));
}

void keptAsItWas(const QDir& dir)
{
    keptFileAsItWas(dir, "out.jsonl");
}

// fit writes a scenario: its output is named .json (an output's name says its format).
void keptScenarioAsItWas(const QDir& dir)
{
    keptFileAsItWas(dir, "out.json");
}

const std::vector<Row>& rows()
{
    static const std::vector<Row> all = {
        // Data loss
        {"failed import keeps the output",
         {{"out.jsonl", kKept}},
         {"import", kTraces + "wrong-columns.csv", "--out", "@out.jsonl"},
         2,
         "no time column",
         {},
         keptAsItWas},
        {"failed import through a symlink keeps its target",
         {{"out.jsonl", kKept}, {"link->out.jsonl", {}}},
         {"import", kTraces + "browser.har", "--out", "@link"},
         2,
         "time: missing or negative",
         {},
         keptAsItWas},
        {"an output that is a full device fails",
         {},
         {"import", kTraces + "spans.otlp.json", "--out", "/dev/full", "--skip-bad"},
         1,
         "/dev/full: No space left on device"},
        {"run --attempts into a directory is refused",
         {},
         {"run", kPreset, "--attempts", "@"},
         2,
         "not a regular file (a directory)"},
        // Crashes
        {"a pipeline of 70000 strategies",
         {{"s.json",
           scenario(R"({"type": "open", "rate_per_s": 1})", manyStrategies(70000), kApi)}},
         {"run", "@s.json"},
         2,
         "pipeline: has 70000 strategies; a pipeline holds at most 64"},
        {"a call chain of 1000 endpoints",
         {{"s.json", scenario(R"({"type": "open", "rate_per_s": 1})", "[]", layered(1000))}},
         {"validate", "@s.json"},
         2,
         "the calls nest more than 32 layers deep"},
        // Runs that never end
        {"a closed loop in zero time is refused",
         {{"s.json", scenario(R"({"type": "closed", "clients": 5})", "[]",
                              R"({"api": {"latency": {"dist": "constant", "ms": 40},
                                  "failures": {"reset": 1}}})")}},
         {"run", "@s.json"},
         2,
         "this run would never end"},
        {"and stopped at run time when forced",
         {{"s.json", scenario(R"({"type": "closed", "clients": 5})", "[]",
                              R"({"api": {"latency": {"dist": "constant", "ms": 40},
                                  "failures": {"reset": 1}}})")}},
         {"run", "@s.json", "--allow-large"},
         2,
         "no progress in virtual time"},
        {"a loop in zero time the estimate cannot see ends with its reason",
         // The breaker opens after two failures; from then on each client's call is refused at
         // once, and each refusal leaves the twenty timeouts' timers behind (cancelled, pending):
         // the queue's limit of events pending at once comes before the check for progress.
         {{"s.json",
           scenario(R"({"type": "closed", "clients": 2})",
                    "[" + QByteArray(R"({"type": "timeout", "timeout_ms": 300}, )").repeated(20) +
                        R"({"type": "circuit_breaker", "window": {"type": "count",
                                      "size": 4}, "failure_rate": 0.5, "min_calls": 2,
                                      "open_ms": 10000}])",
                    R"({"api": {"latency": {"dist": "constant", "ms": 10},
                                  "failures": {"error": 1}}})")}},
         {"run", "@s.json"},
         2,
         "more than 16.7 million events pending at once at t = 0.010 s, after 838862 events "
         "without the clock moving (a loop in zero time"},
        // Work that explodes
        {"1e9 requests per second",
         {{"s.json", scenario(R"({"type": "open", "rate_per_s": 1e9})", "[" + kRetry3 + "]", kApi,
                              R"("duration_s": 1, )")
                         .replace(R"("duration_s": 10, "duration_s": 1)", R"("duration_s": 1)")}},
         {"run", "@s.json"},
         2,
         "too large to start"},
        {"3^20 layered attempts",
         {{"s.json",
           scenario(R"({"type": "open", "rate_per_s": 1})", "[" + kRetry3 + "]", layered(20))}},
         {"run", "@s.json"},
         2,
         "endpoint calls per request through every layer"},
        {"1e5 attempts against an endpoint that always fails",
         {{"s.json", scenario(R"({"type": "open", "rate_per_s": 10000})",
                              QByteArray(kRetry3)
                                  .replace("\"max_attempts\": 3", "\"max_attempts\": 100000")
                                  .prepend("[")
                                  .append("]"),
                              R"({"api": {"failures": {"error": 1}}})")}},
         {"run", "@s.json"},
         2,
         "pipeline[0] (retry): 1e+05 attempts per pass"},
        {"compare refuses it too",
         {{"s.json", scenario(R"({"type": "open", "rate_per_s": 1e8})", "[]", kApi)},
          {"b.json", "[]"}},
         {"compare", "@s.json", "--pipeline-b", "@b.json"},
         2,
         "(run A): this run is too large to start"},
        {"the limit can be lowered",
         {},
         {"run", kPreset, "--max-events", "1000"},
         2,
         "the limit is 1e+03"},
        {"and lifted", {}, {"run", kPreset, "--max-events", "1000", "--allow-large"}, 0, ""},
        {"a nonsense limit",
         {},
         {"run", kPreset, "--max-events", "-5"},
         2,
         "--max-events must be a whole number > 0"},
        // Inputs that never end or block
        {"compare --pipeline-b /dev/zero",
         {},
         {"compare", kPreset, "--pipeline-b", "/dev/zero"},
         2,
         "/dev/zero: a device, not a regular file"},
        {"import /dev/zero",
         {},
         {"import", "/dev/zero", "--format", "har", "--out", "@x.jsonl"},
         2,
         "/dev/zero: a device, not a regular file"},
        {"import from a FIFO",
         {{"fifo|", {}}},
         {"import", "@fifo", "--format", "csv", "--out", "@x.jsonl"},
         2,
         "a FIFO, not a regular file"},
        {"schedule of a million samples streams",
         {},
         {"schedule", kPreset, "--samples", "1000000"},
         1,
         "standard output: No space left on device",
         "/dev/full"},
        // Invalid input accepted before
        {"a BOM inside an enum value",
         {{"s.json", scenario(R"({"type": "open", "rate_per_s": 1})",
                              "[{\"type\": \"retry\", \"max_attempts\": 3, \"backoff\": {\"type\": "
                              "\"constant\", \"delay_ms\": 0}, \"jitter\": \"\xEF\xBB\xBF"
                              "full\"}]",
                              kApi)}},
         {"validate", "@s.json"},
         2,
         "pipeline[0].jitter"},
        {"a raw tab inside a string",
         {{"s.json", scenario(R"({"type": "open", "rate_per_s": 1})", "[]", kApi)
                         .replace("\"name\": \"t\"", "\"name\": \"a\tb\"")}},
         {"validate", "@s.json"},
         2,
         "the byte 0x09 inside a string"},
        {"1. as a number",
         {{"s.json", scenario(R"({"type": "open", "rate_per_s": 1.})", "[]", kApi)}},
         {"validate", "@s.json"},
         2,
         "a '.' in a number must be followed by digits at line 1"},
        {"a seed above 2^53",
         {{"s.json", scenario(R"({"type": "open", "rate_per_s": 1})", "[]", kApi)
                         .replace("\"seed\": 1", "\"seed\": 9007199254740993")}},
         {"validate", "@s.json"},
         2,
         "beyond 2^53"},
        {"a HAR entry that is a number",
         {{"in.har", har(kEntry + ", 42")}, {"out.jsonl", kKept}},
         {"import", "@in.har", "--out", "@out.jsonl"},
         2,
         "entry 2 (starting on line 2): not a JSON object",
         {},
         keptAsItWas},
        // fit: a trace that is no day, or no trace at all, is refused and the output kept
        {"fit of a trace with no calls",
         {{"t.jsonl", kTraceHeader}, {"out.json", kKept}},
         {"fit", "@t.jsonl", "--out", "@out.json"},
         2,
         "the trace has no calls: there is nothing to fit",
         {},
         keptScenarioAsItWas},
        {"fit of a trace with a malformed line",
         {{"t.jsonl", kTraceHeader + kTraceCall + "{\"t_ms\": 1, \"latency_ms\": -3}\n"},
          {"out.json", kKept}},
         {"fit", "@t.jsonl", "--out", "@out.json"},
         2,
         "t.jsonl: line 3: latency_ms",
         {},
         keptScenarioAsItWas},
        {"fit of a file that is no trace",
         {{"t.jsonl", QByteArray::fromHex("0001ff62696e617279ff")}, {"out.json", kKept}},
         {"fit", "@t.jsonl", "--out", "@out.json"},
         2,
         "t.jsonl: line 1",
         {},
         keptScenarioAsItWas},
        {"fit of a trace with more endpoints than it takes at once",
         {{"t.jsonl", kTraceHeader + manyEndpointCalls(65)}, {"out.json", kKept}},
         {"fit", "@t.jsonl", "--out", "@out.json"},
         2,
         "the trace has 65 endpoints, more than the 64 fit takes at once: fit one with --endpoint",
         {},
         keptScenarioAsItWas},
        {"fit without --out",
         {{"t.jsonl", kTraceHeader + kTraceCall}},
         {"fit", "@t.jsonl"},
         2,
         "--out SCENARIO.json is required"},
        {"fit with a bin of NaN seconds",
         {{"t.jsonl", kTraceHeader + kTraceCall}},
         {"fit", "@t.jsonl", "--out", "@s.json", "--bin-s", "nan"},
         2,
         "--bin-s must be a number of seconds"},
        {"fit to an endpoint the trace lacks",
         {{"t.jsonl", kTraceHeader + kTraceCall}, {"out.json", kKept}},
         {"fit", "@t.jsonl", "--out", "@out.json", "--endpoint", "nope"},
         2,
         "the trace has no endpoint \"nope\" (it has api)",
         {},
         keptScenarioAsItWas},
        {"text after a HAR document",
         {{"in.har", har(kEntry) + " trailing"}},
         {"import", "@in.har", "--out", "@x.jsonl"},
         2,
         "unexpected text after the end of the JSON document"},
        {"an OTLP span that is null",
         {{"in.json", R"({"resourceSpans": [{"scopeSpans": [{"spans": [null]}]}]})"}},
         {"import", "@in.json", "--format", "otlp", "--out", "@x.jsonl"},
         2,
         "span 1 (starting on line 1): not a JSON object"},
        {"a JSONL endpoint that is null",
         {{"in.jsonl",
           "{\"format\": \"resilience-lab.trace/1\", \"source\": \"x\"}\n"
           "{\"t_ms\": 0, \"latency_ms\": 1, \"outcome\": \"ok\", \"endpoint\": null}\n"}},
         {"import", "@in.jsonl", "--out", "@x.jsonl"},
         2,
         "endpoint: must be a string, got null"},
        // Traces the tool would then refuse
        {"a HAR latency over 100 years",
         {{"in.har", har(QByteArray(kEntry).replace("\"time\": 20", "\"time\": 4e12"))}},
         {"import", "@in.har", "--out", "@x.jsonl"},
         2,
         "is over 100 years"},
        {"a HAR status of 1000000",
         {{"in.har", har(QByteArray(kEntry).replace("\"status\": 200", "\"status\": 1000000"))}},
         {"import", "@in.har", "--out", "@x.jsonl"},
         2,
         "not an HTTP status 0 … 999: 1000000"},
        // Write errors
        {"validate to a full stdout",
         {},
         {"validate", kPreset},
         1,
         "standard output: No space left on device",
         "/dev/full"},
        {"run to a full stdout",
         {},
         {"run", kPreset},
         1,
         "standard output: No space left on device",
         "/dev/full"},
        // Messages
        {"validate \"\"", {}, {"validate", ""}, 2, "\"\": no file name given"},
        {"a scenario that is a directory", {}, {"validate", "@"}, 2, "a directory, not a file"},
        {"a trace that is a directory",
         {{"s.json", scenario(R"({"type": "trace", "file": "."})", "[]", kApi)}},
         {"validate", "@s.json"},
         2,
         "a directory, not a file"},
        // A retry in Envoy mode: Envoy's classes, its thresholds' uint32 range.
        {"an Envoy retry_on class that does not exist",
         {{"s.json", scenario(R"({"type": "open", "rate_per_s": 1})",
                              R"([{"type": "retry", "retry_on": "5xx,gateway_error"}])", kApi)}},
         {"validate", "@s.json"},
         2,
         "pipeline[0].retry_on: unknown Envoy retry_on class \"gateway_error\""},
        {"an Envoy max_retries beyond uint32",
         {{"s.json", scenario(R"({"type": "open", "rate_per_s": 1})",
                              R"([{"type": "retry", "retry_on": "5xx",
                                   "circuit_breakers": {"max_retries": 1e20}}])",
                              kApi)}},
         {"validate", "@s.json"},
         2,
         "pipeline[0].circuit_breakers.max_retries"},
        {"an Envoy reset header that is not an object",
         {{"s.json", scenario(R"({"type": "open", "rate_per_s": 1})",
                              R"([{"type": "retry", "retry_on": "retriable-status-codes",
                                   "retriable_status_codes": [429],
                                   "rate_limited_retry_back_off": {"reset_headers": ["Retry-After"]}}])",
                              kApi)}},
         {"validate", "@s.json"},
         2,
         "pipeline[0].rate_limited_retry_back_off.reset_headers[0]"},
        // A retry's linkerd_budget: tower's TpsBudget::new bounds, and library mode only.
        {"a linkerd_budget ttl under tower's 1 s",
         {{"s.json", scenario(R"({"type": "open", "rate_per_s": 1})",
                              R"([{"type": "retry", "backoff": {"type": "constant", "delay_ms": 0},
                                   "linkerd_budget": {"ttl_s": 0.5}}])",
                              kApi)}},
         {"validate", "@s.json"},
         2,
         "pipeline[0].linkerd_budget.ttl_s: must be ≥ 1, got 0.5"},
        {"a linkerd_budget on an Envoy-mode retry",
         {{"s.json",
           scenario(R"({"type": "open", "rate_per_s": 1})",
                    R"([{"type": "retry", "retry_on": "5xx", "linkerd_budget": {}}])", kApi)}},
         {"validate", "@s.json"},
         2,
         "pipeline[0].linkerd_budget: belongs to a retry whose retry_on is a list of outcomes"},
        {"a gRPC token_ratio that is zero in thousandths",
         {{"s.json",
           scenario(R"({"type": "open", "rate_per_s": 1})",
                    "[" + kRetry3 + R"(, {"type": "retry_throttle", "token_ratio": 0.0004}])",
                    kApi)}},
         {"validate", "@s.json"},
         2,
         "pipeline[1].token_ratio: must be at least 0.001"},
    };
    return all;
}

// Round-trip and inputs: what the tool writes it reads back (a recording, an import of its own
// format, a fitted scenario, a sweep's parts), and the smaller input corners around them.
QByteArray runCli(const QStringList& args, int expectedExit, QByteArray* out = nullptr)
{
    QProcess p;
    p.start(RESLAB_EXECUTABLE, args);
    if (!p.waitForFinished(300'000)) return "did not finish";
    const QByteArray err = p.readAllStandardError();
    if (out) *out = p.readAllStandardOutput();
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != expectedExit)
        return "exit " + QByteArray::number(p.exitCode()) + " (expected " +
               QByteArray::number(expectedExit) + "): " + err;
    return {};
}

QByteArray fileText(const QDir& dir, const QString& name)
{
    QFile f(dir.filePath(name));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// t.jsonl, recorded, reads back: `import` gives it back byte for byte, and `fit` fits it.
void recordingReadsBack(const QDir& dir)
{
    const QString trace = dir.filePath("t.jsonl");
    const QByteArray imported = runCli({"import", trace, "--out", dir.filePath("back.jsonl")}, 0);
    QVERIFY2(imported.isEmpty(), imported.constData());
    QCOMPARE(fileText(dir, "back.jsonl"), fileText(dir, "t.jsonl"));
    const QByteArray fitted =
        runCli({"fit", trace, "--out", dir.filePath("fitted.json"), "--no-check"}, 0);
    QVERIFY2(fitted.isEmpty(), fitted.constData());
}

// A scenario's API endpoint `api` with `endpoint` as its body, one request a second.
QByteArray oneEndpoint(const QByteArray& endpoint, const QByteArray& extra = {})
{
    return scenario(R"({"type": "open", "rate_per_s": 1, "max_requests": 3})", "[]",
                    "{\"api\": " + endpoint + "}", extra);
}

const QByteArray kNativeTrace =
    "{\"format\":\"resilience-lab.trace/1\",\"source\":\"resilience-lab serve\","
    "\"time_origin\":\"2024-03-01T12:00:00.100Z\",\"scenario\":\"s\"}\n"
    "{\"t_ms\":5,\"latency_ms\":12.5,\"outcome\":\"ok\",\"status\":200,\"endpoint\":\"api\","
    "\"request\":7,\"attempt\":1,\"call\":41}\n"
    "{\"t_ms\":3,\"latency_ms\":1,\"outcome\":\"rate_limited\",\"status\":429,\"endpoint\":\"api\","
    "\"retry_after_ms\":2000,\"call\":40}\n";

// A sweep part as sweep writes it: shard I of N over `points` points, in `format`.
QByteArray part(int shard, int shards, int points, const QByteArray& format, const QByteArray& rows)
{
    const QByteArray header = format == "csv" ? "point,x,seeds,m_mean,m_lo,m_hi\\n" : "";
    return "{\"resilience_lab_sweep_part\": 1,\"fingerprint\": "
           "\"0123456789abcdef0123456789abcdef\",\"shard\": " +
           QByteArray::number(shard) + ",\"shards\": " + QByteArray::number(shards) +
           ",\"points\": " + QByteArray::number(points) + ",\"format\": \"" + format +
           "\",\"header\": \"" + header + "\"}\n" + rows;
}

// `count` calls from 0 s, one every 100 ms, with latencies of a Pareto of shape 0.8 (the mean is
// infinite): what fit gives a heavy-tailed model.
QByteArray heavyTailedCalls(int count)
{
    QByteArray lines;
    std::uint64_t state = 12345;
    for (int i = 0; i < count; ++i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        const double u = double((state >> 11) + 1) / double(1ULL << 53);
        const double ms = std::min(10.0 / std::pow(u, 1.0 / 0.8), 1e9);
        lines += "{\"t_ms\": " + QByteArray::number(i * 100) +
                 ", \"latency_ms\": " + QByteArray::number(ms, 'f', 3) +
                 ", \"outcome\": \"ok\", \"endpoint\": \"api\"}\n";
    }
    return lines;
}

// One call a second with each of `outcomes`, in order.
QByteArray outcomeCalls(const std::vector<const char*>& outcomes)
{
    QByteArray lines;
    for (std::size_t i = 0; i < outcomes.size(); ++i)
        lines += "{\"t_ms\": " + QByteArray::number(qulonglong(i * 1000)) +
                 ", \"latency_ms\": 5, \"outcome\": \"" + outcomes[i] + "\"}\n";
    return lines;
}

const std::vector<Row>& roundTripRows()
{
    static const std::vector<Row> all = {
        // 11. The tool refuses its own files: a recording reads back; import of the native
        // format is the identity.
        {"run --record of a token bucket so slow its Retry-After is years",
         {{"s.json", oneEndpoint(R"({"latency": {"dist": "constant", "ms": 5},
                                      "rate_limit": {"rate_per_s": 1e-12, "burst": 1}})")}},
         {"run", "@s.json", "--record", "@t.jsonl"},
         0,
         "",
         {},
         [](const QDir& dir) {
             QVERIFY(fileText(dir, "t.jsonl").contains("\"retry_after_ms\":3155760000000"));
             recordingReadsBack(dir);
         }},
        {"run --record of a latency over a day",
         {{"s.json", oneEndpoint(R"({"latency": {"dist": "constant", "ms": 90000000}})",
                                 R"("drain_s": 100000, )")}},
         {"run", "@s.json", "--record", "@t.jsonl"},
         0,
         "",
         {},
         [](const QDir& dir) {
             QVERIFY(fileText(dir, "t.jsonl").contains("\"latency_ms\":90000000"));
             recordingReadsBack(dir);
         }},
        {"run --record of a run longer than a trace holds is refused up front",
         {{"s.json", scenario(R"({"type": "open", "rate_per_s": 1e-9})", "[]", kApi,
                              R"("drain_s": 3000000000, )")
                         .replace(R"("duration_s": 10)", R"("duration_s": 3000000000)")},
          {"t.jsonl", kKept}},
         {"run", "@s.json", "--record", "@t.jsonl"},
         2,
         "a trace holds calls within 100 years",
         {},
         [](const QDir& dir) { QCOMPARE(fileText(dir, "t.jsonl"), kKept); }},
        {"a replay of a trace 200 years wide with a 100-year drain",
         {{"t.jsonl", kTraceHeader +
                          "{\"t_ms\": -3140000000000, \"latency_ms\": 5, \"outcome\": \"ok\", "
                          "\"endpoint\": \"api\"}\n"
                          "{\"t_ms\": 3140000000000, \"latency_ms\": 5, \"outcome\": \"ok\", "
                          "\"endpoint\": \"api\"}\n"},
          {"s.json", R"({"format": "resilience-lab.scenario/1", "name": "w", "seed": 1,
              "drain_s": 3155760000, "workload": {"type": "trace", "file": "t.jsonl"},
              "target": "api", "pipeline": [],
              "endpoints": {"api": {"kind": "trace", "file": "t.jsonl"}}})"}},
         {"run", "@s.json", "--record", "@r.jsonl"},
         2,
         "but a trace holds calls within 100 years"},
        {"import of the tool's own format is the identity",
         {{"in.jsonl", kNativeTrace}},
         {"import", "@in.jsonl", "--out", "@out.jsonl"},
         0,
         "",
         {},
         [](const QDir& dir) { QCOMPARE(fileText(dir, "out.jsonl"), kNativeTrace); }},
        {"import keeps the first record's nanoseconds in the time origin",
         {{"in.csv", "timestamp,latency_ms,status\n2024-03-01T12:00:00.123456789Z,5,200\n"}},
         {"import", "@in.csv", "--out", "@out.jsonl"},
         0,
         "t = 0 at 2024-03-01T12:00:00.123456789Z",
         {},
         [](const QDir& dir) {
             QVERIFY(fileText(dir, "out.jsonl")
                         .contains("\"time_origin\":\"2024-03-01T12:00:00.123456789Z\""));
         }},
        {"a trace line beyond 100 years is refused by the reader",
         {{"t.jsonl", kTraceHeader + "{\"t_ms\": 3155760000001, \"latency_ms\": 1, \"outcome\": "
                                     "\"ok\"}\n"}},
         {"fit", "@t.jsonl", "--out", "@s.json"},
         2,
         "line 2: t_ms: must be within ±3155760000000 (100 years) of the time origin"},
        // 12. fit writes a valid scenario or refuses naming the trace's property.
        {"fit of an error answered with status 999",
         {{"t.jsonl", kTraceHeader + kTraceCall +
                          "{\"t_ms\": 9, \"latency_ms\": 3, \"outcome\": \"error\", \"status\": "
                          "999, \"endpoint\": \"api\"}\n"}},
         {"fit", "@t.jsonl", "--out", "@s.json"},
         0,
         "",
         {},
         [](const QDir& dir) {
             QByteArray out;
             const QByteArray problem = runCli({"validate", dir.filePath("s.json")}, 0, &out);
             QVERIFY2(problem.isEmpty(), problem.constData());
         }},
        {"fit of a fatal answered with status 100",
         {{"t.jsonl", kTraceHeader + kTraceCall +
                          "{\"t_ms\": 9, \"latency_ms\": 3, \"outcome\": \"fatal\", \"status\": "
                          "100, \"endpoint\": \"api\"}\n"}},
         {"fit", "@t.jsonl", "--out", "@s.json"},
         0,
         ""},
        {"fit of a trace spanning 127 years",
         {{"t.jsonl", kTraceHeader +
                          "{\"t_ms\": -2000000000000, \"latency_ms\": 1, \"outcome\": \"ok\"}\n"
                          "{\"t_ms\": 2000000000000, \"latency_ms\": 1, \"outcome\": \"ok\"}\n"},
          {"out.json", kKept}},
         {"fit", "@t.jsonl", "--out", "@out.json"},
         2,
         "the trace's calls span 127 years; a fitted scenario lasts at most 100 years",
         {},
         keptScenarioAsItWas},
        {"fit --seed above 2^53",
         {{"t.jsonl", kTraceHeader + kTraceCall}},
         {"fit", "@t.jsonl", "--out", "@s.json", "--seed", "9007199254740993"},
         2,
         "--seed must be a whole number from 0 to 9007199254740992"},
        {"10 requests with a Pareto latency of shape 0.5 run",
         {{"s.json", oneEndpoint(R"({"latency": {"dist": "pareto", "scale_ms": 1, "shape": 0.5}})")
                         .replace("\"max_requests\": 3", "\"max_requests\": 10")}},
         {"run", "@s.json"},
         0,
         ""},
        {"fit of a heavy-tailed trace writes a scenario that runs",
         {{"t.jsonl", kTraceHeader + heavyTailedCalls(2000)}},
         {"fit", "@t.jsonl", "--out", "@s.json"},
         0,
         "",
         {},
         [](const QDir& dir) {
             QVERIFY(fileText(dir, "s.json").contains("\"pareto\""));
             const QByteArray problem = runCli({"run", dir.filePath("s.json")}, 0);
             QVERIFY2(problem.isEmpty(), problem.constData());
         }},
        {"fit of shares whose rounding passes 1",
         {{"t.jsonl", kTraceHeader + outcomeCalls({"fatal", "fatal", "fatal", "reset", "timeout",
                                                   "timeout", "rate_limited"})}},
         {"fit", "@t.jsonl", "--out", "@s.json"},
         0,
         ""},
        {"fit with bins finer than it takes",
         {{"t.jsonl", kTraceHeader + kTraceCall +
                          "{\"t_ms\": 3000000000000, \"latency_ms\": 1, \"outcome\": \"ok\"}\n"}},
         {"fit", "@t.jsonl", "--out", "@s.json", "--bin-s", "1"},
         2,
         "--bin-s 1 over the trace's span of 3000000000 s makes 3000000000 bins, more than the "
         "20000 fit takes: give --bin-s of at least 150008"},
        // 13. sweep-merge refuses anything that is not what sweep wrote.
        {"sweep-merge of a row holding a newline",
         {{"p.jsonl", part(1, 1, 1, "csv",
                           "{\"point\": 0, \"row\": \"0,1,42,0.5,,\\n9,injected,1,2,3,4\\n\"}\n")},
          {"out.csv", kKept}},
         {"sweep-merge", "@p.jsonl", "--out", "@out.csv"},
         2,
         "p.jsonl: line 2: point 0: a row is one line ending in a newline",
         {},
         [](const QDir& dir) { QCOMPARE(fileText(dir, "out.csv"), kKept); }},
        {"sweep-merge of parts of different formats",
         {{"a.jsonl", part(1, 2, 2, "csv", "{\"point\": 0, \"row\": \"0,1,42,0.5,,\\n\"}\n")},
          {"b.jsonl",
           part(2, 2, 2, "jsonl", "{\"point\": 1, \"row\": \"{\\\"point\\\": 1}\\n\"}\n")}},
         {"sweep-merge", "@a.jsonl", "@b.jsonl"},
         2,
         "b.jsonl: line 1: its format, header or points differ from"},
        {"sweep-merge of a part with a shard count of 10^12",
         {{"p.jsonl", part(1, 1, 1, "csv", "{\"point\": 0, \"row\": \"0,1,42,0.5,,\\n\"}\n")
                          .replace("\"shards\": 1,", "\"shards\": 1000000000000,")}},
         {"sweep-merge", "@p.jsonl"},
         2,
         "p.jsonl: line 1: not the header sweep writes for a part"},
        {"sweep-merge of a row written by hand",
         {{"p.jsonl", part(1, 1, 1, "csv", "{\"row\": \"0,1,42,0.5,,\\n\", \"point\": 0}\n")}},
         {"sweep-merge", "@p.jsonl"},
         2,
         "p.jsonl: line 2: not a row as sweep writes it"},
        // 14. Smaller corners.
        {"a dangling symlink as --out is written through",
         {{"link->target.jsonl", {}}},
         {"import", kTraces + "monitoring.csv", "--out", "@link", "--skip-bad"},
         0,
         "",
         {},
         [](const QDir& dir) {
             QVERIFY(QFileInfo(dir.filePath("link")).isSymLink());
             QVERIFY(fileText(dir, "target.jsonl").startsWith("{\"format\""));
         }},
        {"a range of values near the smallest double",
         {},
         {"sweep", kPreset, "--param", "endpoints.api.latency.median_ms=1e-300..3e-300/3",
          "--seeds", "1", "--out", "@out.jsonl"},
         0,
         "",
         {},
         [](const QDir& dir) {
             const QByteArray out = fileText(dir, "out.jsonl");
             QVERIFY2(out.contains("\"endpoints.api.latency.median_ms\": 2e-300"), out.constData());
             QVERIFY2(!out.contains("median_ms\": null"), out.constData());
         }},
        {"--seed 2^64-1 with --seeds 3",
         {},
         {"sweep", kPreset, "--param", "workload.rate_per_s=1", "--seed", "18446744073709551615",
          "--seeds", "3"},
         2,
         "past the largest seed, 2^64 − 1 = 18446744073709551615: give --seed at most "
         "18446744073709551613"},
        {"check --seed 2^64-1 with --seeds 3",
         {},
         {"check", kPreset, "--seed", "18446744073709551615", "--seeds", "3"},
         2,
         "past the largest seed"},
        {"a trace starting with a byte order mark",
         {{"t.jsonl", "\xEF\xBB\xBF" + kTraceHeader + kTraceCall}},
         {"import", "@t.jsonl", "--out", "@out.jsonl"},
         0,
         ""},
        {"--seeds 0 for sweep",
         {},
         {"sweep", kPreset, "--param", "workload.rate_per_s=1", "--seeds", "0"},
         2,
         "--seeds must be a whole number from 1 to 10000, got \"0\""},
        {"--seeds 0 for compare --recorded, the same words",
         {{"t.jsonl", kTraceHeader + kTraceCall}},
         {"compare", kPreset, "--recorded", "@t.jsonl", "--seeds", "0"},
         2,
         "--seeds must be a whole number from 1 to 10000, got \"0\""},
        {"schedule of a billion rows is refused up front",
         {{"s.json", scenario(R"({"type": "open", "rate_per_s": 1})",
                              QByteArray(kRetry3)
                                  .replace("\"max_attempts\": 3", "\"max_attempts\": 1001")
                                  .prepend("[")
                                  .append("]"),
                              kApi)}},
         {"schedule", "@s.json", "--samples", "1000000"},
         2,
         "this schedule is too large to print: 1 billion rows (1000000 samples × 1000 retries)"},
    };
    return all;
}

#include "config_import_rows.h"
#include "mesh_import_rows.h"

const std::vector<Row>& importConfigRows()
{
    static const std::vector<Row> all = [] {
        std::vector<Row> rows = configImportRows();
        for (Row& r : meshImportRows())
            rows.push_back(std::move(r));
        return rows;
    }();
    return all;
}

} // namespace

class TestRobustness : public QObject
{
    Q_OBJECT
private slots:
    void everyClassOfBadInput_data()
    {
        QTest::addColumn<int>("row");
        for (int i = 0; i < int(rows().size()); ++i)
            QTest::addRow("%s", rows()[std::size_t(i)].name) << i;
        // Round-trip and inputs, numbered after the rows above.
        for (int i = 0; i < int(roundTripRows().size()); ++i)
            QTest::addRow("%s", roundTripRows()[std::size_t(i)].name) << int(rows().size()) + i;
        // import-config's, numbered after those (config_import_rows.h).
        const int before = int(rows().size() + roundTripRows().size());
        for (int i = 0; i < int(importConfigRows().size()); ++i)
            QTest::addRow("%s", importConfigRows()[std::size_t(i)].name) << before + i;
    }

    void everyClassOfBadInput()
    {
        QFETCH(int, row);
        const std::size_t i = std::size_t(row);
        const std::size_t ends[] = {rows().size(), rows().size() + roundTripRows().size()};
        const Row& r = i < ends[0]   ? rows()[i]
                       : i < ends[1] ? roundTripRows()[i - ends[0]]
                                     : importConfigRows()[i - ends[1]];
        QTemporaryDir tmp;
        const QDir dir(tmp.path());
        for (const auto& [name, content] : r.files) {
            if (name.endsWith('|')) {
                QCOMPARE(::mkfifo(qPrintable(dir.filePath(name.chopped(1))), 0600), 0);
            } else if (name.contains("->")) {
                QVERIFY(QFile::link(name.section("->", 1), dir.filePath(name.section("->", 0, 0))));
            } else {
                QFile f(dir.filePath(name));
                QVERIFY(f.open(QIODevice::WriteOnly));
                f.write(content);
            }
        }
        QStringList args;
        for (const QString& a : r.args)
            args << (a.startsWith('@') ? dir.filePath(a.mid(1)) : a);
        QProcess p;
        if (!r.stdoutTo.isEmpty()) p.setStandardOutputFile(r.stdoutTo);
        p.start(RESLAB_EXECUTABLE, args);
        QVERIFY2(p.waitForFinished(300'000), "the tool must finish");
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitStatus(), QProcess::NormalExit); // never a crash
        QVERIFY2(p.exitCode() == r.exitCode,
                 qPrintable(QStringLiteral("exit %1, stderr: %2").arg(p.exitCode()).arg(err)));
        QVERIFY2(err.contains(r.message), qPrintable(err));
        QVERIFY2(!err.contains("QFSFileEngine") && !err.contains("Broken filename"),
                 qPrintable(err)); // only the tool's own messages
        if (r.after) r.after(dir);
    }

    // SIGTERM in the middle of a large import: the existing output is untouched and no
    // temporary file is left beside it.
    void sigtermDuringALargeImport()
    {
        QTemporaryDir tmp;
        const QDir dir(tmp.path());
        {
            QFile csv(dir.filePath("big.csv"));
            QVERIFY(csv.open(QIODevice::WriteOnly));
            csv.write("timestamp,latency_ms,status\n");
            QByteArray block;
            for (int i = 0; i < 100'000; ++i)
                block += QByteArray::number(1700000000 + i / 1000) + "," +
                         QByteArray::number(i % 97) + ",200\n";
            for (int b = 0; b < 30; ++b)
                csv.write(block); // 3 million calls
            QFile out(dir.filePath("out.jsonl"));
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(kKept);
        }
        QProcess p;
        p.start(RESLAB_EXECUTABLE,
                {"import", dir.filePath("big.csv"), "--out", dir.filePath("out.jsonl")});
        QVERIFY(p.waitForStarted());
        // Once the temporary output exists, the import is under way: stop it there.
        bool started = false;
        for (int i = 0; i < 2000 && !started && p.state() == QProcess::Running; ++i) {
            for (const QString& name : dir.entryList(QDir::Files | QDir::Hidden))
                started = started || name.contains(".tmp-");
            if (!started) QTest::qWait(5);
        }
        QVERIFY2(started, "the import did not get under way (or finished first)");
        p.terminate(); // SIGTERM
        QVERIFY(p.waitForFinished(60'000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit); // the handler exits, it is not killed
        QCOMPARE(p.exitCode(), 128 + 15);
        keptAsItWas(dir);
    }

    // Ctrl-C during a run: a partial summary, marked, and the output files as they were.
    void interruptedRunKeepsOutputs()
    {
        QTemporaryDir tmp;
        const QDir dir(tmp.path());
        const QString s = dir.filePath("long.json");
        {
            QFile f(s);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(scenario(R"({"type": "open", "rate_per_s": 100000})", "[" + kRetry3 + "]", kApi,
                             R"("drain_s": 1, )")
                        .replace(R"("duration_s": 10)", R"("duration_s": 3000)"));
            QFile out(dir.filePath("out.jsonl"));
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(kKept);
        }
        QProcess p;
        for (const char* name : {"attempts.csv", "trace.jsonl", "summary.json", "timeline.csv"}) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(kKept);
        }
        p.start(RESLAB_EXECUTABLE,
                {"run", s, "--json", "--timeline", dir.filePath("timeline.csv"), "--attempts",
                 dir.filePath("attempts.csv"), "--record", dir.filePath("trace.jsonl"), "--summary",
                 dir.filePath("summary.json")});
        QVERIFY(p.waitForStarted());
        QTest::qWait(1500);
        QCOMPARE(p.state(), QProcess::Running);
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(60'000));
        QCOMPARE(p.exitCode(), 130);
        const QByteArray out = p.readAllStandardOutput();
        QVERIFY2(out.contains("\"partial\": true"), out.left(300).constData());
        QVERIFY(out.contains("interrupted"));
        keptAsItWas(dir);
        for (const char* name : {"attempts.csv", "trace.jsonl", "summary.json", "timeline.csv"}) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::ReadOnly));
            QCOMPARE(f.readAll(), kKept);
        }
    }

    // A disk that fills up during an import (a file-size limit in the child: write() fails with
    // EFBIG as it would with ENOSPC): exit 1 with the OS's reason, the output as it was, even
    // with --skip-bad.
    void aFullDiskDuringAnImport()
    {
        QTemporaryDir tmp;
        const QDir dir(tmp.path());
        {
            QFile csv(dir.filePath("in.csv"));
            QVERIFY(csv.open(QIODevice::WriteOnly));
            csv.write("timestamp,latency_ms,status\n");
            for (int i = 0; i < 50'000; ++i)
                csv.write(QByteArray::number(1700000000 + i / 100) + ",12,200\n");
            QFile out(dir.filePath("out.jsonl"));
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(kKept);
        }
        QProcess p;
        p.setChildProcessModifier([] {
            rlimit limit{};
            ::getrlimit(RLIMIT_FSIZE, &limit);
            limit.rlim_cur = 256 * 1024; // the input is read, the output cannot grow past this
            ::setrlimit(RLIMIT_FSIZE, &limit);
            ::signal(SIGXFSZ, SIG_IGN);
        });
        p.start(RESLAB_EXECUTABLE, {"import", dir.filePath("in.csv"), "--out",
                                    dir.filePath("out.jsonl"), "--skip-bad"});
        QVERIFY(p.waitForFinished(60'000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QVERIFY2(p.exitCode() == 1, qPrintable(err));
        QVERIFY2(err.contains("out.jsonl: File too large"), qPrintable(err));
        keptAsItWas(dir);
    }
};

QTEST_GUILESS_MAIN(TestRobustness)
#include "tst_robustness.moc"

#include "scenario/metric_names.h"
#include "scenario/readers.h"
#include "scenario/scenario_io.h"
#include "scenario/sweep_setup.h"
#include "util/input_file.h"
#include "util/strict_json.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace reslab {

using namespace detail;

namespace {

// The document (RFC 8259, strictly: util/strict_json.h), or a diagnostic with the syntax
// error's line and column.
std::optional<QJsonValue> parseJson(const QByteArray& json, Diagnostics& d)
{
    JsonSyntaxError error;
    std::optional<QJsonValue> doc =
        parseStrictJson(std::string_view(json.constData(), std::size_t(json.size())), &error);
    if (!doc)
        d.push_back({"", "not valid JSON: " + error.message + " at " +
                             lineColumn(json, qsizetype(error.offset))});
    return doc;
}

bool isValidId(const std::string& id)
{
    if (id.empty() || id.size() > 64) return false;
    for (char c : id)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.'))
            return false;
    return true;
}

// Every call names an endpoint, and the calls never come back to where they started.
void checkCallGraph(const Scenario& s, Diagnostics& d)
{
    for (const EndpointSpec& e : s.endpoints)
        for (std::size_t c = 0; c < e.calls.size(); ++c)
            if (!s.endpoint(e.calls[c].endpoint))
                d.push_back(
                    {"endpoints." + e.id + ".calls[" + std::to_string(c) + "].endpoint",
                     "names no endpoint: \"" + e.calls[c].endpoint + "\" is not in endpoints"});
    if (!d.empty()) return;
    enum class Mark
    {
        None,
        OnPath,
        Done
    };
    std::map<std::string, Mark> marks;
    std::vector<std::string> path;
    std::function<bool(const EndpointSpec&)> visit = [&](const EndpointSpec& e) {
        marks[e.id] = Mark::OnPath;
        path.push_back(e.id);
        if (path.size() > kMaxCallDepth) { // also bounds this recursion
            d.push_back({"endpoints." + e.id + ".calls",
                         "the calls nest more than " + std::to_string(kMaxCallDepth) +
                             " layers deep (" + path.front() + " → … → " + e.id +
                             "); the engine simulates at most that many"});
            return true;
        }
        for (std::size_t c = 0; c < e.calls.size(); ++c) {
            const EndpointSpec& callee = *s.endpoint(e.calls[c].endpoint);
            const Mark m = marks[callee.id];
            if (m == Mark::OnPath) {
                std::string cycle;
                auto start = std::find(path.begin(), path.end(), callee.id);
                for (auto it = start; it != path.end(); ++it)
                    cycle += *it + " → ";
                cycle += callee.id;
                d.push_back({"endpoints." + e.id + ".calls[" + std::to_string(c) + "].endpoint",
                             "the calls form a cycle: " + cycle});
                return true;
            }
            if (m == Mark::None && visit(callee)) return true;
        }
        marks[e.id] = Mark::Done;
        path.pop_back();
        return false;
    };
    for (const EndpointSpec& e : s.endpoints)
        if (marks[e.id] == Mark::None && visit(e)) return;
}

// A pipeline's strategies wrap each other: more than a handful is unusual, more than
// kMaxPipelineStrategies a mistake (or a generated file).
void checkPipelineLength(const std::vector<StrategySpec>& pipeline, const std::string& path,
                         Diagnostics& d)
{
    if (pipeline.size() > kMaxPipelineStrategies)
        d.push_back({path, "has " + std::to_string(pipeline.size()) +
                               " strategies; a pipeline "
                               "holds at most " +
                               std::to_string(kMaxPipelineStrategies)});
}

std::vector<Expectation> readExpectations(const QJsonValue& value, Diagnostics& d)
{
    std::vector<Expectation> out;
    ObjectReader er(value, "expect", d);
    if (!er.valid()) return out;
    const QJsonObject bounds = value.toObject();
    for (auto it = bounds.begin(); it != bounds.end(); ++it) {
        const std::string metric = it.key().toStdString();
        er.value(metric); // every key of "expect" is a metric
        ObjectReader br(it.value(), keyPath("expect", metric), d);
        if (!br.valid()) continue;
        Expectation e{metric, br.number("min"), br.number("max")};
        br.rejectUnknown();
        if (!e.min && !e.max)
            d.push_back({br.path(), "needs a bound: \"min\", \"max\" or both"});
        else if (e.min && e.max && *e.min > *e.max)
            d.push_back({br.path(), "min is above max: nothing could meet it"});
        out.push_back(std::move(e));
    }
    return out;
}

// A fleet's hosts, zones and the phases that pick some of them agree with its replicas.
void checkFleet(const EndpointSpec& e, Diagnostics& d)
{
    const std::string base = "endpoints." + e.id;
    if (e.replicas > 1 && e.kind == EndpointSpec::Kind::VersionedRecord)
        d.push_back(
            {base + ".replicas", "a versioned_record is one record: it cannot have replicas"});
    if (e.readiness && e.replicas < 2)
        d.push_back({base + ".readiness",
                     "applies to an endpoint with replicas (a probe takes a host out of the "
                     "others' rotation)"});
    std::vector<bool> seen(static_cast<std::size_t>(e.replicas), false);
    for (std::size_t k = 0; k < e.hosts.size(); ++k) {
        const std::string p = base + ".hosts[" + std::to_string(k) + "].index";
        const int h = e.hosts[k].index;
        if (h >= e.replicas) {
            d.push_back({p, "is " + std::to_string(h) + ", but the endpoint has " +
                                std::to_string(e.replicas) + " replica(s) (hosts 0–" +
                                std::to_string(e.replicas - 1) + ")"});
            continue;
        }
        if (seen[static_cast<std::size_t>(h)])
            d.push_back({p, "host " + std::to_string(h) + " is listed twice"});
        seen[static_cast<std::size_t>(h)] = true;
    }
    std::set<std::string> zones;
    for (int h = 0; h < e.replicas; ++h)
        zones.insert(hostZone(e, h));
    for (std::size_t i = 0; i < e.phases.size(); ++i) {
        const PhaseSpec& ph = e.phases[i];
        const std::string p = base + ".phases[" + std::to_string(i) + "]";
        for (std::size_t k = 0; k < ph.hosts.size(); ++k)
            if (ph.hosts[k] >= e.replicas)
                d.push_back({p + ".hosts[" + std::to_string(k) + "]",
                             "is " + std::to_string(ph.hosts[k]) + ", but the endpoint has " +
                                 std::to_string(e.replicas) + " replica(s)"});
        if (!ph.zone.empty() && !zones.contains(ph.zone))
            d.push_back({p + ".zone", "no host of " + e.id + " is in zone \"" + ph.zone + "\""});
    }
}

// An expectation names a metric a run of this scenario reports.
void checkExpectations(const Scenario& s, Diagnostics& d)
{
    for (const Expectation& e : s.expect) {
        if (isKnownMetric(s, e.metric)) continue;
        std::string names;
        for (const std::string& n : metricNames(s))
            names += (names.empty() ? "" : ", ") + n;
        d.push_back({keyPath("expect", e.metric),
                     "is not a metric of this scenario (expected one of: " + names + ")"});
    }
}

} // namespace

void checkScenario(const Scenario& s, Diagnostics& d)
{
    checkExpectations(s, d);
    checkSweepSetup(s, d);
    checkPipelineLength(s.pipeline, "pipeline", d);
    for (const EndpointSpec& e : s.endpoints)
        for (std::size_t c = 0; c < e.calls.size(); ++c)
            checkPipelineLength(e.calls[c].pipeline,
                                "endpoints." + e.id + ".calls[" + std::to_string(c) + "].pipeline",
                                d);
    checkCallGraph(s, d);
    for (const EndpointSpec& e : s.endpoints)
        checkFleet(e, d);
    if (!s.target.empty() && !s.endpoint(s.target))
        d.push_back({"target", "names no endpoint: \"" + s.target + "\" is not in endpoints"});
    if ((s.workload.type == WorkloadSpec::Type::Open ||
         s.workload.type == WorkloadSpec::Type::Closed) &&
        !s.durationS)
        d.push_back({"duration_s", "is required for open and closed workloads"});
    // A closed loop whose every step takes zero time would never advance the clock.
    if (s.workload.type == WorkloadSpec::Type::Closed && s.workload.think.meanMs() == 0.0) {
        if (const EndpointSpec* e = s.endpoint(s.target);
            e && e->latency.meanMs() == 0.0 && e->network.meanMs() == 0.0 && e->phases.empty())
            d.push_back({"workload.think",
                         "a closed workload with zero think time needs an endpoint "
                         "that takes time to answer"});
    }
}

ScenarioLoad parseScenario(const QByteArray& json)
{
    ScenarioLoad out;
    Diagnostics& d = out.diagnostics;
    const std::optional<QJsonValue> doc = parseJson(json, d);
    if (!doc) return out;
    if (!doc->isObject()) {
        ObjectReader(*doc, "", d); // "must be an object, got an array"
        return out;
    }
    return parseScenario(doc->toObject());
}

ScenarioLoad parseScenario(const QJsonObject& document)
{
    ScenarioLoad out;
    Diagnostics& d = out.diagnostics;
    ObjectReader r(QJsonValue(document), "", d);
    if (!r.valid()) return out;

    Scenario s;
    r.requireKey("format");
    if (const auto format = r.string("format"); format && *format != kScenarioFormat)
        r.error("format", "is \"" + *format + "\"; this version reads \"" + kScenarioFormat + "\"");
    s.name = r.string("name").value_or("");
    s.description = r.string("description").value_or("");
    if (const auto view = r.string("view")) {
        if (std::find(kScenarioViews.begin(), kScenarioViews.end(), *view) ==
            kScenarioViews.end()) {
            std::string expected;
            for (std::string_view v : kScenarioViews)
                expected += (expected.empty() ? "" : ", ") + std::string(v);
            r.error("view", "is \"" + *view + "\"; expected one of: " + expected);
        } else {
            s.view = *view;
        }
    }
    // Seeds are whole numbers that JSON's doubles hold exactly.
    s.seed = static_cast<std::uint64_t>(r.integer("seed", 0, (std::int64_t{1} << 53)).value_or(1));
    s.durationS = r.number("duration_s", NumberRule{0.0, kMaxDurationMs / 1000.0, true});
    s.drainS =
        r.number("drain_s", kDefaultDrainS, NumberRule::between(0.0, kMaxDurationMs / 1000.0));

    r.requireKey("workload");
    if (r.has("workload")) {
        if (auto w = readWorkload(r.value("workload"), "workload", d)) s.workload = *w;
    }
    r.requireKey("target");
    s.target = r.string("target").value_or("");

    r.requireKey("pipeline");
    if (const auto pipeline = r.array("pipeline")) {
        for (qsizetype i = 0; i < pipeline->size(); ++i) {
            if (auto st = readStrategy(pipeline->at(i),
                                       indexPath("pipeline", static_cast<std::size_t>(i)), d))
                s.pipeline.push_back(*st);
        }
    }

    r.requireKey("endpoints");
    if (r.has("endpoints")) {
        ObjectReader er(r.value("endpoints"), "endpoints", d);
        if (er.valid()) {
            const QJsonObject endpoints = r.value("endpoints").toObject();
            if (endpoints.isEmpty()) r.error("endpoints", "must define at least one endpoint");
            for (auto it = endpoints.begin(); it != endpoints.end(); ++it) {
                const std::string id = it.key().toStdString();
                const std::string p = keyPath("endpoints", id);
                er.value(id); // every key of "endpoints" is an endpoint id
                if (!isValidId(id)) {
                    d.push_back({p, "endpoint ids are 1–64 letters, digits, '_', '-' or '.'"});
                    continue;
                }
                if (auto e = readEndpoint(it.value(), id, p, d))
                    s.endpoints.push_back(std::move(*e));
            }
        }
    }
    if (r.has("expect")) s.expect = readExpectations(r.value("expect"), d);
    if (r.has("sweep")) s.sweep = readSweepSetup(r.value("sweep"), d);
    r.rejectUnknown();
    if (d.empty()) checkScenario(s, d);
    if (d.empty()) out.scenario = std::move(s);
    return out;
}

std::optional<QByteArray> readScenarioBytes(const std::string& path, Diagnostics& d)
{
    const QString qpath = QString::fromStdString(path);
    const QFileInfo info(qpath);
    const bool resource = path.starts_with(":/"); // a bundled preset
    if (const std::string problem =
            resource ? std::string(info.isFile() ? "" : "no such file") : inputFileProblem(path);
        !problem.empty()) {
        d.push_back({"", problem});
        return std::nullopt;
    }
    if (info.size() > kMaxScenarioFileBytes) {
        d.push_back({"", "is " + std::to_string(info.size() / (1024 * 1024)) +
                             " MiB; scenario files are limited to 16 MiB (is this really a "
                             "scenario?)"});
        return std::nullopt;
    }
    QFile file(qpath);
    if (!file.open(QIODevice::ReadOnly)) {
        d.push_back({"", "cannot be read: " + file.errorString().toStdString()});
        return std::nullopt;
    }
    return file.readAll();
}

ScenarioLoad loadScenarioFile(const std::string& path, TraceCache& traces)
{
    ScenarioLoad out;
    const std::optional<QByteArray> bytes = readScenarioBytes(path, out.diagnostics);
    if (!bytes) return out;
    out = parseScenario(*bytes);
    resolveTraces(out, QFileInfo(QString::fromStdString(path)).absolutePath().toStdString(),
                  traces);
    return out;
}

std::optional<QJsonObject> readScenarioDocument(const std::string& path, Diagnostics& diagnostics)
{
    const std::optional<QByteArray> bytes = readScenarioBytes(path, diagnostics);
    if (!bytes) return std::nullopt;
    const std::optional<QJsonValue> doc = parseJson(*bytes, diagnostics);
    if (!doc) return std::nullopt;
    if (!doc->isObject()) {
        ObjectReader(*doc, "", diagnostics); // "must be an object, got an array"
        return std::nullopt;
    }
    return doc->toObject();
}

PipelineLoad parsePipeline(const QByteArray& json)
{
    PipelineLoad out;
    Diagnostics& d = out.diagnostics;
    const std::optional<QJsonValue> doc = parseJson(json, d);
    if (!doc) return out;
    // Paths name the strategies as they will stand in the scenario: "pipeline[1].backoff".
    QJsonArray array;
    if (doc->isArray()) {
        array = doc->toArray();
    } else if (doc->isObject() && doc->toObject().value("pipeline").isArray()) {
        array = doc->toObject().value("pipeline").toArray();
    } else {
        d.push_back({"", "expected a pipeline: a JSON array of strategies, or an object with a "
                         "\"pipeline\" array"});
        return out;
    }
    std::vector<StrategySpec> pipeline;
    for (qsizetype i = 0; i < array.size(); ++i)
        if (auto st =
                readStrategy(array.at(i), indexPath("pipeline", static_cast<std::size_t>(i)), d))
            pipeline.push_back(std::move(*st));
    if (d.empty()) out.pipeline = std::move(pipeline);
    return out;
}

PipelineLoad loadPipelineFile(const std::string& path)
{
    PipelineLoad out;
    if (const std::optional<QByteArray> bytes = readScenarioBytes(path, out.diagnostics))
        out = parsePipeline(*bytes);
    return out;
}

ScenarioLoad withPipeline(const Scenario& scenario, std::vector<StrategySpec> pipeline)
{
    ScenarioLoad out;
    Scenario b = scenario;
    b.pipeline = std::move(pipeline);
    checkScenario(b, out.diagnostics);
    if (out.diagnostics.empty()) out.scenario = std::move(b);
    return out;
}

std::string formatDiagnostics(const std::string& file, const Diagnostics& diagnostics)
{
    std::string out;
    for (const Diagnostic& d : diagnostics) {
        out += file.empty() ? std::string("\"\"") : file; // `validate ""` names the empty name
        out += ": ";
        if (!d.path.empty()) out += d.path + ": ";
        out += d.message;
        out += '\n';
    }
    return out;
}

} // namespace reslab

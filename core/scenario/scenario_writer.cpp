#include "policy/concurrency_limit_io.h"
#include "policy/spec_io.h"
#include "policy/strategy_kind.h"
#include "scenario/scenario_io.h"
#include "scenario/sweep_setup.h"
#include "util/json_writer.h"
#include "util/output_file.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <cmath>

namespace reslab {

namespace {

void writeDistributionKeys(JsonWriter& w, const Distribution& d)
{
    w.key("dist").value(distributionKindName(d.kind));
    switch (d.kind) {
    case Distribution::Kind::Constant:
        w.key("ms").value(d.a);
        break;
    case Distribution::Kind::Uniform:
        w.key("min_ms").value(d.a).key("max_ms").value(d.b);
        break;
    case Distribution::Kind::Exponential:
        w.key("mean_ms").value(d.a);
        break;
    case Distribution::Kind::Normal:
        w.key("mean_ms").value(d.a).key("sd_ms").value(d.b);
        break;
    case Distribution::Kind::Lognormal:
        w.key("median_ms").value(d.a);
        if (d.p99 > 0)
            w.key("p99_ms").value(d.p99);
        else
            w.key("sigma").value(d.b);
        break;
    case Distribution::Kind::Pareto:
        w.key("scale_ms").value(d.a).key("shape").value(d.b);
        break;
    case Distribution::Kind::Mixture: {
        // A component is its distribution's keys plus its weight (weights are relative).
        w.key("components").beginArray();
        for (std::size_t i = 0; i < d.components.size(); ++i) {
            w.beginObject().key("weight").value(d.weights[i]);
            writeDistributionKeys(w, d.components[i]);
            w.endObject();
        }
        w.endArray();
        break;
    }
    case Distribution::Kind::Empirical:
        w.key("values_ms").inlineArray(d.values);
        break;
    }
}

void writeDistribution(JsonWriter& w, const Distribution& d)
{
    w.beginObject();
    writeDistributionKeys(w, d);
    w.endObject();
}

void writeFailures(JsonWriter& w, const FailureSpec& f)
{
    w.beginObject();
    if (f.error) w.key("error").value(f.error);
    if (f.fatal) w.key("fatal").value(f.fatal);
    if (f.timeout) w.key("timeout").value(f.timeout);
    if (f.reset) w.key("reset").value(f.reset);
    w.endObject();
}

void writeCapacity(JsonWriter& w, const CapacitySpec& c)
{
    w.beginObject();
    if (c.workers) w.key("workers").value(*c.workers);
    if (c.queue) w.key("queue").value(*c.queue);
    if (c.slowdownPerInflight) w.key("slowdown_per_inflight").value(c.slowdownPerInflight);
    if (c.discipline != QueueDiscipline::Fifo)
        w.key("discipline").value(std::string(kQueueDisciplineNames.name(c.discipline)));
    if (c.queueTimeoutMs) w.key("queue_timeout_ms").value(*c.queueTimeoutMs);
    if (c.usesCodelTest()) {
        if (c.codelTargetMs != kCodelTargetMs) w.key("codel_target_ms").value(c.codelTargetMs);
        if (c.codelIntervalMs != kCodelIntervalMs)
            w.key("codel_interval_ms").value(c.codelIntervalMs);
    }
    w.endObject();
}

void writeRateLimit(JsonWriter& w, const RateLimitSpec& r)
{
    w.beginObject().key("rate_per_s").value(r.ratePerS).key("burst").value(r.burst);
    if (r.retryAfterMs) w.key("retry_after_ms").value(*r.retryAfterMs);
    w.endObject();
}

void writeWorkload(JsonWriter& w, const WorkloadSpec& s)
{
    w.beginObject();
    switch (s.type) {
    case WorkloadSpec::Type::Open:
        w.key("type").value("open").key("rate_per_s").value(s.ratePerS);
        if (!s.rateSchedule.empty()) {
            w.key("rate_schedule").beginArray();
            for (const RatePoint& p : s.rateSchedule) {
                w.beginObject().key("at_s").value(p.atS).key("rate_per_s").value(p.ratePerS);
                if (p.ramp) w.key("ramp").value(true);
                w.endObject();
            }
            w.endArray();
        }
        break;
    case WorkloadSpec::Type::Closed:
        w.key("type").value("closed").key("clients").value(s.clients);
        if (!s.think.isZero()) {
            w.key("think");
            writeDistribution(w, s.think);
        }
        break;
    case WorkloadSpec::Type::Batch:
        w.key("type").value("batch").key("clients").value(s.clients);
        w.key("requests_per_client").value(s.requestsPerClient);
        break;
    case WorkloadSpec::Type::Trace:
        w.key("type").value("trace").key("file").value(s.trace.file);
        if (!s.trace.endpoint.empty()) w.key("endpoint").value(s.trace.endpoint);
        break;
    }
    if (s.maxRequests) w.key("max_requests").value(*s.maxRequests);
    if (s.bulk) {
        const BulkSpec& b = *s.bulk;
        w.key("bulk").beginObject().key("items").value(b.items);
        w.key("partial_success_threshold").value(b.partialSuccessThreshold);
        w.key("max_attempts").value(b.maxAttempts);
        w.key("backoff");
        writeBackoff(w, b.backoff);
        w.key("jitter");
        writeJitter(w, b.jitter);
        w.endObject();
    }
    w.endObject();
}

// replicas, zones and the hosts that differ (written only when the endpoint is a fleet).
void writeFleet(JsonWriter& w, const EndpointSpec& e)
{
    if (e.replicas != 1) w.key("replicas").value(e.replicas);
    if (!e.zones.empty()) {
        w.key("zones").beginArray();
        for (const std::string& z : e.zones)
            w.value(z);
        w.endArray();
    }
    if (e.readiness) {
        const ReadinessSpec& p = *e.readiness;
        w.key("readiness").beginObject().key("period_s").value(p.periodS);
        w.key("failure_threshold").value(p.failureThreshold);
        w.key("success_threshold").value(p.successThreshold);
        w.key("timeout_s").value(p.timeoutS).key("initial_delay_s").value(p.initialDelayS);
        w.endObject();
    }
    if (e.hosts.empty()) return;
    w.key("hosts").beginArray();
    for (const HostOverride& o : e.hosts) {
        w.beginObject().key("index").value(o.index);
        if (o.network) {
            w.key("network");
            writeDistribution(w, *o.network);
        }
        if (o.latency) {
            w.key("latency");
            writeDistribution(w, *o.latency);
        }
        if (o.failures) {
            w.key("failures");
            writeFailures(w, *o.failures);
        }
        if (o.capacity) {
            w.key("capacity");
            writeCapacity(w, *o.capacity);
        }
        if (o.rateLimit) {
            w.key("rate_limit");
            writeRateLimit(w, *o.rateLimit);
        }
        if (o.weight) w.key("weight").value(*o.weight);
        if (o.zone) w.key("zone").value(*o.zone);
        w.endObject();
    }
    w.endArray();
}

void writeEndpoint(JsonWriter& w, const EndpointSpec& e)
{
    w.beginObject();
    if (e.kind == EndpointSpec::Kind::Trace && e.replay) {
        w.key("kind").value("trace").key("file").value(e.replay->source.file);
        if (!e.replay->source.endpoint.empty()) w.key("endpoint").value(e.replay->source.endpoint);
        w.key("mode").value(e.replay->mode == ReplaySpec::Mode::Sequence ? "sequence" : "timeline");
        w.key("window_ms").value(e.replay->windowMs);
        if (e.cancelOnTimeout) w.key("cancel_on_timeout").value(true);
        w.endObject();
        return;
    }
    if (e.kind != EndpointSpec::Kind::Service) w.key("kind").value(kEndpointKindNames.name(e.kind));
    if (e.kind == EndpointSpec::Kind::Proxy) w.key("upstream").value(e.upstream);
    w.key("network");
    writeDistribution(w, e.network);
    w.key("latency");
    writeDistribution(w, e.latency);
    w.key("failures");
    writeFailures(w, e.failures);
    if (e.capacity != CapacitySpec{}) {
        w.key("capacity");
        writeCapacity(w, e.capacity);
    }
    if (e.rateLimit) {
        w.key("rate_limit");
        writeRateLimit(w, *e.rateLimit);
    }
    if (e.admission) {
        w.key("admission").beginObject();
        writeConcurrencyLimit(w, *e.admission);
        w.endObject();
    }
    if (e.cancelOnTimeout) w.key("cancel_on_timeout").value(true);
    if (e.errorStatus != 500 || e.fatalStatus != 400) {
        w.key("statuses").beginObject().key("error").value(int{e.errorStatus});
        w.key("fatal").value(int{e.fatalStatus}).endObject();
    }
    if (!e.calls.empty()) {
        w.key("calls").beginArray();
        for (std::size_t c = 0; c < e.calls.size(); ++c) {
            w.beginObject().key("endpoint").value(e.calls[c].endpoint);
            w.key("pipeline").beginArray();
            const std::string base =
                "endpoints." + e.id + ".calls[" + std::to_string(c) + "].pipeline";
            for (std::size_t i = 0; i < e.calls[c].pipeline.size(); ++i)
                writeStrategy(w, e.calls[c].pipeline[i], base + "[" + std::to_string(i) + "]");
            w.endArray().endObject();
        }
        w.endArray();
    }
    if (!e.phases.empty()) {
        w.key("phases").beginArray();
        for (const PhaseSpec& p : e.phases) {
            w.beginObject().key("start_s").value(p.startS).key("end_s").value(p.endS);
            if (p.network) {
                w.key("network");
                writeDistribution(w, *p.network);
            }
            if (p.latency) {
                w.key("latency");
                writeDistribution(w, *p.latency);
            }
            if (p.failures) {
                w.key("failures");
                writeFailures(w, *p.failures);
            }
            if (p.capacity) {
                w.key("capacity");
                writeCapacity(w, *p.capacity);
            }
            if (p.rateLimit) {
                w.key("rate_limit");
                writeRateLimit(w, *p.rateLimit);
            }
            if (!p.hosts.empty()) {
                w.key("hosts").beginArray();
                for (int h : p.hosts)
                    w.value(h);
                w.endArray();
            }
            if (!p.zone.empty()) w.key("zone").value(p.zone);
            w.endObject();
        }
        w.endArray();
    }
    writeFleet(w, e);
    w.endObject();
}

} // namespace

std::string scenarioToJson(const Scenario& s)
{
    JsonWriter w;
    w.beginObject();
    w.key("format").value(kScenarioFormat);
    if (!s.name.empty()) w.key("name").value(s.name);
    if (!s.description.empty()) w.key("description").value(s.description);
    if (!s.view.empty()) w.key("view").value(s.view);
    w.key("seed").value(s.seed);
    if (s.durationS) w.key("duration_s").value(*s.durationS);
    if (s.drainS != kDefaultDrainS) w.key("drain_s").value(s.drainS);
    w.key("workload");
    writeWorkload(w, s.workload);
    w.key("target").value(s.target);
    w.key("pipeline").beginArray();
    for (std::size_t i = 0; i < s.pipeline.size(); ++i)
        writeStrategy(w, s.pipeline[i], "pipeline[" + std::to_string(i) + "]");
    w.endArray();
    w.key("endpoints").beginObject();
    for (const EndpointSpec& e : s.endpoints) {
        w.key(e.id);
        writeEndpoint(w, e);
    }
    w.endObject();
    if (!s.expect.empty()) {
        w.key("expect").beginObject();
        for (const Expectation& e : s.expect) {
            w.key(e.metric).beginObject();
            if (e.min) w.key("min").value(*e.min);
            if (e.max) w.key("max").value(*e.max);
            w.endObject();
        }
        w.endObject();
    }
    if (s.sweep) writeSweepSetup(w, *s.sweep);
    w.endObject();
    return w.take();
}

bool saveScenarioFile(const Scenario& original, const std::string& path, std::string* error)
{
    // Trace files are named relative to the scenario's folder: written elsewhere, the names are
    // made relative to the new folder so that they still find the same files.
    Scenario scenario = original;
    const QDir folder = QFileInfo(QString::fromStdString(path)).absoluteDir();
    auto relocate = [&](TraceSource& source) {
        if (source.resolved.empty()) return;
        const QString resolved = QString::fromStdString(source.resolved);
        source.file = resolved.startsWith(":/") ? source.resolved
                                                : folder.relativeFilePath(resolved).toStdString();
    };
    for (EndpointSpec& e : scenario.endpoints)
        if (e.replay) relocate(e.replay->source);
    if (scenario.workload.type == WorkloadSpec::Type::Trace) relocate(scenario.workload.trace);
    // Atomic (util/output_file.h): never a half-written scenario, never a device replaced.
    return writeFileAtomically(path, scenarioToJson(scenario), error);
}

} // namespace reslab

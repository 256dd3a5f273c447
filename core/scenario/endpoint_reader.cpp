#include "model/upstream.h"
#include "policy/concurrency_limit_io.h"
#include "policy/spec_io.h"
#include "scenario/readers.h"

#include <cmath>

namespace reslab::detail {

namespace {
const NumberRule kProbability = NumberRule::between(0.0, 1.0);
constexpr std::int64_t kMaxWorkers = 1'000'000;
constexpr std::int64_t kMaxQueue = 1'000'000'000;

std::optional<FailureSpec> readFailures(const QJsonValue& v, const std::string& path,
                                        Diagnostics& d)
{
    ObjectReader r(v, path, d);
    if (!r.valid()) return std::nullopt;
    const std::size_t before = d.size();
    FailureSpec f;
    f.error = r.number("error", 0.0, kProbability);
    f.fatal = r.number("fatal", 0.0, kProbability);
    f.timeout = r.number("timeout", 0.0, kProbability);
    f.reset = r.number("reset", 0.0, kProbability);
    r.rejectUnknown();
    // A little slack for sums written as decimals (0.1 + 0.2 + 0.7).
    if (d.size() == before && f.error + f.fatal + f.timeout + f.reset > 1.0 + 1e-9)
        d.push_back({path, "probabilities add up to more than 1"});
    return d.size() == before ? std::optional(f) : std::nullopt;
}

std::optional<CapacitySpec> readCapacity(const QJsonValue& v, const std::string& path,
                                         Diagnostics& d)
{
    ObjectReader r(v, path, d);
    if (!r.valid()) return std::nullopt;
    const std::size_t before = d.size();
    CapacitySpec c;
    if (auto w = r.integer("workers", 1, kMaxWorkers)) c.workers = static_cast<int>(*w);
    if (auto q = r.integer("queue", 0, kMaxQueue)) c.queue = static_cast<int>(*q);
    c.slowdownPerInflight =
        r.number("slowdown_per_inflight", 0.0, NumberRule::between(0.0, 1000.0));
    c.discipline = r.choice("discipline", kQueueDisciplineNames).value_or(c.discipline);
    if (const auto t = r.number("queue_timeout_ms", kPositiveMsRule)) c.queueTimeoutMs = *t;
    const bool codelTest = c.usesCodelTest();
    for (const char* key : {"codel_target_ms", "codel_interval_ms"})
        if (r.has(key) && !codelTest)
            r.error(key, "has no effect unless \"discipline\" is codel, codel_rfc8289 or "
                         "adaptive_lifo");
    c.codelTargetMs = r.number("codel_target_ms", c.codelTargetMs, kPositiveMsRule);
    c.codelIntervalMs = r.number("codel_interval_ms", c.codelIntervalMs, kPositiveMsRule);
    if (c.queue && *c.queue == 0 && (c.discipline != QueueDiscipline::Fifo || c.queueTimeoutMs))
        r.error(c.queueTimeoutMs ? "queue_timeout_ms" : "discipline",
                "has no effect with \"queue\": 0 (nothing waits)");
    r.rejectUnknown();
    return d.size() == before ? std::optional(c) : std::nullopt;
}

std::optional<RateLimitSpec> readRateLimit(const QJsonValue& v, const std::string& path,
                                           Diagnostics& d)
{
    ObjectReader r(v, path, d);
    if (!r.valid()) return std::nullopt;
    const std::size_t before = d.size();
    RateLimitSpec s;
    r.requireKey("rate_per_s");
    s.ratePerS = r.number("rate_per_s", 1.0, NumberRule{0.0, 1e9, true});
    s.burst = r.number("burst", 1.0, NumberRule::between(1.0, 1e9));
    s.retryAfterMs = r.number("retry_after_ms", kDurationMsRule);
    r.rejectUnknown();
    return d.size() == before ? std::optional(s) : std::nullopt;
}

// The blocks an endpoint and a phase share.
struct Blocks
{
    std::optional<Distribution> network, latency;
    std::optional<FailureSpec> failures;
    std::optional<CapacitySpec> capacity;
    std::optional<RateLimitSpec> rateLimit;
};

Blocks readBlocks(ObjectReader& r)
{
    Diagnostics& d = r.diagnostics();
    Blocks b;
    if (r.has("network")) b.network = readDistribution(r.value("network"), r.pathOf("network"), d);
    if (r.has("latency")) b.latency = readDistribution(r.value("latency"), r.pathOf("latency"), d);
    if (r.has("failures")) b.failures = readFailures(r.value("failures"), r.pathOf("failures"), d);
    if (r.has("capacity")) b.capacity = readCapacity(r.value("capacity"), r.pathOf("capacity"), d);
    if (r.has("rate_limit"))
        b.rateLimit = readRateLimit(r.value("rate_limit"), r.pathOf("rate_limit"), d);
    return b;
}
// replicas, zones and the hosts that differ (model/endpoint_spec.h); the checks across keys
// (indices below replicas, a phase's hosts and zone) are the validator's.
void readFleet(ObjectReader& r, EndpointSpec& e)
{
    Diagnostics& d = r.diagnostics();
    e.replicas = static_cast<int>(r.integer("replicas", 1, kMaxReplicas).value_or(1));
    if (const auto zones = r.array("zones")) {
        for (qsizetype k = 0; k < zones->size(); ++k) {
            const std::string p = indexPath(r.pathOf("zones"), static_cast<std::size_t>(k));
            if (!zones->at(k).isString() || zones->at(k).toString().isEmpty())
                d.push_back({p, "must be a zone name"});
            else
                e.zones.push_back(zones->at(k).toString().toStdString());
        }
    }
    if (r.has("readiness")) {
        ObjectReader p(r.value("readiness"), r.pathOf("readiness"), d);
        if (p.valid()) {
            ReadinessSpec s;
            const NumberRule seconds = NumberRule::between(0.0, kMaxDurationMs / 1000.0);
            s.periodS =
                p.number("period_s", s.periodS, NumberRule{0.0, kMaxDurationMs / 1000.0, true});
            s.failureThreshold = static_cast<int>(
                p.integer("failure_threshold", 1, 1'000'000).value_or(s.failureThreshold));
            s.successThreshold = static_cast<int>(
                p.integer("success_threshold", 1, 1'000'000).value_or(s.successThreshold));
            s.timeoutS = p.number("timeout_s", s.timeoutS, seconds);
            s.initialDelayS = p.number("initial_delay_s", 0.0, seconds);
            p.rejectUnknown();
            e.readiness = s;
        }
    }
    const auto hosts = r.array("hosts");
    if (!hosts) return;
    for (qsizetype k = 0; k < hosts->size(); ++k) {
        const std::string p = indexPath(r.pathOf("hosts"), static_cast<std::size_t>(k));
        ObjectReader hr(hosts->at(k), p, d);
        if (!hr.valid()) continue;
        HostOverride o;
        hr.requireKey("index");
        o.index = static_cast<int>(hr.integer("index", 0, kMaxReplicas - 1).value_or(0));
        Blocks b = readBlocks(hr);
        o.network = b.network;
        o.latency = b.latency;
        o.failures = b.failures;
        o.capacity = b.capacity;
        o.rateLimit = b.rateLimit;
        if (hr.has("weight")) o.weight = hr.number("weight", 1.0, NumberRule::between(1.0, 128.0));
        if (hr.has("zone")) o.zone = hr.string("zone");
        hr.rejectUnknown();
        e.hosts.push_back(std::move(o));
    }
}
} // namespace

std::optional<EndpointSpec> readEndpoint(const QJsonValue& v, const std::string& id,
                                         const std::string& path, Diagnostics& d)
{
    ObjectReader r(v, path, d);
    if (!r.valid()) return std::nullopt;
    const std::size_t before = d.size();
    EndpointSpec e;
    e.id = id;
    if (r.has("kind")) {
        const auto kind = r.string("kind");
        if (const auto known = kind ? kEndpointKindNames.find(*kind) : std::nullopt)
            e.kind = *known;
        else if (kind)
            r.error("kind", "unknown value \"" + *kind +
                                "\" (expected one of: " + kEndpointKindNames.list() + ")");
    }
    if (e.kind == EndpointSpec::Kind::Proxy) {
        r.requireKey("upstream");
        if (const auto upstream = r.string("upstream")) {
            std::string why;
            if (parseUpstream(*upstream, &why))
                e.upstream = *upstream;
            else
                r.error("upstream", why);
        }
    } else if (r.has("upstream")) {
        r.error("upstream", "applies to a \"proxy\" endpoint only");
    }
    if (e.kind == EndpointSpec::Kind::Trace) {
        // A replayed endpoint answers from its trace: the model's blocks do not apply.
        ReplaySpec replay;
        r.requireKey("file");
        replay.source.file = r.string("file").value_or("");
        replay.source.endpoint = r.string("endpoint").value_or("");
        if (const auto mode = readChoice(r, "mode", {"sequence", "timeline"});
            mode && *mode == "sequence")
            replay.mode = ReplaySpec::Mode::Sequence;
        replay.windowMs = r.number("window_ms", 1000.0, NumberRule{0.0, kMaxDurationMs, true});
        for (const char* key :
             {"network", "latency", "failures", "capacity", "rate_limit", "admission", "phases",
              "calls", "statuses", "replicas", "zones", "hosts", "readiness"})
            if (r.has(key))
                r.error(key,
                        "does not apply to a \"trace\" endpoint (its answers come from the trace)");
        r.boolean("cancel_on_timeout");
        r.rejectUnknown();
        e.replay = replay;
        return d.size() == before ? std::optional(e) : std::nullopt;
    }
    Blocks b = readBlocks(r);
    if (b.network) e.network = *b.network;
    if (b.latency) e.latency = *b.latency;
    if (b.failures) e.failures = *b.failures;
    if (b.capacity) e.capacity = *b.capacity;
    e.rateLimit = b.rateLimit;
    if (r.has("admission")) {
        ObjectReader a(r.value("admission"), r.pathOf("admission"), d);
        if (a.valid()) {
            for (const char* key :
                 {"queue", "backlog_size", "backlog_timeout_ms", "drop_on", "ignore_on"})
                if (a.has(key))
                    a.error(key, "does not apply to an endpoint's admission: a call over the "
                                 "limit is answered 503 at once, and every answer is a sample "
                                 "(one whose client gave up, a drop)");
            if (const auto limit = readConcurrencyLimit(a)) e.admission = *limit;
            a.rejectUnknown();
        }
    }
    e.cancelOnTimeout = r.boolean("cancel_on_timeout").value_or(false);
    if (r.has("statuses")) {
        ObjectReader s(r.value("statuses"), r.pathOf("statuses"), d);
        if (s.valid()) {
            e.errorStatus = static_cast<std::int16_t>(s.integer("error", 500, 599).value_or(500));
            e.fatalStatus = static_cast<std::int16_t>(s.integer("fatal", 400, 499).value_or(400));
            s.rejectUnknown();
        }
    }
    if (const auto phases = r.array("phases")) {
        for (qsizetype i = 0; i < phases->size(); ++i) {
            const std::string p = indexPath(r.pathOf("phases"), static_cast<std::size_t>(i));
            ObjectReader pr(phases->at(i), p, d);
            if (!pr.valid()) continue;
            PhaseSpec phase;
            pr.requireKey("start_s");
            pr.requireKey("end_s");
            phase.startS =
                pr.number("start_s", 0.0, NumberRule::between(0.0, kMaxDurationMs / 1000.0));
            phase.endS = pr.number("end_s", 0.0, NumberRule::between(0.0, kMaxDurationMs / 1000.0));
            if (pr.has("end_s") && pr.has("start_s") && phase.endS <= phase.startS)
                pr.error("end_s", "must be after start_s");
            Blocks pb = readBlocks(pr);
            phase.network = pb.network;
            phase.latency = pb.latency;
            phase.failures = pb.failures;
            phase.capacity = pb.capacity;
            phase.rateLimit = pb.rateLimit;
            if (const auto hosts = pr.array("hosts")) {
                for (qsizetype k = 0; k < hosts->size(); ++k) {
                    const QJsonValue h = hosts->at(k);
                    if (!h.isDouble() || h.toDouble() != std::floor(h.toDouble()) ||
                        h.toDouble() < 0 || h.toDouble() >= kMaxReplicas) {
                        d.push_back({indexPath(pr.pathOf("hosts"), static_cast<std::size_t>(k)),
                                     "must be a host index (0, 1, …)"});
                        continue;
                    }
                    phase.hosts.push_back(static_cast<int>(h.toDouble()));
                }
            }
            phase.zone = pr.string("zone").value_or("");
            pr.rejectUnknown();
            e.phases.push_back(std::move(phase));
        }
    }
    readFleet(r, e);
    if (const auto calls = r.array("calls")) {
        for (qsizetype i = 0; i < calls->size(); ++i) {
            const std::string p = indexPath(r.pathOf("calls"), static_cast<std::size_t>(i));
            ObjectReader cr(calls->at(i), p, d);
            if (!cr.valid()) continue;
            CallSpec call;
            cr.requireKey("endpoint");
            call.endpoint = cr.string("endpoint").value_or("");
            cr.requireKey("pipeline");
            if (const auto pipeline = cr.array("pipeline")) {
                for (qsizetype k = 0; k < pipeline->size(); ++k) {
                    if (auto st = readStrategy(
                            pipeline->at(k),
                            indexPath(cr.pathOf("pipeline"), static_cast<std::size_t>(k)), d))
                        call.pipeline.push_back(*st);
                }
            }
            cr.rejectUnknown();
            e.calls.push_back(std::move(call));
        }
    }
    r.rejectUnknown();
    return d.size() == before ? std::optional(e) : std::nullopt;
}

namespace {
// A bulk of items per request (model/workload_spec.h BulkSpec).
std::optional<BulkSpec> readBulk(const QJsonValue& v, const std::string& path, Diagnostics& d)
{
    ObjectReader r(v, path, d);
    if (!r.valid()) return std::nullopt;
    const std::size_t before = d.size();
    BulkSpec b;
    r.requireKey("items");
    constexpr std::int64_t kMaxItems = 1'000'000;
    b.items = static_cast<int>(r.integer("items", 1, kMaxItems).value_or(1));
    b.partialSuccessThreshold = r.number("partial_success_threshold", kBulkPartialSuccessThreshold,
                                         NumberRule::between(0.0, 1.0));
    b.maxAttempts = static_cast<int>(r.integer("max_attempts", 1, 1000).value_or(kBulkMaxAttempts));
    if (r.has("backoff")) {
        if (auto backoff = readBackoff(r.value("backoff"), r.pathOf("backoff"), d))
            b.backoff = *backoff;
        if (b.backoff.kind == BackoffSpec::Kind::Adaptive)
            r.error("backoff", "cannot be adaptive here: a bulk's rounds keep no success window "
                               "(put an adaptive retry in the pipeline instead)");
    }
    if (r.has("jitter")) {
        if (auto j = readJitter(r.value("jitter"), r.pathOf("jitter"), d)) b.jitter = *j;
    } else if (JitterSpec::isInherentlyRandom(b.backoff.kind)) {
        b.jitter = JitterSpec{};
    }
    if (JitterSpec::isInherentlyRandom(b.backoff.kind) && b.jitter.kind != JitterSpec::Kind::None)
        r.error("jitter", "must be none (or absent): this backoff type is random by itself");
    r.rejectUnknown();
    return d.size() == before ? std::optional(b) : std::nullopt;
}
} // namespace

std::optional<WorkloadSpec> readWorkload(const QJsonValue& v, const std::string& path,
                                         Diagnostics& d)
{
    ObjectReader r(v, path, d);
    if (!r.valid()) return std::nullopt;
    const std::size_t before = d.size();
    r.requireKey("type");
    const auto type = readChoice(r, "type", {"open", "closed", "batch", "trace"});
    if (!type) return std::nullopt;
    WorkloadSpec w;
    constexpr std::int64_t kMaxClients = 10'000'000;
    if (*type == "open") {
        w.type = WorkloadSpec::Type::Open;
        r.requireKey("rate_per_s");
        w.ratePerS = r.number("rate_per_s", 0.0, NumberRule::between(0.0, 1e9));
        if (const auto points = r.array("rate_schedule")) {
            double previous = -1.0;
            for (qsizetype i = 0; i < points->size(); ++i) {
                const std::string p =
                    indexPath(r.pathOf("rate_schedule"), static_cast<std::size_t>(i));
                ObjectReader pr(points->at(i), p, d);
                if (!pr.valid()) continue;
                RatePoint point;
                pr.requireKey("at_s");
                pr.requireKey("rate_per_s");
                point.atS =
                    pr.number("at_s", 0.0, NumberRule::between(0.0, kMaxDurationMs / 1000.0));
                point.ratePerS = pr.number("rate_per_s", 0.0, NumberRule::between(0.0, 1e9));
                point.ramp = pr.boolean("ramp").value_or(false);
                if (pr.has("at_s") && point.atS <= previous)
                    pr.error("at_s", "must be later than the previous point's at_s");
                previous = point.atS;
                pr.rejectUnknown();
                w.rateSchedule.push_back(point);
            }
        }
    } else if (*type == "closed") {
        w.type = WorkloadSpec::Type::Closed;
        r.requireKey("clients");
        w.clients = static_cast<int>(r.integer("clients", 1, kMaxClients).value_or(1));
        if (r.has("think")) {
            if (auto t = readDistribution(r.value("think"), r.pathOf("think"), d)) w.think = *t;
        }
    } else if (*type == "batch") {
        w.type = WorkloadSpec::Type::Batch;
        r.requireKey("clients");
        w.clients = static_cast<int>(r.integer("clients", 1, kMaxClients).value_or(1));
        w.requestsPerClient =
            static_cast<int>(r.integer("requests_per_client", 1, 1'000'000'000).value_or(1));
    } else {
        w.type = WorkloadSpec::Type::Trace;
        r.requireKey("file");
        w.trace.file = r.string("file").value_or("");
        w.trace.endpoint = r.string("endpoint").value_or("");
    }
    w.maxRequests = r.integer("max_requests", 1, std::int64_t{1} << 50);
    if (r.has("bulk")) {
        if (auto b = readBulk(r.value("bulk"), r.pathOf("bulk"), d)) w.bulk = *b;
    }
    r.rejectUnknown();
    return d.size() == before ? std::optional(w) : std::nullopt;
}

} // namespace reslab::detail

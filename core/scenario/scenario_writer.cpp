#include "scenario/scenario_io.h"
#include "util/json_writer.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
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
    w.endObject();
}

void writeRateLimit(JsonWriter& w, const RateLimitSpec& r)
{
    w.beginObject().key("rate_per_s").value(r.ratePerS).key("burst").value(r.burst);
    if (r.retryAfterMs) w.key("retry_after_ms").value(*r.retryAfterMs);
    w.endObject();
}

const char* backoffName(BackoffSpec::Kind k)
{
    switch (k) {
    case BackoffSpec::Kind::Constant:
        return "constant";
    case BackoffSpec::Kind::Linear:
        return "linear";
    case BackoffSpec::Kind::Exponential:
        return "exponential";
    case BackoffSpec::Kind::Decorrelated:
        return "decorrelated";
    case BackoffSpec::Kind::PollyDecorrelatedV2:
        return "polly_decorrelated_v2";
    }
    return "?";
}

const char* jitterName(JitterSpec::Kind k)
{
    switch (k) {
    case JitterSpec::Kind::None:
        return "none";
    case JitterSpec::Kind::Full:
        return "full";
    case JitterSpec::Kind::Equal:
        return "equal";
    case JitterSpec::Kind::Proportional:
        return "proportional";
    case JitterSpec::Kind::Additive:
        return "additive";
    }
    return "?";
}

std::vector<std::string> outcomeNames(const OutcomeSet& set)
{
    std::vector<std::string> names;
    for (std::size_t i = 0; i < kOutcomeCount; ++i)
        if (set.contains(static_cast<Outcome>(i))) names.emplace_back(kOutcomeNames[i]);
    return names;
}

void writeRetry(JsonWriter& w, const RetrySpec& s)
{
    w.key("max_attempts").value(s.maxAttempts);
    if (s.maxElapsedMs) w.key("max_elapsed_ms").value(*s.maxElapsedMs);
    if (s.stopBeforeDelayMs) w.key("stop_before_delay_ms").value(*s.stopBeforeDelayMs);
    const BackoffSpec& b = s.backoff;
    w.key("backoff").beginObject().key("type").value(backoffName(b.kind));
    switch (b.kind) {
    case BackoffSpec::Kind::Constant:
        w.key("delay_ms").value(b.delayMs);
        break;
    case BackoffSpec::Kind::Linear:
        w.key("initial_ms").value(b.initialMs).key("increment_ms").value(b.incrementMs);
        if (b.minMs) w.key("min_ms").value(b.minMs);
        break;
    case BackoffSpec::Kind::Exponential:
        w.key("initial_ms").value(b.initialMs).key("multiplier").value(b.multiplier);
        if (b.minMs) w.key("min_ms").value(b.minMs);
        break;
    case BackoffSpec::Kind::Decorrelated:
    case BackoffSpec::Kind::PollyDecorrelatedV2:
        w.key("initial_ms").value(b.initialMs);
        break;
    }
    if (std::isfinite(b.maxMs)) w.key("max_ms").value(b.maxMs);
    w.endObject();
    const JitterSpec& j = s.jitter;
    const bool defaultCap = j.capAfterJitter == (j.kind == JitterSpec::Kind::Additive);
    const bool plain =
        defaultCap && (j.kind == JitterSpec::Kind::None || j.kind == JitterSpec::Kind::Full ||
                       j.kind == JitterSpec::Kind::Equal);
    if (plain) {
        w.key("jitter").value(jitterName(j.kind));
    } else {
        w.key("jitter").beginObject().key("type").value(jitterName(j.kind));
        if (j.kind == JitterSpec::Kind::Proportional) w.key("factor").value(j.factor);
        if (j.kind == JitterSpec::Kind::Additive) w.key("jitter_ms").value(j.jitterMs);
        if (!defaultCap) w.key("cap_after_jitter").value(j.capAfterJitter);
        w.endObject();
    }
    w.key("retry_on").inlineArray(outcomeNames(s.retryOn));
    if (!s.retryOnStatus.empty()) {
        std::vector<double> codes(s.retryOnStatus.begin(), s.retryOnStatus.end());
        w.key("retry_on_status").inlineArray(codes);
    }
    if (s.honorRetryAfter) w.key("honor_retry_after").value(true);
    if (s.retryAfterMaxMs) w.key("retry_after_max_ms").value(*s.retryAfterMaxMs);
}

void writeBreaker(JsonWriter& w, const BreakerSpec& s, const std::string& path)
{
    // Every value is written out, so the file says what the breaker does without the preset;
    // the preset is kept to say where the defaults came from.
    if (s.name != path) w.key("name").value(s.name);
    if (!s.preset.empty()) w.key("preset").value(s.preset);
    if (s.mode == BreakerSpec::Mode::Rate) {
        w.key("window").beginObject();
        if (s.window == BreakerSpec::Window::CountBased) {
            w.key("type").value("count").key("size").value(std::uint64_t{s.windowSize});
        } else {
            w.key("type").value("time").key("size_s").value(s.windowS);
            w.key("buckets").value(std::uint64_t{s.windowBuckets});
        }
        w.endObject();
        w.key("failure_rate").value(s.failureRate);
        if (std::isfinite(s.slowCallMs)) {
            w.key("slow_call_ms").value(s.slowCallMs);
            w.key("slow_call_rate").value(s.slowCallRate);
        }
        w.key("min_calls").value(std::uint64_t{s.minCalls});
    } else {
        w.key("mode").value("consecutive");
        w.key("failure_threshold").value(std::uint64_t{s.failureThreshold});
        w.key("success_threshold").value(std::uint64_t{s.successThreshold});
        if (s.failureWindowS) w.key("failure_window_s").value(*s.failureWindowS);
    }
    w.key("open_ms").value(s.openMs);
    if (s.openMultiplier != 1.0) w.key("open_multiplier").value(s.openMultiplier);
    if (s.openMaxMs) w.key("open_max_ms").value(*s.openMaxMs);
    w.key("half_open_calls").value(std::uint64_t{s.halfOpenCalls});
    if (s.maxHalfOpenMs > 0) w.key("max_half_open_ms").value(s.maxHalfOpenMs);
    if (s.automaticHalfOpen) w.key("automatic_half_open").value(true);
    if (s.failureOn != BreakerSpec{}.failureOn)
        w.key("failure_on").inlineArray(outcomeNames(s.failureOn));
    if (!s.ignore.empty()) w.key("ignore").inlineArray(outcomeNames(s.ignore));
    switch (s.forced) {
    case BreakerSpec::Forced::ForcedOpen:
        w.key("force").value("forced_open");
        break;
    case BreakerSpec::Forced::Disabled:
        w.key("force").value("disabled");
        break;
    case BreakerSpec::Forced::MetricsOnly:
        w.key("force").value("metrics_only");
        break;
    case BreakerSpec::Forced::None:
        break;
    }
}

void writeStrategy(JsonWriter& w, const StrategySpec& spec, const std::string& path)
{
    w.beginObject().key("type").value(strategyTypeName(spec));
    if (const auto* r = std::get_if<RetrySpec>(&spec)) writeRetry(w, *r);
    if (const auto* b = std::get_if<BreakerSpec>(&spec)) writeBreaker(w, *b, path);
    if (const auto* b = std::get_if<BulkheadSpec>(&spec)) {
        w.key("max_concurrent").value(b->maxConcurrent);
        if (b->maxWaitMs > 0) w.key("max_wait_ms").value(b->maxWaitMs);
        if (b->maxQueue) w.key("max_queue").value(*b->maxQueue);
    }
    if (const auto* f = std::get_if<FallbackSpec>(&spec)) {
        w.key("kind").value(f->kind == FallbackSpec::Kind::Cached ? "cached" : "fixed");
        if (f->handles != FallbackSpec{}.handles)
            w.key("handles").inlineArray(outcomeNames(f->handles));
        if (f->maxAgeMs) w.key("max_age_ms").value(*f->maxAgeMs);
    }
    if (const auto* t = std::get_if<RetryThrottleSpec>(&spec))
        w.key("max_tokens").value(t->maxTokens).key("token_ratio").value(t->tokenRatio);
    if (const auto* b = std::get_if<RetryBudgetSpec>(&spec))
        w.key("budget_percent")
            .value(b->budgetPercent)
            .key("min_retry_concurrency")
            .value(b->minRetryConcurrency);
    if (const auto* a = std::get_if<AdaptiveThrottleSpec>(&spec))
        w.key("k").value(a->k).key("window_s").value(a->windowS);
    if (const auto* h = std::get_if<HedgeSpec>(&spec)) {
        w.key("max_hedged_attempts").value(h->maxHedgedAttempts).key("delay_ms").value(h->delayMs);
        if (h->hedgeOn != HedgeSpec{}.hedgeOn)
            w.key("hedge_on").inlineArray(outcomeNames(h->hedgeOn));
    }
    if (const auto* l = std::get_if<RateLimiterSpec>(&spec)) {
        if (l->kind == RateLimiterSpec::Kind::Cycles) {
            w.key("kind").value("cycles").key("limit_for_period").value(l->limitForPeriod);
            w.key("refresh_period_ms").value(l->refreshPeriodMs);
        } else {
            w.key("kind")
                .value("token_bucket")
                .key("rate_per_s")
                .value(l->ratePerS)
                .key("burst")
                .value(l->burst);
        }
        w.key("max_wait_ms").value(l->maxWaitMs);
    }
    if (const auto* q = std::get_if<RetryQuotaSpec>(&spec)) {
        w.key("capacity").value(q->capacity).key("retry_cost").value(q->retryCost);
        w.key("timeout_cost")
            .value(q->timeoutCost)
            .key("no_retry_increment")
            .value(q->noRetryIncrement);
    }
    if (const auto* f = std::get_if<FinagleBudgetSpec>(&spec)) {
        w.key("ttl_s").value(f->ttlS).key("min_retries_per_s").value(f->minRetriesPerS);
        w.key("percent_can_retry").value(f->percentCanRetry);
    }
    if (const auto* t = std::get_if<TimeoutSpec>(&spec)) w.key("timeout_ms").value(t->timeoutMs);
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
    w.endObject();
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
    if (e.kind == EndpointSpec::Kind::VersionedRecord) w.key("kind").value("versioned_record");
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
            w.endObject();
        }
        w.endArray();
    }
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
    QSaveFile file(QString::fromStdString(path)); // atomic: never a half-written scenario
    const std::string text = scenarioToJson(scenario);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(text.data(), static_cast<qint64>(text.size())) !=
            static_cast<qint64>(text.size()) ||
        !file.commit()) {
        if (error) *error = file.errorString().toStdString();
        return false;
    }
    return true;
}

} // namespace reslab

#include "reference_scenario.h"

#include <QJsonArray>
#include <QStringList>
#include <initializer_list>
#include <limits>
#include <stdexcept>

namespace reslab::bench {

namespace {

// A shape the reference does not model, thrown with its JSON path and caught once below.
struct Unmodelled : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

[[noreturn]] void refuse(const std::string& path, const std::string& why)
{
    throw Unmodelled(path + ": " + why);
}

// Every key of `object` must be one of `allowed`.
void onlyKeys(const QJsonObject& object, const std::string& path,
              std::initializer_list<const char*> allowed)
{
    for (const QString& key : object.keys()) {
        bool known = false;
        for (const char* a : allowed)
            known = known || key == QLatin1String(a);
        if (!known)
            refuse(path.empty() ? key.toStdString() : path + "." + key.toStdString(),
                   "not part of the reference model");
    }
}

QJsonObject objectAt(const QJsonObject& parent, const char* key, const std::string& path)
{
    if (!parent.value(QLatin1String(key)).isObject()) refuse(path + key, "required object");
    return parent.value(QLatin1String(key)).toObject();
}

double numberAt(const QJsonObject& object, const char* key, const std::string& path,
                std::optional<double> fallback = std::nullopt)
{
    const QJsonValue v = object.value(QLatin1String(key));
    if (v.isUndefined() && fallback) return *fallback;
    if (!v.isDouble()) refuse(path + key, "required number");
    return v.toDouble();
}

void expectString(const QJsonObject& object, const char* key, const char* expected,
                  const std::string& path)
{
    if (object.value(QLatin1String(key)).toString() != QLatin1String(expected))
        refuse(path + key, std::string("the reference models only \"") + expected + "\"");
}

ReferenceModel read(const QJsonObject& doc)
{
    onlyKeys(doc, "",
             {"format", "name", "description", "view", "seed", "duration_s", "drain_s", "workload",
              "target", "pipeline", "endpoints", "expect", "sweep"}); // the last two: not the run
    ReferenceModel m;
    m.seed = static_cast<std::uint64_t>(numberAt(doc, "seed", "", 1.0));
    m.durationS = numberAt(doc, "duration_s", "");
    m.drainS = numberAt(doc, "drain_s", "", m.drainS);

    const QJsonObject w = objectAt(doc, "workload", "");
    onlyKeys(w, "workload", {"type", "rate_per_s", "max_requests"});
    expectString(w, "type", "open", "workload.");
    m.ratePerS = numberAt(w, "rate_per_s", "workload.");
    m.maxRequests = static_cast<std::uint64_t>(
        numberAt(w, "max_requests", "workload.", static_cast<double>(1ULL << 53)));

    const QJsonArray pipeline = doc.value(QLatin1String("pipeline")).toArray();
    if (pipeline.size() != 1 || !pipeline.at(0).isObject())
        refuse("pipeline", "the reference models exactly one strategy, a retry");
    const QJsonObject retry = pipeline.at(0).toObject();
    onlyKeys(retry, "pipeline[0]", {"type", "max_attempts", "backoff", "jitter"});
    expectString(retry, "type", "retry", "pipeline[0].");
    expectString(retry, "jitter", "full", "pipeline[0].");
    m.maxAttempts = static_cast<int>(numberAt(retry, "max_attempts", "pipeline[0].", 3.0));
    const QJsonObject backoff = objectAt(retry, "backoff", "pipeline[0].");
    onlyKeys(backoff, "pipeline[0].backoff", {"type", "initial_ms", "multiplier", "max_ms"});
    expectString(backoff, "type", "exponential", "pipeline[0].backoff.");
    m.backoffInitialMs = numberAt(backoff, "initial_ms", "pipeline[0].backoff.");
    m.backoffMultiplier = numberAt(backoff, "multiplier", "pipeline[0].backoff.", 2.0);
    m.backoffMaxMs = numberAt(backoff, "max_ms", "pipeline[0].backoff.",
                              std::numeric_limits<double>::infinity());

    const QJsonObject endpoints = objectAt(doc, "endpoints", "");
    const QString target = doc.value(QLatin1String("target")).toString();
    if (endpoints.size() != 1 || !endpoints.contains(target))
        refuse("endpoints", "the reference models one endpoint, the target");
    const std::string e = "endpoints." + target.toStdString() + ".";
    const QJsonObject ep = endpoints.value(target).toObject();
    onlyKeys(ep, e.substr(0, e.size() - 1), {"network", "latency", "failures", "capacity"});
    const QJsonObject network = objectAt(ep, "network", e);
    onlyKeys(network, e + "network", {"dist", "mean_ms"});
    expectString(network, "dist", "exponential", e + "network.");
    m.networkMeanMs = numberAt(network, "mean_ms", e + "network.");
    const QJsonObject latency = objectAt(ep, "latency", e);
    onlyKeys(latency, e + "latency", {"dist", "median_ms", "p99_ms"});
    expectString(latency, "dist", "lognormal", e + "latency.");
    m.latencyMedianMs = numberAt(latency, "median_ms", e + "latency.");
    m.latencyP99Ms = numberAt(latency, "p99_ms", e + "latency.");
    const QJsonObject failures = objectAt(ep, "failures", e);
    onlyKeys(failures, e + "failures", {"error"});
    m.errorProbability = numberAt(failures, "error", e + "failures.");
    const QJsonObject capacity = objectAt(ep, "capacity", e);
    onlyKeys(capacity, e + "capacity", {"workers", "queue"});
    m.workers = static_cast<int>(numberAt(capacity, "workers", e + "capacity."));
    m.queue = static_cast<int>(numberAt(capacity, "queue", e + "capacity."));
    return m;
}

} // namespace

std::optional<ReferenceModel> referenceModelOf(const QJsonObject& document, std::string& error)
{
    try {
        return read(document);
    } catch (const Unmodelled& u) {
        error = u.what();
        return std::nullopt;
    }
}

} // namespace reslab::bench

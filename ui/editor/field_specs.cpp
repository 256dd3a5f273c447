#include "field_specs.h"

#include "field_helpers.h"
#include "mesh_fields.h"
#include "policy/strategy_kind.h"
#include "scenario/scenario.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace reslab::ui {

using namespace specs;

FieldSpecs generalFields(const QStringList& endpointIds)
{
    FieldSpecs f;
    f << text("name", "Name", {},
              "Shown in the title bar, the CLI's summary and the presets menu.");
    f << text("description", "Description", {}, "One line on what the scenario demonstrates.");
    f << number("duration_s", "Duration", "s", "> 0", {}, "Arrivals stop at this virtual time.");
    f << number("drain_s", "Drain", "s", "≥ 0", QString::number(kDefaultDrainS),
                "How long requests still in flight may take after arrivals stop.");
    f << integer("seed", "Seed", {}, "0 … 2⁵³", "1",
                 "Every random number derives from the seed (run --seed overrides).");
    f << choice("target", "Target endpoint", endpointIds, {},
                "The endpoint the client's pipeline calls.");
    return f;
}

FieldSpecs workloadFields()
{
    FieldSpecs f;
    f << choice(
        "type", "Arrivals", {"open", "closed", "batch", "trace"}, {},
        "open: Poisson arrivals at a rate; closed: N clients, each sends again after a think time; "
        "batch: N clients all start at t = 0; trace: the first attempts recorded in a trace.");
    f << when(
        text("file", "Trace file", {}, "A trace (JSON Lines), relative to the scenario's folder."),
        "type", {"trace"});
    f << when(number("rate_per_s", "Rate", "requests/s", "≥ 0", {},
                     "Mean arrival rate of the Poisson process (rate_schedule in the JSON tab)."),
              "type", {"open"});
    f << when(integer("clients", "Clients", {}, "≥ 1", {}, "Concurrent clients."), "type",
              {"closed", "batch"});
    f << when(integer("requests_per_client", "Requests per client", {}, "≥ 1", "1",
                      "Each batch client sends these one after another."),
              "type", {"batch"});
    FieldSpecs think;
    addDistribution(think, "think", "Think time",
                    "Closed clients wait this long between requests (default 0).");
    for (const FieldSpec& t : think)
        f << (t.showKey.isEmpty() ? when(t, "type", {"closed"}) : t);
    f << integer("max_requests", "Max requests", {}, "≥ 1", "unlimited",
                 "Arrivals stop after this many requests.");
    f << integer("bulk.items", "Bulk items", "per request", "≥ 1", "none",
                 "zenoo_rpc BulkRetryManager: each request sends this many items, each its own "
                 "call through the pipeline (the bulk's backoff in the JSON tab).");
    f << number("bulk.partial_success_threshold", "    success share", {}, "0 … 1",
                QString::number(kBulkPartialSuccessThreshold),
                "The bulk succeeds once this share of its items has (partial_success_threshold).");
    f << integer("bulk.max_attempts", "    rounds", {}, "≥ 1", QString::number(kBulkMaxAttempts),
                 "Rounds, the first included; each further one resends only the failed items.");
    return f;
}

FieldSpecs endpointFields()
{
    FieldSpecs f;
    f << choice("kind", "Kind", namesOf(kEndpointKindNames), "service",
                "versioned_record: optimistic concurrency — a write fails with conflict (409) if "
                "another landed since the read; "
                "trace: answers from a recorded trace (docs/trace-format.md); "
                "proxy: serve forwards ok calls to a real service (docs/serve.md).");
    f << when(text("upstream", "Upstream", "http://127.0.0.1:9000",
                   "The real service serve forwards an ok call to; the simulation has none."),
              "kind", {"proxy"});
    f << when(
        text("file", "Trace file", {}, "A trace (JSON Lines), relative to the scenario's folder."),
        "kind", {"trace"});
    f << when(choice("mode", "Replay", {"sequence", "timeline"}, "timeline",
                     "sequence: the k-th call gets the k-th recorded answer; timeline: a call at "
                     "time t gets one recorded near t."),
              "kind", {"trace"});
    f << when(number("window_ms", "    window", "ms", "≥ 0", "1000",
                     "Timeline: answers recorded within ± this of the call's time."),
              "kind", {"trace"});
    f << when(text("endpoint", "Recorded endpoint", "this endpoint's id",
                   "Replay the calls recorded for this endpoint name."),
              "kind", {"trace"});
    const int simulatedFrom = int(f.size());
    addDistribution(f, "latency", "Service time", "How long the server works on a call.");
    addDistribution(f, "network", "Network delay", "One-way delay, drawn separately each way.");
    f << number("failures.error", "Error (5xx)", {}, "0 … 1", "0",
                "Per-attempt probability of a retryable server error.");
    f << number("failures.fatal", "Fatal (4xx)", {}, "0 … 1", "0",
                "Per-attempt probability of a non-retryable client error.");
    f << number(
        "failures.timeout", "Never answers", {}, "0 … 1", "0",
        "The server works on the call but its response is lost: the client's timeout decides.");
    f << number("failures.reset", "Connection reset", {}, "0 … 1", "0",
                "Refused at once, without service.");
    f << integer("capacity.workers", "Workers", {}, "≥ 1", "unlimited", "Calls served at once.");
    f << integer("capacity.queue", "Queue", "places", "≥ 0", "unbounded",
                 "FIFO places; 0: excess calls are rejected (503) at once.");
    f << number(
        "capacity.slowdown_per_inflight", "Slowdown", "×/call", "≥ 0", "0",
        "Service time × (1 + s · calls at the server): a server that slows down as it fills up.");
    f << number("rate_limit.rate_per_s", "Rate limit", "requests/s", "> 0", "none",
                "Server-side token bucket: the refill rate.");
    f << integer("rate_limit.burst", "    burst", "tokens", "≥ 1", {}, "The bucket's size.");
    f << number("rate_limit.retry_after_ms", "    Retry-After", "ms", "≥ 0", "time to next token",
                "The Retry-After the 429 carries (absent: the time until the next token).");
    f << boolean("cancel_on_timeout", "Cancel on timeout",
                 "Free the server's work when the client gives up (real servers usually do not).");
    f << fleetFields();
    // The model's blocks belong to simulated endpoints only (a distribution's own fields already
    // depend on their kind choice, which is hidden with them).
    for (int i = simulatedFrom; i < int(f.size()); ++i)
        if (f[i].showKey.isEmpty())
            f[i] = when(f[i], "kind", {"", "service", "versioned_record", "proxy"});
    return f;
}

FieldSpecs phaseFields(const QStringList& zones)
{
    FieldSpecs f;
    f << number("start_s", "Start", "s", "≥ 0", {}, "The phase begins at this virtual time.");
    f << number("end_s", "End", "s", "> start", {},
                "… and ends here; the endpoint's own settings apply again.");
    f << phaseHostFields(zones);
    f << number("failures.error", "Error (5xx)", {}, "0 … 1", "endpoint's",
                "Replaces the endpoint's failures while the phase lasts.");
    f << number("failures.timeout", "Never answers", {}, "0 … 1", "endpoint's",
                "Replaces the endpoint's failures while the phase lasts.");
    f << number("failures.reset", "Connection reset", {}, "0 … 1", "endpoint's",
                "Replaces the endpoint's failures while the phase lasts.");
    addDistribution(f, "latency", "Service time",
                    "Replaces the endpoint's service time while the phase lasts.");
    f << integer("capacity.workers", "Workers", {}, "≥ 1", "endpoint's",
                 "Replaces the endpoint's capacity while the phase lasts.");
    return f;
}

FieldSpecs hostFields(const QStringList& zones)
{
    FieldSpecs f;
    f << integer("index", "Host", {}, "0 … replicas − 1", {},
                 "The host (0, 1, …) this entry changes; the others stay as the endpoint says.");
    f << number("weight", "Weight", {}, "1 … 128", "1",
                "Envoy load_balancing_weight: what weighted balancers (least_request with "
                "unequal weights, ring_hash, maglev) read.");
    f << choice("zone", "Zone", zones, "by index",
                "This host's zone, instead of zones[index mod n] from the endpoint's zones.");
    addDistribution(f, "latency", "Service time", "Replaces the endpoint's service time here.");
    addDistribution(f, "network", "Network delay", "Replaces the endpoint's network delay here.");
    f << number("failures.error", "Error (5xx)", {}, "0 … 1", "endpoint's",
                "Replaces the endpoint's failures on this host (the kinds left empty are 0).");
    f << number("failures.timeout", "Never answers", {}, "0 … 1", "endpoint's",
                "Replaces the endpoint's failures on this host (the kinds left empty are 0).");
    f << number("failures.reset", "Connection reset", {}, "0 … 1", "endpoint's",
                "Replaces the endpoint's failures on this host (the kinds left empty are 0).");
    f << integer("capacity.workers", "Workers", {}, "≥ 1", "endpoint's",
                 "Replaces the endpoint's capacity on this host (a key left empty in a capacity "
                 "given here is unlimited, not the endpoint's).");
    f << integer("capacity.queue", "Queue", "places", "≥ 0", "endpoint's",
                 "Replaces the endpoint's capacity on this host (a key left empty in a capacity "
                 "given here is unbounded, not the endpoint's).");
    return f;
}

QStringList strategyTypes()
{
    QStringList out;
    for (const StrategyKind* k : strategyKinds())
        out << QString::fromUtf8(k->name.data(), qsizetype(k->name.size()));
    return out;
}

namespace {
const StrategyKind* kindOf(const QString& type)
{
    return strategyKindNamed(type.toStdString());
}

QString fromStd(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

QStringList fromStd(const std::vector<std::string>& list)
{
    QStringList out;
    for (const std::string& s : list)
        out << QString::fromStdString(s);
    return out;
}
} // namespace

FieldSpec fromEngine(const reslab::FieldSpec& e)
{
    FieldSpec f;
    f.key = QString::fromStdString(e.key);
    f.label = tr(e.label.c_str());
    f.kind = e.kind;
    f.unit = QString::fromStdString(e.unit);
    f.range = QString::fromStdString(e.range);
    f.defaultText = QString::fromStdString(e.defaultText);
    f.tooltip = tr(e.tooltip.c_str());
    f.choices = fromStd(e.choices);
    f.showKey = QString::fromStdString(e.showKey);
    f.showValues = fromStd(e.showValues);
    f.impliedBy = QString::fromStdString(e.impliedBy);
    f.parent = QString::fromStdString(e.parent);
    for (const auto& [by, value] : e.implied)
        f.implied.append({QString::fromStdString(by), QString::fromStdString(value)});
    return f;
}

QString strategyTitle(const QString& type)
{
    const StrategyKind* k = kindOf(type);
    return k ? tr(std::string(k->title).c_str()) : type;
}

FieldSpecs strategyFields(const QString& type)
{
    FieldSpecs f;
    if (const StrategyKind* k = kindOf(type))
        for (const reslab::FieldSpec& e : k->fields())
            f << fromEngine(e);
    return f;
}

QString strategyForm(const QJsonObject& strategy)
{
    const QString type = strategy.value("type").toString();
    return isEnvoyRetry(strategy) ? type + QStringLiteral("/envoy") : type;
}

FieldSpecs strategyFields(const QJsonObject& strategy)
{
    if (isEnvoyRetry(strategy)) return envoyRetryFields();
    const QString type = strategy.value("type").toString();
    FieldSpecs f = strategyFields(type);
    if (type == QLatin1String("load_balancer")) f << hostEjectionFields();
    return f;
}

QString newStrategyJson(const QString& type)
{
    const StrategyKind* k = kindOf(type);
    QJsonObject object;
    if (k) object = QJsonDocument::fromJson(fromStd(k->newJson).toUtf8()).object();
    object.insert(QStringLiteral("type"), type);
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

} // namespace reslab::ui

#include "serve/control_api.h"

#include "scenario/scenario_io.h"
#include "serve/http_server.h"
#include "serve/served_model.h"
#include "util/strict_json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>
#include <vector>

namespace reslab {

namespace {

// The blocks of an endpoint that may change while it serves (the rest shape the endpoint
// itself: its kind, calls, phases, trace).
constexpr std::array<std::string_view, 6> kChangeable = {"network",  "latency",    "failures",
                                                         "capacity", "rate_limit", "statuses"};
// The outcomes an endpoint itself can give, for the state and the metrics.
constexpr std::array<Outcome, 8> kServedOutcomes = {
    Outcome::Ok,          Outcome::Error,    Outcome::Fatal, Outcome::Timeout,
    Outcome::RateLimited, Outcome::Rejected, Outcome::Reset, Outcome::Conflict};

QString qs(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

std::string errorJson(const std::string& message, const Diagnostics& diagnostics = {})
{
    QJsonObject o{{"error", QString::fromStdString(message)}};
    if (!diagnostics.empty()) {
        QJsonArray list;
        for (const Diagnostic& d : diagnostics)
            list.append(QJsonObject{{"path", QString::fromStdString(d.path)},
                                    {"message", QString::fromStdString(d.message)}});
        o["diagnostics"] = list;
    }
    return QJsonDocument(o).toJson(QJsonDocument::Indented).toStdString();
}

ControlResponse error(int status, const std::string& message, const Diagnostics& d = {})
{
    return ControlResponse{status, "application/json", errorJson(message, d), {}};
}

ControlResponse notAllowed(std::string allow)
{
    ControlResponse r = error(405, "method not allowed; use " + allow);
    r.allow = std::move(allow);
    return r;
}

std::vector<std::string_view> segments(std::string_view path)
{
    std::vector<std::string_view> out;
    while (!path.empty()) {
        const std::size_t slash = path.find('/');
        if (slash != 0) out.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash + 1);
    }
    return out;
}

// A number for the metrics text (snprintf: the "C" locale, as the process never sets another).
std::string number(double v, int digits = 6)
{
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%.*g", digits, v);
    return buffer;
}

// Prometheus label values escape \, " and newlines (exposition format).
std::string label(std::string_view v)
{
    std::string out;
    for (char c : v) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

} // namespace

ControlApi::ControlApi(ServedModel& model, const ServerCounters& counters)
    : m_model(model), m_counters(counters)
{
}

ControlResponse ControlApi::handle(std::string_view method, std::string_view target,
                                   std::string_view body)
{
    std::string_view query;
    if (const std::size_t q = target.find('?'); q != std::string_view::npos) {
        query = target.substr(q + 1);
        target = target.substr(0, q);
    }
    const std::vector<std::string_view> parts = segments(target.substr(kControlPrefix.size()));
    const bool get = method == "GET" || method == "HEAD";
    const bool post = method == "POST" || method == "PUT";
    if (parts.size() == 1 && parts[0] == "state") {
        if (!get) return notAllowed("GET");
        return ControlResponse{200, "application/json", stateJson(), {}};
    }
    if (parts.size() == 1 && parts[0] == "metrics") {
        if (!get) return notAllowed("GET");
        return ControlResponse{200, "text/plain; version=0.0.4; charset=utf-8", metricsText(), {}};
    }
    if (parts.size() == 1 && parts[0] == "reset") {
        if (!post) return notAllowed("POST");
        m_model.reset();
        return ControlResponse{200, "application/json", stateJson(), {}};
    }
    if (parts.size() == 2 && parts[0] == "endpoints") {
        if (!post) return notAllowed("POST");
        return changeEndpoint(parts[1], body);
    }
    if (parts.size() == 5 && parts[0] == "endpoints" && parts[2] == "phases") {
        if (!post) return notAllowed("POST");
        return movePhase(parts[1], parts[3], parts[4], query);
    }
    return error(404, "no control path " + std::string(kControlPrefix) +
                          std::string(target.substr(kControlPrefix.size())) +
                          "; there are state, metrics, reset, endpoints/NAME and "
                          "endpoints/NAME/phases/I/start|stop");
}

ControlResponse ControlApi::changeEndpoint(std::string_view name, std::string_view body)
{
    const std::optional<std::uint32_t> index = m_model.endpointIndex(name);
    if (!index) return error(404, "no endpoint \"" + std::string(name) + "\"");
    const EndpointSpec& spec = m_model.current().endpoints[*index];
    if (spec.kind == EndpointSpec::Kind::Trace)
        return error(409, "endpoint \"" + spec.id + "\" replays a trace: its answers come from it");
    JsonSyntaxError syntax;
    const std::optional<QJsonValue> change = parseStrictJson(body, &syntax);
    if (!change)
        return error(400, "the body is not JSON: " + syntax.message + " at byte " +
                              std::to_string(syntax.offset));
    if (!change->isObject())
        return error(400, "the body must be a JSON object of the endpoint's blocks to change");
    // The scenario as served, with the changed blocks put in, goes through the scenario reader:
    // the same checks and the same messages as a file.
    const QJsonDocument current =
        QJsonDocument::fromJson(QByteArray::fromStdString(scenarioToJson(m_model.current())));
    QJsonObject document = current.object();
    QJsonObject endpoints = document["endpoints"].toObject();
    QJsonObject endpoint = endpoints[QString::fromStdString(spec.id)].toObject();
    const QJsonObject blocks = change->toObject();
    for (auto it = blocks.begin(); it != blocks.end(); ++it) {
        const std::string key = it.key().toStdString();
        if (std::find(kChangeable.begin(), kChangeable.end(), key) == kChangeable.end()) {
            std::string allowed;
            for (std::string_view k : kChangeable)
                allowed += (allowed.empty() ? "" : ", ") + std::string(k);
            return error(400, "endpoints." + spec.id + "." + key +
                                  ": cannot be changed while serving (these can: " + allowed + ")");
        }
        if (it.value().isNull())
            endpoint.remove(it.key()); // back to the format's default
        else
            endpoint[it.key()] = it.value();
    }
    endpoints[QString::fromStdString(spec.id)] = endpoint;
    document["endpoints"] = endpoints;
    const ScenarioLoad load = parseScenario(document);
    if (!load.scenario) return error(400, "the change does not validate", load.diagnostics);
    m_model.reconfigure(*index, load.scenario->endpoints[*index]);
    return ControlResponse{200, "application/json", stateJson(), {}};
}

ControlResponse ControlApi::movePhase(std::string_view name, std::string_view index,
                                      std::string_view action, std::string_view query)
{
    const std::optional<std::uint32_t> e = m_model.endpointIndex(name);
    if (!e) return error(404, "no endpoint \"" + std::string(name) + "\"");
    const EndpointSpec& spec = m_model.current().endpoints[*e];
    std::size_t phase = 0;
    const bool digits = !index.empty() && index.size() <= 6 &&
                        index.find_first_not_of("0123456789") == std::string_view::npos;
    if (digits) phase = static_cast<std::size_t>(std::stoul(std::string(index)));
    if (!digits || phase >= spec.phases.size())
        return error(404, "endpoint \"" + spec.id + "\" has " + std::to_string(spec.phases.size()) +
                              " phase(s); no phase \"" + std::string(index) + "\"");
    const Time now = m_model.now();
    const auto [start, end] = m_model.endpoint(*e).phaseWindow(phase);
    if (action == "stop") {
        // Ends now if it is on; a phase still to come is cancelled (it ends before it starts).
        m_model.setPhaseWindow(*e, phase, std::min(start, now), now);
        return ControlResponse{200, "application/json", stateJson(), {}};
    }
    if (action != "start")
        return error(404, "phases/" + std::string(index) + "/" + std::string(action) +
                              ": the actions are start and stop");
    const PhaseSpec& original = m_model.scenario().endpoints[*e].phases[phase];
    double seconds = original.endS - original.startS;
    if (query.starts_with("for_s=")) {
        const std::string text(query.substr(6));
        char* stop = nullptr;
        seconds = std::strtod(text.c_str(), &stop);
        if (text.empty() || stop != text.c_str() + text.size() || !(seconds > 0.0) ||
            seconds > kMaxDurationMs / 1000.0)
            return error(400, "for_s must be a number of seconds above 0, got \"" + text + "\"");
    } else if (!query.empty()) {
        return error(400, "the only parameter is for_s (how long the phase lasts from now)");
    }
    m_model.setPhaseWindow(*e, phase, now, now + fromSeconds(seconds));
    return ControlResponse{200, "application/json", stateJson(), {}};
}

std::string ControlApi::stateJson() const
{
    const Time now = m_model.now();
    QJsonArray endpoints;
    for (std::uint32_t i = 0; i < m_model.endpointCount(); ++i) {
        const ServedEndpointStats& st = m_model.stats(i);
        const Fleet& endpoint = m_model.endpoint(i);
        const EndpointSpec& spec = m_model.current().endpoints[i];
        QJsonObject outcomes;
        for (Outcome o : kServedOutcomes)
            outcomes[qs(outcomeName(o))] =
                static_cast<double>(st.outcomes[static_cast<std::size_t>(o)]);
        QJsonArray phases;
        for (std::size_t p = 0; p < spec.phases.size(); ++p) {
            const auto [start, end] = endpoint.phaseWindow(p);
            phases.append(QJsonObject{{"index", static_cast<int>(p)},
                                      {"start_s", toSeconds(start)},
                                      {"end_s", toSeconds(end)},
                                      {"active", start <= now && now < end}});
        }
        endpoints.append(QJsonObject{{"name", QString::fromStdString(spec.id)},
                                     {"requests", static_cast<double>(st.requests)},
                                     {"in_flight", static_cast<double>(st.inFlight)},
                                     {"abandoned", static_cast<double>(st.abandoned)},
                                     {"busy_workers", static_cast<double>(endpoint.busyWorkers())},
                                     {"queue", static_cast<double>(endpoint.queueDepth())},
                                     {"outcomes", outcomes},
                                     {"failures", QJsonObject{{"error", spec.failures.error},
                                                              {"fatal", spec.failures.fatal},
                                                              {"timeout", spec.failures.timeout},
                                                              {"reset", spec.failures.reset}}},
                                     {"phases", phases}});
    }
    const QJsonObject server{{"connections", static_cast<double>(m_counters.connections)},
                             {"connections_open", static_cast<double>(m_counters.open)},
                             {"connections_refused", static_cast<double>(m_counters.refused)},
                             {"requests", static_cast<double>(m_counters.requests)},
                             {"malformed", static_cast<double>(m_counters.malformed)},
                             {"unrouted", static_cast<double>(m_counters.unrouted)}};
    const QJsonObject state{{"scenario", QString::fromStdString(m_model.scenario().name)},
                            {"seed", QString::number(m_model.seed())},
                            {"uptime_s", toSeconds(now)},
                            {"server", server},
                            {"endpoints", endpoints}};
    return QJsonDocument(state).toJson(QJsonDocument::Indented).toStdString();
}

std::string ControlApi::metricsText() const
{
    // The Prometheus text exposition format, version 0.0.4.
    std::string out;
    auto family = [&out](std::string_view name, std::string_view type, std::string_view help) {
        out += "# HELP " + std::string(name) + " " + std::string(help) + "\n";
        out += "# TYPE " + std::string(name) + " " + std::string(type) + "\n";
    };
    const std::uint32_t n = static_cast<std::uint32_t>(m_model.endpointCount());
    // One sample per endpoint: `value(i)` for endpoint i.
    auto perEndpoint = [&](std::string_view name, std::string_view type, std::string_view help,
                           auto value) {
        family(name, type, help);
        for (std::uint32_t i = 0; i < n; ++i)
            out += std::string(name) + "{endpoint=\"" + label(m_model.endpointId(i)) + "\"} " +
                   std::to_string(value(i)) + "\n";
    };
    perEndpoint("reslab_requests_total", "counter", "Requests real clients sent to an endpoint.",
                [&](std::uint32_t i) { return m_model.stats(i).requests; });
    family("reslab_answers_total", "counter", "Answers the fault model gave, by outcome.");
    for (std::uint32_t i = 0; i < n; ++i)
        for (Outcome o : kServedOutcomes)
            out += "reslab_answers_total{endpoint=\"" + label(m_model.endpointId(i)) +
                   "\",outcome=\"" + std::string(outcomeName(o)) + "\"} " +
                   std::to_string(m_model.stats(i).outcomes[static_cast<std::size_t>(o)]) + "\n";
    perEndpoint("reslab_abandoned_total", "counter",
                "Calls whose client went away before the answer.",
                [&](std::uint32_t i) { return m_model.stats(i).abandoned; });
    perEndpoint("reslab_in_flight", "gauge", "Requests in the fault model, not answered yet.",
                [&](std::uint32_t i) { return m_model.stats(i).inFlight; });
    perEndpoint("reslab_busy_workers", "gauge", "Workers serving a call.",
                [&](std::uint32_t i) { return m_model.endpoint(i).busyWorkers(); });
    perEndpoint("reslab_queue_depth", "gauge", "Calls waiting for a worker.",
                [&](std::uint32_t i) { return m_model.endpoint(i).queueDepth(); });
    family("reslab_answer_latency_seconds", "histogram",
           "From a request entering the fault model to its answer.");
    for (std::uint32_t i = 0; i < n; ++i) {
        const ServedEndpointStats& st = m_model.stats(i);
        const std::string e = "endpoint=\"" + label(m_model.endpointId(i)) + "\"";
        std::uint64_t cumulative = 0;
        for (std::size_t b = 0; b < kLatencyBucketsS.size(); ++b) {
            cumulative += st.latencyBuckets[b];
            out += "reslab_answer_latency_seconds_bucket{" + e + ",le=\"" +
                   number(kLatencyBucketsS[b]) + "\"} " + std::to_string(cumulative) + "\n";
        }
        cumulative += st.latencyBuckets.back();
        out += "reslab_answer_latency_seconds_bucket{" + e + ",le=\"+Inf\"} " +
               std::to_string(cumulative) + "\n";
        out += "reslab_answer_latency_seconds_sum{" + e + "} " + number(st.latencySumS, 12) + "\n";
        out +=
            "reslab_answer_latency_seconds_count{" + e + "} " + std::to_string(cumulative) + "\n";
    }
    family("reslab_connections_open", "gauge", "Client connections open.");
    out += "reslab_connections_open " + std::to_string(m_counters.open) + "\n";
    family("reslab_connections_total", "counter", "Client connections accepted and served.");
    out += "reslab_connections_total " + std::to_string(m_counters.connections) + "\n";
    family("reslab_connections_refused_total", "counter",
           "Connections closed at once: the connection limit was reached.");
    out += "reslab_connections_refused_total " + std::to_string(m_counters.refused) + "\n";
    family("reslab_malformed_requests_total", "counter",
           "Requests answered 400, 408, 413, 431 or 501.");
    out += "reslab_malformed_requests_total " + std::to_string(m_counters.malformed) + "\n";
    return out;
}

} // namespace reslab

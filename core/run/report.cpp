#include "run/report.h"

#include "util/json_writer.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

namespace reslab {

namespace {
// The numbers that decided a transition: the rule, the window it counted and the limits in force
// (the thresholds only where the rule compares with them).
void writeDecision(JsonWriter& w, const BreakerDecision& d)
{
    w.key("decision").beginObject().key("rule").value(breakerRuleName(d.rule));
    w.key("calls")
        .value(std::uint64_t{d.calls})
        .key("failures")
        .value(std::uint64_t{d.failures})
        .key("slow")
        .value(std::uint64_t{d.slow});
    switch (d.rule) {
    case BreakerRule::FailureRate:
    case BreakerRule::SlowCallRate:
    case BreakerRule::FiresRate:
    case BreakerRule::ProbesPassed:
    case BreakerRule::ProbesFailed:
        w.key("minimum").value(std::uint64_t{d.minimum}).key("failure_rate").value(d.failureRate);
        if (d.rule != BreakerRule::FiresRate && std::isfinite(d.slowCallMs))
            w.key("slow_call_rate").value(d.slowCallRate).key("slow_call_ms").value(d.slowCallMs);
        break;
    case BreakerRule::Consecutive:
    case BreakerRule::FailuresInPeriod:
        w.key("failure_threshold").value(std::uint64_t{d.failureThreshold});
        break;
    default:
        break;
    }
    w.endObject();
}
} // namespace

std::string summaryToJson(const Summary& s)
{
    JsonWriter w;
    w.beginObject();
    w.key("format").value(kSummaryFormat);
    w.key("scenario").value(s.scenario);
    w.key("seed").value(s.seed);
    w.key("requests").beginObject();
    w.key("total").value(s.requests).key("succeeded").value(s.succeeded);
    w.key("failed").value(s.failed).key("unfinished").value(s.unfinished);
    w.key("fallback").value(s.fallbacks);
    w.key("success_rate").value(s.successRate());
    w.key("by_outcome").beginObject();
    for (std::size_t i = 0; i < kOutcomeCount; ++i)
        if (s.requestsByOutcome[i]) w.key(kOutcomeNames[i]).value(s.requestsByOutcome[i]);
    w.endObject().endObject();
    w.key("attempts").beginObject();
    w.key("total").value(s.attempts).key("per_request").value(s.attemptsPerRequest());
    w.key("by_outcome").beginObject();
    for (std::size_t i = 0; i < kOutcomeCount; ++i)
        if (s.attemptsByOutcome[i]) w.key(kOutcomeNames[i]).value(s.attemptsByOutcome[i]);
    w.endObject().endObject();
    if (s.bulk) {
        w.key("bulk").beginObject().key("item_calls").value(s.bulk->itemCalls);
        w.key("items_succeeded").value(s.bulk->itemsSucceeded).endObject();
    }
    w.key("latency_ms").beginObject();
    w.key("mean").value(s.latency.mean).key("p50").value(s.latency.p50);
    w.key("p90").value(s.latency.p90).key("p99").value(s.latency.p99);
    w.key("p999").value(s.latency.p999).key("max").value(s.latency.max);
    w.endObject();
    w.key("breakers").beginArray();
    for (const BreakerSummary& b : s.breakers) {
        w.beginObject().key("name").value(b.name).key("transition_count").value(b.transitionCount);
        w.key("transitions").beginArray();
        for (const BreakerTransition& t : b.transitions) {
            w.beginObject().key("t_ms").value(t.tMs).key("from").value(breakerStateName(t.from));
            w.key("to").value(breakerStateName(t.to)).key("reason").value(t.reason);
            writeDecision(w, t.decision);
            w.endObject();
        }
        w.endArray().endObject();
    }
    w.endArray();
    w.key("endpoints").beginObject();
    for (const EndpointSummary& e : s.endpoints) {
        w.key(e.id).beginObject();
        w.key("attempts").value(e.attempts).key("served").value(e.served);
        w.key("max_queue").value(e.maxQueue).key("utilization").value(e.utilization);
        w.key("amplification").value(e.amplification);
        w.key("shed").value(e.shed).key("refused").value(e.refused);
        if (!e.hosts.empty()) {
            w.key("hosts").beginArray();
            for (const HostSummary& h : e.hosts) {
                w.beginObject().key("attempts").value(h.attempts).key("served").value(h.served);
                w.key("failed").value(h.failed).key("max_queue").value(h.maxQueue);
                w.key("utilization").value(h.utilization);
                if (!h.zone.empty()) w.key("zone").value(h.zone);
                w.key("ejections").value(h.ejections);
                w.key("ejections_overflow").value(h.ejectionsOverflow);
                w.endObject();
            }
            w.endArray();
        }
        w.endObject();
    }
    w.endObject();
    w.key("end_ms").value(s.endMs);
    if (s.partial()) w.key("partial").value(true).key("stopped").value(s.stopped);
    w.key("engine")
        .beginObject()
        .key("events")
        .value(s.events)
        .key("wall_ms")
        .value(s.wallMs)
        .endObject();
    w.endObject();
    return w.take();
}

namespace {
std::string fixed(double v, int decimals)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}
std::string pad(std::string s, std::size_t width, bool right = true)
{
    if (s.size() >= width) return s;
    return right ? std::string(width - s.size(), ' ') + s : s + std::string(width - s.size(), ' ');
}
} // namespace

std::string summaryToTable(const Summary& s)
{
    std::string out;
    if (s.partial())
        out += "PARTIAL    the run stopped at " + fixed(s.endMs / 1000.0, 3) +
               " s of virtual time: " + s.stopped + "\n";
    out += "Scenario   " + (s.scenario.empty() ? std::string("(unnamed)") : s.scenario) + "\n";
    out += "Seed       " + std::to_string(s.seed) + "    virtual time " +
           fixed(s.endMs / 1000.0, 3) + " s    " + std::to_string(s.events) + " events in " +
           fixed(s.wallMs, 1) + " ms\n\n";
    out += "Requests   " + std::to_string(s.requests) + " total, " + std::to_string(s.succeeded) +
           " succeeded, " + std::to_string(s.failed) + " failed";
    if (s.unfinished) out += ", " + std::to_string(s.unfinished) + " unfinished";
    if (s.fallbacks) out += " (" + std::to_string(s.fallbacks) + " answered by a fallback)";
    out += "  (success rate " + fixed(100.0 * s.successRate(), 2) + " %)\n";
    out += "Attempts   " + std::to_string(s.attempts) + " total, " +
           fixed(s.attemptsPerRequest(), 3) + " per request\n";
    if (s.bulk)
        out += "Bulk       " + std::to_string(s.bulk->itemCalls) + " item calls, " +
               std::to_string(s.bulk->itemsSucceeded) + " items succeeded\n";
    out += "\n";
    out += "Outcome            attempts    requests\n";
    for (std::size_t i = 0; i < kOutcomeCount; ++i) {
        if (!s.attemptsByOutcome[i] && !s.requestsByOutcome[i]) continue;
        out += pad(std::string(kOutcomeNames[i]), 16, false) +
               pad(std::to_string(s.attemptsByOutcome[i]), 12) +
               pad(std::to_string(s.requestsByOutcome[i]), 12) + "\n";
    }
    out += "\nLatency (ms, end to end)   mean " + fixed(s.latency.mean, 2) + "   p50 " +
           fixed(s.latency.p50, 2) + "   p90 " + fixed(s.latency.p90, 2) + "   p99 " +
           fixed(s.latency.p99, 2) + "   p99.9 " + fixed(s.latency.p999, 2) + "   max " +
           fixed(s.latency.max, 2) + "\n\n";
    // Shed and refused calls get their columns only when some endpoint has them.
    const bool turnedAway =
        std::any_of(s.endpoints.begin(), s.endpoints.end(),
                    [](const EndpointSummary& e) { return e.shed || e.refused; });
    out += "Endpoint           attempts  per request      served   max queue   utilization";
    out += turnedAway ? "        shed     refused\n" : "\n";
    for (const EndpointSummary& e : s.endpoints) {
        out += pad(e.id, 16, false) + pad(std::to_string(e.attempts), 12) +
               pad(fixed(e.amplification, 3), 13) + pad(std::to_string(e.served), 12) +
               pad(std::to_string(e.maxQueue), 12) +
               pad(fixed(100.0 * e.utilization, 1) + " %", 14);
        if (turnedAway) out += pad(std::to_string(e.shed), 12) + pad(std::to_string(e.refused), 12);
        out += "\n";
    }
    for (const EndpointSummary& e : s.endpoints) {
        if (e.hosts.empty()) continue;
        out += "\nHosts of " + e.id +
               "       attempts      failed   max queue   utilization   ejections\n";
        for (std::size_t h = 0; h < e.hosts.size(); ++h) {
            const HostSummary& x = e.hosts[h];
            std::string name = "  " + std::to_string(h);
            if (!x.zone.empty()) name += " (" + x.zone + ")";
            out += pad(name, 16, false) + pad(std::to_string(x.attempts), 12) +
                   pad(std::to_string(x.failed), 12) + pad(std::to_string(x.maxQueue), 12) +
                   pad(fixed(100.0 * x.utilization, 1) + " %", 14) +
                   pad(std::to_string(x.ejections), 12);
            if (x.ejectionsOverflow)
                out += "  (" + std::to_string(x.ejectionsOverflow) +
                       " more kept by max_ejection_percent)";
            out += "\n";
        }
    }
    for (const BreakerSummary& b : s.breakers) {
        out += "\nBreaker " + b.name + ": " + std::to_string(b.transitionCount) + " transitions";
        if (b.transitions.size() < b.transitionCount)
            out += " (the first " + std::to_string(b.transitions.size()) + " listed)";
        out += "\n";
        for (const BreakerTransition& t : b.transitions)
            out += "  " + pad(fixed(t.tMs / 1000.0, 3), 10) + " s  " +
                   std::string(breakerStateName(t.from)) + " → " +
                   std::string(breakerStateName(t.to)) + "  (" + t.reason + ")\n";
    }
    return out;
}

// ---- CSV ----------------------------------------------------------------------------------------

AttemptsCsvWriter::AttemptsCsvWriter(OutputFile& file, std::vector<std::string> endpointIds)
    : m_file(file), m_endpointIds(std::move(endpointIds))
{
    m_file.write("request,attempt,endpoint,start_ms,end_ms,outcome,status,wait_ms\n");
}

void AttemptsCsvWriter::onAttempt(const AttemptRecord& r)
{
    m_line.clear();
    m_line += std::to_string(r.request);
    m_line += ',';
    m_line += std::to_string(r.attempt);
    m_line += ',';
    m_line += m_endpointIds[r.endpoint];
    m_line += ',';
    appendMillis(m_line, r.start);
    m_line += ',';
    appendMillis(m_line, r.end);
    m_line += ',';
    m_line += outcomeName(r.result.outcome);
    m_line += ',';
    m_line += std::to_string(r.result.status);
    m_line += ',';
    appendMillis(m_line, r.wait);
    m_line += '\n';
    m_file.write(m_line);
}

TimelineCsvWriter::TimelineCsvWriter(OutputFile& file) : m_file(file)
{
    std::string header = "t_s,offered,attempts,ok";
    for (std::size_t i = 1; i < kOutcomeCount; ++i) {
        header += ',';
        header += kOutcomeNames[i];
    }
    header += ",in_flight,queue,p50_ms,p99_ms\n";
    m_file.write(header);
}

void TimelineCsvWriter::onSecond(const TimelineRow& row)
{
    m_line.clear();
    m_line += std::to_string(row.index); // the CSV's rows are one second wide
    m_line += ',';
    m_line += std::to_string(row.offered);
    m_line += ',';
    m_line += std::to_string(row.attempts);
    for (std::size_t i = 0; i < kOutcomeCount; ++i) {
        m_line += ',';
        m_line += std::to_string(row.byOutcome[i]);
    }
    m_line += ',';
    m_line += std::to_string(row.inFlight);
    m_line += ',';
    m_line += std::to_string(row.queue);
    m_line += ',';
    appendMillis(m_line, row.p50);
    m_line += ',';
    appendMillis(m_line, row.p99);
    m_line += '\n';
    m_file.write(m_line);
}

} // namespace reslab

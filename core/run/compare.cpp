#include "run/compare.h"

#include "run/simulation.h"
#include "util/json_writer.h"

#include <cmath>
#include <cstdio>

namespace reslab {

double breakerOpenMs(const Summary& s)
{
    double total = 0;
    for (const BreakerSummary& b : s.breakers) {
        double openedAt = -1;
        for (const BreakerTransition& t : b.transitions) {
            const bool open = isOpen(t.to);
            if (openedAt >= 0 && !open) {
                total += t.tMs - openedAt;
                openedAt = -1;
            } else if (openedAt < 0 && open) {
                openedAt = t.tMs;
            }
        }
        if (openedAt >= 0) total += s.endMs - openedAt;
    }
    return total;
}

bool Comparison::identical() const
{
    for (const ComparisonRow& r : rows)
        for (double v : r.values)
            if (v != r.values.front()) return false;
    return true;
}

Comparison compareRuns(const std::vector<ComparedRun>& runs, std::uint64_t seed)
{
    Comparison c;
    RunOptions options;
    options.seed = seed;
    for (const ComparedRun& run : runs) {
        Simulation sim(run.scenario, options);
        sim.run();
        c.names.push_back(run.name);
        c.runs.push_back(sim.summary());
        c.runs.back().wallMs = 0; // not a difference between the policies
    }
    std::vector<const Summary*> summaries;
    for (const Summary& s : c.runs)
        summaries.push_back(&s);
    c.rows = comparisonRows(summaries);
    return c;
}

std::vector<ComparisonRow> comparisonRows(const std::vector<const Summary*>& runs)
{
    std::vector<ComparisonRow> rows;
    auto row = [&](std::string name, std::string metric, double scale, auto value) {
        ComparisonRow r{std::move(metric), {}, std::move(name), scale};
        for (const Summary* s : runs)
            r.values.push_back(scale * value(*s));
        rows.push_back(std::move(r));
    };
    row("requests.total", "requests", 1, [](const Summary& s) { return double(s.requests); });
    row("success_rate", "success rate (%)", 100, [](const Summary& s) { return s.successRate(); });
    row("requests.failed", "failed requests", 1, [](const Summary& s) { return double(s.failed); });
    row("attempts.total", "attempts", 1, [](const Summary& s) { return double(s.attempts); });
    row("attempts.per_request", "attempts per request", 1,
        [](const Summary& s) { return s.attemptsPerRequest(); });
    row("latency_ms.mean", "latency mean (ms)", 1, [](const Summary& s) { return s.latency.mean; });
    row("latency_ms.p50", "latency p50 (ms)", 1, [](const Summary& s) { return s.latency.p50; });
    row("latency_ms.p90", "latency p90 (ms)", 1, [](const Summary& s) { return s.latency.p90; });
    row("latency_ms.p99", "latency p99 (ms)", 1, [](const Summary& s) { return s.latency.p99; });
    row("latency_ms.p999", "latency p99.9 (ms)", 1,
        [](const Summary& s) { return s.latency.p999; });
    row("latency_ms.max", "latency max (ms)", 1, [](const Summary& s) { return s.latency.max; });
    row("breakers.open_ms", "breaker open time (ms)", 1,
        [](const Summary& s) { return breakerOpenMs(s); });
    // Endpoints are the same in every run (only the client pipeline differs), sorted by id.
    std::size_t endpoints = runs.empty() ? 0 : runs.front()->endpoints.size();
    for (const Summary* s : runs)
        endpoints = std::min(endpoints, s->endpoints.size());
    for (std::size_t i = 0; i < endpoints; ++i) {
        const std::string id = runs.front()->endpoints[i].id;
        row("endpoints." + id + ".attempts", "endpoint " + id + ": attempts", 1,
            [i](const Summary& s) { return double(s.endpoints[i].attempts); });
        row("endpoints." + id + ".utilization", "endpoint " + id + ": utilization (%)", 100,
            [i](const Summary& s) { return s.endpoints[i].utilization; });
        row("endpoints." + id + ".max_queue", "endpoint " + id + ": max queue", 1,
            [i](const Summary& s) { return double(s.endpoints[i].maxQueue); });
    }
    return rows;
}

namespace {
std::string number(double v)
{
    char buf[32];
    if (v == std::floor(v) && std::fabs(v) < 1e15)
        std::snprintf(buf, sizeof buf, "%.0f", v);
    else
        std::snprintf(buf, sizeof buf, "%.3f", v);
    return buf;
}

std::string signedNumber(double v)
{
    return v == 0 ? "0" : (v > 0 ? "+" : "") + number(v);
}

std::string column(std::string text, std::size_t width)
{
    // Right-aligned in `width` characters (UTF-8 aware enough for "−").
    std::size_t chars = 0;
    for (unsigned char ch : text)
        chars += (ch & 0xC0) != 0x80;
    return std::string(width > chars ? width - chars : 0, ' ') + text;
}
} // namespace

std::string comparisonTable(const Comparison& c)
{
    const Summary& first = c.runs.front();
    std::string out = "Scenario   " + first.scenario + "\nSeed       " + std::to_string(first.seed);
    if (c.names.size() == 2 && c.names[0] == "A" && c.names[1] == "B")
        out += "    A: the scenario's pipeline, B: --pipeline-b";
    out += "\n\n";
    out += std::string(34, ' ');
    for (const std::string& n : c.names)
        out += " " + column(n, 14);
    for (std::size_t i = 1; i < c.names.size(); ++i)
        out += " " + column(c.names[i] + " − " + c.names[0], 14);
    out += '\n';
    for (const ComparisonRow& r : c.rows) {
        std::string line = r.metric;
        line.resize(std::max<std::size_t>(34, line.size()), ' ');
        for (double v : r.values)
            line += " " + column(number(v), 14);
        for (std::size_t i = 1; i < r.values.size(); ++i)
            line += " " + column(signedNumber(r.delta(i)), 14);
        out += line + '\n';
    }
    out += c.identical() ? "\nNo differences.\n" : "";
    return out;
}

std::string comparisonToJson(const Comparison& c)
{
    JsonWriter w;
    w.beginObject();
    w.key("format").value(kComparisonFormat);
    w.key("scenario").value(c.runs.front().scenario);
    w.key("seed").value(c.runs.front().seed);
    w.key("identical").value(c.identical());
    w.key("runs").inlineArray(c.names);
    w.key("metrics").beginArray();
    for (const ComparisonRow& r : c.rows) {
        // In the unit of the name (fractions, not percentages), as every other output has it.
        std::vector<double> values, deltas;
        for (double v : r.values)
            values.push_back(v / r.scale);
        for (std::size_t i = 1; i < values.size(); ++i)
            deltas.push_back(values[i] - values[0]);
        w.beginObject().key("metric").value(r.name);
        w.key("values").inlineArray(values);
        w.key("deltas").inlineArray(deltas);
        if (values.size() == 2) // the A/B form, kept for scripts written against it
            w.key("a").value(values[0]).key("b").value(values[1]).key("delta").value(deltas[0]);
        w.endObject();
    }
    w.endArray();
    w.endObject();
    return w.take() + "\n";
}

} // namespace reslab

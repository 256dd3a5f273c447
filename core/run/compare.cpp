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
        if (r.a != r.b) return false;
    return true;
}

Comparison compareRuns(const Scenario& a, const Scenario& b, std::uint64_t seed)
{
    Comparison c;
    RunOptions options;
    options.seed = seed;
    for (auto [scenario, summary] : {std::pair{&a, &c.a}, std::pair{&b, &c.b}}) {
        Simulation sim(*scenario, options);
        sim.run();
        *summary = sim.summary();
        summary->wallMs = 0; // not a difference between the policies
    }
    c.rows = comparisonRows(c.a, c.b);
    return c;
}

std::vector<ComparisonRow> comparisonRows(const Summary& a, const Summary& b)
{
    std::vector<ComparisonRow> rows;
    auto row = [&](std::string metric, double x, double y) {
        rows.push_back({std::move(metric), x, y});
    };
    row("requests", double(a.requests), double(b.requests));
    row("success rate (%)", 100.0 * a.successRate(), 100.0 * b.successRate());
    row("failed requests", double(a.failed), double(b.failed));
    row("attempts", double(a.attempts), double(b.attempts));
    row("attempts per request", a.attemptsPerRequest(), b.attemptsPerRequest());
    row("latency mean (ms)", a.latency.mean, b.latency.mean);
    row("latency p50 (ms)", a.latency.p50, b.latency.p50);
    row("latency p90 (ms)", a.latency.p90, b.latency.p90);
    row("latency p99 (ms)", a.latency.p99, b.latency.p99);
    row("latency max (ms)", a.latency.max, b.latency.max);
    row("breaker open time (ms)", breakerOpenMs(a), breakerOpenMs(b));
    // Endpoints are the same in both (only the client pipeline differs), sorted by id.
    for (std::size_t i = 0; i < a.endpoints.size() && i < b.endpoints.size(); ++i) {
        const EndpointSummary& x = a.endpoints[i];
        const EndpointSummary& y = b.endpoints[i];
        row("endpoint " + x.id + ": attempts", double(x.attempts), double(y.attempts));
        row("endpoint " + x.id + ": utilization (%)", 100.0 * x.utilization, 100.0 * y.utilization);
        row("endpoint " + x.id + ": max queue", double(x.maxQueue), double(y.maxQueue));
    }
    return rows;
}

std::string comparisonTable(const Comparison& c)
{
    std::string out = "Scenario   " + c.a.scenario + "\nSeed       " + std::to_string(c.a.seed) +
                      "    A: the scenario's pipeline, B: --pipeline-b\n\n";
    char line[256];
    std::snprintf(line, sizeof line, "%-34s %14s %14s %14s\n", "", "A", "B", "B − A");
    out += line;
    auto fmt = [](double v) {
        char buf[32];
        if (v == std::floor(v) && std::fabs(v) < 1e15)
            std::snprintf(buf, sizeof buf, "%.0f", v);
        else
            std::snprintf(buf, sizeof buf, "%.3f", v);
        return std::string(buf);
    };
    for (const ComparisonRow& r : c.rows) {
        const std::string delta =
            r.delta() == 0 ? "0" : (r.delta() > 0 ? "+" : "") + fmt(r.delta());
        std::snprintf(line, sizeof line, "%-34s %14s %14s %14s\n", r.metric.c_str(),
                      fmt(r.a).c_str(), fmt(r.b).c_str(), delta.c_str());
        out += line;
    }
    out += c.identical() ? "\nNo differences.\n" : "";
    return out;
}

std::string comparisonToJson(const Comparison& c)
{
    JsonWriter w;
    w.beginObject();
    w.key("scenario").value(c.a.scenario);
    w.key("seed").value(c.a.seed);
    w.key("identical").value(c.identical());
    w.key("metrics").beginArray();
    for (const ComparisonRow& r : c.rows) {
        w.beginObject()
            .key("metric")
            .value(r.metric)
            .key("a")
            .value(r.a)
            .key("b")
            .value(r.b)
            .key("delta")
            .value(r.delta());
        w.endObject();
    }
    w.endArray();
    w.endObject();
    return w.take() + "\n";
}

} // namespace reslab

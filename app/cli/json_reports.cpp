#include "cli/json_reports.h"

#include "policy/strategy_kind.h"
#include "scenario/param_values.h"
#include "util/json_writer.h"

#include <cmath>

namespace reslab::cli {

namespace {

// {"mean", "lo", "hi", "count"}: lo and hi null with fewer than two seeds.
void interval(JsonWriter& w, const Interval& i)
{
    w.beginObject().key("mean").value(i.mean).key("lo").value(i.lo).key("hi").value(i.hi);
    w.key("count").value(i.count).endObject();
}

void bound(JsonWriter& w, const char* name, const std::optional<double>& v)
{
    w.key(name);
    if (v)
        w.value(*v);
    else
        w.null();
}

void expectation(JsonWriter& w, const ExpectationResult& r)
{
    w.beginObject().key("metric").value(r.metric);
    bound(w, "min", r.min);
    bound(w, "max", r.max);
    w.key("verdict").value(verdictName(r.verdict));
    w.key("measured");
    interval(w, r.measured);
    w.key("seeds_to_settle");
    if (r.seedsToSettle)
        w.value(*r.seedsToSettle);
    else
        w.null();
    w.key("note").value(r.note).endObject();
}

void candidate(JsonWriter& w, const TuneResult& r, const TuneCandidate& c)
{
    w.beginObject().key("params").beginObject();
    const SweepPoint& point = r.plan.points[c.point];
    for (std::size_t d = 0; d < r.plan.params.size(); ++d)
        w.key(r.plan.params[d].path.text).value(paramValueText(point.values[d]));
    w.endObject().key("seeds").value(c.seeds).key("metrics").beginObject();
    for (std::size_t m = 0; m < r.plan.metrics.size() && m < c.metrics.size(); ++m) {
        w.key(r.plan.metrics[m]);
        interval(w, c.metrics[m]);
    }
    w.endObject().key("expectations").beginArray();
    for (const ExpectationResult& e : c.checks)
        expectation(w, e);
    w.endArray();
    w.key("verdict").value(c.feasible ? "pass" : c.failed ? "fail" : "inconclusive");
    w.endObject();
}

} // namespace

std::string validationJson(const std::vector<ValidatedFile>& files)
{
    JsonWriter w;
    w.beginObject().key("format").value("resilience-lab.validation/1");
    bool all = true;
    for (const ValidatedFile& f : files)
        all = all && f.scenario.has_value();
    w.key("valid").value(all).key("files").beginArray();
    for (const ValidatedFile& f : files) {
        w.beginObject().key("file").value(f.file).key("valid").value(f.scenario.has_value());
        if (f.scenario) {
            w.key("endpoints").value(std::uint64_t(f.scenario->endpoints.size()));
            w.key("strategies").value(std::uint64_t(f.scenario->pipeline.size()));
        }
        w.key("problems").beginArray();
        for (const Diagnostic& d : f.problems)
            w.beginObject().key("path").value(d.path).key("message").value(d.message).endObject();
        w.endArray().endObject();
    }
    w.endArray().endObject();
    return w.take() + "\n";
}

std::string checkJson(const std::vector<CheckedScenario>& checked)
{
    JsonWriter w;
    w.beginObject().key("format").value("resilience-lab.check/1");
    std::uint64_t pass = 0, fail = 0, inconclusive = 0;
    w.key("scenarios").beginArray();
    for (const CheckedScenario& c : checked) {
        w.beginObject().key("file").value(c.file).key("name").value(c.name).key("seeds");
        w.beginArray();
        for (std::uint64_t s : c.seeds)
            w.value(s);
        w.endArray().key("expectations").beginArray();
        for (const ExpectationResult& r : c.results) {
            expectation(w, r);
            pass += r.verdict == Verdict::Pass;
            fail += r.verdict == Verdict::Fail;
            inconclusive += r.verdict == Verdict::Inconclusive;
        }
        w.endArray().endObject();
    }
    w.endArray().key("totals").beginObject();
    w.key("expectations").value(pass + fail + inconclusive).key("pass").value(pass);
    w.key("fail").value(fail).key("inconclusive").value(inconclusive).endObject();
    w.key("verdict").value(fail ? "fail" : inconclusive ? "inconclusive" : "pass");
    w.endObject();
    return w.take() + "\n";
}

std::string tuneJson(const TuneResult& r, const TuneSpec& spec, std::size_t configurations,
                     const std::string& wrote)
{
    JsonWriter w;
    w.beginObject().key("format").value("resilience-lab.tune/1");
    w.key("metric").value(spec.metric).key("maximize").value(spec.maximize);
    w.key("pareto_metric").value(spec.paretoMetric);
    w.key("configurations").value(std::uint64_t(configurations));
    w.key("seeds").value(spec.seeds).key("rounds").beginArray();
    for (const TuneRound& round : r.rounds)
        w.beginObject()
            .key("candidates")
            .value(std::uint64_t(round.candidates))
            .key("seeds")
            .value(round.seeds)
            .key("kept")
            .value(std::uint64_t(round.kept))
            .endObject();
    w.endArray().key("refined").value(std::uint64_t(r.refined));
    w.key("feasible").value(r.winner.has_value()).key("best");
    if (r.winner)
        candidate(w, r, r.finalists[*r.winner]);
    else
        w.null();
    // Without a winner, the closest (the first finalist) is what the text shows.
    w.key("closest");
    if (!r.winner && !r.finalists.empty())
        candidate(w, r, r.finalists.front());
    else
        w.null();
    w.key("finalists").beginArray();
    for (const TuneCandidate& c : r.finalists)
        candidate(w, r, c);
    w.endArray().key("pareto").beginArray();
    for (std::size_t i : r.pareto)
        w.value(std::uint64_t(i));
    w.endArray().key("wrote");
    if (wrote.empty())
        w.null();
    else
        w.value(wrote);
    w.endObject();
    return w.take() + "\n";
}

std::string importJson(const ImportCounts& c)
{
    JsonWriter w;
    w.beginObject().key("format").value("resilience-lab.import/1");
    w.key("input").value(c.input).key("output").value(c.output);
    w.key("calls").value(c.written).key("skipped").value(c.skipped);
    w.key("ignored").value(c.ignored).key("out_of_order").value(c.outOfOrder);
    w.key("time_origin").value(c.timeOrigin).endObject();
    return w.take() + "\n";
}

std::string fitJson(const ScenarioFit& fit, const ModelCheck* check, const std::string& input,
                    const std::string& output, const std::string& report)
{
    JsonWriter w;
    w.beginObject().key("format").value("resilience-lab.fit/1");
    w.key("input").value(input).key("output").value(output).key("report");
    if (report.empty())
        w.null();
    else
        w.value(report);
    w.key("target").value(fit.endpoints.empty() ? std::string() : fit.endpoints[fit.target].id);
    w.key("endpoints").beginArray();
    for (const EndpointFit& e : fit.endpoints) {
        w.beginObject().key("id").value(e.id).key("calls").value(e.calls);
        w.key("arrivals").value(e.arrivals).key("retries").value(e.retries);
        w.key("rate_segments").value(std::uint64_t(e.rate.size()));
        w.key("phases").value(std::uint64_t(e.spec.phases.size()));
        w.key("timeout_ms");
        if (e.timeoutMs)
            w.value(*e.timeoutMs);
        else
            w.null();
        w.key("notes").inlineArray(e.notes).endObject();
    }
    w.endArray().key("notes").inlineArray(fit.notes).key("check");
    if (!check) {
        w.null();
    } else {
        // Fractions and milliseconds, as every other output.
        w.beginObject().key("endpoint").value(check->endpoint);
        w.key("window_s").value(check->windowS);
        w.key("windows_judged").value(std::uint64_t(check->judged));
        w.key("success_rate_agrees").value(std::uint64_t(check->successAgree));
        w.key("p99_agrees").value(std::uint64_t(check->p99Agree));
        w.key("calls").beginObject().key("trace").value(check->traceCalls);
        w.key("model").value(check->modelCalls).endObject();
        w.key("success_rate").beginObject().key("trace").value(check->traceSuccess);
        w.key("model").value(check->modelSuccess).endObject();
        w.key("latency_ms").beginObject();
        w.key("p50").beginObject().key("trace").value(check->traceP50);
        w.key("model").value(check->modelP50).endObject();
        w.key("p99").beginObject().key("trace").value(check->traceP99);
        w.key("model").value(check->modelP99).endObject().endObject();
        w.key("stopped").value(check->stopped).endObject();
    }
    w.endObject();
    return w.take() + "\n";
}

std::string importConfigJson(const ImportedConfig& c, const std::string& output)
{
    JsonWriter w;
    w.beginObject().key("format").value("resilience-lab.import-config/1");
    w.key("inputs").inlineArray(c.files).key("output").value(output);
    w.key("config_format").value(std::string(kConfigFormatNames.name(c.format)));
    w.key("instance").value(c.instance).key("instances").inlineArray(c.instances);
    w.key("pipeline").beginArray();
    for (std::size_t i = 0; i < c.scenario.pipeline.size() && i < c.pipelineTitles.size(); ++i)
        w.beginObject()
            .key("type")
            .value(std::string(strategyKind(c.scenario.pipeline[i]).name))
            .key("title")
            .value(c.pipelineTitles[i])
            .endObject();
    w.endArray().key("defaults").beginArray();
    for (const FilledDefault& d : c.defaults)
        w.beginObject()
            .key("scenario_key")
            .value(d.scenarioKey)
            .key("value")
            .value(d.value)
            .key("source_key")
            .value(d.sourceKey)
            .key("origin")
            .value(d.origin)
            .endObject();
    w.endArray().key("not_modelled").beginArray();
    for (const ImportNote& n : c.notes) {
        w.beginObject().key("source_key").value(n.sourceKey).key("reason").value(n.reason);
        w.key("file").value(n.place.file).key("line").value(n.place.line);
        w.key("unknown_key").value(n.unknownKey).endObject();
    }
    w.endArray().key("skeleton_endpoint").value(c.skeletonEndpoint).endObject();
    return w.take() + "\n";
}

std::string errorJson(int exitCode, const std::string& messages)
{
    JsonWriter w;
    w.beginObject().key("format").value("resilience-lab.error/1");
    w.key("exit_code").value(exitCode);
    std::vector<std::string> lines;
    std::string line;
    for (char c : messages) {
        if (c == '\n') {
            if (!line.empty()) lines.push_back(line);
            line.clear();
        } else {
            line += c;
        }
    }
    if (!line.empty()) lines.push_back(line);
    w.key("error").value(lines.empty() ? std::string("failed") : lines.front());
    w.key("messages").beginArray();
    for (const std::string& l : lines)
        w.value(l);
    w.endArray().endObject();
    return w.take() + "\n";
}

} // namespace reslab::cli

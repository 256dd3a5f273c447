#include "sweep/sweep_output.h"

#include "util/json_writer.h"

#include <cmath>

namespace reslab {

namespace {

std::string number(double v)
{
    return std::isnan(v) ? std::string() : JsonWriter::formatNumber(v);
}

// RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled.
std::string csvField(const std::string& text)
{
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + '"';
}

void jsonNumberOrNull(JsonWriter& w, double v)
{
    if (std::isnan(v))
        w.null();
    else
        w.value(v);
}

void jsonParamValue(JsonWriter& w, const QJsonValue& v)
{
    if (v.isDouble())
        w.value(v.toDouble());
    else if (v.isBool())
        w.value(v.toBool());
    else
        w.value(v.toString().toStdString());
}

} // namespace

std::string sweepCsvHeader(const SweepPlan& plan)
{
    std::string out = "point";
    for (const ParamSpec& p : plan.params)
        out += ',' + csvField(p.path.text);
    out += ",seeds";
    for (const std::string& m : plan.metrics)
        out += ',' + csvField(m + "_mean") + ',' + csvField(m + "_lo") + ',' + csvField(m + "_hi");
    return out + '\n';
}

std::string sweepCsvRow(const SweepPlan& plan, const SweepPoint& point, const PointResult& result)
{
    std::string out = std::to_string(point.index);
    for (const QJsonValue& v : point.values)
        out += ',' + csvField(paramValueText(v));
    out += ',';
    for (std::size_t k = 0; k < plan.seeds.size(); ++k)
        out += (k ? " " : "") + std::to_string(plan.seeds[k]);
    for (const Interval& i : result.intervals)
        out += ',' + number(i.mean) + ',' + number(i.lo) + ',' + number(i.hi);
    return out + '\n';
}

std::string sweepJsonlRow(const SweepPlan& plan, const SweepPoint& point, const PointResult& result)
{
    JsonWriter w(0);
    w.beginObject();
    w.key("format").value("resilience-lab.sweep-point/1"); // every JSON the tool writes says it
    w.key("point").value(static_cast<std::uint64_t>(point.index));
    w.key("params").beginObject();
    for (std::size_t d = 0; d < plan.params.size(); ++d) {
        w.key(plan.params[d].path.text);
        jsonParamValue(w, point.values[d]);
    }
    w.endObject();
    w.key("seeds").beginArray();
    for (std::uint64_t s : plan.seeds)
        w.value(s);
    w.endArray();
    w.key("metrics").beginObject();
    for (std::size_t m = 0; m < plan.metrics.size(); ++m) {
        const Interval& i = result.intervals[m];
        w.key(plan.metrics[m]).beginObject();
        w.key("mean");
        jsonNumberOrNull(w, i.mean);
        w.key("lo");
        jsonNumberOrNull(w, i.lo);
        w.key("hi");
        jsonNumberOrNull(w, i.hi);
        w.endObject();
    }
    w.endObject();
    if (!result.stopped.empty()) w.key("stopped").value(result.stopped);
    w.endObject();
    std::string line = w.take();
    std::erase(line, '\n');
    return line + '\n';
}

std::string sweepTable(const SweepPlan& plan, const SweepResult& result, SweepFormat format)
{
    std::string out = format == SweepFormat::Csv ? sweepCsvHeader(plan) : std::string();
    for (std::size_t p = 0; p < plan.points.size(); ++p) {
        if (result.points[p].intervals.empty()) continue; // not finished (cancelled)
        out += format == SweepFormat::Csv ? sweepCsvRow(plan, plan.points[p], result.points[p])
                                          : sweepJsonlRow(plan, plan.points[p], result.points[p]);
    }
    return out;
}

std::string sweepSummaryJson(const SweepPlan& plan, const SweepResult& result,
                             const std::string& output)
{
    JsonWriter w;
    w.beginObject();
    w.key("format").value("resilience-lab.sweep-summary/1");
    w.key("points").value(static_cast<std::uint64_t>(plan.points.size()));
    w.key("runs").value(static_cast<std::uint64_t>(plan.runs()));
    w.key("seeds").beginArray();
    for (std::uint64_t s : plan.seeds)
        w.value(s);
    w.endArray();
    w.key("params").beginArray();
    for (const ParamSpec& p : plan.params) {
        w.beginObject().key("path").value(p.path.text).key("values").beginArray();
        for (const QJsonValue& v : p.values)
            jsonParamValue(w, v);
        w.endArray().endObject();
    }
    w.endArray();
    w.key("metrics").inlineArray(plan.metrics);
    std::uint64_t stopped = 0;
    for (const PointResult& p : result.points)
        stopped += !p.stopped.empty();
    w.key("points_stopped_early").value(stopped);
    w.key("cancelled").value(result.cancelled);
    w.key("output").value(output);
    w.endObject();
    return w.take() + '\n';
}

} // namespace reslab

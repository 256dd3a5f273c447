#include "sweep/check_report.h"

#include "metrics/breaker_state.h"
#include "sweep/svg_chart.h"

#include <cmath>
#include <cstdio>
#include <map>

namespace reslab {

namespace {

struct Counts
{
    std::size_t tests = 0, failures = 0, skipped = 0;
    void add(const ExpectationResult& r)
    {
        ++tests;
        failures += r.verdict == Verdict::Fail;
        skipped += r.verdict == Verdict::Inconclusive;
    }
};

std::string seedsText(const std::vector<std::uint64_t>& seeds)
{
    std::string out;
    for (std::uint64_t s : seeds)
        out += (out.empty() ? "" : " ") + std::to_string(s);
    return out;
}

std::string measuredText(const ExpectationResult& r)
{
    if (r.measured.count == 0) return "not measured";
    std::string out = shortNumber(r.measured.mean);
    if (!std::isnan(r.measured.lo))
        out += " [" + shortNumber(r.measured.lo) + ", " + shortNumber(r.measured.hi) + "]";
    return out;
}

std::string seconds(double s)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.3f", s);
    return text;
}

constexpr int kChartLeft = 100;

SvgChart chartOf(const std::string& title, const std::string& yLabel)
{
    SvgChart chart;
    chart.left = kChartLeft; // the same for every chart, so their time axes line up
    chart.title = title;
    chart.xLabel = "virtual time (s)";
    chart.yLabel = yLabel;
    return chart;
}

// The first seed's run as charts: traffic, latency, and each breaker's state.
std::string chartsOf(const CheckedScenario& c)
{
    SvgChart traffic = chartOf("Traffic (first seed)", "per second");
    SvgSeries offered{"requests", "#4c72b0", {}, false}, ok{"attempts ok", "#55a868", {}, false},
        failed{"attempts failed", "#c44e52", {}, false};
    SvgChart latency = chartOf("Request latency (first seed)", "ms");
    SvgSeries p50{"p50", "#4c72b0", {}, false}, p99{"p99", "#dd8452", {}, false};
    for (const TimelineRow& row : c.timeline) {
        const double t = toSeconds(row.start);
        const double w = toSeconds(row.width);
        const auto okCount = row.byOutcome[static_cast<std::size_t>(Outcome::Ok)];
        offered.points.emplace_back(t, double(row.offered) / w);
        ok.points.emplace_back(t, double(okCount) / w);
        failed.points.emplace_back(t, double(row.attempts - okCount) / w);
        if (row.p99 > 0) {
            p50.points.emplace_back(t, toMillis(row.p50));
            p99.points.emplace_back(t, toMillis(row.p99));
        }
    }
    traffic.series = {offered, ok, failed};
    latency.series = {p50, p99};
    std::string out = renderSvgChart(traffic) + renderSvgChart(latency);
    if (!c.breakers.empty()) {
        SvgChart breakers = chartOf("Circuit breakers (first seed)", "state");
        breakers.yNames = {"closed", "half-open", "open"};
        breakers.height = 160 + 20 * int(c.breakers.size());
        const char* colours[] = {"#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3"};
        std::map<std::string, std::size_t> index;
        for (const std::string& b : c.breakers) {
            index[b] = breakers.series.size();
            breakers.series.push_back(
                SvgSeries{b, colours[breakers.series.size() % 5], {{0.0, 0.0}}, true});
        }
        for (const BreakerTransitionRecord& t : c.transitions) {
            const auto it = index.find(t.breaker);
            if (it == index.end()) continue;
            const double level = isOpen(t.to) ? 2.0 : t.to == BreakerState::HalfOpen ? 1.0 : 0.0;
            breakers.series[it->second].points.emplace_back(toSeconds(t.at), level);
        }
        for (SvgSeries& s : breakers.series)
            s.points.emplace_back(c.endS, s.points.back().second);
        out += renderSvgChart(breakers);
    }
    return out;
}

// The reports' shared style and the verdicts' own.
const std::string kStyle = std::string(kReportStyle) + R"(
.totals span { display: inline-block; margin-right: 14px; font-weight: 600; }
.verdict { font-weight: 700; border-radius: 4px; padding: 1px 8px; white-space: nowrap; }
.pass { background: #dff3e4; color: #1e6b34; } .fail { background: #fbe0e0; color: #9b1c1c; }
.inconclusive { background: #fff1cc; color: #7a5600; }
)";

} // namespace

std::string shortNumber(double v)
{
    if (std::isnan(v)) return "—";
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", v);
    return text;
}

std::string checkJUnitXml(const std::vector<CheckedScenario>& scenarios)
{
    Counts all;
    double wall = 0;
    for (const CheckedScenario& c : scenarios) {
        wall += c.wallS;
        for (const ExpectationResult& r : c.results)
            all.add(r);
    }
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    xml += "<testsuites name=\"resilience-lab check\" tests=\"" + std::to_string(all.tests) +
           "\" failures=\"" + std::to_string(all.failures) + "\" errors=\"0\" skipped=\"" +
           std::to_string(all.skipped) + "\" time=\"" + seconds(wall) + "\">\n";
    for (const CheckedScenario& c : scenarios) {
        Counts counts;
        for (const ExpectationResult& r : c.results)
            counts.add(r);
        const std::string suite = c.name.empty() ? c.file : c.name;
        xml += "  <testsuite name=\"" + xmlEscape(suite) + "\" file=\"" + xmlEscape(c.file) +
               "\" tests=\"" + std::to_string(counts.tests) + "\" failures=\"" +
               std::to_string(counts.failures) + "\" errors=\"0\" skipped=\"" +
               std::to_string(counts.skipped) + "\" time=\"" + seconds(c.wallS) + "\">\n";
        xml += "    <properties><property name=\"seeds\" value=\"" + seedsText(c.seeds) +
               "\"/></properties>\n";
        for (const ExpectationResult& r : c.results) {
            const std::string bound = boundText(r.metric, r.min, r.max);
            const std::string message = r.metric + " = " + measuredText(r) +
                                        " (95 % interval over " + std::to_string(c.seeds.size()) +
                                        " seeds), expected " + bound +
                                        (r.note.empty() ? "" : "; " + r.note);
            xml += "    <testcase classname=\"" + xmlEscape(c.file) + "\" name=\"" +
                   xmlEscape(bound) + "\" time=\"0\"";
            if (r.verdict == Verdict::Pass) {
                xml += "><system-out>" + xmlEscape(message) + "</system-out></testcase>\n";
            } else if (r.verdict == Verdict::Fail) {
                xml += "><failure type=\"expectation\" message=\"" + xmlEscape(message) + "\">" +
                       xmlEscape(message) + "</failure></testcase>\n";
            } else {
                xml +=
                    "><skipped message=\"inconclusive: " + xmlEscape(message) + "\"/></testcase>\n";
            }
        }
        xml += "  </testsuite>\n";
    }
    return xml + "</testsuites>\n";
}

std::string checkHtmlReport(const std::vector<CheckedScenario>& scenarios)
{
    Counts all;
    for (const CheckedScenario& c : scenarios)
        for (const ExpectationResult& r : c.results)
            all.add(r);
    std::string html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<title>Resilience Lab check</title>\n<style>" +
                       kStyle + "</style>\n</head>\n<body>\n";
    html += "<h1>Resilience Lab check</h1>\n<p class=\"totals\"><span>" +
            std::to_string(all.tests) + " expectations in " + std::to_string(scenarios.size()) +
            (scenarios.size() == 1 ? " scenario" : " scenarios") +
            "</span><span class=\"verdict pass\">" +
            std::to_string(all.tests - all.failures - all.skipped) +
            " pass</span><span class=\"verdict fail\">" + std::to_string(all.failures) +
            " fail</span><span class=\"verdict inconclusive\">" + std::to_string(all.skipped) +
            " inconclusive</span></p>\n";
    for (const CheckedScenario& c : scenarios) {
        html += "<h2>" + xmlEscape(c.name.empty() ? c.file : c.name) + "</h2>\n";
        html += "<p class=\"meta\">" + xmlEscape(c.file) + " · " + std::to_string(c.seeds.size()) +
                " seeds (" + seedsText(c.seeds) + ") · " + seconds(c.wallS) + " s</p>\n";
        html += "<table>\n<tr><th>verdict</th><th>expectation</th><th>measured mean "
                "[95 % interval]</th><th>note</th></tr>\n";
        for (const ExpectationResult& r : c.results) {
            const std::string v(verdictName(r.verdict));
            html += "<tr><td><span class=\"verdict " + v + "\">" + v + "</span></td><td>" +
                    xmlEscape(boundText(r.metric, r.min, r.max)) + "</td><td class=\"num\">" +
                    xmlEscape(measuredText(r)) + "</td><td class=\"note\">" + xmlEscape(r.note) +
                    "</td></tr>\n";
        }
        html += "</table>\n" + chartsOf(c);
    }
    return html + "</body>\n</html>\n";
}

} // namespace reslab

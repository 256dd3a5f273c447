#pragma once
// Line charts as inline SVG, for reports that must open anywhere without scripts or network:
// nice axis ticks, a legend, and series decimated to one min/max pair per pixel column so a
// day of per-second points stays a few kilobytes.

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace reslab {

// The round tick step (1, 2 or 5 × 10^k) that divides `span` into about `count` parts: the
// report's charts and the testbench's tuning charts share it.
double niceStep(double span, int count);

struct SvgSeries
{
    std::string name;
    std::string colour;                            // CSS colour
    std::vector<std::pair<double, double>> points; // (x, y), x increasing
    bool steps = false;                            // draw as a step function (a state over time)
};

// A stretch of the x axis shaded behind the series, with a label at its top left.
struct SvgBand
{
    double x0 = 0, x1 = 0;
    std::string label;
    std::string colour; // CSS colour, drawn at 16 % opacity
};

struct SvgChart
{
    std::string title;
    std::string xLabel;
    std::string yLabel;
    std::vector<SvgSeries> series;
    // For a state chart: the y values' names, from 0 up (empty: numeric ticks).
    std::vector<std::string> yNames;
    std::vector<SvgBand> bands;
    // The x axis's extent, when it should be more than the points' (a day whose first point is
    // a minute's middle still starts at 0).
    std::optional<std::pair<double, double>> xRange;
    int left = 0; // the plot's left edge; 0: as much as the y labels need
    int width = 900;
    int height = 240;
};

std::string renderSvgChart(const SvgChart& chart);

// The style sheet of the self-contained HTML reports (check --report, fit --report): page,
// tables and the charts' classes.
inline constexpr const char* kReportStyle = R"(
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px auto;
       max-width: 960px; padding: 0 16px; color: #1d1d1f; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 32px 0 4px; }
h3 { font-size: 15px; margin: 20px 0 4px; }
.meta { color: #555; margin: 0 0 12px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #e3e3e8; vertical-align: top; }
th { font-weight: 600; background: #f5f5f7; }
td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
.note { color: #555; font-size: 13px; }
svg.chart { display: block; width: 100%; height: auto; margin: 10px 0; background: #fafafc; border: 1px solid #e3e3e8; }
svg .title { font-weight: 600; font-size: 13px; } svg .tick, svg .legend { font-size: 11px; fill: #444; }
svg .label { font-size: 12px; fill: #444; } svg .grid { stroke: #e6e6ea; } svg .axis { stroke: #888; }
)";

// Escapes &, <, >, " and ' for XML and HTML text and attributes.
std::string xmlEscape(const std::string& text);

} // namespace reslab

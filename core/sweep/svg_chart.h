#pragma once
// Line charts as inline SVG, for reports that must open anywhere without scripts or network:
// nice axis ticks, a legend, and series decimated to one min/max pair per pixel column so a
// day of per-second points stays a few kilobytes.

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

struct SvgChart
{
    std::string title;
    std::string xLabel;
    std::string yLabel;
    std::vector<SvgSeries> series;
    // For a state chart: the y values' names, from 0 up (empty: numeric ticks).
    std::vector<std::string> yNames;
    int left = 0; // the plot's left edge; 0: as much as the y labels need
    int width = 900;
    int height = 240;
};

std::string renderSvgChart(const SvgChart& chart);

// Escapes &, <, >, " and ' for XML and HTML text and attributes.
std::string xmlEscape(const std::string& text);

} // namespace reslab

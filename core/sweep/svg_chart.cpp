#include "sweep/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace reslab {

namespace {

constexpr int kRight = 16, kTop = 34, kBottom = 42;
constexpr int kNumericLeft = 64; // room for tick numbers and the y label

std::string num(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", v);
    return text;
}

std::string tickText(double v)
{
    char text[32];
    if (std::fabs(v) >= 1e6 || (v != 0 && std::fabs(v) < 1e-3))
        std::snprintf(text, sizeof text, "%.2g", v);
    else
        std::snprintf(text, sizeof text, "%g", v);
    return text;
}

// Ticks at 1, 2 or 5 × 10^k covering [lo, hi], about `count` of them.
std::vector<double> niceTicks(double lo, double hi, int count)
{
    if (!(hi > lo)) hi = lo + 1;
    const double step = niceStep(hi - lo, count);
    std::vector<double> ticks;
    for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
        ticks.push_back(std::fabs(t) < step * 1e-9 ? 0.0 : t);
    return ticks;
}

} // namespace

double niceStep(double span, int count)
{
    const double raw = span / count;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0})
        if (m * power >= raw) return m * power;
    return 10.0 * power;
}

std::string xmlEscape(const std::string& text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string renderSvgChart(const SvgChart& chart)
{
    // Named states ("half-open") need more room than numbers: about 7 px per character.
    std::size_t longest = 0;
    for (const std::string& n : chart.yNames)
        longest = std::max(longest, n.size());
    const int kLeft = chart.left > 0         ? chart.left
                      : chart.yNames.empty() ? kNumericLeft
                                             : 34 + 7 * int(longest);
    const int plotW = chart.width - kLeft - kRight;
    const int plotH = chart.height - kTop - kBottom;
    double xMin = std::numeric_limits<double>::infinity(), xMax = -xMin;
    double yMin = 0.0, yMax = chart.yNames.empty() ? 0.0 : double(chart.yNames.size() - 1);
    for (const SvgSeries& s : chart.series)
        for (const auto& [x, y] : s.points) {
            if (!std::isfinite(x) || !std::isfinite(y)) continue;
            xMin = std::min(xMin, x);
            xMax = std::max(xMax, x);
            yMin = std::min(yMin, y);
            yMax = std::max(yMax, y);
        }
    if (chart.xRange) {
        xMin = std::min(xMin, chart.xRange->first);
        xMax = std::max(xMax, chart.xRange->second);
    }
    if (!std::isfinite(xMin)) xMin = 0, xMax = 1;
    if (xMax <= xMin) xMax = xMin + 1;
    std::vector<double> yTicks;
    if (chart.yNames.empty()) {
        yTicks = niceTicks(yMin, yMax > yMin ? yMax : yMin + 1, 4);
        yMax = std::max(yMax, yTicks.back());
    } else {
        for (std::size_t i = 0; i < chart.yNames.size(); ++i)
            yTicks.push_back(double(i));
        yMax += 0.25;
        yMin -= 0.25;
    }
    if (yMax <= yMin) yMax = yMin + 1;
    const auto px = [&](double x) { return kLeft + (x - xMin) / (xMax - xMin) * plotW; };
    const auto py = [&](double y) { return kTop + plotH - (y - yMin) / (yMax - yMin) * plotH; };

    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"" +
                      std::to_string(chart.width) + "\" height=\"" + std::to_string(chart.height) +
                      "\" viewBox=\"0 0 " + std::to_string(chart.width) + " " +
                      std::to_string(chart.height) + "\" role=\"img\" aria-label=\"" +
                      xmlEscape(chart.title) + "\">\n";
    svg += "<text x=\"" + std::to_string(kLeft) + "\" y=\"20\" class=\"title\">" +
           xmlEscape(chart.title) + "</text>\n";
    // Bands behind everything: stretches of x that mean something (a fitted phase).
    for (const SvgBand& b : chart.bands) {
        const double x0 = std::clamp(px(b.x0), double(kLeft), double(kLeft + plotW));
        const double x1 = std::clamp(px(b.x1), double(kLeft), double(kLeft + plotW));
        if (x1 <= x0) continue;
        svg += "<rect x=\"" + num(x0) + "\" y=\"" + std::to_string(kTop) + "\" width=\"" +
               num(x1 - x0) + "\" height=\"" + std::to_string(plotH) + "\" fill=\"" +
               xmlEscape(b.colour) + "\" fill-opacity=\"0.16\"/>\n";
        if (!b.label.empty())
            svg += "<text x=\"" + num(x0 + 4) + "\" y=\"" + std::to_string(kTop + 13) +
                   "\" class=\"tick\">" + xmlEscape(b.label) + "</text>\n";
    }
    // Grid and y ticks.
    for (std::size_t i = 0; i < yTicks.size(); ++i) {
        const std::string y = num(py(yTicks[i]));
        svg += "<line x1=\"" + std::to_string(kLeft) + "\" x2=\"" + std::to_string(kLeft + plotW) +
               "\" y1=\"" + y + "\" y2=\"" + y + "\" class=\"grid\"/>\n";
        const std::string label = chart.yNames.empty() ? tickText(yTicks[i]) : chart.yNames[i];
        svg += "<text x=\"" + std::to_string(kLeft - 6) + "\" y=\"" + y +
               "\" dy=\"4\" text-anchor=\"end\" class=\"tick\">" + xmlEscape(label) + "</text>\n";
    }
    for (double t : niceTicks(xMin, xMax, 8)) {
        const std::string x = num(px(t));
        svg += "<line x1=\"" + x + "\" x2=\"" + x + "\" y1=\"" + std::to_string(kTop + plotH) +
               "\" y2=\"" + std::to_string(kTop + plotH + 4) + "\" class=\"axis\"/>\n";
        svg += "<text x=\"" + x + "\" y=\"" + std::to_string(kTop + plotH + 17) +
               "\" text-anchor=\"middle\" class=\"tick\">" + tickText(t) + "</text>\n";
    }
    svg += "<line x1=\"" + std::to_string(kLeft) + "\" x2=\"" + std::to_string(kLeft + plotW) +
           "\" y1=\"" + std::to_string(kTop + plotH) + "\" y2=\"" + std::to_string(kTop + plotH) +
           "\" class=\"axis\"/>\n";
    svg += "<text x=\"" + std::to_string(kLeft + plotW / 2) + "\" y=\"" +
           std::to_string(chart.height - 6) + "\" text-anchor=\"middle\" class=\"label\">" +
           xmlEscape(chart.xLabel) + "</text>\n";
    svg += "<text transform=\"translate(14 " + std::to_string(kTop + plotH / 2) +
           ") rotate(-90)\" text-anchor=\"middle\" class=\"label\">" + xmlEscape(chart.yLabel) +
           "</text>\n";

    // Series: a state as a step path; numbers decimated to a min/max pair per pixel column.
    for (const SvgSeries& s : chart.series) {
        std::string path;
        if (s.steps) {
            for (const auto& [x, y] : s.points)
                path += path.empty() ? "M" + num(px(x)) + " " + num(py(y))
                                     : "H" + num(px(x)) + "V" + num(py(y));
            if (!path.empty()) path += "H" + std::to_string(kLeft + plotW);
        } else {
            int column = std::numeric_limits<int>::min();
            double lo = 0, hi = 0, first = 0, last = 0;
            const auto flush = [&]() {
                if (column == std::numeric_limits<int>::min()) return;
                const std::string x = std::to_string(column);
                path += (path.empty() ? "M" : "L") + x + " " + num(py(first));
                if (hi != lo) path += "L" + x + " " + num(py(lo)) + "L" + x + " " + num(py(hi));
                if (last != first || hi != lo) path += "L" + x + " " + num(py(last));
            };
            for (const auto& [x, y] : s.points) {
                if (!std::isfinite(x) || !std::isfinite(y)) continue;
                const int c = int(std::lround(px(x)));
                if (c != column) {
                    flush();
                    column = c;
                    lo = hi = first = last = y;
                } else {
                    lo = std::min(lo, y);
                    hi = std::max(hi, y);
                    last = y;
                }
            }
            flush();
        }
        if (!path.empty())
            svg += "<path d=\"" + path + "\" fill=\"none\" stroke=\"" + xmlEscape(s.colour) +
                   "\" stroke-width=\"1.6\" stroke-linejoin=\"round\"/>\n";
    }
    // Legend, top right.
    int x = kLeft + plotW;
    for (auto it = chart.series.rbegin(); it != chart.series.rend(); ++it) {
        const int width = 26 + 7 * int(it->name.size());
        x -= width;
        svg += "<rect x=\"" + std::to_string(x) + "\" y=\"12\" width=\"14\" height=\"4\" fill=\"" +
               xmlEscape(it->colour) + "\"/><text x=\"" + std::to_string(x + 18) +
               "\" y=\"18\" class=\"legend\">" + xmlEscape(it->name) + "</text>\n";
    }
    return svg + "</svg>\n";
}

} // namespace reslab

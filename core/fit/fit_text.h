#pragma once
// The numbers of a fit as the scenario file, the terminal report and the HTML report write them:
// one rounding rule and one way to name a share or a set of failure probabilities.

#include "model/endpoint_spec.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace reslab {

// Four significant digits: more than a fit can tell apart (its standard errors are a percent at
// best), and what a person reads in the file.
// Printed and read back, so exact at every magnitude (a scale of 10^(digits − 1 − exponent)
// overflows to infinity below 1e-305 and made the value NaN, written as null).
inline double significant(double v, int digits = 4)
{
    if (v == 0 || !std::isfinite(v)) return v;
    char text[40];
    std::snprintf(text, sizeof text, "%.*g", digits, v);
    return std::strtod(text, nullptr);
}

// "1 phase", "3 phases".
inline std::string countedText(std::size_t n, const std::string& thing)
{
    return std::to_string(n) + " " + thing + (n == 1 ? "" : "s");
}

// "12.5 %", "0.012 %" for a share under a thousandth, "0 %", "–" for none.
inline std::string percentText(double share)
{
    if (!std::isfinite(share)) return "–";
    if (share == 0) return "0 %";
    char b[32];
    std::snprintf(b, sizeof b, share < 0.001 ? "%.3f %%" : "%.1f %%", 100 * share);
    return b;
}

// "error 30.0 %, timeout 1.2 %", or `none` when every probability is 0.
inline std::string failuresText(const FailureSpec& f, const std::string& none)
{
    std::string out;
    auto add = [&](const char* name, double p) {
        if (p > 0) out += std::string(out.empty() ? "" : ", ") + name + " " + percentText(p);
    };
    add("error", f.error);
    add("fatal", f.fatal);
    add("timeout", f.timeout);
    add("reset", f.reset);
    return out.empty() ? none : out;
}

} // namespace reslab

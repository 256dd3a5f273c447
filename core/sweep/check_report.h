#pragma once
// What `check` found, as a CI job keeps it (docs/sweep.md, "check"): JUnit XML (one test case per
// expectation, so GitLab, Jenkins and GitHub list them) and a self-contained HTML report (inline
// SVG charts of traffic, latency and breaker state of the first seed's run, and the expectation
// table; no network, no JavaScript).

#include "metrics/records.h"
#include "sweep/expectations.h"

#include <string>
#include <vector>

namespace reslab {

struct CheckedScenario
{
    std::string file;
    std::string name;
    std::vector<std::uint64_t> seeds;
    std::vector<ExpectationResult> results;
    double wallS = 0;
    // The first seed's run, for the report's charts.
    std::vector<TimelineRow> timeline;
    std::vector<BreakerTransitionRecord> transitions;
    std::vector<std::string> breakers;
    double endS = 0;
};

// "0.99984", "601.9", "1.2e+06": six significant digits.
std::string shortNumber(double v);

std::string checkJUnitXml(const std::vector<CheckedScenario>& scenarios);
std::string checkHtmlReport(const std::vector<CheckedScenario>& scenarios);

} // namespace reslab

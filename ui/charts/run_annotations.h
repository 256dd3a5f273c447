#pragma once
// What a run's annotations mean: the scenario's endpoint phases and rate changes as shaded spans,
// a breaker's transitions as marks (half-open probes as triangles) and its open waits as hatched
// spans where its window is frozen, and a transition's decision as the "why" the breaker page
// lists. chart_annotations.h draws them.

#include "chart_annotations.h"
#include "metrics/records.h"
#include "scenario/scenario.h"

#include <QString>
#include <vector>

namespace reslab::ui {

// Every endpoint phase ("inventory: outage", "api: slow") and every stretch of the rate schedule
// at another rate than the base ("load 180/s"), in time order.
std::vector<TimeSpan> scenarioSpans(const Scenario& scenario);

// The breaker's transitions: a line where it opened from closed and where it closed, a probe
// mark where it went half-open.
std::vector<TimeMark> transitionMarks(const std::vector<BreakerTransitionRecord>& transitions,
                                      const std::string& breaker);
// From each opening until it closes again, hatched: while open only the late results of calls it
// admitted before enter its window, and half-open probes are counted apart, so the window (and
// the failure-rate line) holds still — a time window only forgets. `nowS` ends a stretch not yet
// closed.
std::vector<TimeSpan> frozenSpans(const std::vector<BreakerTransitionRecord>& transitions,
                                  const std::string& breaker, double nowS);
// The selected transition as a thick line.
TimeMark selectedMark(const BreakerTransitionRecord& t);

// The scenario's `expect` bounds on a metric the chart `chartKey` draws, as level lines in its
// unit: latency_ms.* on "latency" (per second there, over the whole run in the bound, so the line
// is a reference, not a verdict), attempts.per_request on "amplification". None elsewhere.
std::vector<LevelLine> expectLevels(const Scenario& scenario, const QString& chartKey);

// The transition's "why", as rich text: the window's contents at that instant, each rule with its
// numbers and whether it fired.
QString decisionHtml(const BreakerTransitionRecord& t);
// The same as plain lines, for tests and export: "calls in window: 20", "rule: failure rate".
QStringList decisionLines(const BreakerDecision& d);

} // namespace reslab::ui
